"""A role is held in an institution: the memberships of a single-institute database belong
to its institute."""

import django.db.models.deletion
from django.db import migrations, models

from avance.catalogs.directory.migrating import national_institution


def fill(apps, schema_editor):
    Membership = apps.get_model("accounts", "Membership")
    if Membership.objects.exists():
        Membership.objects.update(institution_id=national_institution(apps))


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0001_initial"),
        ("directory", "0003_unit_institution"),
    ]

    operations = [
        migrations.AddField(
            model_name="membership",
            name="institution",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="memberships",
                to="directory.institution",
                verbose_name="institución",
            ),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]
