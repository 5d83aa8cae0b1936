from typing import Any

from django.core.management.commands.flush import Command as DjangoFlush
from django.db import connections

from samsyn.audit.services import maintenance


class Command(DjangoFlush):
    help = (DjangoFlush.help + " The audit log is emptied too: on PostgreSQL its guard against "
            "TRUNCATE is lifted for this command's session alone (docs/security.md).")

    def handle(self, **options: Any) -> None:
        with maintenance(connections[options["database"]]):
            super().handle(**options)
