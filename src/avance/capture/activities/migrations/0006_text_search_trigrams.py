"""Trigram indexes for the list's text search, on PostgreSQL only.

The list's search («Buscar en título y redacción») is ``icontains`` on the title and the
narrative, which Django writes as ``UPPER(col::text) LIKE UPPER('%…%')``: a scan of every
activity (14 ms for each of the two queries of a page with 10,000 activities, bench/pages.py).
A GIN index with ``gin_trgm_ops`` on the same expression answers such a LIKE. SQLite has no
equivalent and does not need one (its scan runs in process, under a millisecond per thousand
rows).

``pg_trgm`` is a trusted extension (PostgreSQL 13+): the database's owner may create it. When
it cannot be created, the indexes are not made and the search scans as before (same results).
"""

from django.db import migrations, transaction

INDEXES = {
    "activity_title_trgm": "title",
    "activity_narrative_trgm": "narrative",
}


def create(apps, schema_editor):
    connection = schema_editor.connection
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        try:
            with transaction.atomic(using=connection.alias):
                cursor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        except Exception:  # no right to create it here: the search keeps its scan
            return
        for name, column in INDEXES.items():
            cursor.execute(
                f"CREATE INDEX IF NOT EXISTS {name} ON activities_activity "
                f'USING gin ((UPPER("{column}"::text)) gin_trgm_ops)'
            )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    with schema_editor.connection.cursor() as cursor:
        for name in INDEXES:
            cursor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [("activities", "0005_activity_m2m_history")]

    operations = [migrations.RunPython(create, drop, elidable=False)]
