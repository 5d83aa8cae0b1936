"""The audit log needs a secret to rewrite (issue 25): keyed hashes, the switch from the old
plain ones, the database's guards, flush, backup manifests and restore."""

import importlib
import json
import os
import re
import sqlite3
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

import psycopg
import pytest
from django.apps import apps
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import DatabaseError, connection, transaction
from django.utils import timezone

from samsyn.audit import chain
from samsyn.audit.models import AuditEntry, Category
from samsyn.audit.services import record, verify

ROOT = Path(__file__).resolve().parents[3]
switch = importlib.import_module("samsyn.audit.migrations.0003_keyed_chain")
# What the migration's function uses of its schema editor: the connection.
_EDITOR = SimpleNamespace(connection=connection)


def _some(n=3):
    return [record(category=Category.DATA, action=f"save-{i}", username="x") for i in range(n)]


def _unguarded_update(sql, params):
    """What someone with the database's owner rights can do: drop the guard and write."""
    with connection.cursor() as cursor:
        cursor.execute("DROP TRIGGER IF EXISTS samsyn_audit_no_update"
                       + (" ON audit_auditentry" if connection.vendor == "postgresql" else ""))
        cursor.execute(sql, params)


def _rebuild_without_the_key():
    """Rewrite an entry, then make every hash of the chain anew, as main's chain allowed."""
    prev = chain.GENESIS
    for entry in AuditEntry.objects.order_by("pk"):
        if entry.action == "save-1":
            entry.username = "nobody"
        digest = chain.entry_hash(prev, entry.hashed_fields())
        _unguarded_update("UPDATE audit_auditentry SET username = %s, prev_hash = %s, "
                          "hash = %s WHERE id = %s", [entry.username, prev, digest, entry.pk])
        prev = digest


def test_new_entries_carry_an_hmac_under_the_audit_key(db, settings):
    entry = _some(1)[0]
    assert entry.scheme == chain.KEYED
    assert entry.hash == chain.entry_hash(chain.GENESIS, entry.hashed_fields(),
                                          settings.AUDIT_KEY.encode())
    assert entry.hash != chain.entry_hash(chain.GENESIS, entry.hashed_fields())


def test_a_chain_rebuilt_by_someone_without_the_key_fails_verify_audit(db):
    _a, b, _c = _some()
    _rebuild_without_the_key()
    with pytest.raises(CommandError, match=f"audit entry {b.pk - 1} "):
        call_command("verify_audit")


def test_a_chain_rebuilt_as_plain_hashes_scheme_and_all_fails_too(db):
    _some()
    _unguarded_update("UPDATE audit_auditentry SET scheme = 1", [])
    _rebuild_without_the_key()
    count, broken = verify()
    assert count == 3 and broken is not None and broken.reason == "unkeyed end"


def test_verify_audit_names_the_first_bad_entry_by_id_and_time_and_exits_1(db):
    _a, b, _c = _some()
    _unguarded_update("UPDATE audit_auditentry SET rows = 99 WHERE id = %s", [b.pk])
    at = timezone.localtime(b.at).isoformat()
    with pytest.raises(CommandError,
                       match=rf"audit entry {b.pk} \(written {re.escape(at)}\)") as failed:
        call_command("verify_audit")
    assert failed.value.returncode == 1


def _plain_entry(action, prev):
    entry = AuditEntry(at=timezone.now(), category=Category.DATA, action=action,
                       username="före nyckeln", prev_hash=prev, scheme=chain.PLAIN)
    entry.hash = chain.entry_hash(prev, entry.hashed_fields())
    entry.save(force_insert=True)
    return entry


def test_entries_from_before_the_key_still_verify_after_the_migrations_switch_point(db):
    first = _plain_entry("gammal-1", chain.GENESIS)
    second = _plain_entry("gammal-2", first.hash)
    # Before the migration ran, such a chain ended plain.
    assert verify()[1].reason == "unkeyed end"
    switch.mark_switch(apps, _EDITOR)
    marker = AuditEntry.objects.latest("pk")
    assert (marker.action, marker.scheme, marker.prev_hash) == ("audit_keyed", chain.KEYED,
                                                                 second.hash)
    _some(2)
    assert verify() == (5, None)
    # The plain part is held by the keyed entries after it.
    _unguarded_update("UPDATE audit_auditentry SET action = 'ändrad' WHERE id = %s",
                      [first.pk])
    assert verify()[1].seq == first.pk


def test_the_switch_point_is_not_written_into_an_empty_log(db):
    switch.mark_switch(apps, _EDITOR)
    assert not AuditEntry.objects.exists()


