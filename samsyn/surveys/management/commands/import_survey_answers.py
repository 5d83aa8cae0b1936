from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from samsyn.associations.commands import association_or_error
from samsyn.surveys import services
from samsyn.surveys.models import Round


class Command(BaseCommand):
    help = ("Import answers given on paper or elsewhere into a survey round: CSV, one row per "
            "respondent, a column per question code. All rows or none.")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument("--association", required=True, help="the förbund's short name")
        parser.add_argument("--round", type=int, required=True, help="the round's number (id)")
        parser.add_argument("--asked", type=int, help="how many were asked")

    def handle(self, *args: Any, **options: Any) -> None:
        association = association_or_error(options["association"])
        round = Round.objects.filter(association=association, pk=options["round"]).first()
        if round is None:
            raise CommandError(_("no survey round %(id)s in %(association)s")
                               % {"id": options["round"], "association": association.slug})
        asked = options["asked"]
        if asked is not None and not 0 <= asked <= 1_000_000:
            raise CommandError(_("--asked: a number from 0 to 1000000"))
        path: Path = options["file"]
        try:
            with path.open("rb") as stream:
                n = services.import_answers(round, stream, asked)
        except OSError as exc:
            raise CommandError(f"{path}: {exc.strerror}") from exc
        except services.SurveyError as exc:
            raise CommandError(f"{path.name}: {exc}") from exc
        self.stdout.write(_("%(n)s answers imported.") % {"n": n})
