import datetime as dt
import json
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone
from django.utils.translation import gettext as _

from samsyn.associations.models import Association
from samsyn.home import reminders


class Command(BaseCommand):
    help = ("E-mail each person what is newly due, as chosen on their reminders page. "
            "Idempotent: a reminder already sent is not sent again. Run daily "
            "(deploy/systemd/samsyn-reminders.timer).")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--association", metavar="SLUG",
                            help="only this förbund (default: every förbund)")
        parser.add_argument("--today", metavar="YYYY-MM-DD",
                            help="the day to remind as of (default: today)")
        parser.add_argument("--base-url", default=settings.SAMSYN_BASE_URL,
                            help="the installation's address for the links "
                                 "(default: SAMSYN_BASE_URL)")
        parser.add_argument("--dry-run", action="store_true",
                            help="list what would be sent; send and log nothing")
        parser.add_argument("--format", choices=["table", "json"], default="table")

    def handle(self, *args: Any, **options: Any) -> None:
        today = timezone.localdate()
        if options["today"]:
            try:
                today = dt.date.fromisoformat(options["today"])
            except ValueError as exc:
                raise CommandError(_("--today: %(value)s is not a date (YYYY-MM-DD)")
                                   % {"value": options["today"]}) from exc
        associations = None
        if options["association"]:
            associations = list(Association.objects.filter(slug=options["association"]))
            if not associations:
                raise CommandError(_("No förbund with the short name %(slug)s")
                                   % {"slug": options["association"]})
        sent = reminders.send(today, options["base_url"] or "", associations,
                              dry_run=options["dry_run"])
        if options["format"] == "json":
            self.stdout.write(json.dumps({
                "today": today.isoformat(), "dry_run": options["dry_run"],
                "sent": [{"association": s.membership.association.slug,
                          "user": s.membership.user.get_username(),
                          "reminders": [i.key for i in s.items]} for s in sent]}))
            return
        for s in sent:
            self.stdout.write(f"{s.membership.association.slug}\t"
                              f"{s.membership.user.get_username()}\t{len(s.items)}")
        total = sum(len(s.items) for s in sent)
        verb = "would send" if options["dry_run"] else "sent"
        self.stdout.write(f"{verb} {total} reminders to {len(sent)} people")
