"""The participations by insats, first year and end: a period's figures read the rows of
the years that can touch it (queries._groups_sql), one index descent per year, instead of
every row that ended after the period began. PostgreSQL's own: SQLite reads its small
registers whole, and the expression is written in PostgreSQL's SQL."""

from django.db import migrations

INDEX = "participation_first_year"
CREATE = f"""
CREATE INDEX IF NOT EXISTS {INDEX} ON participants_participation (
  intervention_id,
  (EXTRACT(YEAR FROM LEAST(start_date, COALESCE(end_date, DATE '9999-12-31')))),
  (COALESCE(end_date, DATE '9999-12-31')))
"""


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):

    dependencies = [
        ("participants", "0014_snapshot_withheld"),
    ]

    operations = [migrations.RunPython(create, drop)]
