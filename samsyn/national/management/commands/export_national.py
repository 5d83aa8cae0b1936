from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from samsyn.national import services, signing


class Command(BaseCommand):
    help = ("Write this installation's published figures of a year as a file signed with its "
            "Ed25519 key (SAMSYN_NATIONAL_SIGNING_KEY), for another installation to import.")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument("--year", type=int, required=True)

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            data = services.export_signed(options["year"])
        except signing.SignatureRefused as exc:
            raise CommandError(str(exc)) from exc
        try:
            options["file"].write_bytes(data)
        except OSError as exc:
            raise CommandError(f"{options['file']}: {exc.strerror}") from exc
        self.stdout.write(f"{options['file']}: signed figures of {options['year']}")
