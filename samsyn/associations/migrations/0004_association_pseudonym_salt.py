import secrets

from django.db import migrations, models

import samsyn.associations.models


def give_each_its_own_salt(apps, schema_editor):
    # AddField computes a callable default once for every existing row; each förbund needs its own.
    Association = apps.get_model("associations", "Association")
    for association in Association.objects.all():
        association.pseudonym_salt = secrets.token_hex(32)
        association.save(update_fields=["pseudonym_salt"])


class Migration(migrations.Migration):

    dependencies = [
        ("associations", "0003_membership_sees_finance"),
    ]

    operations = [
        migrations.AddField(
            model_name="association",
            name="pseudonym_salt",
            field=models.CharField(default=samsyn.associations.models.new_salt, editable=False,
                                   max_length=64),
        ),
        migrations.RunPython(give_each_its_own_salt, migrations.RunPython.noop),
    ]
