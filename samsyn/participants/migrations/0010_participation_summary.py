"""The participation summary (participants/summary.py): the table, the triggers that keep it
in every write's transaction, and its first filling from the rows."""

from django.db import migrations, models

from samsyn.participants import summary


def install(apps, schema_editor):  # type: ignore[no-untyped-def]
    summary.rebuild(schema_editor.connection)


def uninstall(apps, schema_editor):  # type: ignore[no-untyped-def]
    summary.uninstall(schema_editor.connection)


class Migration(migrations.Migration):

    dependencies = [
        ('participants', '0009_published_snapshots'),
    ]

    operations = [
        migrations.CreateModel(
            name='ParticipationSummary',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('intervention_id', models.IntegerField()),
                ('day', models.DateField()),
                ('kind', models.CharField(max_length=4)),
                ('source', models.CharField(max_length=1)),
                ('gender', models.CharField(max_length=10)),
                ('code', models.CharField(max_length=20)),
                ('count', models.IntegerField()),
            ],
            options={
                'verbose_name': 'participation summary',
                'verbose_name_plural': 'participation summaries',
                'constraints': [models.UniqueConstraint(fields=('intervention_id', 'day', 'kind', 'source', 'gender', 'code'), name='participation_summary_key')],
            },
        ),
        migrations.RunPython(install, uninstall),
    ]
