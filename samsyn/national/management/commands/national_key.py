from typing import Any

from django.core.management.base import BaseCommand

from samsyn.national import signing


class Command(BaseCommand):
    help = ("Make a new Ed25519 key pair for signing national figures: the private key goes "
            "to SAMSYN_NATIONAL_SIGNING_KEY_FILE, the public line to the receivers' "
            "SAMSYN_NATIONAL_TRUSTED_KEYS (docs/national.md).")

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--name", default="samsyn",
                            help="the name receivers file this installation's figures under")

    def handle(self, *args: Any, **options: Any) -> None:
        private, public = signing.new_key()
        self.stdout.write(f"private key (keep secret): {private}")
        self.stdout.write(f"trusted-key line for receivers: {options['name']} {public}")
