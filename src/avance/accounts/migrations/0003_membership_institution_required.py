"""The second half of 0002_membership_institution: the changes of the tables whose rows it filled, in a
transaction of their own (PostgreSQL does not alter a table with pending foreign-key checks)."""

import django.db.models.deletion
from django.db import migrations, models

import avance.catalogs.directory.models


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0002_membership_institution"),
    ]

    operations = [
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
