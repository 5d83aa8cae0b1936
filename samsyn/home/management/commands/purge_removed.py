from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from samsyn.associations import trash


class Command(BaseCommand):
    help = ("Delete the copies of removed rows (the wastebasket) older than --days, so that "
            "a removal becomes final. Run nightly (deploy/systemd/samsyn-purge-removed.timer).")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--days", type=int, default=trash.KEEP_DAYS,
                            help=f"keep copies this many days (default {trash.KEEP_DAYS})")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["days"] < 0:
            raise CommandError(_("--days must be 0 or more."))
        deleted = trash.purge(days=options["days"])
        self.stdout.write(_("%(count)s removed rows deleted for good.") % {"count": deleted})
