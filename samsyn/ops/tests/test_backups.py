"""A backup restored into an empty database holds every table exactly as it was."""

import sqlite3

import psycopg
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from psycopg.types.string import TextLoader

from samsyn.national import services as national


def _rows(cursor, table):
    quote = '"' + table.replace('"', '""') + '"'
    cursor.execute(f"SELECT * FROM {quote}")  # noqa: S608 - a table name from introspection
    return sorted((tuple(row) for row in cursor.fetchall()), key=repr)


def _tables():
    return sorted(connection.introspection.table_names())


@pytest.fixture
def filled(transactional_db, alfa, beta):
    # Records of several apps: a förbund with people, insatser, participations (from the
    # apps' test worlds) and a published national snapshot with JSON in it.
    national.publish(alfa.association, 2022, alfa.users["office"])
    return alfa


@pytest.fixture
def empty_database(transactional_db, tmp_path):
    """(a DATABASE_URL of an empty database of the same kind, a reader of its tables)."""
    if connection.vendor == "sqlite":
        path = tmp_path / "restored.sqlite3"
        # Django reads SQLite with its type converters; the restored copy is read the same way.
        yield f"sqlite:///{path}", lambda: sqlite3.connect(
            path, detect_types=sqlite3.PARSE_DECLTYPES | sqlite3.PARSE_COLNAMES)
        return
    settings = connection.settings_dict
    name = f"{settings['NAME']}_restored"
    with connection.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')
        cursor.execute(f'CREATE DATABASE "{name}"')
    url = (f"postgres://{settings['USER']}:{settings['PASSWORD']}@{settings['HOST']}:"
           f"{settings['PORT'] or 5432}/{name}")
    opened = []

    def open_target():
        conn = psycopg.connect(url)
        # As Django's own connection does: jsonb as its text, so both sides compare alike.
        conn.adapters.register_loader("jsonb", TextLoader)
        opened.append(conn)
        return conn

    yield url, open_target
    for conn in opened:
        conn.close()
    with connection.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')


def test_a_restored_backup_has_every_table_equal(filled, empty_database, tmp_path):
    url, open_target = empty_database
    path = tmp_path / "samsyn.backup"
    call_command("backup", str(path))
    assert path.stat().st_size > 0
    # The audit log's anchor lies beside the backup, for verify_audit --anchor.
    import json

    from samsyn.audit.models import AuditEntry

    kept = json.loads((tmp_path / "samsyn.backup.audit-anchor.json").read_text())
    assert kept["entries"] == AuditEntry.objects.count()
    call_command("verify_audit", "--anchor", str(tmp_path / "samsyn.backup.audit-anchor.json"))
    call_command("restore", str(path), "--database-url", url)
    target = open_target()
    tables = _tables()
    assert {"associations_association", "participants_participation",
            "national_snapshot", "auth_user"} <= set(tables)
    # The driver's own cursor on both sides, so both give values of the same types.
    connection.ensure_connection()
    source = connection.connection.cursor()
    for table in tables:
        assert _rows(target.cursor(), table) == _rows(source, table), table
    assert _rows(source, "participants_participation")  # the comparison compared rows


def test_restore_refuses_a_database_that_is_not_empty(filled, empty_database, tmp_path):
    url, _open_target = empty_database
    path = tmp_path / "samsyn.backup"
    call_command("backup", str(path))
    call_command("restore", str(path), "--database-url", url)
    with pytest.raises(CommandError, match="not empty"):
        call_command("restore", str(path), "--database-url", url)
    call_command("restore", str(path), "--database-url", url, "--replace")


def test_restore_of_something_else_says_so_in_one_line(empty_database, tmp_path):
    url, _open_target = empty_database
    junk = tmp_path / "junk.backup"
    junk.write_bytes(b"not a backup at all")
    with pytest.raises(CommandError) as refused:
        call_command("restore", str(junk), "--database-url", url)
    assert "\n" not in str(refused.value)
    with pytest.raises(CommandError, match="no such file"):
        call_command("restore", str(tmp_path / "missing"), "--database-url", url)
