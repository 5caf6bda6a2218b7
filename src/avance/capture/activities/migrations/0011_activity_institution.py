"""An activity belongs to an institution: its unit's, else its objective's, else the national
institute (a single-institute database has one). Its history rows say the same."""

import django.db.models.deletion
from django.db import migrations, models
from django.db.models import OuterRef, Subquery

from avance.catalogs.directory.migrating import national_institution


def fill(apps, schema_editor):
    Activity = apps.get_model("activities", "Activity")
    HistoricalActivity = apps.get_model("activities", "HistoricalActivity")
    Unit = apps.get_model("directory", "Unit")
    StrategicObjective = apps.get_model("planning", "StrategicObjective")
    if not Activity.objects.exists():
        return
    unit = Unit.objects.filter(pk=OuterRef("unit_id")).values("institution_id")
    objective = StrategicObjective.objects.filter(pk=OuterRef("objective_id")).values(
        "institution_id"
    )
    Activity.objects.filter(unit__isnull=False).update(institution_id=Subquery(unit))
    Activity.objects.filter(institution__isnull=True, objective__isnull=False).update(
        institution_id=Subquery(objective)
    )
    Activity.objects.filter(institution__isnull=True).update(
        institution_id=national_institution(apps)
    )
    current = Activity.objects.filter(pk=OuterRef("id")).values("institution_id")
    HistoricalActivity.objects.update(institution_id=Subquery(current))


class Migration(migrations.Migration):
    dependencies = [
        ("activities", "0010_whole_numbers"),
        ("directory", "0003_unit_institution"),
        ("planning", "0002_objective_institution"),
    ]

    operations = [
        migrations.AddField(
            model_name="activity",
            name="institution",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="activities",
                to="directory.institution",
                verbose_name="institución",
            ),
        ),
        migrations.AddField(
            model_name="historicalactivity",
            name="institution",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to="directory.institution",
                verbose_name="institución",
            ),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]
