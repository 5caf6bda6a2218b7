"""Writing a roster's validated rows: pseudonymise them, leave out the people the roster
already has, write the others and count them, inside the caller's transaction.

* ``entries_frame`` — the valid rows as they are stored: the CURP's keyed pseudonym and what
  the CURP states (sex letter, birth year, state of birth) instead of the CURP itself, and
  what the file says (sex as counted, state, completion date, organisation).
* ``write_entries`` — the roster's row is locked first, so that imports into one roster run
  one after the other (PostgreSQL keeps no unique index on (roster, pseudonym): decision
  0008); the pseudonyms already in the roster are read and left out, and the new rows are
  written: on PostgreSQL by one binary ``COPY``, encoded by pgpq from the rows' Arrow
  columns and sent by psycopg (decision 0012), then the roster's BRIN ranges are
  summarised; on SQLite by ``executemany`` (the primary key refuses a pair written twice).
* ``import_counts`` — the people an import added, per sex, state of residence, birth year and
  organisation: written beside the import, so that pages and figures add these up instead of
  scanning the enrollments.
"""

from __future__ import annotations

from collections.abc import Callable

import polars as pl
import pyarrow  # noqa: F401 - loaded with the module, not by polars' first ``to_arrow`` (0.25 s)
from django.db import connection
from pgpq import ArrowToPostgresBinaryEncoder

from avance.capture.people.importing.pseudonyms import pseudonym_series
from avance.capture.people.models import Breakdown, ImportCount, RosterImport
from avance.catalogs.territory.states import CURP_BORN_ABROAD, CURP_STATE_CODES

INEGI_OF_CURP = {**CURP_STATE_CODES, CURP_BORN_ABROAD: CURP_BORN_ABROAD}
# The stored columns of an enrollment besides its roster and import.
ENTRY_COLUMNS = (
    "pseudonym",
    "curp_sex",
    "birth_year",
    "birth_state",
    "sex",
    "state",
    "completed_on",
    "organization",
)
# Rows encoded (PostgreSQL) or inserted (SQLite) at a time, and the step of the progress.
CHUNK_ROWS = 50_000


def entries_frame(valid: pl.DataFrame, *, key: bytes) -> pl.DataFrame:
    """The rows to write: pseudonym and what the CURP states instead of the CURP itself."""
    curp = pl.col("curp")
    century = pl.when(curp.str.slice(16, 1).str.contains(r"^[0-9]$")).then(1900).otherwise(2000)
    return valid.with_columns(pseudonym_series(valid["curp"], key).alias("pseudonym")).select(
        "pseudonym",
        curp.str.slice(10, 1).alias("curp_sex"),
        (century + curp.str.slice(4, 2).cast(pl.Int32)).cast(pl.Int16).alias("birth_year"),
        curp.str.slice(11, 2).replace_strict(INEGI_OF_CURP, default="NE").alias("birth_state"),
        "sex",
        "state",
        "completed_on",
        "organization",
    )


def write_entries(
    batch: RosterImport,
    entries: pl.DataFrame,
    *,
    progress: Callable[[str, int, int], None] = lambda stage, done, total: None,
) -> pl.DataFrame:
    """Write the entries of ``batch`` that are new in its roster; returns them.

    Must run inside the caller's transaction. Side effects: locks the roster's row until the
    commit; inserts the new enrollments, tagged with ``batch``.
    """
    with connection.cursor() as cursor:
        lock = " FOR UPDATE" if connection.features.has_select_for_update else ""
        cursor.execute(f"SELECT id FROM people_roster WHERE id = %s{lock}", [batch.roster_id])  # noqa: S608 - constant
        cursor.execute(
            "SELECT pseudonym FROM people_enrollment WHERE roster_id = %s", [batch.roster_id]
        )
        present = pl.Series([bytes(row[0]) for row in cursor.fetchall()], dtype=pl.Binary)
        if len(present):
            entries = entries.filter(~pl.col("pseudonym").is_in(present.implode()))
        progress("escritura", 0, entries.height)
        if connection.vendor == "postgresql":
            _copy(cursor, batch, entries, progress)
        else:
            _insert(cursor, batch, entries, progress)
    return entries


def _copy(cursor, batch: RosterImport, entries: pl.DataFrame, progress) -> None:
    """One binary ``COPY``: pgpq encodes the rows (Arrow columns, in Rust), psycopg sends
    them. The Arrow types are those of the table's columns (large_binary → bytea,
    large_string → text, int16 → smallint, date32 → date, int64 → bigint)."""
    rows = entries.select(
        *ENTRY_COLUMNS,
        pl.lit(batch.roster_id, dtype=pl.Int64).alias("roster_id"),
        pl.lit(batch.pk, dtype=pl.Int64).alias("import_batch_id"),
    ).to_arrow(compat_level=pl.CompatLevel.oldest())
    encoder = ArrowToPostgresBinaryEncoder(rows.schema)
    sql = f"COPY people_enrollment ({', '.join(rows.column_names)}) FROM STDIN (FORMAT BINARY)"
    done = 0
    # The psycopg cursor under Django's wrapper; its errors raised as Django's.
    with connection.wrap_database_errors, cursor.cursor.copy(sql) as copy:
        copy.write(encoder.write_header())
        for part in rows.to_batches(max_chunksize=CHUNK_ROWS):
            copy.write(encoder.write_batch(part))
            done += part.num_rows
            progress("escritura", done, entries.height)
        copy.write(encoder.finish())
    # The page ranges just filled, summarised in the roster's BRIN index (migration 0003):
    # until then every roster's read scans them.
    cursor.execute("SELECT brin_summarize_new_values('people_enrollment_roster_brin')")


def _insert(cursor, batch: RosterImport, entries: pl.DataFrame, progress) -> None:
    names = ", ".join(("roster_id", "import_batch_id", *ENTRY_COLUMNS))
    marks = ", ".join(["%s"] * (len(ENTRY_COLUMNS) + 2))
    sql = f"INSERT INTO people_enrollment ({names}) VALUES ({marks})"  # noqa: S608 - constant names
    # ISO dates; in the primary key's order, so that SQLite mostly appends to its index.
    entries = entries.with_columns(pl.col("completed_on").cast(pl.String)).sort("pseudonym")
    done = 0
    # A chunk of rows as Python values at a time (a million at once would take gigabytes).
    for chunk in entries.iter_slices(CHUNK_ROWS):
        rows = chunk.select(*ENTRY_COLUMNS).rows()
        cursor.executemany(sql, [(batch.roster_id, batch.pk, *row) for row in rows])
        done += chunk.height
        progress("escritura", done, entries.height)


# The column of an entry that each breakdown counts.
BREAKDOWN_COLUMNS = {
    Breakdown.SEX: "sex",
    Breakdown.STATE: "state",
    Breakdown.BIRTH_YEAR: "birth_year",
    Breakdown.ORGANIZATION: "organization",
}


def import_counts(batch: RosterImport, written: pl.DataFrame) -> list[ImportCount]:
    """The people of ``written`` (the entries ``batch`` added) per value of each breakdown."""
    counts = []
    for breakdown, column in BREAKDOWN_COLUMNS.items():
        values = written[column].cast(pl.String).fill_null("")
        for key, people in values.value_counts(sort=True).iter_rows():
            counts.append(ImportCount(batch=batch, breakdown=breakdown, key=key, people=people))
    return counts
