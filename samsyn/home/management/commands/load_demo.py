import importlib
from pathlib import Path
from typing import Any

from django.apps import apps
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from samsyn.associations.association_file import AssociationFileError, read_association_file
from samsyn.home.setup import DEMO_PASSWORD, apply_association, ensure_demo_users

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
                with transaction.atomic():
                    association, summary = apply_association(read_association_file(path))
                    state = "loaded" if summary.changed else "already up to date"
                    self.stdout.write(f"{association.name}: {state}")
                    for line in _load_app_demos(association):
                        self.stdout.write(f"  {line}")
            except AssociationFileError as exc:
                raise CommandError(f"{path.name}:\n" + "\n".join(exc.errors)) from exc
            logins.extend(ensure_demo_users(association))
        if not options["quiet_logins"]:
            self.stdout.write(f"\nDemo logins (password: {DEMO_PASSWORD}):")
            for username, role in logins:
                self.stdout.write(f"  {username:<32} {role}")


def _load_app_demos(association: Any) -> list[str]:
    """Each app may add its demo records (budgets, participations...) for a förbund.

    An app opts in with `<app>/demo.py` defining `load_demo(association) -> list[str]`,
    idempotent, returning lines to print.
    """
    lines: list[str] = []
    for config in apps.get_app_configs():
        if not config.name.startswith("samsyn."):
            continue
        try:
            module = importlib.import_module(f"{config.name}.demo")
        except ModuleNotFoundError as exc:
            if exc.name != f"{config.name}.demo":
                raise
            continue
        # A bare demo/ folder of data files imports as a namespace package: not a loader.
        loader = getattr(module, "load_demo", None)
        if loader is not None:
            lines.extend(loader(association))
    return lines
