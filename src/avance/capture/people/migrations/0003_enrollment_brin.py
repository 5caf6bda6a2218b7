"""On PostgreSQL the enrollments keep a BRIN index on the roster instead of the B-tree of
their primary key (decision 0008).

Every B-tree costs the bulk load one index entry per row, written and logged: with the
primary key's index a million enrollments took 3.4–3.7 s to ``COPY``, with a BRIN index
1.5–2.1 s (docs/performance.md). A roster's rows are written together, by one ``COPY``, so
they mostly lie in neighbouring pages, and a BRIN index finds them. Mostly: PostgreSQL puts
some rows of a later import into the space left at the end of earlier pages, so a small
roster can be spread over many ranges. Hence the «minmax-multi» summaries (a range holding a
few rows of roster 3 among roster 1's does not match roster 2, as a min–max would) and small
ranges (8 pages, 64 kB): a roster's read costs at most 8 pages per scattered row. The
importer summarises the ranges it filled before it commits.

The pair (roster, pseudonym) stays unique, kept by the importer (``importers.enrollment_writer``:
the file's repetitions are removed by validation, people already in the roster by an
anti-join, and imports into one roster run one after the other under a lock on its row);
``counts.repeated_entries`` checks it. Django's model state keeps the composite primary key
(the ORM needs it); only the database object is replaced, so a later migration must not
alter the key's columns on PostgreSQL without reading decision 0008.

SQLite keeps its primary key: its import inserts with ``ON CONFLICT DO NOTHING``, which
needs the unique index, and its speed is not what the bulk path is measured on.
"""

from django.db import migrations

BRIN = "people_enrollment_roster_brin"


def _primary_key_name(cursor) -> str | None:
    cursor.execute(
        "SELECT conname FROM pg_constraint WHERE conrelid = 'people_enrollment'::regclass "
        "AND contype = 'p'"
    )
    row = cursor.fetchone()
    return row[0] if row else None


def forward(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    with schema_editor.connection.cursor() as cursor:
        name = _primary_key_name(cursor)
    if name:
        schema_editor.execute(f'ALTER TABLE people_enrollment DROP CONSTRAINT "{name}"')
    schema_editor.execute(
        f"CREATE INDEX {BRIN} ON people_enrollment "
        "USING brin (roster_id int8_minmax_multi_ops) "
        "WITH (pages_per_range = 8, autosummarize = on)"
    )


def backward(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f"DROP INDEX IF EXISTS {BRIN}")
    schema_editor.execute(
        "ALTER TABLE people_enrollment ADD CONSTRAINT people_enrollment_pkey "
        "PRIMARY KEY (roster_id, pseudonym)"
    )


class Migration(migrations.Migration):
    dependencies = [("people", "0002_persons_into_enrollments")]

    operations = [migrations.RunPython(forward, backward)]
