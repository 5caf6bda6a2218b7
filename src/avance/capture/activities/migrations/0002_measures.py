from django.db import migrations


def load_measures(apps, schema_editor):
    from avance.capture.activities.measures import MEASURES

    Measure = apps.get_model("activities", "Measure")
    for code, name, unit, by_sex, sums in MEASURES:
        Measure.objects.get_or_create(
            code=code,
            defaults={"name": name, "unit": unit, "by_sex": by_sex, "parts_sum_to_total": sums},
        )


class Migration(migrations.Migration):
    dependencies = [("activities", "0001_initial")]
    operations = [migrations.RunPython(load_measures, migrations.RunPython.noop)]
