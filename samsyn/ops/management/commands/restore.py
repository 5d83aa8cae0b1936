from pathlib import Path
from typing import Any

import dj_database_url
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import DatabaseError, connections

from samsyn.audit.services import anchor, security_event
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
        replaced: dict[str, Any] | None = None
        if options["database_url"]:
            try:
                db = dict(dj_database_url.parse(options["database_url"]))
            except ValueError as exc:
                raise CommandError(f"--database-url: {exc}") from exc
        else:
            db = dict(connections["default"].settings_dict)
            replaced = _chain_end()
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
        if not options["database_url"]:
            self._log(options["file"], replaced)
        self.stdout.write(f"{options['file']}: restored")

    def _log(self, path: Path, replaced: dict[str, Any] | None) -> None:
        """The restored log says it was restored, and where the replaced chain ended.

        Entries written after the backup are gone with the rest of the data; this entry (and
        the manifest of a later backup) is where that shows. Keyed like every entry.
        """
        try:
            security_event("restored", detail={"file": path.name, "replaced": replaced})
        except DatabaseError as exc:
            # A backup from before the audit key's migration: `migrate` first, then it logs.
            self.stderr.write(f"the restore is not in the audit log ({exc}); run migrate")


def _chain_end() -> dict[str, Any] | None:
    """The newest entry of the database about to be replaced, if it has an audit log."""
    try:
        end = anchor()
    except DatabaseError:
        return None
    return {"entries": end["entries"], "last_seq": end["last_seq"],
            "last_hash": end["last_hash"]}
