"""Counters per group of tables, moved by triggers in the writing transaction (core/models.py).

PostgreSQL: one statement-level trigger per table, after INSERT, UPDATE, DELETE or TRUNCATE.
SQLite: one row-level trigger per table and operation (SQLite has no statement triggers).
The counters are only ever updated by the triggers, never inserted: if their rows are
removed (a test database flushed), the caches fall back to the whole database's stamp.
"""

from django.db import migrations, models

# The groups at the time of this migration (a migration keeps its own copy).
GROUPS = {
    "identity": ("django_session", "auth_user", "accounts_membership"),
    "list catalogs": ("planning_strategicobjective", "directory_organization"),
}
FUNCTION = "avance_next_generation"


def _trigger(table: str, operation: str = "") -> str:
    return f"avance_generation_{table}{'_' + operation.lower() if operation else ''}"


def create(apps, schema_editor):
    Generation = apps.get_model("core", "Generation")
    Generation.objects.bulk_create([Generation(name=name, value=0) for name in GROUPS])
    connection = schema_editor.connection
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                f"CREATE OR REPLACE FUNCTION {FUNCTION}() RETURNS trigger LANGUAGE plpgsql AS $$ "
                "BEGIN UPDATE core_generation SET value = value + 1 WHERE name = TG_ARGV[0]; "
                "RETURN NULL; END $$"
            )
        for group, tables in GROUPS.items():
            for table in tables:
                if connection.vendor == "postgresql":
                    cursor.execute(
                        f"CREATE TRIGGER {_trigger(table)} AFTER INSERT OR UPDATE OR DELETE "
                        f"OR TRUNCATE ON {quote(table)} FOR EACH STATEMENT "
                        f"EXECUTE FUNCTION {FUNCTION}('{group}')"
                    )
                elif connection.vendor == "sqlite":
                    for operation in ("INSERT", "UPDATE", "DELETE"):
                        cursor.execute(
                            f"CREATE TRIGGER {_trigger(table, operation)} AFTER {operation} "
                            f"ON {quote(table)} FOR EACH ROW BEGIN UPDATE core_generation "
                            f"SET value = value + 1 WHERE name = '{group}'; END"
                        )


def drop(apps, schema_editor):
    connection = schema_editor.connection
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        for tables in GROUPS.values():
            for table in tables:
                if connection.vendor == "postgresql":
                    cursor.execute(f"DROP TRIGGER IF EXISTS {_trigger(table)} ON {quote(table)}")
                elif connection.vendor == "sqlite":
                    for operation in ("INSERT", "UPDATE", "DELETE"):
                        cursor.execute(f"DROP TRIGGER IF EXISTS {_trigger(table, operation)}")
        if connection.vendor == "postgresql":
            cursor.execute(f"DROP FUNCTION IF EXISTS {FUNCTION}()")


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("sessions", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("accounts", "0001_initial"),
        ("planning", "0001_initial"),
        ("directory", "0001_initial"),
    ]

    operations = [
        migrations.CreateModel(
            name="Generation",
            fields=[
                ("name", models.CharField(max_length=40, primary_key=True, serialize=False)),
                ("value", models.BigIntegerField(default=0)),
            ],
            options={"verbose_name": "generación", "verbose_name_plural": "generaciones"},
        ),
        migrations.RunPython(create, drop, elidable=False),
    ]
