"""The rejected CURPs already kept in import error reports are masked as new reports mask
them (``importing.validation.mask``): the first four characters, then «•» for the rest, the
length kept visible. Not reversible: the values are not kept anywhere else, by design."""

from django.db import migrations

SHOWN, REPORTED, MASK = 4, 80, "•"


def mask(value) -> str:
    value = "" if value is None else str(value)
    if value.endswith("…"):  # cut to the report's length before
        value = value[:-1]
        cut = True
    else:
        cut = len(value) > REPORTED
    if len(value) <= SHOWN:
        return value
    masked = value[:SHOWN] + MASK * (min(len(value), REPORTED) - SHOWN)
    return masked + ("…" if cut else "")


def mask_reports(apps, schema_editor):
    RosterImport = apps.get_model("people", "RosterImport")
    for batch in RosterImport.objects.exclude(errors=[]).only("errors").iterator(chunk_size=100):
        changed = False
        for row in batch.errors:
            if len(row) >= 5 and row[1] == "CURP" and row[4] == "Error" and row[2]:
                masked = mask(row[2])
                changed |= masked != row[2]
                row[2] = masked
        if changed:
            batch.save(update_fields=["errors"])


class Migration(migrations.Migration):
    dependencies = [("people", "0005_fill_owners_and_counts")]

    operations = [migrations.RunPython(mask_reports, migrations.RunPython.noop)]
