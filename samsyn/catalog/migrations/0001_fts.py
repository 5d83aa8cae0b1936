from django.db import migrations

CREATE = ('CREATE VIRTUAL TABLE IF NOT EXISTS catalog_fts USING fts5('
          'body, tokenize = "unicode61 remove_diacritics 0")')


def create_index(apps, schema_editor):
    # SQLite only: PostgreSQL searches its Swedish text configuration directly.
    if schema_editor.connection.vendor != "sqlite":
        return
    schema_editor.execute(CREATE)
    Intervention = apps.get_model("interventions", "Intervention")
    for i in Intervention.objects.filter(public=True).prefetch_related("target_groups"):
        body = " ".join([i.name, i.catalog_offers, i.catalog_audience, i.catalog_referral,
                         *(g.name for g in i.target_groups.all())])
        schema_editor.execute("INSERT INTO catalog_fts (rowid, body) VALUES (%s, %s)",
                              [i.pk, body])


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        schema_editor.execute("DROP TABLE IF EXISTS catalog_fts")


class Migration(migrations.Migration):
    dependencies = [("interventions", "0002_intervention_aggregate_only")]

    operations = [migrations.RunPython(create_index, drop_index)]
