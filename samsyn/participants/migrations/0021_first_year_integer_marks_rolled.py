"""The year bound's index with an integer first year, and the month summary's triggers made
again (participants/month_summary.py: on PostgreSQL a write's marks rolled up from two
groupings of its rows instead of eight; on SQLite the months read off the date's text).

EXTRACT returns numeric on PostgreSQL 14 and later, so 0015's index kept a numeric key, computed
and compared as numeric on every insert of a participation (docs/benchmarks.md, rounds 15 and
19). queries._first_year writes the same integer expression, so the planner still reads a
period's years from the index. PostgreSQL's own, as 0015; the triggers on both databases."""

from django.db import migrations

from samsyn.participants import month_summary

INDEX = "participation_first_year"
CREATE = """
CREATE INDEX {index} ON participants_participation (
  intervention_id,
  ({year}),
  (COALESCE(end_date, DATE '9999-12-31')))
"""
FIRST = "LEAST(start_date, COALESCE(end_date, DATE '9999-12-31'))"


def _index(schema_editor, year: str) -> None:  # type: ignore[no-untyped-def]
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")
        schema_editor.execute(CREATE.format(index=INDEX, year=year))


def forwards(apps, schema_editor):  # type: ignore[no-untyped-def]
    _index(schema_editor, f"CAST(EXTRACT(YEAR FROM {FIRST}) AS INTEGER)")
    month_summary.install(schema_editor.connection)


def backwards(apps, schema_editor):  # type: ignore[no-untyped-def]
    _index(schema_editor, f"EXTRACT(YEAR FROM {FIRST})")


class Migration(migrations.Migration):

    dependencies = [
        ("participants", "0020_monthsum_take_off_marks"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
