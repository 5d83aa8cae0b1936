from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from samsyn.associations.association_file import AssociationFileError, read_association_file
from samsyn.associations.services import DEMO_PASSWORD, apply_association, ensure_demo_users

DEMO_DIR = Path(__file__).resolve().parents[2] / "demo"


class Command(BaseCommand):
    help = "Load the demo förbund of the seed documents, with one login per role. Idempotent."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--quiet-logins", action="store_true",
                            help="do not print the demo logins")

    def handle(self, *args: Any, **options: Any) -> None:
        files = sorted(DEMO_DIR.glob("*.json"))
        if not files:
            raise CommandError(f"no demo files in {DEMO_DIR}")
        logins = []
        for path in files:
            try:
                association, summary = apply_association(read_association_file(path))
            except AssociationFileError as exc:
                raise CommandError(f"{path.name}:\n" + "\n".join(exc.errors)) from exc
            state = "loaded" if summary.changed else "already up to date"
            self.stdout.write(f"{association.name}: {state}")
            logins.extend(ensure_demo_users(association))
        if not options["quiet_logins"]:
            self.stdout.write(f"\nDemo logins (password: {DEMO_PASSWORD}):")
            for username, role in logins:
                self.stdout.write(f"  {username:<32} {role}")
