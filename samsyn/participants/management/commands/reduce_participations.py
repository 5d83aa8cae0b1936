import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from samsyn.associations.models import Association
from samsyn.participants.services import reduce_expired


class Command(BaseCommand):
    help = ("Reduce participations closed more than the förbund's retention period ago to "
            "counts, so the figures of those years stay while the records go. Run it nightly.")

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
        for association in associations:
            result = reduce_expired(association, today, dry_run=options["dry_run"])
            verb = "would be" if options["dry_run"] else "were"
            self.stdout.write(
                f"{association.slug}: {result.participations} participations older than "
                f"{association.retention_years} years {verb} reduced to {result.groups} counts"
            )
