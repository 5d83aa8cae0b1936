import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from samsyn.associations.commands import association_or_error, read_bytes_or_error
from samsyn.finance import sie_import


class Command(BaseCommand):
    help = ("Import a year's outcome and balances from a SIE file (4E, 4I, or 1-3 with #RES). "
            "Re-importing a year replaces it. --dry-run shows what the file holds and stores "
            "nothing.")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument("--association", required=True, help="the förbund's short name")
        parser.add_argument("--dry-run", action="store_true", help="read and check only")
        parser.add_argument("--year", type=int, default=None,
                            help="the year of a file without #RAR (SIE 4I) whose vouchers span "
                                 "more than one year")
        parser.add_argument("--accept-unbalanced", action="store_true",
                            help="import even if some vouchers do not balance")
        parser.add_argument("--format", choices=["table", "json"], default="table")

    def handle(self, *args: Any, **options: Any) -> None:
        association = association_or_error(options["association"])
        path: Path = options["file"]
        data = read_bytes_or_error(path)
        try:
            preview = sie_import.read(association, data, path.name, options["year"])
        except sie_import.SieImportError as exc:
            raise CommandError(str(exc)) from exc
        refused = bool(preview.unbalanced) and not options["accept_unbalanced"]
        if options["format"] == "json":
            self.stdout.write(json.dumps(preview.as_json(), ensure_ascii=False, indent=2))
        else:
            self._summary(preview)
        if refused:
            raise CommandError(sie_import.unbalanced_message(preview))
        if options["dry_run"]:
            return
        try:
            record = sie_import.store(association, preview,
                                      accept_unbalanced=options["accept_unbalanced"])
        except sie_import.SieImportError as exc:
            raise CommandError(str(exc)) from exc
        if options["format"] == "table":
            self.stdout.write(f"imported {record.year}: {record.amounts.count()} account sums")

    def _summary(self, preview: sie_import.Preview) -> None:
        out = preview.as_json()
        self.stdout.write(f"{out['file']}: {out['company']} ({out['program']}), "
                          f"fiscal year {preview.start} – {preview.end}, "
                          f"{out['vouchers']} vouchers, encoding {out['encoding']}")
        if preview.replaces:
            self.stdout.write(
                f"replaces the import of {preview.year} ({preview.replaces.filename})"
            )
        declared = out["declared_result_by_account"]
        for account, amount in out["result_by_account"].items():
            note = ""
            if account in declared and declared[account] != amount:
                note = f"  (#RES says {declared[account]})"
            self.stdout.write(f"  {account:<6} {amount:>16}{note}")
        for warning in out["warnings"]:
            self.stderr.write(f"warning: {warning}")
