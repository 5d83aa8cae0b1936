from typing import Any

from django.core.management.base import BaseCommand, CommandError

from samsyn.audit.services import verify


class Command(BaseCommand):
    help = ("Check the audit log's hash chain from the first entry to the last; exit 1 naming "
            "the first entry that was changed, removed or reordered.")

    def handle(self, *args: Any, **options: Any) -> None:
        count, broken = verify()
        if broken is not None:
            what = ("does not follow the entry before it" if broken.reason == "link"
                    else "was changed after it was written")
            raise CommandError(f"audit entry {broken.seq} {what}; {count} entries read")
        self.stdout.write(f"{count} entries, the chain holds")
