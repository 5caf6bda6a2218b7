from django.db import migrations


def load_states(apps, schema_editor):
    from avance.catalogs.territory.states import STATES

    State = apps.get_model("territory", "State")
    for code, name, common, abbreviation, curp in STATES:
        State.objects.update_or_create(
            code=code,
            defaults={"name": name, "common_name": common, "abbreviation": abbreviation,
                      "curp_code": curp},
        )


class Migration(migrations.Migration):
    dependencies = [("territory", "0001_initial")]
    operations = [migrations.RunPython(load_states, migrations.RunPython.noop)]
