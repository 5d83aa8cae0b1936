import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from samsyn.audit.services import check_anchor, verify

_WHAT = {
    "link": "does not follow the entry before it (an entry was removed or reordered)",
    "hash": "was changed after it was written (its hash does not hold under the audit key)",
    "scheme": "has a plain hash after keyed ones (the chain was rewritten without the key)",
    "unkeyed end": "ends a chain that is not keyed (the chain was rebuilt without the key)",
}


class Command(BaseCommand):
    help = ("Check the audit log's hash chain from the first entry to the last, under the "
            "audit key (SAMSYN_AUDIT_KEY); exit 1 naming the first entry (id and time) that "
            "was changed, removed or reordered. With --anchor, also that the chain still "
            "holds the newest entry an anchor file (the manifest `backup` writes beside each "
            "backup) recorded, so a chain cut short is caught.")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--anchor", type=Path, action="append", default=[],
                            help="an anchor file written beside a backup (may be repeated)")

    def handle(self, *args: Any, **options: Any) -> None:
        count, broken = verify()
        if broken is not None:
            raise CommandError(f"audit entry {broken.seq} (written {broken.at}) "
                               f"{_WHAT.get(broken.reason, broken.reason)}; "
                               f"{count} entries read")
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
