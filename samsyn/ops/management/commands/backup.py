from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connections

from samsyn.ops.backups import BackupError, backup


class Command(BaseCommand):
    help = ("Write the whole database to FILE: pg_dump's custom format on PostgreSQL, a copy "
            "by SQLite's backup API on SQLite. The pseudonym secret is not in it: keep it "
            "apart from the backups (docs/deployment.md).")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)

    def handle(self, *args: Any, **options: Any) -> None:
        connection = connections["default"]
        raw = None
        if connection.vendor == "sqlite":
            connection.ensure_connection()
            raw = connection.connection
        try:
            backup(connection.settings_dict, options["file"], raw)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"{options['file']}: backup written")
