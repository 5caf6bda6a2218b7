"""An edition belongs to an institution (the directory entry it named, now a tenant with the
same key); its number is unique within the institution's document and year."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("reports", "0003_four_eyes"),
        ("directory", "0003_unit_institution"),
    ]

    operations = [
        migrations.RemoveConstraint(model_name="edition", name="edition_unique_number"),
        migrations.RenameField(model_name="edition", old_name="institute", new_name="institution"),
        migrations.AlterField(
            model_name="edition",
            name="institution",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="editions",
                to="directory.institution",
                verbose_name="institución",
            ),
        ),
        migrations.AddConstraint(
            model_name="edition",
            constraint=models.UniqueConstraint(
                fields=("institution", "template", "year", "number"),
                name="edition_unique_number",
            ),
        ),
    ]
