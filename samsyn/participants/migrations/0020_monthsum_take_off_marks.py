"""The summaries' triggers take a removed row's marks off the rows holding them and insert
nothing (participants/summary.py, month_summary.py), so a flush that empties a summary before
its rows leaves no negative rows behind. The month summary is made again from the rows: the
rebuild of 0019 as first written dropped the rows at 0, and every key a row marks must have
its row for the new triggers to find it."""

from django.db import migrations

from samsyn.participants import month_summary, summary


def install(apps, schema_editor):  # type: ignore[no-untyped-def]
    summary.install(schema_editor.connection)
    month_summary.rebuild(schema_editor.connection)


class Migration(migrations.Migration):

    dependencies = [
        ('participants', '0019_reportsum_month_summary'),
    ]

    operations = [
        migrations.RunPython(install, migrations.RunPython.noop),
    ]
