"""The list's text search reads one stored column, ``search_text``.

Until now the search was ``icontains`` on the title and on the narrative, which Django
writes as ``UPPER(col::text) LIKE UPPER('%…%')``: PostgreSQL upper-cased both columns of
every row on every search, twice per page (the count and the rows). 24 ms for 10,000
activities; the same LIKE on a stored upper-case column takes 6 ms. The column is generated
by the database (``GENERATED ALWAYS … STORED``), so bulk writes and raw SQL keep it right.
It also drops the accents of Spanish vowels, so that «autonomia» finds «Autonomía».

On PostgreSQL the two trigram indexes of 0006 (on the upper-cased columns, which the search
no longer reads) are replaced by one on ``search_text``, when ``pg_trgm`` can be created.
"""

from django.db import migrations, models, transaction
from django.db.models.functions import Concat, Replace, Upper

# As in models.SEARCH_FOLDS at the time of this migration (a migration keeps its own copy).
FOLDS = (
    ("á", "A"), ("é", "E"), ("í", "I"), ("ó", "O"), ("ú", "U"), ("ü", "U"), ("ñ", "Ñ"),
    ("Á", "A"), ("É", "E"), ("Í", "I"), ("Ó", "O"), ("Ú", "U"), ("Ü", "U"),
)  # fmt: skip

OLD_INDEXES = {"activity_title_trgm": "title", "activity_narrative_trgm": "narrative"}
INDEX = "activity_search_trgm"


def expression():
    text = models.TextField()
    folded = Upper(Concat("title", models.Value("\n"), "narrative", output_field=text))
    for accented, plain in FOLDS:
        folded = Replace(folded, models.Value(accented), models.Value(plain), output_field=text)
    return folded


def drop_old_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    with schema_editor.connection.cursor() as cursor:
        for name in OLD_INDEXES:
            cursor.execute(f"DROP INDEX IF EXISTS {name}")


def restore_old_indexes(apps, schema_editor):
    connection = schema_editor.connection
    if connection.vendor != "postgresql" or not _trigrams(connection):
        return
    with connection.cursor() as cursor:
        for name, column in OLD_INDEXES.items():
            cursor.execute(
                f"CREATE INDEX IF NOT EXISTS {name} ON activities_activity "
                f'USING gin ((UPPER("{column}"::text)) gin_trgm_ops)'
            )


def _trigrams(connection) -> bool:
    """Whether pg_trgm is there or can be created (a trusted extension, PostgreSQL 13+)."""
    with connection.cursor() as cursor:
        try:
            with transaction.atomic(using=connection.alias):
                cursor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        except Exception:  # no right to create it here: the search scans (same results)
            return False
    return True


def create_index(apps, schema_editor):
    connection = schema_editor.connection
    if connection.vendor != "postgresql" or not _trigrams(connection):
        return
    with connection.cursor() as cursor:
        cursor.execute(
            f"CREATE INDEX IF NOT EXISTS {INDEX} ON activities_activity "
            "USING gin (search_text gin_trgm_ops)"
        )


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [("activities", "0006_text_search_trigrams")]

    operations = [
        migrations.RunPython(drop_old_indexes, restore_old_indexes, elidable=False),
        migrations.AddField(
            model_name="activity",
            name="search_text",
            field=models.GeneratedField(
                expression=expression(), output_field=models.TextField(), db_persist=True
            ),
        ),
        migrations.RunPython(create_index, drop_index, elidable=False),
    ]
