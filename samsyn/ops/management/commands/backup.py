import hashlib
import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connections

from samsyn.audit.services import anchor
from samsyn.ops.backups import BackupError, anchor_path, backup


class Command(BaseCommand):
    help = ("Write the whole database to FILE: pg_dump's custom format on PostgreSQL, a copy "
            "by SQLite's backup API on SQLite. The pseudonym secret is not in it: keep it "
            "apart from the backups (docs/deployment.md).")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)

    def handle(self, *args: Any, **options: Any) -> None:
        connection = connections["default"]
        # Taken before the dump, so the backup holds at least the anchored entry.
        kept = anchor()
        raw = None
        if connection.vendor == "sqlite":
            connection.ensure_connection()
            raw = connection.connection
        try:
            backup(connection.settings_dict, options["file"], raw)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        # The backup's manifest: what the file is, and the audit chain's newest entry and hash
        # when it was taken, where the backups go (verify_audit --anchor reads it).
        manifest = {**kept, "backup": {"file": options["file"].name,
                                       "bytes": options["file"].stat().st_size,
                                       "sha256": _sha256(options["file"])}}
        anchor_file = anchor_path(options["file"])
        anchor_file.write_text(json.dumps(manifest, indent=1), encoding="utf-8")
        self.stdout.write(f"{options['file']}: backup written; its manifest with the audit "
                          f"log's last hash in {anchor_file} (keep a copy apart from the "
                          "database: verify_audit --anchor)")


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as data:
        for block in iter(lambda: data.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()
