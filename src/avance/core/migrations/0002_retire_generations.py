"""The counters of migration 0001 and their triggers are gone: sessions are Django's own and
pages are built from the records on every request (docs/decisions/0010)."""

from django.db import migrations

TABLES = (
    "django_session",
    "auth_user",
    "accounts_membership",
    "planning_strategicobjective",
    "directory_organization",
)


def drop_triggers(apps, schema_editor):
    connection = schema_editor.connection
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        for table in TABLES:
            if connection.vendor == "postgresql":
                cursor.execute(f"DROP TRIGGER IF EXISTS avance_generation_{table} ON {quote(table)}")
            elif connection.vendor == "sqlite":
                for operation in ("insert", "update", "delete"):
                    cursor.execute(f"DROP TRIGGER IF EXISTS avance_generation_{table}_{operation}")
        if connection.vendor == "postgresql":
            cursor.execute("DROP FUNCTION IF EXISTS avance_next_generation()")


class Migration(migrations.Migration):
    dependencies = [("core", "0001_generations")]

    operations = [
        migrations.RunPython(drop_triggers, migrations.RunPython.noop, elidable=True),
        migrations.DeleteModel(name="Generation"),
    ]