def test_the_database_refuses_to_empty_the_log_but_flush_may(db):
    _some(2)
    if connection.vendor == "postgresql":
        with pytest.raises(DatabaseError, match="append-only"), transaction.atomic(), \
                connection.cursor() as cursor:
            cursor.execute("TRUNCATE audit_auditentry")
        with pytest.raises(DatabaseError, match="append-only"), transaction.atomic(), \
                connection.cursor() as cursor:
            cursor.execute("DELETE FROM audit_auditentry")
        assert AuditEntry.objects.count() == 2
    call_command("flush", "--no-input", verbosity=0)
    assert not AuditEntry.objects.exists()
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT current_setting('samsyn.audit_maintenance', true)")
            assert cursor.fetchone()[0] in ("", None)  # flush set it back


def test_the_backup_manifest_holds_the_last_hash_and_the_files_checksum(transactional_db,
                                                                          tmp_path):
    *_rest, newest = _some(3)
    path = tmp_path / "samsyn.backup"
    call_command("backup", str(path))
    manifest = json.loads((tmp_path / "samsyn.backup.audit-anchor.json").read_text())
    assert (manifest["last_seq"], manifest["last_hash"]) == (newest.pk, newest.hash)
    assert manifest["backup"]["bytes"] == path.stat().st_size
    assert len(manifest["backup"]["sha256"]) == 64


def _manage(*args, database_url, **env):
    environment = {k: v for k, v in os.environ.items()
                   if not k.startswith(("SAMSYN_", "DJANGO_", "DATABASE_"))}
    environment.update({"DJANGO_SETTINGS_MODULE": "samsyn.settings_test",
                        "DATABASE_URL": database_url, **env})
    return subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=environment,
                          capture_output=True, text=True, timeout=300, check=False)


@pytest.fixture
def installation(transactional_db, tmp_path):
    """A database of its own (a file, or a PostgreSQL database), migrated; its URL."""
    if connection.vendor == "sqlite":
        url = f"sqlite:///{tmp_path / 'installation.sqlite3'}"
        yield url
        return
    settings = connection.settings_dict
    name = f"{settings['NAME']}_installation"
    with connection.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')
        cursor.execute(f'CREATE DATABASE "{name}"')
    yield (f"postgres://{settings['USER']}:{settings['PASSWORD']}@{settings['HOST']}:"
           f"{settings['PORT'] or 5432}/{name}")
    with connection.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')


def _actions(url):
    if url.startswith("sqlite"):
        lite = sqlite3.connect(url.removeprefix("sqlite:///"))
        try:
            return [r[0] for r in lite.execute("SELECT action FROM audit_auditentry ORDER BY id")]
        finally:
            lite.close()
    with psycopg.connect(url) as pg:
        return [r[0] for r in pg.execute("SELECT action FROM audit_auditentry ORDER BY id")]


def test_restore_replace_keeps_a_chain_that_verifies_and_logs_the_restore(installation,
                                                                          tmp_path):
    assert _manage("migrate", "--no-input", database_url=installation).returncode == 0
    # Something in the log, then a backup, then more that the restore will take away.
    log = "from samsyn.audit.services import security_event; security_event({!r})"
    assert _manage("shell", "-c", log.format("före"), database_url=installation).returncode == 0
    backup = tmp_path / "samsyn.backup"
    made = _manage("backup", str(backup), database_url=installation)
    assert made.returncode == 0, made.stderr
    assert _manage("shell", "-c", log.format("efter"), database_url=installation).returncode == 0
    assert _actions(installation) == ["före", "efter"]
    done = _manage("restore", str(backup), "--replace", database_url=installation)
    assert done.returncode == 0, done.stderr
    assert _actions(installation) == ["före", "restored"]
    verified = _manage("verify_audit", "--anchor",
                       str(tmp_path / "samsyn.backup.audit-anchor.json"),
                       database_url=installation)
    assert verified.returncode == 0, verified.stderr
    # With another key the same log does not hold: the key is what makes it hard to forge.
    forged = _manage("verify_audit", database_url=installation,
                     SAMSYN_AUDIT_KEY="another-key")
    assert forged.returncode == 1 and "audit entry" in forged.stderr


def test_production_needs_an_audit_key_and_development_derives_one():
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SAMSYN_", "DJANGO_"))}
    env.update({"SAMSYN_SECRET_KEY": "k" * 50, "SAMSYN_PSEUDONYM_SECRET": "p" * 32})
    code = "import samsyn.settings as s; print(len(s.AUDIT_KEY))"
    refused = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env,
                             capture_output=True, text=True, timeout=60, check=False)
    assert refused.returncode != 0 and "SAMSYN_AUDIT_KEY" in refused.stderr
    debug = subprocess.run([sys.executable, "-c", code], cwd=ROOT,
                           env={**env, "SAMSYN_DEBUG": "1"}, capture_output=True, text=True,
                           timeout=60, check=False)
    assert debug.returncode == 0 and debug.stdout.strip() == "64"
