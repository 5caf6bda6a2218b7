"""A file validated and written part after part: the same outcome as all at once."""

from __future__ import annotations

import hashlib
import hmac

import polars as pl
import pytest
from django.conf import settings
from hypothesis import HealthCheck, given
from hypothesis import settings as hsettings
from hypothesis import strategies as st

from avance.capture.people import importers
from avance.capture.people.importers import (
    BackgroundPseudonyms,
    import_roster,
    validate,
    validate_in_parts,
)
from avance.capture.people.models import Enrollment, Roster, RosterImport
from avance.core import pgcopy
from tests.builders.database import skip_unless_postgresql
from tests.builders.rosters import HEADER, csv_bytes, people

PEOPLE = people(6)
# Rows a file may hold: valid people (each may come again), and rows with an error.
ROWS = [
    *PEOPLE,
    (PEOPLE[0][0], PEOPLE[0][1], "Atlántida", *PEOPLE[0][3:]),  # a valid CURP, a bad state
    (PEOPLE[1][0][:17] + "X", *PEOPLE[1][1:]),  # a bad check digit
    ("", "", "", "", ""),  # an empty row: not a row of the roster
    (PEOPLE[2][0], "Hombre" if PEOPLE[2][1] == "Mujer" else "Mujer", *PEOPLE[2][2:]),
]


def _table(rows) -> pl.DataFrame:
    columns = list(zip(*rows, strict=True)) if rows else [()] * len(HEADER)
    return pl.DataFrame(
        {name: list(col) for name, col in zip(HEADER, columns, strict=True)},
        schema=dict.fromkeys(HEADER, pl.String),
    )


