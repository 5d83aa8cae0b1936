from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from samsyn.associations.commands import association_or_error
from samsyn.surveys import services


class Command(BaseCommand):
    help = "Load a survey template (JSON, docs/surveys.md) into a förbund, or update it by name."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument("--association", required=True, help="the förbund's short name")

    def handle(self, *args: Any, **options: Any) -> None:
        association = association_or_error(options["association"])
        path: Path = options["file"]
        try:
            if path.stat().st_size > settings.IMPORT_MAX_BYTES:
                raise services.SurveyError(_("The file is larger than %(max)s MB.") % {
                    "max": settings.IMPORT_MAX_BYTES // (1024 * 1024)})
            template = services.load_template(association,
                                              services.read_template(path.read_bytes()))
        except OSError as exc:
            raise CommandError(f"{path}: {exc.strerror}") from exc
        except services.SurveyError as exc:
            raise CommandError(f"{path.name}: {exc}") from exc
        self.stdout.write(_("Loaded: %(names)s") % {"names": template.name})
