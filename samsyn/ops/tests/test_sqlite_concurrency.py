"""SQLite serving several server processes at once (docs/deployment.md): the write-ahead log,
a busy timeout, and transactions that take the write lock when they begin.

The test database is in memory (no write-ahead log there), so these tests open a database
file of their own with the settings' SQLITE_OPTIONS, as a server process would.
"""

import threading

import pytest
from django.conf import settings
from django.db import connections
from django.db.backends.sqlite3.base import DatabaseWrapper

from samsyn.audit import services as audit
from samsyn.audit.models import AuditEntry

WRITERS = 4
ENTRIES = 15


@pytest.fixture(autouse=True)
def _own_database_files(django_db_blocker):
    """The files of these tests are no test database: let the connections to them open."""
    with django_db_blocker.unblock():
        yield


def _database(path) -> dict:
    return {"ENGINE": "django.db.backends.sqlite3", "NAME": str(path),
            "OPTIONS": dict(settings.SQLITE_OPTIONS), "ATOMIC_REQUESTS": False,
            "AUTOCOMMIT": True, "CONN_MAX_AGE": 0, "CONN_HEALTH_CHECKS": False,
            "TIME_ZONE": None, "USER": "", "PASSWORD": "", "HOST": "", "PORT": "",
            "TEST": {}}


def _in_thread(path, work) -> BaseException | None:
    """Run work() in a thread whose default database is the file at path; its exception."""
    failed: list[BaseException] = []

    def run():
        connections["default"] = DatabaseWrapper(_database(path), "default")
        try:
            work()
        except BaseException as exc:  # handed to the test to assert on
            failed.append(exc)
        finally:
            connections["default"].close()

    thread = threading.Thread(target=run)
    thread.start()
    thread.join()
    return failed[0] if failed else None


def test_the_settings_put_sqlite_in_write_ahead_log_mode_with_a_busy_timeout(tmp_path):
    connection = DatabaseWrapper(_database(tmp_path / "wal.sqlite3"), "wal-probe")
    try:
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA journal_mode")
            assert cursor.fetchone()[0] == "wal"
            cursor.execute("PRAGMA busy_timeout")
            assert cursor.fetchone()[0] == 20_000
    finally:
        connection.close()


def test_the_production_settings_give_sqlite_these_options():
    assert settings.SQLITE_OPTIONS["transaction_mode"] == "IMMEDIATE"
    if settings.DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
        options = settings.DATABASES["default"]["OPTIONS"]
        assert {k: options[k] for k in settings.SQLITE_OPTIONS} == settings.SQLITE_OPTIONS


def test_audit_writers_at_once_all_get_in_and_keep_the_chain(tmp_path):
    path = tmp_path / "audit.sqlite3"

    def create_table():
        with connections["default"].schema_editor() as editor:
            editor.create_model(AuditEntry)

    assert _in_thread(path, create_table) is None
    start = threading.Barrier(WRITERS)
    failures: list[BaseException] = []

    def writer(number):
        connections["default"] = DatabaseWrapper(_database(path), "default")
        try:
            start.wait()
            for i in range(ENTRIES):
                audit.record(category="record", action="read", username=f"w{number}",
                             rows=i)
        except BaseException as exc:  # collected and asserted on below
            failures.append(exc)
        finally:
            connections["default"].close()

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(WRITERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == []
    found: dict = {}

    def check():
        found["count"] = AuditEntry.objects.count()
        found["verified"] = audit.verify()

    assert _in_thread(path, check) is None
    assert found["count"] == WRITERS * ENTRIES
    # Each entry chained to the one before: no two writers read the same last hash.
    assert found["verified"] == (WRITERS * ENTRIES, None)
