"""The audit log's chain is keyed from here on (samsyn/audit/chain.py).

- `scheme` marks how each entry's hash was made: the entries already there keep their plain
  SHA-256 (1) and still verify; every entry written from now on carries an HMAC under
  SAMSYN_AUDIT_KEY (2).
- A database that already has entries gets one keyed entry at the end of its chain
  ("audit_keyed"): the switch point. Its HMAC covers every plain entry before it, and
  `verify_audit` wants a chain with entries to end keyed, so the chain cannot be rebuilt
  with plain hashes alone.
- PostgreSQL refuses TRUNCATE of the log too (a statement trigger), unless the session has
  set `samsyn.audit_maintenance` to `on`, which only `manage.py flush` does (tests empty the
  database with it); UPDATE and DELETE stay refused with no way around in the code.
- SQLite rebuilds the table to add the column, which drops its UPDATE trigger: it is made
  again.
"""

import json

from django.conf import settings
from django.db import migrations, models
from django.utils import timezone

from samsyn.audit import chain

PG_UP = """
CREATE OR REPLACE FUNCTION samsyn_audit_no_truncate() RETURNS trigger AS $$
BEGIN
    IF current_setting('samsyn.audit_maintenance', true) = 'on' THEN
        RETURN NULL;
    END IF;
    RAISE EXCEPTION 'the audit log is append-only';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER samsyn_audit_no_truncate BEFORE TRUNCATE ON audit_auditentry
    FOR EACH STATEMENT EXECUTE FUNCTION samsyn_audit_no_truncate();
"""
PG_DOWN = """
DROP TRIGGER IF EXISTS samsyn_audit_no_truncate ON audit_auditentry;
DROP FUNCTION IF EXISTS samsyn_audit_no_truncate();
"""
SQLITE_UPDATE_GUARD = """
CREATE TRIGGER IF NOT EXISTS samsyn_audit_no_update BEFORE UPDATE ON audit_auditentry
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
"""


def guards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(PG_UP)
    elif vendor == "sqlite":
        schema_editor.execute(SQLITE_UPDATE_GUARD)


def unguard(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(PG_DOWN)


def mark_switch(apps, schema_editor):
    """The keyed entry that ends every chain written before the key."""
    AuditEntry = apps.get_model("audit", "AuditEntry")
    db = schema_editor.connection.alias
    last = AuditEntry.objects.using(db).order_by("-pk").first()
    if last is None:
        return  # a new database: its first entry is keyed anyway
    count = AuditEntry.objects.using(db).count()
    at = timezone.now()
    fields = {
        "at": at.isoformat(), "category": "security", "action": "audit_keyed",
        "association_id": None, "user_id": None, "username": "manage.py migrate",
        "intervention_id": None, "intervention": "", "object_type": "", "object_id": "",
        "rows": 0, "address": "",
        "detail": json.dumps({"plain_entries": count, "plain_last": last.pk}, sort_keys=True),
    }
    digest = chain.entry_hash(last.hash, fields, str(settings.AUDIT_KEY).encode())
    AuditEntry.objects.using(db).create(
        at=at, category="security", action="audit_keyed", association_id=None, user_id=None,
        username="manage.py migrate", intervention_id=None, intervention="", object_type="",
        object_id="", rows=0, address="", detail=fields["detail"], prev_hash=last.hash,
        hash=digest, scheme=chain.KEYED)


class Migration(migrations.Migration):
    dependencies = [("audit", "0002_append_only")]
    operations = [
        migrations.AddField(model_name="auditentry", name="scheme",
                            field=models.PositiveSmallIntegerField(default=1)),
        migrations.RunPython(guards, unguard),
        migrations.RunPython(mark_switch, migrations.RunPython.noop),
    ]
