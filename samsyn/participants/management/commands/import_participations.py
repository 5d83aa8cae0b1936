import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from samsyn.associations.access import Scope
from samsyn.associations.commands import association_or_error
from samsyn.participants import importing
from samsyn.participants.participation_file import FileError
from samsyn.periods.hooks import import_check


class Command(BaseCommand):
    help = ("Import participations from CSV or XLSX (docs/participants.md). The whole file is "
            "refused if any row is wrong; importing the same file again changes nothing.")
    # The system checks (every app's models, URLs and settings) cost half a second a run;
    # `manage.py check` and the deployment run them.
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument("--association", required=True, help="the förbund's short name")
        parser.add_argument("--dry-run", action="store_true", help="show what would change")
        parser.add_argument("--format", choices=["table", "json"], default="table")

    def handle(self, *args: Any, **options: Any) -> None:
        association = association_or_error(options["association"])
        path: Path = options["file"]
        scope = Scope.system(association)
        try:
            with path.open("rb") as stream:
                summary = importing.import_file(scope, stream, path.name,
                                                apply=not options["dry_run"], user=None,
                                                check=import_check(association, None))
        except OSError as exc:
            raise CommandError(f"{path}: {exc.strerror}") from exc
        except FileError as exc:
            raise CommandError(f"{path.name}: {exc}") from exc
        result = {"file": path.name, "dry_run": options["dry_run"], **summary.as_dict()}
        if options["format"] == "json":
            self.stdout.write(json.dumps(result, ensure_ascii=False, indent=2))
        if summary.errors:
            if options["format"] == "table":
                for error in summary.errors:
                    self.stderr.write(f"{path.name}: {error}")
            raise CommandError(_("%(file)s: %(n)s faulty rows or cells; nothing was imported")
                               % {"file": path.name, "n": summary.error_count})
        if options["format"] == "table":
            for notice in summary.notices:
                self.stderr.write(f"{path.name}: {notice}")
            counts = {"file": path.name, "create": summary.create, "update": summary.update,
                      "same": summary.unchanged}
            if options["dry_run"]:
                line = _("%(file)s: %(create)s new, %(update)s changed and %(same)s unchanged "
                         "participations would be imported") % counts
            else:
                line = _("%(file)s: %(create)s new, %(update)s changed and %(same)s unchanged "
                         "participations were imported") % counts
            self.stdout.write(line)
