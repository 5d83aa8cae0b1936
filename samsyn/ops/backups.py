"""Backups of the whole database: pg_dump/pg_restore on PostgreSQL, the backup API on SQLite.

A backup holds pseudonyms but never the pseudonym secret (SAMSYN_PSEUDONYM_SECRET), which
lives in the environment or a secret file: keep the two apart (docs/deployment.md), since
whoever holds both can test personnummer against the pseudonyms.
"""

import os
import shutil
import sqlite3
import subprocess
from pathlib import Path
from typing import Any


class BackupError(Exception):
    """One line saying what went wrong."""


def _is_postgres(db: dict[str, Any]) -> bool:
    return "postgresql" in db["ENGINE"]


def _pg_env(db: dict[str, Any]) -> dict[str, str]:
    env = {**os.environ}
    for key, var in (("HOST", "PGHOST"), ("PORT", "PGPORT"), ("USER", "PGUSER"),
                     ("PASSWORD", "PGPASSWORD"), ("NAME", "PGDATABASE")):
        if db.get(key):
            env[var] = str(db[key])
    return env


def _run(command: list[str], env: dict[str, str]) -> None:
    tool = shutil.which(command[0])
    if tool is None:
        raise BackupError(f"{command[0]} is not installed (apt-get install postgresql-client)")
    # A fixed tool and arguments built here; only paths and settings are filled in.
    done = subprocess.run([tool, *command[1:]], env=env, capture_output=True, text=True,  # noqa: S603
                          check=False)
    if done.returncode != 0:
        lines = [line for line in done.stderr.splitlines() if line.strip()]
        raise BackupError(f"{command[0]}: {lines[-1] if lines else 'failed'}")


def anchor_path(backup_file: Path) -> Path:
    """Where `backup` writes the audit log's anchor for a backup file."""
    return backup_file.with_name(backup_file.name + ".audit-anchor.json")


def _sqlite_path(db: dict[str, Any]) -> str:
    return str(db["NAME"])


def backup(db: dict[str, Any], path: Path, connection: Any = None) -> None:
    """Write the database `db` (a DATABASES entry) to `path`.

    connection: an open sqlite3 connection to read from (an in-memory test database has no
    file to open a second connection to).
    """
    tmp = path.with_name(path.name + ".partial")
    try:
        if _is_postgres(db):
            # Custom format: compressed, and pg_restore can restore it table by table.
            _run(["pg_dump", "--format=custom", "--no-owner", "--no-privileges",
                  f"--file={tmp}"], _pg_env(db))
        else:
            source = connection or sqlite3.connect(_sqlite_path(db))
            target = sqlite3.connect(tmp)
            try:
                with target:
                    source.backup(target)
            finally:
                target.close()
                if connection is None:
                    source.close()
        # Only a complete backup gets the name asked for.
        tmp.replace(path)
    except OSError as exc:
        raise BackupError(f"{path}: {exc.strerror}") from exc
    finally:
        tmp.unlink(missing_ok=True)


def has_tables(db: dict[str, Any]) -> bool:
    if _is_postgres(db):
        import psycopg  # noqa: PLC0415 - PostgreSQL only

        with psycopg.connect(**_pg_kwargs(db)) as conn:
            found = conn.execute("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'"
                                 ).fetchone()
            return bool(found and found[0])
    path = _sqlite_path(db)
    if path == ":memory:" or not Path(path).exists():
        return False
    lite = sqlite3.connect(path)
    try:
        row = lite.execute("SELECT count(*) FROM sqlite_master WHERE type = 'table'").fetchone()
        return bool(row and row[0])
    finally:
        lite.close()


def _pg_kwargs(db: dict[str, Any]) -> dict[str, Any]:
    kwargs = {"dbname": db["NAME"], "user": db.get("USER") or None,
              "password": db.get("PASSWORD") or None, "host": db.get("HOST") or None,
              "port": db.get("PORT") or None}
    return {k: v for k, v in kwargs.items() if v}


def restore(db: dict[str, Any], path: Path) -> None:
    """Load `path` into the database `db`, replacing what it holds, all or nothing."""
    if not path.is_file():
        raise BackupError(f"{path}: no such file")
    if _is_postgres(db):
        _run(["pg_restore", "--clean", "--if-exists", "--no-owner", "--no-privileges",
              "--single-transaction", "--exit-on-error", f"--dbname={db['NAME']}", str(path)],
             _pg_env(db))
        return
    with path.open("rb") as head:
        if head.read(16) != b"SQLite format 3\x00":
            raise BackupError(f"{path}: not an SQLite backup")
    source = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    target = sqlite3.connect(_sqlite_path(db))
    try:
        # The backup API replaces the whole target database in one step.
        with target:
            source.backup(target)
    except sqlite3.Error as exc:
        raise BackupError(f"{path}: {exc}") from exc
    finally:
        source.close()
        target.close()
