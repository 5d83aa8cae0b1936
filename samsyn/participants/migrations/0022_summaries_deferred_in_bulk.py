"""The summaries' triggers made again: on SQLite a participation's INSERT triggers do nothing
while summary.DEFERRED holds a row, set by a bulk writer that adds the marks itself
(participants/bulk.py). PostgreSQL's statement triggers are made again as they were."""

from django.db import migrations

from samsyn.participants import month_summary, summary


def forwards(apps, schema_editor):  # type: ignore[no-untyped-def]
    summary.install(schema_editor.connection)
    month_summary.install(schema_editor.connection)


def backwards(apps, schema_editor):  # type: ignore[no-untyped-def]
    # The triggers without the condition: what 0021 left.
    db = schema_editor.connection
    with db.cursor() as cursor:
        for module in (summary, month_summary):
            for statement in (*module.drop_sql(db.vendor),
                              *module.install_sql(db.vendor, deferred=False)):
                cursor.execute(statement)
        if db.vendor != "postgresql":
            cursor.execute(f"DROP TABLE IF EXISTS {summary.DEFERRED}")


class Migration(migrations.Migration):

    dependencies = [
        ("participants", "0021_first_year_integer_marks_rolled"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
