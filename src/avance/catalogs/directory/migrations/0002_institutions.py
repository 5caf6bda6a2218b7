"""Institutions as tenants: every directory entry that owned units, objectives or editions
becomes an institution with the same key, and units belong to an institution."""

import django.db.models.deletion
from django.db import migrations, models

from avance.catalogs.directory.migrating import institution_for


def make_institutions(apps, schema_editor):
    Organization = apps.get_model("directory", "Organization")
    Unit = apps.get_model("directory", "Unit")
    StrategicObjective = apps.get_model("planning", "StrategicObjective")
    Edition = apps.get_model("reports", "Edition")
    owners = set(Organization.objects.filter(kind="institute").values_list("pk", flat=True))
    owners |= set(Unit.objects.values_list("organization_id", flat=True))
    owners |= set(StrategicObjective.objects.values_list("institute_id", flat=True))
    owners |= set(Edition.objects.values_list("institute_id", flat=True))
    for organization_id in sorted(owners):
        institution_for(apps, organization_id)


class Migration(migrations.Migration):
    dependencies = [
        ("directory", "0001_initial"),
        ("planning", "0001_initial"),
        ("reports", "0003_four_eyes"),
    ]

    operations = [
        migrations.CreateModel(
            name="Institution",
            fields=[
                (
                    "organization",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.PROTECT,
                        primary_key=True,
                        related_name="institution",
                        serialize=False,
                        to="directory.organization",
                        verbose_name="organización",
                    ),
                ),
                (
                    "kind",
                    models.CharField(
                        choices=[
                            ("national", "Instituto nacional"),
                            ("imef", "Instancia de las mujeres en la entidad federativa (IMEF)"),
                            ("imm", "Instancia municipal de las mujeres (IMM)"),
                            ("other", "Otra institución"),
                        ],
                        max_length=12,
                        verbose_name="tipo",
                    ),
                ),
                (
                    "branch",
                    models.CharField(
                        blank=True,
                        help_text="Por ejemplo: Ramo 47",
                        max_length=80,
                        verbose_name="ramo",
                    ),
                ),
                (
                    "entity_key",
                    models.CharField(
                        blank=True,
                        help_text="Por ejemplo: HHE",
                        max_length=12,
                        verbose_name="clave de la entidad",
                    ),
                ),
                (
                    "coordinator",
                    models.ForeignKey(
                        blank=True,
                        help_text=(
                            "El instituto nacional coordina a las IMEF; una IMEF, a las IMM "
                            "de su entidad."
                        ),
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="coordinated",
                        to="directory.institution",
                        verbose_name="institución coordinadora",
                    ),
                ),
            ],
            options={
                "verbose_name": "institución",
                "verbose_name_plural": "instituciones",
                "ordering": ["organization__name"],
            },
        ),
        migrations.RunPython(make_institutions, migrations.RunPython.noop),
    ]
