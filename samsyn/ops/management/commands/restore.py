from pathlib import Path
from typing import Any

import dj_database_url
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connections

from samsyn.ops.backups import BackupError, has_tables, restore


class Command(BaseCommand):
    help = ("Load a backup made by `backup` into the database (or into --database-url, e.g. an "
            "empty database to check a backup). A database that holds tables is replaced "
            "only with --replace.")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument("--database-url",
                            help="restore into this database instead of DATABASE_URL's")
        parser.add_argument("--replace", action="store_true",
                            help="replace what the database holds now")

    def handle(self, *args: Any, **options: Any) -> None:
        db: dict[str, Any]
        if options["database_url"]:
            try:
                db = dict(dj_database_url.parse(options["database_url"]))
            except ValueError as exc:
                raise CommandError(f"--database-url: {exc}") from exc
        else:
            db = dict(connections["default"].settings_dict)
            connections["default"].close()
        try:
            if has_tables(db) and not options["replace"]:
                raise CommandError("the database is not empty: pass --replace to replace it")
            restore(db, options["file"])
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        except Exception as exc:  # a connection refused, a missing database: one line
            if isinstance(exc, CommandError):
                raise
            raise CommandError(f"cannot restore: {str(exc).strip().splitlines()[0]}") from exc
        self.stdout.write(f"{options['file']}: restored")
