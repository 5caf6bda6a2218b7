"""The second half of 0002_bodies_per_institution: the changes of the table whose rows it filled,
in a transaction of their own (PostgreSQL does not alter a table with pending foreign-key checks)."""

import avance.catalogs.directory.models
import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('bodies', '0002_bodies_per_institution'),
        ('directory', '0005_unit_message'),
    ]

    operations = [
        # NOT NULL first, then the default: a callable default given with the change of
        # nullability would be called to fill the rows.
        migrations.AlterField(
            model_name='body',
            name='institution',
            field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='bodies', to='directory.institution', verbose_name='institución'),
        ),
        migrations.AlterField(
            model_name='body',
            name='institution',
            field=models.ForeignKey(default=avance.catalogs.directory.models.default_institution_id, on_delete=django.db.models.deletion.PROTECT, related_name='bodies', to='directory.institution', verbose_name='institución'),
        ),
        migrations.AlterField(
            model_name='historicalbody',
            name='institution',
            field=models.ForeignKey(blank=True, db_constraint=False, default=avance.catalogs.directory.models.default_institution_id, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='directory.institution', verbose_name='institución'),
        ),
        migrations.AddConstraint(
            model_name='body',
            constraint=models.UniqueConstraint(fields=('institution', 'name'), name='body_unique_name', violation_error_message='Ya existe un órgano con este nombre.'),
        ),
    ]
