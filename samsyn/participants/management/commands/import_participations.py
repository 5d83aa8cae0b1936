import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from samsyn.participants import services
from samsyn.participants.participation_file import FileError, parse
from samsyn.web.commands import association_or_error, read_bytes_or_error


class Command(BaseCommand):
    help = ("Import participations from CSV or XLSX (docs/participants.md). The whole file is "
            "refused if any row is wrong; importing the same file again changes nothing.")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument("--association", required=True, help="the förbund's short name")
        parser.add_argument("--dry-run", action="store_true", help="show what would change")
        parser.add_argument("--format", choices=["table", "json"], default="table")

    def handle(self, *args: Any, **options: Any) -> None:
        association = association_or_error(options["association"])
        path: Path = options["file"]
        data = read_bytes_or_error(path)
        scope = services.Scope.whole(association)
        try:
            parsed = parse(data, path.name, services.import_context(scope))
        except FileError as exc:
            raise CommandError(f"{path.name}: {exc}") from exc
        plan = services.plan_import(scope, parsed)
        summary = {"file": path.name, "dry_run": options["dry_run"], **plan.summary()}
        if options["format"] == "json":
            self.stdout.write(json.dumps(summary, ensure_ascii=False, indent=2))
        if plan.errors:
            if options["format"] == "table":
                for error in plan.errors:
                    self.stderr.write(f"{path.name}: {error}")
            raise CommandError(f"{path.name}: {len(plan.errors)} faulty rows or cells; "
                               "nothing was imported")
        if not options["dry_run"]:
            services.apply_import(scope, plan, None)
        if options["format"] == "table":
            verb = "would be" if options["dry_run"] else "were"
            self.stdout.write(f"{path.name}: {len(plan.create)} new, {len(plan.update)} changed "
                              f"and {plan.unchanged} unchanged participations {verb} imported")
