"""The second half of 0011_activity_institution: the changes of the tables whose rows it filled, in a
transaction of their own (PostgreSQL does not alter a table with pending foreign-key checks)."""

import django.db.models.deletion
from django.db import migrations, models

import avance.catalogs.directory.models


class Migration(migrations.Migration):
    dependencies = [
        ("activities", "0011_activity_institution"),
    ]

    operations = [
        migrations.AlterField(
            model_name="historicalactivity",
            name="institution",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                default=avance.catalogs.directory.models.default_institution_id,
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to="directory.institution",
                verbose_name="institución",
            ),
        ),
        # NOT NULL first, then the default: a callable default given with the change of
        # nullability would be called to fill the rows (and make an institution in every
        # database); the rows are filled above.
        migrations.AlterField(
            model_name="activity",
            name="institution",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="activities",
                to="directory.institution",
                verbose_name="institución",
            ),
        ),
        migrations.AlterField(
            model_name="activity",
            name="institution",
            field=models.ForeignKey(
                default=avance.catalogs.directory.models.default_institution_id,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="activities",
                to="directory.institution",
                verbose_name="institución",
            ),
        ),
    ]
