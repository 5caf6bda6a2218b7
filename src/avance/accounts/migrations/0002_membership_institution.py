"""A role is held in an institution: the memberships of a single-institute database belong
to its institute."""

import django.db.models.deletion
from django.db import migrations, models

import avance.catalogs.directory.models
from avance.catalogs.directory.migrating import national_institution


def fill(apps, schema_editor):
    Membership = apps.get_model("accounts", "Membership")
    if Membership.objects.exists():
        Membership.objects.update(institution_id=national_institution(apps))


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0001_initial"),
        ("directory", "0002_institutions"),
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
        # NOT NULL first, then the default: a callable default given with the change of
        # nullability would be called to fill the rows (and make an institution in every
        # database); the rows are filled above.
        migrations.AlterField(
            model_name="membership",
            name="institution",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="memberships",
                to="directory.institution",
                verbose_name="institución",
            ),
        ),
        migrations.AlterField(
            model_name="membership",
            name="institution",
            field=models.ForeignKey(
                default=avance.catalogs.directory.models.default_institution_id,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="memberships",
                to="directory.institution",
                verbose_name="institución",
            ),
        ),
    ]
