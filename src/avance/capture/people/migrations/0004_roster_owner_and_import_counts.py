"""Rosters get an owner (a unit of the institute and/or an organisation, which scopes who
sees and imports them) and imports keep their counts per breakdown (``ImportCount``); both
are filled for the existing rosters by 0005."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('directory', '0001_initial'),
        ('people', '0003_enrollment_brin'),
    ]

    operations = [
        migrations.AddField(
            model_name='historicalroster',
            name='organization',
            field=models.ForeignKey(blank=True, db_constraint=False, help_text='Sus enlaces ven el padrón e importan a él.', null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='directory.organization', verbose_name='organización que informa'),
        ),
        migrations.AddField(
            model_name='historicalroster',
            name='unit',
            field=models.ForeignKey(blank=True, db_constraint=False, help_text='Sus analistas ven el padrón e importan a él.', null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='directory.unit', verbose_name='unidad responsable'),
        ),
        migrations.AddField(
            model_name='roster',
            name='organization',
            field=models.ForeignKey(blank=True, help_text='Sus enlaces ven el padrón e importan a él.', null=True, on_delete=django.db.models.deletion.PROTECT, related_name='rosters', to='directory.organization', verbose_name='organización que informa'),
        ),
        migrations.AddField(
            model_name='roster',
            name='unit',
            field=models.ForeignKey(blank=True, help_text='Sus analistas ven el padrón e importan a él.', null=True, on_delete=django.db.models.deletion.PROTECT, related_name='rosters', to='directory.unit', verbose_name='unidad responsable'),
        ),
        migrations.CreateModel(
            name='ImportCount',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('breakdown', models.CharField(choices=[('sex', 'Sexo'), ('state', 'Entidad de residencia'), ('birth_year', 'Año de nacimiento'), ('organization', 'Organización')], max_length=12, verbose_name='desglose')),
                ('key', models.CharField(blank=True, max_length=255, verbose_name='valor')),
                ('people', models.PositiveIntegerField(verbose_name='personas')),
                ('batch', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='counts', to='people.rosterimport', verbose_name='importación')),
            ],
            options={
                'verbose_name': 'conteo de importación',
                'verbose_name_plural': 'conteos de importación',
                'constraints': [models.UniqueConstraint(fields=('batch', 'breakdown', 'key'), name='importcount_batch_breakdown_key')],
            },
        ),
    ]
