"""The database itself refuses to change or remove an audit entry.

PostgreSQL: triggers refuse UPDATE and DELETE. SQLite: a trigger refuses UPDATE (a test
database is emptied with DELETE between tests there, so DELETE stays open on SQLite; the hash
chain still shows any removal).
"""

from django.db import migrations

PG_UP = """
CREATE OR REPLACE FUNCTION samsyn_audit_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'the audit log is append-only';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER samsyn_audit_no_update BEFORE UPDATE ON audit_auditentry
    FOR EACH ROW EXECUTE FUNCTION samsyn_audit_append_only();
CREATE TRIGGER samsyn_audit_no_delete BEFORE DELETE ON audit_auditentry
    FOR EACH ROW EXECUTE FUNCTION samsyn_audit_append_only();
"""
PG_DOWN = """
DROP TRIGGER IF EXISTS samsyn_audit_no_update ON audit_auditentry;
DROP TRIGGER IF EXISTS samsyn_audit_no_delete ON audit_auditentry;
DROP FUNCTION IF EXISTS samsyn_audit_append_only();
"""
SQLITE_UP = """
CREATE TRIGGER samsyn_audit_no_update BEFORE UPDATE ON audit_auditentry
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
"""
SQLITE_DOWN = "DROP TRIGGER IF EXISTS samsyn_audit_no_update;"


def forwards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(PG_UP)
    elif vendor == "sqlite":
        schema_editor.execute(SQLITE_UP)


def backwards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(PG_DOWN)
    elif vendor == "sqlite":
        schema_editor.execute(SQLITE_DOWN)


class Migration(migrations.Migration):
    dependencies = [("audit", "0001_initial")]
    operations = [migrations.RunPython(forwards, backwards)]
