"""A roster belongs to an institution: its activity's, else its unit's, else the national
institute; its name is unique within the institution (narratives cite it by name)."""

import django.db.models.deletion
from django.db import migrations, models
from django.db.models import OuterRef, Subquery

from avance.catalogs.directory.migrating import national_institution


def fill(apps, schema_editor):
    Roster = apps.get_model("people", "Roster")
    HistoricalRoster = apps.get_model("people", "HistoricalRoster")
    Activity = apps.get_model("activities", "Activity")
    Unit = apps.get_model("directory", "Unit")
    if not Roster.objects.exists():
        return
    activity = Activity.objects.filter(pk=OuterRef("activity_id")).values("institution_id")
    unit = Unit.objects.filter(pk=OuterRef("unit_id")).values("institution_id")
    Roster.objects.filter(activity__isnull=False).update(institution_id=Subquery(activity))
    Roster.objects.filter(institution__isnull=True, unit__isnull=False).update(
        institution_id=Subquery(unit)
    )
    Roster.objects.filter(institution__isnull=True).update(
        institution_id=national_institution(apps)
    )
    current = Roster.objects.filter(pk=OuterRef("id")).values("institution_id")
    HistoricalRoster.objects.update(institution_id=Subquery(current))


class Migration(migrations.Migration):
    dependencies = [
        ("people", "0006_mask_rejected_curps"),
        ("activities", "0012_activity_institution_required"),
        ("directory", "0003_unit_institution"),
    ]

    operations = [
        migrations.AddField(
            model_name="roster",
            name="institution",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="rosters",
                to="directory.institution",
                verbose_name="institución",
            ),
        ),
        migrations.AddField(
            model_name="historicalroster",
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
