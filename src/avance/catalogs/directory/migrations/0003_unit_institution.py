"""The second half of 0002_institutions: the changes of the tables whose rows it filled, in a
transaction of their own (PostgreSQL does not alter a table with pending foreign-key checks)."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("directory", "0002_institutions"),
    ]

    operations = [
        migrations.RemoveConstraint(model_name="unit", name="unit_unique_name"),
        migrations.RenameField(model_name="unit", old_name="organization", new_name="institution"),
        migrations.AlterField(
            model_name="unit",
            name="institution",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="units",
                to="directory.institution",
                verbose_name="institución",
            ),
        ),
        migrations.AddConstraint(
            model_name="unit",
            constraint=models.UniqueConstraint(
                fields=("institution", "name"), name="unit_unique_name"
            ),
        ),
    ]
