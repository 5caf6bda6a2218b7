"""The table of persons is folded into the enrollments (decision 0008).

Each enrollment gets the CURP's facts of its person (sex, birth year, state of birth); its
``person_id`` column, the pseudonym, is renamed ``pseudonym`` (the primary key (roster,
pseudonym) and its index stay as they are); ``people_person`` is dropped. The model state
is replaced in one step: Django cannot alter a composite primary key's fields.

Reversible: going back rebuilds ``people_person`` from the distinct pseudonyms.
"""

import django.db.models.deletion
from django.db import migrations, models

NEW_COLUMNS = (
    ("curp_sex", "varchar(1)", "''"),
    ("birth_year", "smallint", "0"),
    ("birth_state", "varchar(2)", "''"),
)


def forward(apps, schema_editor):
    postgresql = schema_editor.connection.vendor == "postgresql"
    run = schema_editor.execute
    run("ALTER TABLE people_enrollment RENAME COLUMN person_id TO pseudonym")
    for name, kind, default in NEW_COLUMNS:
        check = " CHECK (birth_year >= 0)" if name == "birth_year" else ""
        run(
            f"ALTER TABLE people_enrollment ADD COLUMN {name} {kind} "
            f"NOT NULL DEFAULT {default}{check}"
        )
    if postgresql:
        run(
            "UPDATE people_enrollment e SET curp_sex = p.sex, birth_year = p.birth_year, "
            "birth_state = p.birth_state FROM people_person p WHERE p.pseudonym = e.pseudonym"
        )
        for name, _kind, _default in NEW_COLUMNS:
            run(f"ALTER TABLE people_enrollment ALTER COLUMN {name} DROP DEFAULT")
    else:
        run(
            "UPDATE people_enrollment SET (curp_sex, birth_year, birth_state) = "
            "(SELECT p.sex, p.birth_year, p.birth_state FROM people_person p "
            "WHERE p.pseudonym = people_enrollment.pseudonym)"
        )
    run("DROP TABLE people_person")


def backward(apps, schema_editor):
    run = schema_editor.execute
    blob = "bytea" if schema_editor.connection.vendor == "postgresql" else "BLOB"
    run(
        f"CREATE TABLE people_person (pseudonym {blob} NOT NULL PRIMARY KEY, "
        "sex varchar(1) NOT NULL, birth_year smallint NOT NULL CHECK (birth_year >= 0), "
        "birth_state varchar(2) NOT NULL)"
    )
    run(
        "INSERT INTO people_person (pseudonym, sex, birth_year, birth_state) "
        "SELECT pseudonym, MIN(curp_sex), MIN(birth_year), MIN(birth_state) "
        "FROM people_enrollment GROUP BY pseudonym"
    )
    for name, _kind, _default in NEW_COLUMNS:
        run(f"ALTER TABLE people_enrollment DROP COLUMN {name}")
    run("ALTER TABLE people_enrollment RENAME COLUMN pseudonym TO person_id")


ENROLLMENT_FIELDS = [
    (
        "pk",
        models.CompositePrimaryKey(
            "roster", "pseudonym", blank=True, editable=False, primary_key=True, serialize=False
        ),
    ),
    ("pseudonym", models.BinaryField(max_length=32, verbose_name="seudónimo")),
    ("curp_sex", models.CharField(max_length=1, verbose_name="sexo en la CURP")),
    ("birth_year", models.PositiveSmallIntegerField(verbose_name="año de nacimiento")),
    (
        "birth_state",
        models.CharField(
            help_text="Clave INEGI, o NE si nació fuera.",
            max_length=2,
            verbose_name="entidad de nacimiento",
        ),
    ),
    (
        "sex",
        models.CharField(
            choices=[("M", "Mujer"), ("H", "Hombre"), ("X", "Otro"), ("N", "No especificado")],
            max_length=1,
            verbose_name="sexo",
        ),
    ),
    ("state", models.CharField(blank=True, max_length=2, verbose_name="entidad de residencia")),
    ("completed_on", models.DateField(blank=True, null=True, verbose_name="fecha de conclusión")),
    (
        "organization",
        models.CharField(blank=True, max_length=255, verbose_name="organización de adscripción"),
    ),
    (
        "roster",
        models.ForeignKey(
            db_constraint=False,
            db_index=False,
            on_delete=django.db.models.deletion.CASCADE,
            related_name="entries",
            to="people.roster",
        ),
    ),
    (
        "import_batch",
        models.ForeignKey(
            blank=True,
            db_constraint=False,
            db_index=False,
            null=True,
            on_delete=django.db.models.deletion.DO_NOTHING,
            related_name="entries",
            to="people.rosterimport",
        ),
    ),
]


class Migration(migrations.Migration):
    dependencies = [("people", "0001_initial")]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[migrations.RunPython(forward, backward)],
            state_operations=[
                migrations.DeleteModel(name="Enrollment"),
                migrations.DeleteModel(name="Person"),
                migrations.CreateModel(
                    name="Enrollment",
                    fields=ENROLLMENT_FIELDS,
                    options={
                        "verbose_name": "persona del padrón",
                        "verbose_name_plural": "personas del padrón",
                    },
                ),
            ],
        )
    ]
