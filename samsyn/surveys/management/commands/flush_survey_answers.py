from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone
from django.utils.translation import gettext as _

from samsyn.associations.commands import association_or_error
from samsyn.surveys import services
from samsyn.surveys.models import Round


class Command(BaseCommand):
    help = ("Store the survey answers that wait, one shuffled batch per round (a round's batch "
            "once it holds the förbund's fewest reported answers, or when it has closed). "
            "Nightly: deploy/systemd/samsyn-survey-answers.timer.")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--association", help="only this förbund's rounds (short name)")
        parser.add_argument("--force", action="store_true",
                            help="store every waiting answer now, however few")

    def handle(self, *args: Any, **options: Any) -> None:
        rounds = None
        if options["association"]:
            association = association_or_error(options["association"])
            rounds = Round.objects.filter(association=association)
        done = services.flush_pending(timezone.localdate(), rounds=rounds, force=options["force"])
        for flushed in done:
            self.stdout.write(_("%(round)s: %(n)s answers stored.")
                              % {"round": flushed.round, "n": flushed.stored})
        if not done:
            self.stdout.write(_("No answers to store."))
