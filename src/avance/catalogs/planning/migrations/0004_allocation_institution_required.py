"""The second half of 0003_allocations_per_institution: the changes of the tables whose rows it filled, in a
transaction of their own (PostgreSQL does not alter a table with pending foreign-key checks)."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

import avance.catalogs.directory.models


class Migration(migrations.Migration):
    dependencies = [
        ("planning", "0003_allocations_per_institution"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        # NOT NULL first, then the default (see activities 0011: a callable default given
        # with the change of nullability would be called to fill the rows).
        migrations.AlterField(
            model_name='budgetallocation',
            name='institution',
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='allocations', to='directory.institution', verbose_name='institución'),
        ),
        migrations.AlterField(
            model_name='budgetallocation',
            name='institution',
            field=models.ForeignKey(default=avance.catalogs.directory.models.default_institution_id, on_delete=django.db.models.deletion.CASCADE, related_name='allocations', to='directory.institution', verbose_name='institución'),
        ),
        migrations.AddField(
            model_name='budgetallocation',
            name='paid',
            field=models.DecimalField(blank=True, decimal_places=2, max_digits=16, null=True, verbose_name='pagado'),
        ),
        migrations.AlterField(
            model_name='budgetallocation',
            name='approved',
            field=models.DecimalField(blank=True, decimal_places=2, max_digits=16, null=True, verbose_name='aprobado'),
        ),
        migrations.AlterField(
            model_name='budgetallocation',
            name='exercised',
            field=models.DecimalField(blank=True, decimal_places=2, max_digits=16, null=True, verbose_name='ejercido'),
        ),
        migrations.AlterField(
            model_name='budgetallocation',
            name='modified',
            field=models.DecimalField(blank=True, decimal_places=2, max_digits=16, null=True, verbose_name='modificado'),
        ),
        migrations.AlterField(
            model_name='budgetallocation',
            name='program',
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='years', to='planning.budgetprogram', verbose_name='programa presupuestario'),
        ),
        migrations.AlterField(
            model_name='budgetallocation',
            name='rules_published',
            field=models.DateField(blank=True, null=True, verbose_name='publicación de reglas de operación'),
        ),
        migrations.AddConstraint(
            model_name='budgetallocation',
            constraint=models.UniqueConstraint(fields=('institution', 'program', 'year'), name='allocation_unique_year', violation_error_message='Ese programa ya tiene montos en ese ejercicio.'),
        ),
        migrations.AddField(
            model_name='historicalbudgetallocation',
            name='history_user',
            field=models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL),
        ),
        migrations.AddField(
            model_name='historicalbudgetallocation',
            name='institution',
            field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='directory.institution', verbose_name='institución'),
        ),
        migrations.AlterField(
            model_name='historicalbudgetallocation',
            name='institution',
            field=models.ForeignKey(blank=True, db_constraint=False, default=avance.catalogs.directory.models.default_institution_id, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='directory.institution', verbose_name='institución'),
        ),
        migrations.AddField(
            model_name='historicalbudgetallocation',
            name='program',
            field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='planning.budgetprogram', verbose_name='programa presupuestario'),
        ),
        migrations.AddField(
            model_name='historicalstrategicobjective',
            name='history_user',
            field=models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL),
        ),
        migrations.AddField(
            model_name='historicalstrategicobjective',
            name='institution',
            field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='directory.institution', verbose_name='institución'),
        ),
    ]
