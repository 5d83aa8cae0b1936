import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from samsyn.associations.association_file import AssociationFileError, read_association_file
from samsyn.home.setup import apply_association


class Command(BaseCommand):
    help = "Create or update a förbund from an association file (JSON). Idempotent."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path, help="the association file, see docs/")
        parser.add_argument("--format", choices=["table", "json"], default="table")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            spec = read_association_file(options["file"])
            association, summary = apply_association(spec)
        except AssociationFileError as exc:
            # Every fault on a line of its own; the error itself is one line.
            for error in exc.errors:
                self.stderr.write(error)
            raise CommandError(_("%(file)s: %(n)s faults; nothing was written")
                               % {"file": options["file"], "n": len(exc.errors)}) from exc
        if options["format"] == "json":
            self.stdout.write(json.dumps({"association": association.slug, **summary.as_dict()}))
            return
        self.stdout.write(f"{association.slug}: {association.name}")
        for label, counter in (("created", summary.created), ("updated", summary.updated),
                               ("unchanged", summary.unchanged)):
            if counter:
                parts = ", ".join(f"{n} {kind}" for kind, n in sorted(counter.items()))
                self.stdout.write(f"  {label}: {parts}")