@hsettings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    picks=st.lists(st.integers(0, len(ROWS) - 1), max_size=25),
    size=st.integers(1, 8),
)
def test_parts_say_together_what_one_validation_says(picks, size):
    table = _table([ROWS[i] for i in picks])
    whole = validate(table)
    parts = list(validate_in_parts(table, rows=size))
    assert len(parts) == max(1, -(-table.height // size))
    assert sum(p.rows for p in parts) == whole.rows
    assert sum(p.rejected for p in parts) == whole.rejected
    assert sum(p.duplicates for p in parts) == whole.duplicates
    assert pl.concat([p.errors for p in parts]).equals(whole.errors)
    assert pl.concat([p.valid for p in parts]).equals(whole.valid)


# --- the import, in parts -----------------------------------------------------------------


@pytest.fixture
def small_parts(monkeypatch):
    """Parts of 3 rows, pseudonyms hashed 2 at a time (the two need not line up)."""
    monkeypatch.setattr(importers, "PART_ROWS", 3)
    monkeypatch.setattr(BackgroundPseudonyms, "CHUNK", 2)


@pytest.fixture
def roster(db):
    return Roster.objects.create(name="Curso en partes", kind="training", year=2023)


def _run(roster, rows, **kwargs):
    return import_roster(roster=roster, data=csv_bytes(rows), file_name="p.csv", **kwargs)


def test_a_repetition_in_a_later_part_is_counted_once_and_names_the_first_line(roster, small_parts):
    rows = people(10)
    rows.insert(8, rows[1])  # line 10, in the third part; first seen on line 3
    result = _run(roster, rows)
    assert (result.rows, result.imported, result.duplicates) == (11, 10, 1)
    (line, _column, _value, reason, kind) = result.errors.row(0)
    assert (line, kind) == (10, "Repetida") and "línea 3" in reason
    key = settings.AVANCE_PSEUDONYM_KEY.encode()
    expected = {hmac.new(key, r[0].encode(), hashlib.sha256).digest() for r in rows}
    stored = Enrollment.objects.filter(roster=roster).values_list("pseudonym", flat=True)
    assert {bytes(p) for p in stored} == expected


def test_an_error_in_the_last_part_undoes_the_parts_written_before(roster, small_parts):
    rows = people(10)
    rows[1] = (rows[1][0], rows[1][1], "Atlántida", *rows[1][3:])  # first part
    rows[9] = (rows[9][0][:17] + "X", *rows[9][1:])  # fourth part
    ok = people(10, seed=8)
    rows_with_late_error = [*ok[:9], rows[9]]
    result = _run(roster, rows_with_late_error)
    assert result.status == "rejected" and result.imported == 0
    assert not Enrollment.objects.exists()
    assert list(RosterImport.objects.values_list("status", flat=True)) == ["rejected"]
    # The rest of the file is still checked: errors in the first and the last part.
    result = _run(roster, rows)
    assert [line for line, *_ in result.errors.rows()] == [3, 11]
    assert result.rejected == 2 and result.batch.errors_total == 2
    assert not Enrollment.objects.exists()


def test_skip_invalid_writes_the_valid_rows_of_every_part(roster, small_parts):
    rows = people(10)
    rows[4] = (rows[4][0], rows[4][1], "Atlántida", *rows[4][3:])
    result = _run(roster, rows, skip_invalid=True)
    assert (result.imported, result.rejected, result.status) == (9, 1, "imported")
    assert Enrollment.objects.filter(roster=roster).count() == 9
    assert result.by_sex == result.batch.by_sex
    assert sum(result.by_sex.values()) == 9


def test_progress_goes_through_the_parts_then_the_write(roster, small_parts):
    seen = []
    _run(roster, people(8), progress=lambda stage, done, total: seen.append((stage, done, total)))
    assert seen[0][0] == "lectura"
    assert seen[1:] == [
        ("importación", 0, 8),
        ("importación", 3, 8),
        ("importación", 6, 8),
        ("importación", 8, 8),
        ("escritura", 0, 0),  # shown without a count («Terminando de escribir…»)
    ]


def test_an_error_while_encoding_a_part_leaves_nothing_written(roster, small_parts, monkeypatch):
    """PostgreSQL: the parts are encoded and sent by a thread; its error ends the COPY, the
    transaction is rolled back and the error reaches the caller."""
    skip_unless_postgresql("only the PostgreSQL writer encodes in a thread (binary COPY)")
    original = pgcopy.Encoder.pieces
    calls = []

    def failing(self, frame):
        calls.append(frame.height)
        if len(calls) == 2:
            raise ValueError("falla al codificar")
        return original(self, frame)

    monkeypatch.setattr(pgcopy.Encoder, "pieces", failing)
    with pytest.raises(ValueError, match="falla al codificar"):
        _run(roster, people(10))
    assert len(calls) >= 2
    assert not Enrollment.objects.exists() and not RosterImport.objects.exists()
    monkeypatch.setattr(pgcopy.Encoder, "pieces", original)
    assert _run(roster, people(10)).imported == 10  # the connection is usable again


def test_people_already_in_the_roster_are_left_out_across_parts(roster, small_parts):
    """A roster with people in it: every part goes through the staging table (PostgreSQL) or
    the primary key (SQLite); those already there are counted as repeated, once each."""
    everyone = people(10, seed=5)
    assert _run(roster, everyone[:6]).imported == 6
    result = _run(roster, [everyone[9], *everyone[:6], *everyone[6:9]])
    assert (result.rows, result.imported, result.duplicates) == (10, 4, 6)
    assert sum(result.by_sex.values()) == 4
    women = sum(1 for row in everyone[6:] if row[1] == "Mujer")
    assert result.by_sex["mujeres"] == women
    assert Enrollment.objects.filter(roster=roster).count() == 10


def test_the_terminal_bar_counts_the_parts_and_names_the_last_stage(monkeypatch):
    import io

    from avance.web.management.commands.roster import _Bar

    screen = io.StringIO()
    monkeypatch.setattr("sys.stderr", screen)
    bar = _Bar(True)
    bar("importación", 3, 8)
    bar("importación", 8, 8)
    bar("escritura", 0, 0)
    bar.close()
    shown = screen.getvalue()
    assert "Importación" in shown and "8/8" in shown
    last_stage = {line.strip() for line in shown.split("\r") if line.startswith("Escritura")}
    assert last_stage == {"Escritura…"}  # its name only, no «0 filas»
