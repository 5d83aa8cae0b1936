from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from samsyn.associations.commands import read_bytes_or_error
from samsyn.national import services, signing


class Command(BaseCommand):
    help = ("Import another installation's signed figures into the national view, after "
            "checking the signature against SAMSYN_NATIONAL_TRUSTED_KEYS.")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)

    def handle(self, *args: Any, **options: Any) -> None:
        data = read_bytes_or_error(options["file"])
        try:
            origin, saved = services.import_signed(data)
        except (signing.SignatureRefused, ValueError) as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"{options['file']}: {len(saved)} förbund from {origin}")
