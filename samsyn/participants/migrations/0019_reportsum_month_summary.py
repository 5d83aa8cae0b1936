"""The report's month summary (participants/month_summary.py): the table, the triggers that
keep it in every write's transaction, and its first filling from the rows."""

from django.db import migrations, models

from samsyn.participants import month_summary


def install(apps, schema_editor):  # type: ignore[no-untyped-def]
    month_summary.rebuild(schema_editor.connection)
    month_summary.cover(schema_editor.connection)


def uninstall(apps, schema_editor):  # type: ignore[no-untyped-def]
    month_summary.uninstall(schema_editor.connection)


class Migration(migrations.Migration):

    dependencies = [
        ('participants', '0018_fid26e_new_share'),
    ]

    operations = [
        migrations.CreateModel(
            name='ParticipationMonth',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('intervention_id', models.IntegerField()),
                ('span', models.CharField(max_length=1)),
                ('kind', models.CharField(max_length=4)),
                ('month', models.DateField()),
                ('source', models.CharField(max_length=1)),
                ('gender', models.CharField(max_length=10)),
                ('code', models.CharField(max_length=20)),
                ('kommun', models.IntegerField()),
                ('age', models.CharField(max_length=10)),
                ('count', models.IntegerField()),
            ],
            options={
                'verbose_name': 'participation month',
                'verbose_name_plural': 'participation months',
                'constraints': [models.UniqueConstraint(fields=('intervention_id', 'span', 'kind', 'month', 'source', 'gender', 'code', 'kommun', 'age'), name='participation_month_key')],
            },
        ),
        migrations.RunPython(install, uninstall),
    ]
