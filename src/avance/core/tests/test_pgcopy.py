"""The binary COPY encoder: what it writes reads back as the frame it was given."""

from __future__ import annotations

import datetime
import struct

import polars as pl
import pytest
from django.db import connection
from hypothesis import given, settings
from hypothesis import strategies as st

from avance.core.pgcopy import SIGNATURE, TRAILER, binary_copy, encode_rows
from tests.builders.database import skip_unless_postgresql

EPOCH = datetime.date(2000, 1, 1)
SCHEMA = {
    "big": pl.Int64,
    "small": pl.Int16,
    "day": pl.Date,
    "text": pl.String,
    "blob": pl.Binary,
}
row = st.fixed_dictionaries(
    {
        "big": st.integers(-(2**63), 2**63 - 1),
        "small": st.integers(-(2**15), 2**15 - 1),
        "day": st.none() | st.dates(datetime.date(1900, 1, 1), datetime.date(2100, 12, 31)),
        "text": st.none() | st.text(max_size=40),
        "blob": st.binary(max_size=40),
    }
)


def decode(payload: bytes) -> list[tuple]:
    """A reader of the format, written from PostgreSQL's documentation."""
    assert payload.startswith(SIGNATURE) and payload.endswith(TRAILER)
    rows, at = [], len(SIGNATURE)
    while payload[at : at + 2] != TRAILER:
        (count,) = struct.unpack_from(">h", payload, at)
        at += 2
        values = []
        for _ in range(count):
            (size,) = struct.unpack_from(">i", payload, at)
            at += 4
            values.append(None if size == -1 else payload[at : at + size])
            at += max(size, 0)
        rows.append(tuple(values))
    assert at + 2 == len(payload)
    return rows


def _as_values(raw: tuple) -> dict:
    big, small, day, text, blob = raw
    return {
        "big": struct.unpack(">q", big)[0],
        "small": struct.unpack(">h", small)[0],
        "day": None if day is None else EPOCH + datetime.timedelta(struct.unpack(">i", day)[0]),
        "text": None if text is None else text.decode("utf-8"),
        "blob": blob,
    }


def _payload(frame: pl.DataFrame) -> bytes:
    return b"".join(piece for piece, _done in binary_copy(frame))


@settings(max_examples=150, deadline=None)
@given(st.lists(row, max_size=30))
def test_every_row_reads_back_as_written(rows):
    frame = pl.DataFrame(rows, schema=SCHEMA)
    assert [_as_values(r) for r in decode(_payload(frame))] == rows


def test_chunks_join_into_one_payload(monkeypatch):
    monkeypatch.setattr("avance.core.pgcopy.CHUNK_BYTES", 1)  # the smallest chunk: 1,000 rows
    frame = pl.DataFrame(
        {"big": range(2_500), "text": ["x" * (i % 7) for i in range(2_500)]},
        schema={"big": pl.Int64, "text": pl.String},
    )
    pieces = list(binary_copy(frame))
    assert [done for _piece, done in pieces] == [0, 1_000, 2_000, 2_500, 2_500]
    assert len(decode(b"".join(p for p, _d in pieces))) == 2_500
    assert encode_rows(frame.head(0)) == b""


def test_an_unsupported_type_is_refused():
    with pytest.raises(TypeError, match="Float64"):
        encode_rows(pl.DataFrame({"x": [1.5]}))


@pytest.mark.django_db
def test_postgresql_loads_the_payload():
    skip_unless_postgresql("the binary COPY format is PostgreSQL's")
    rows = [
        {"big": 2**40, "small": -3, "day": None, "text": "Ñandú «x»", "blob": b"\x00\xff"},
        {"big": -1, "small": 7, "day": datetime.date(1999, 12, 31), "text": None, "blob": b""},
        {"big": 0, "small": 0, "day": datetime.date(2023, 10, 9), "text": "", "blob": b"\\x"},
    ]
    frame = pl.DataFrame(rows, schema=SCHEMA)
    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE TEMPORARY TABLE copy_check (big bigint, small smallint, day date, "
            "text varchar(50), blob bytea)"
        )
        with cursor.cursor.copy("COPY copy_check FROM STDIN (FORMAT binary)") as copy:
            copy.write(_payload(frame))
        cursor.execute("SELECT big, small, day, text, blob FROM copy_check ORDER BY big DESC")
        back = [dict(zip(SCHEMA, (*r[:4], bytes(r[4])), strict=True)) for r in cursor.fetchall()]
    assert back == sorted(rows, key=lambda r: -r["big"])
