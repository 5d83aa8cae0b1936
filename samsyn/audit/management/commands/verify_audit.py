import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from samsyn.audit.services import check_anchor, verify


class Command(BaseCommand):
    help = ("Check the audit log's hash chain from the first entry to the last; exit 1 naming "
            "the first entry that was changed, removed or reordered. With --anchor, also that "
            "the chain still holds the newest entry an anchor file (written by `backup`) "
            "recorded, so a chain cut short is caught.")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--anchor", type=Path, action="append", default=[],
                            help="an anchor file written beside a backup (may be repeated)")

    def handle(self, *args: Any, **options: Any) -> None:
        count, broken = verify()
        if broken is not None:
            what = ("does not follow the entry before it" if broken.reason == "link"
                    else "was changed after it was written")
            raise CommandError(f"audit entry {broken.seq} {what}; {count} entries read")
        for path in options["anchor"]:
            try:
                kept = json.loads(path.read_text(encoding="utf-8"))
            except (OSError, ValueError) as exc:
                raise CommandError(f"{path}: not a readable anchor file ({exc})") from exc
            problem = check_anchor(kept if isinstance(kept, dict) else {})
            if problem is not None:
                raise CommandError(f"{path}: {problem}")
        held = f", and {len(options['anchor'])} anchors" if options["anchor"] else ""
        self.stdout.write(f"{count} entries, the chain holds{held}")
