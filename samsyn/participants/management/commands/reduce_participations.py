import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from samsyn.associations.models import Association
from samsyn.participants.services import NoRetentionDecision, reduce_expired


class Command(BaseCommand):
    help = ("Reduce participations closed longer ago than the förbund's gallring decision says "
            "to counts, so the figures of those years stay while the records go. Only under "
            "a recorded decision covering participant records; exit 1 for a förbund without "
            "one. Run it nightly.")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--association", help="one förbund; all when left out")
        parser.add_argument("--dry-run", action="store_true", help="count only")
        parser.add_argument("--today", type=dt.date.fromisoformat,
                            help="the day to count back from (ISO); today when left out")

    def handle(self, *args: Any, **options: Any) -> None:
        associations = Association.objects.all()
        if options["association"]:
            associations = associations.filter(slug=options["association"])
            if not associations.exists():
                raise CommandError(f"no förbund with the short name {options['association']!r}")
        today = options["today"] or timezone.localdate()
        refused = []
        for association in associations:
            # One förbund without a decision stops only itself: the others' runs are theirs.
            try:
                result = reduce_expired(association, today, dry_run=options["dry_run"])
            except NoRetentionDecision as exc:
                refused.append(str(exc))
                self.stderr.write(str(exc))
                continue
            verb = "would be" if options["dry_run"] else "were"
            decision = result.decision
            assert decision is not None
            self.stdout.write(
                f"{association.slug}: {result.participations} participations older than "
                f"{decision.retention_months} months {verb} reduced to {result.groups} counts "
                f"(gallring decision {decision.reference} of {decision.decided_on:%Y-%m-%d})"
            )
        if refused:
            raise CommandError(refused[0] if len(refused) == 1 else
                               f"{len(refused)} förbund have no gallring decision; "
                               "nothing of theirs was reduced")
