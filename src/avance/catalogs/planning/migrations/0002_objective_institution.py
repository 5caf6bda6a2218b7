"""An objective belongs to an institution (the directory entry it named, now a tenant with the
same key)."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("planning", "0001_initial"),
        ("directory", "0003_unit_institution"),
    ]

    operations = [
        migrations.RemoveConstraint(model_name="strategicobjective", name="objective_unique_number"),
        migrations.RenameField(
            model_name="strategicobjective", old_name="institute", new_name="institution"
        ),
        migrations.AlterField(
            model_name="strategicobjective",
            name="institution",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="objectives",
                to="directory.institution",
                verbose_name="institución",
            ),
        ),
        migrations.AddConstraint(
            model_name="strategicobjective",
            constraint=models.UniqueConstraint(
                fields=("institution", "number", "start_year"), name="objective_unique_number"
            ),
        ),
    ]
