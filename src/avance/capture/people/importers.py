"""Importing a roster file: read, map columns, validate every row, pseudonymise, write.

The steps are separate functions so that each can be tested and measured:

1. ``read_table`` — bytes → a table of strings (CSV with its encoding and delimiter detected,
   or XLSX); every failure is a ``RosterImportError`` with a Spanish message.
2. ``map_columns`` — headers → fields (CURP, sex, state, completion date, organisation),
   case- and accent-insensitive, with the usual Spanish names.
3. ``validate`` — every row of a table at once with polars expressions (no Python loop per
   row): CURP structure, birth date, state of birth and check digit; declared sex against
   the CURP's sex letter; state keys; dates; repeated CURPs within the file.
   ``validate_in_parts`` runs it on a file 200,000 rows at a time (decision 0009).
   Meanwhile a thread computes every CURP's pseudonym (``BackgroundPseudonyms``).
4. ``entries_frame`` and ``enrollment_writer`` — each part, pseudonymised, goes into the
   enrollments while the next part is checked, all in one transaction (PostgreSQL: one
   binary ``COPY``, straight into the table when the roster is empty, otherwise through a
   staging table and an anti-join; SQLite: ``executemany`` with ``ON CONFLICT DO
   NOTHING``); the import's audit record is written in the same transaction, so a killed
   import leaves the database as it was.

``import_roster`` runs them all (``import_frame`` from step 3 on, for data already in memory).
"""

from __future__ import annotations

import datetime
import hashlib
import io
import queue
import re
import threading
import unicodedata
import zipfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

import polars as pl
from django.conf import settings
from django.db import connection, transaction
from django.db.models import Count
from django.utils import timezone
from psycopg.copy import QueuedLibpqWriter

from avance.capture.people import curp as curp_rules
from avance.capture.people.models import SEX_PARTS, Enrollment, ImportStatus, Roster, RosterImport
from avance.capture.people.pseudonym import PseudonymKeyError, pseudonym_key, pseudonym_series
from avance.catalogs.territory.states import CURP_BORN_ABROAD, CURP_STATE_CODES, STATES
from avance.core.pgcopy import SIGNATURE, TRAILER, Encoder

MAX_CELL_CHARS = 1000  # longer cells in a mapped column are an error of that row
MAX_REPORTED_VALUE = 80  # values are cut to this length in the error report
MAX_STORED_ERRORS = 10_000  # errors kept on the import record (the count is always exact)
MAX_XLSX_EXPANSION = 1024 * 1024 * 1024  # uncompressed bytes of a workbook (zip bombs)
CHUNK_ROWS = 100_000
# Rows validated, pseudonymised and written at a time: the database writes one part while
# the next is checked (docs/performance.md, «Roster import», session 6).
PART_ROWS = 200_000

Progress = Callable[[str, int, int], None]


class RosterImportError(Exception):
    """The file cannot be imported at all; ``message`` says why, in Spanish."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


# --- step 1: reading ----------------------------------------------------------------------


def max_file_bytes() -> int:
    return int(getattr(settings, "AVANCE_UPLOAD_MAX_BYTES", 200 * 1024 * 1024))


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):,.1f} MB"


def read_table(data: bytes, *, file_name: str = "") -> pl.DataFrame:
    """The file as a table of strings (header = first row). Never raises anything else."""
    if not data or not data.strip():
        raise RosterImportError("El archivo está vacío.")
    limit = max_file_bytes()
    if len(data) > limit:
        raise RosterImportError(
            f"El archivo pesa {_megabytes(len(data))}; el máximo es {_megabytes(limit)}."
        )
    try:
        return _read(data)
    except (RosterImportError, KeyboardInterrupt, SystemExit):
        raise
    except BaseException as error:  # anything else, polars panics included (pyo3)
        raise RosterImportError(
            "No se pudo leer el archivo: no es un CSV ni un libro de Excel (.xlsx) válido."
        ) from error


def _read(data: bytes) -> pl.DataFrame:
    if data[:4] == b"PK\x03\x04":
        return _read_xlsx(data)
    if data[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
        raise RosterImportError(
            "Los libros de Excel antiguos (.xls) no se admiten: guárdelo como .xlsx o CSV."
        )
    return _read_csv(data)


def _read_xlsx(data: bytes) -> pl.DataFrame:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            expanded = sum(info.file_size for info in archive.infolist())
    except zipfile.BadZipFile as error:
        raise RosterImportError("El libro de Excel (.xlsx) está dañado.") from error
    if expanded > MAX_XLSX_EXPANSION:
        raise RosterImportError("El libro de Excel es demasiado grande una vez descomprimido.")
    try:
        frame = pl.read_excel(io.BytesIO(data), engine="calamine", infer_schema_length=0)
    except Exception as error:  # fastexcel raises its own exception types
        raise RosterImportError(
            "No se pudo leer el libro de Excel (.xlsx): ¿está dañado o protegido con contraseña?"
        ) from error
    return frame.select(pl.all().cast(pl.String))


def _decode(data: bytes) -> tuple[bytes, str]:
    """UTF-8 bytes of the file and the encoding it was written in."""
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        try:
            return data.decode("utf-16").encode("utf-8"), "UTF-16"
        except UnicodeDecodeError as error:
            raise RosterImportError("El archivo dice ser UTF-16 pero no lo es.") from error
    if data[:3] == b"\xef\xbb\xbf":
        data = data[3:]
    if b"\x00" in data:
        raise RosterImportError(
            "El archivo contiene bytes nulos: no parece un CSV (¿es un archivo binario?)."
        )
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    else:
        return data, "UTF-8"
    try:
        return data.decode("cp1252").encode("utf-8"), "Windows-1252"
    except UnicodeDecodeError as error:
        raise RosterImportError(
            "No se reconoce la codificación del archivo: guárdelo como CSV en UTF-8 o "
            "Windows-1252 (ANSI)."
        ) from error


def _delimiter(header: str) -> str:
    counts = {sep: header.count(sep) for sep in (",", ";", "\t", "|")}
    best = max(counts, key=lambda sep: counts[sep])
    return best if counts[best] else ","


def _read_csv(data: bytes) -> pl.DataFrame:
    text, _encoding = _decode(data)
    header = text.split(b"\n", 1)[0].decode("utf-8", errors="replace")
    separator = _delimiter(header)
    try:
        return pl.read_csv(
            io.BytesIO(text),
            separator=separator,
            has_header=True,
            infer_schema=False,
            raise_if_empty=True,
        )
    except pl.exceptions.NoDataError as error:
        raise RosterImportError("El archivo está vacío.") from error
    except Exception as error:  # polars' parse errors, in English
        raise RosterImportError(
            "El CSV está mal formado: revise que las comillas cierren y que ninguna fila "
            "tenga más columnas que el encabezado."
        ) from error


# --- step 2: columns ----------------------------------------------------------------------


@dataclass(frozen=True)
class Column:
    field: str
    label: str
    required: bool
    aliases: tuple[str, ...]


COLUMNS = (
    Column("curp", "CURP", True, ("curp", "clave unica de registro de poblacion")),
    Column("sex", "Sexo", False, ("sexo", "sex", "genero", "sexo declarado")),
    Column(
        "state",
        "Entidad",
        False,
        (
            "entidad",
            "estado",
            "entidad federativa",
            "clave de entidad",
            "clave entidad",
            "cve ent",
            "cve entidad",
            "entidad de residencia",
            "estado de residencia",
        ),
    ),
    Column(
        "date",
        "Fecha de conclusión",
        False,
        (
            "fecha de conclusion",
            "fecha conclusion",
            "fecha",
            "fecha de termino",
            "fecha de certificacion",
            "fecha de aprobacion",
        ),
    ),
    Column(
        "organization",
        "Organización",
        False,
        (
            "organizacion",
            "dependencia",
            "institucion",
            "organizacion de adscripcion",
            "dependencia o entidad",
        ),
    ),
)
LABELS = {column.field: column.label for column in COLUMNS}


def normalize_name(text: str) -> str:
    """Lower case, no accents, single spaces: «Fecha_de  Conclusión» → «fecha de conclusion»."""
    decomposed = unicodedata.normalize("NFKD", str(text).replace("\ufeff", ""))
    plain = "".join(c for c in decomposed if not unicodedata.combining(c)).lower()
    return " ".join(re.sub(r"[_\-.:/]+", " ", plain).split())


def map_columns(headers: list[str]) -> dict[str, str]:
    """Field → header of the file. Raises RosterImportError for missing or repeated fields."""
    by_alias = {alias: column.field for column in COLUMNS for alias in column.aliases}
    found: dict[str, str] = {}
    for header in headers:
        field_name = by_alias.get(normalize_name(header))
        if field_name is None:
            continue
        if field_name in found:
            raise RosterImportError(
                f"Las columnas «{found[field_name]}» y «{header}» significan lo mismo "
                f"({LABELS[field_name]}): deje solo una."
            )
        found[field_name] = header
    missing = [c.label for c in COLUMNS if c.required and c.field not in found]
    if missing:
        shown = ", ".join(f"«{h}»" for h in headers[:8]) or "ninguno"
        raise RosterImportError(
            f"Falta la columna obligatoria {', '.join(missing)}. Encabezados del archivo: "
            f"{shown}. Nombres reconocidos: CURP; Sexo; Entidad (o Estado, Clave de entidad); "
            "Fecha de conclusión (o Fecha); Organización (o Dependencia, Institución)."
        )
    return found


# --- step 3: validation -------------------------------------------------------------------

_ACCENTS = (["á", "é", "í", "ó", "ú", "ü", "ñ", "."], ["a", "e", "i", "o", "u", "u", "n", ""])

SEX_VALUES = {
    "m": "M",
    "mujer": "M",
    "mujeres": "M",
    "f": "M",
    "femenino": "M",
    "h": "H",
    "hombre": "H",
    "hombres": "H",
    "masculino": "H",
    "x": "X",
    "otro": "X",
    "no binario": "X",
    "no binaria": "X",
    "": "N",
    "n": "N",
    "ne": "N",
    "nd": "N",
    "no especificado": "N",
    "no especificada": "N",
    "sin dato": "N",
    "prefiero no decir": "N",
}
SEX_WORDS = {"M": "mujer", "H": "hombre", "X": "otro"}


def _state_values() -> dict[str, str]:
    values: dict[str, str] = {}
    for key, official, common, abbreviation, curp_code in STATES:
        for variant in (key, str(int(key)), official, common, abbreviation, curp_code):
            values[normalize_name(variant).replace(" ", "")] = key
    extras = {
        "distritofederal": "09",
        "cdmx": "09",
        "edomex": "15",
        "estadodemexico": "15",
        "mexico": "15",
        "coahuila": "05",
        "michoacan": "16",
        "veracruz": "30",
        "qroo": "23",
    }
    values.update(extras)
    return values


STATE_VALUES = _state_values()
INEGI_OF_CURP = {**CURP_STATE_CODES, CURP_BORN_ABROAD: CURP_BORN_ABROAD}


def _clean(expr: pl.Expr) -> pl.Expr:
    return expr.str.strip_chars()


def _cell(column: str) -> pl.Expr:
    """A cell of the file as validation reads it: text, without surrounding blanks."""
    return _clean(pl.col(column).cast(pl.String).fill_null(""))


def curp_text(table: pl.DataFrame, mapping: dict[str, str]) -> pl.Series:
    """The CURP of every row of ``table`` as validation checks it and the pseudonym hashes it
    (trimmed, in capitals); a row's line in the file is its index + 2."""
    return table.select(_cell(mapping["curp"]).str.to_uppercase().alias("curp")).to_series()


def _key(expr: pl.Expr) -> pl.Expr:
    """Lower case, no accents, no dots or spaces: the lookup form of a sex or state value."""
    return expr.str.to_lowercase().str.replace_many(*_ACCENTS).str.replace_all(r"\s+", " ")


def _per_distinct(cells: pl.Series, function: Callable[[pl.Expr], pl.Expr]) -> pl.Series:
    """``function`` of each cell, computed once per distinct value and looked up for each
    row. A file's sexes, states and dates take few values: on a million rows the three took
    0.39 s computed per row, 0.15 s per distinct value (the same results, compared)."""
    distinct = cells.unique(maintain_order=True)
    values = distinct.to_frame("cell").select(function(pl.col("cell"))).to_series()
    return cells.replace_strict(distinct, values, default=None, return_dtype=values.dtype)


def _shown(expr: pl.Expr) -> pl.Expr:
    """A value as the error report shows it: cut, so that a huge cell stays readable."""
    return (
        pl.when(expr.str.len_chars() > MAX_REPORTED_VALUE)
        .then(expr.str.slice(0, MAX_REPORTED_VALUE) + pl.lit("…"))
        .otherwise(expr)
    )


# A way a cell fails: the condition (null counts as false) and the reason, in Spanish.
Case = tuple[pl.Expr, pl.Expr]


def _curp_cases(curp: pl.Expr, today: datetime.date, expected: pl.Expr) -> list[Case]:
    """The ways a CURP fails, in the order they are reported; ``expected`` is its check
    digit (``curp.check_digits``)."""
    length = curp.str.len_chars()
    structure = curp.str.contains(curp_rules.PATTERN_TEXT)
    century = pl.when(curp.str.slice(16, 1).str.contains(r"^[0-9]$")).then(pl.lit("19"))
    born = (century.otherwise(pl.lit("20")) + curp.str.slice(4, 6)).str.to_date(
        "%Y%m%d", strict=False
    )
    state = curp.str.slice(11, 2)
    given = curp.str.slice(17, 1).cast(pl.Int32, strict=False)
    return [
        (curp == "", pl.lit("Falta la CURP.")),
        (length != 18, pl.format("La CURP debe tener 18 caracteres (tiene {}).", length)),
        (~structure, pl.lit("La CURP no tiene la estructura válida.")),
        (born.is_null(), pl.lit("La fecha de nacimiento de la CURP no existe.")),
        (born > pl.lit(today), pl.lit("La fecha de nacimiento de la CURP es posterior a hoy.")),
        (
            ~state.is_in(sorted(curp_rules.STATE_CODES)),
            pl.format("La clave de entidad de nacimiento «{}» no existe.", state),
        ),
        (expected != given, pl.lit("El dígito verificador de la CURP no corresponde.")),
    ]


def _fails(cases: list[Case]) -> pl.Expr:
    """Whether any of ``cases`` holds: booleans only, cheap on every row."""
    return pl.any_horizontal(condition.fill_null(False) for condition, _reason in cases)


def _reason(cases: list[Case]) -> pl.Expr:
    """The reason of the first of ``cases`` that holds (null when none): text built per row,
    so computed only for the rows that ``_fails`` flagged."""
    (condition, reason), *others = cases
    chain = pl.when(condition).then(reason)
    for condition, reason in others:
        chain = chain.when(condition).then(reason)
    return chain


def _dates(raw: pl.Expr) -> pl.Expr:
    # Excel cells read as text carry a time: «2023-05-01 00:00:00».
    text = pl.when(raw.str.contains(r"^\d{4}-\d{2}-\d{2}[ T]")).then(raw.str.slice(0, 10))
    text = text.otherwise(raw)
    return pl.coalesce(
        text.str.to_date("%d/%m/%Y", strict=False),
        text.str.to_date("%Y-%m-%d", strict=False),
        text.str.to_date("%d-%m-%Y", strict=False),
    )


def _declared_sex(cell: pl.Expr) -> pl.Expr:
    return _key(cell).replace_strict(SEX_VALUES, default=None, return_dtype=pl.String)


def _state_key(cell: pl.Expr) -> pl.Expr:
    key = _key(cell).str.replace_all(" ", "").str.replace(r"\.0$", "")
    return key.replace_strict(STATE_VALUES, default=None, return_dtype=pl.String)


# How the sex, state and date cells read (null when they do not).
READINGS = {"sex": _declared_sex, "state": _state_key, "date": _dates}


@dataclass
class Validated:
    """The outcome of validation: rows to write, and what the report says about the others."""

    rows: int
    valid: pl.DataFrame  # line, curp, sex, state, completed_on, organization (one per person)
    errors: pl.DataFrame  # line, column, value, reason, kind («Error» or «Repetida»)
    rejected: int
    duplicates: int


REPORT_SCHEMA = {
    "line": pl.Int64,
    "column": pl.String,
    "value": pl.String,
    "reason": pl.String,
    "kind": pl.String,
}
ERROR, REPEATED = "Error", "Repetida"
# Columns computed before the row checks, beside the file's own (no recognised header has
# these names): the CURP's check digit; what the sex, state and date cells read as.
CHECK_DIGIT = "\x00check digit"
DERIVED = {"sex": "\x00declared", "state": "\x00state key", "date": "\x00date"}


def validate(
    table: pl.DataFrame,
    *,
    today: datetime.date | None = None,
    mapping: dict | None = None,
    curps: pl.Series | None = None,
    first_line: int = 2,
    earlier: pl.DataFrame | None = None,
    again: pl.Series | None = None,
) -> Validated:
    """Check every row at once; the file's line of a row is its index + ``first_line`` (the
    header is line 1).

    ``curps``: ``curp_text(table, mapping)`` when the caller has read it already.
    ``earlier``: for a part of a file (``validate_in_parts``), the valid CURPs of the parts
    before it that may come again (``curp``, ``line``): here they are repetitions.
    ``again``: the CURPs that occur more than once in the file, when the caller knows them;
    with none, no row is a repetition and looking for them is skipped."""
    today = today or datetime.date.today()
    mapping = mapping if mapping is not None else map_columns(table.columns)
    if curps is None:
        curps = curp_text(table, mapping)  # CURP is a required column
    # Every cell read once, as text without surrounding blanks ("" in a column not given).
    cells = table.select(
        _cell(mapping[c.field]).alias(c.field)
        if c.field in mapping
        else pl.repeat("", table.height, dtype=pl.String).alias(c.field)
        for c in COLUMNS
    )
    derived = {CHECK_DIGIT: curp_rules.check_digits(curps)}
    for name, function in READINGS.items():
        derived[DERIVED[name]] = _per_distinct(cells[name], function)
    frame = (
        cells.lazy()
        .with_columns(**derived)
        .with_row_index("line", offset=first_line)
        .with_columns(pl.col("line").cast(pl.Int64))
        .select("line", *(c.field for c in COLUMNS), *derived)
        # Wholly empty rows (trailing lines of a spreadsheet) are not rows of the roster.
        .filter(pl.any_horizontal(pl.col(c.field) != "" for c in COLUMNS))
        .with_columns(pl.col("curp").alias("curp_raw"), pl.col("curp").str.to_uppercase())
    )
    curp_sex = pl.col("curp").str.slice(10, 1)
    frame = frame.with_columns(
        pl.col(DERIVED["sex"]).alias("declared"),
        pl.col(DERIVED["state"]).alias("state_key"),
        pl.col(DERIVED["date"]).alias("completed_on"),
    )
    curp_cases = _curp_cases(pl.col("curp"), today, pl.col(CHECK_DIGIT))
    cases: dict[str, list[Case]] = {
        "curp": curp_cases,
        "sex": [
            (
                pl.col("declared").is_null(),
                pl.format("Sexo «{}» no reconocido: use Mujer, Hombre u Otro.", pl.col("sex")),
            ),
            (
                ~pl.col("curp_fails")  # computed first, below
                & pl.col("declared").is_in(["M", "H", "X"])
                & (pl.col("declared") != curp_sex),
                pl.format(
                    "El sexo declarado ({}) no coincide con el de la CURP ({}); revise el dato "
                    "(si el archivo usa F/M, escriba Mujer/Hombre).",
                    pl.col("declared").replace_strict(SEX_WORDS, default="?"),
                    curp_sex.replace_strict(SEX_WORDS, default="?"),
                ),
            ),
        ],
        "state": [
            (
                (pl.col("state") != "") & pl.col("state_key").is_null(),
                pl.format(
                    "Entidad «{}» no está en el catálogo: use la clave INEGI (01 a 32), el "
                    "nombre o la abreviatura.",
                    pl.col("state"),
                ),
            )
        ],
        "date": [
            (
                (pl.col("date") != "") & pl.col("completed_on").is_null(),
                pl.format("Fecha «{}» no válida: use dd/mm/aaaa o aaaa-mm-dd.", pl.col("date")),
            )
        ],
        "organization": [
            (
                pl.col("organization").str.len_chars() > 255,
                pl.lit("La organización excede 255 caracteres."),
            )
        ],
    }
    for c in COLUMNS:  # an overlong cell: that reason first
        if c.field in mapping:
            too_long = pl.col(c.field).str.len_chars() > MAX_CELL_CHARS
            reason = pl.lit(f"El valor excede {MAX_CELL_CHARS:,} caracteres.")
            cases[c.field] = [(too_long, reason), *cases[c.field]]
    frame = frame.with_columns(_fails(cases["curp"]).alias("curp_fails"))
    frame = frame.with_columns(
        _fails(each).alias(f"{name}_fails") for name, each in cases.items() if name != "curp"
    )
    has_error = pl.any_horizontal(pl.col(f"{name}_fails") for name in cases)
    frame = frame.with_columns(has_error.alias("has_error"))
    # Among rows without errors, a CURP seen before is a repetition (counted once). Rows
    # keep the file's order, so the first occurrence is the first distinct value (a window
    # «min(line) over curp» cost 0.8 s for a million rows; this, 0.2 s).
    without_error = pl.when(~pl.col("has_error")).then(pl.col("curp"))  # null on errors
    if earlier is None:
        earlier = pl.DataFrame(schema={"curp": pl.String, "line": pl.Int64})
    seen_before = pl.col("curp").is_in(earlier["curp"].implode())
    repeated = ~pl.col("has_error") & (~without_error.is_first_distinct() | seen_before)
    if again is not None and again.is_empty():
        repeated = pl.lit(False)  # no CURP occurs twice in the file
    frame = frame.with_columns(repeated.alias("repeated")).collect(engine="in-memory")

    reports = []
    flagged = frame.lazy().filter(pl.col("has_error"))
    for name, each in cases.items():
        reports.append(
            flagged.filter(pl.col(f"{name}_fails")).select(
                "line",
                pl.lit(LABELS[name]).alias("column"),
                _shown(pl.col("curp_raw" if name == "curp" else name)).alias("value"),
                _reason(each).alias("reason"),
                pl.lit(ERROR).alias("kind"),
            )
        )
    repeated = frame.lazy().filter(pl.col("repeated"))
    repeated_curps = repeated.select("curp").unique().collect(engine="in-memory")["curp"]
    first_lines = (
        pl.concat(
            [
                frame.lazy()
                .filter(~pl.col("has_error") & ~pl.col("repeated"))
                .select("curp", "line"),
                earlier.lazy(),
            ]
        )
        .filter(pl.col("curp").is_in(repeated_curps.implode()))
        .select("curp", pl.col("line").alias("first_line"))
    )
    reports.append(
        repeated.join(first_lines, on="curp", how="left").select(
            "line",
            pl.lit(LABELS["curp"]).alias("column"),
            # A valid CURP: not copied into the report (which is stored with the import).
            pl.lit("").alias("value"),
            pl.format(
                "CURP repetida en el archivo (aparece antes en la línea {}); se cuenta una vez.",
                pl.col("first_line"),
            ).alias("reason"),
            pl.lit(REPEATED).alias("kind"),
        )
    )
    errors = (
        pl.concat(reports)
        .select([pl.col(k).cast(v) for k, v in REPORT_SCHEMA.items()])
        .sort("line", maintain_order=True)
        .collect(engine="in-memory")
    )
    valid = frame.filter(~pl.col("has_error") & ~pl.col("repeated")).select(
        "line",
        "curp",
        pl.when(pl.col("declared").is_in(["M", "H", "X"]))
        .then(pl.col("declared"))
        .otherwise(curp_sex)
        .alias("sex"),
        pl.col("state_key").fill_null("").alias("state"),
        "completed_on",
        pl.col("organization"),
    )
    rejected = int(frame["has_error"].sum())
    duplicates = int(frame["repeated"].sum())
    return Validated(
        rows=frame.height, valid=valid, errors=errors, rejected=rejected, duplicates=duplicates
    )


def validate_in_parts(
    table: pl.DataFrame,
    *,
    today: datetime.date | None = None,
    mapping: dict | None = None,
    curps: pl.Series | None = None,
    rows: int | None = None,
) -> Iterator[Validated]:
    """``validate`` of ``table`` ``rows`` rows at a time (``PART_ROWS``), in the file's order,
    so that a part can be written while the next is checked. The parts say together what one
    call would: a CURP valid in an earlier part is a repetition in a later one."""
    today = today or datetime.date.today()
    mapping = mapping if mapping is not None else map_columns(table.columns)
    if curps is None:
        curps = curp_text(table, mapping)
    rows = rows or PART_ROWS
    # The CURPs written more than once (and a few others, whose 64-bit hashes collide):
    # found by their hashes, 0.04 s a million rows, 0.1 s by the strings themselves.
    again = curps.filter(curps.hash().is_duplicated()).unique()
    earlier = pl.DataFrame(schema={"curp": pl.String, "line": pl.Int64})
    for offset in range(0, max(table.height, 1), rows):
        part = validate(
            table.slice(offset, rows),
            today=today,
            mapping=mapping,
            curps=curps.slice(offset, rows),
            first_line=offset + 2,
            earlier=earlier,
            again=again,
        )
        yield part
        if not again.is_empty():
            written = part.valid.filter(pl.col("curp").is_in(again.implode()))
            earlier = pl.concat([earlier, written.select("curp", "line")])


# --- step 4: pseudonymise and write -------------------------------------------------------


class BackgroundPseudonyms:
    """The pseudonyms of every row's CURP, computed in a thread while validation runs.

    ``pseudonym_series`` hashes in Rust without holding the GIL, so the thread runs beside
    polars' validation on the other core. They are computed ``CHUNK`` rows at a time, in the
    file's order, and each chunk can be taken as soon as it is ready. Rows that turn out
    invalid are hashed for nothing; nothing of them is kept.
    """

    CHUNK = PART_ROWS

    def __init__(self, curps: pl.Series, key: bytes):
        self._key = key
        self._curps = curps
        self._pieces: list[pl.Series] = []
        self._finished = False
        self._error: BaseException | None = None
        self._ready = threading.Condition()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="avance-seudonimos", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        try:
            for offset in range(0, len(self._curps), self.CHUNK):
                if self._stop.is_set():
                    return
                piece = pseudonym_series(self._curps.slice(offset, self.CHUNK), self._key)
                with self._ready:
                    self._pieces.append(piece)
                    self._ready.notify_all()
        except BaseException as error:  # handed to the caller by ``take``
            self._error = error
        finally:
            with self._ready:
                self._finished = True
                self._ready.notify_all()

    def take(self, lines: pl.Series) -> pl.Series:
        """The pseudonyms of the rows at ``lines`` (file lines: index + 2), in that order;
        waits for the chunks that hold them."""
        if lines.is_empty():
            return pl.Series("pseudonym", [], dtype=pl.Binary)
        first, last = int(lines.min()) - 2, int(lines.max()) - 2
        needed = last // self.CHUNK + 1
        with self._ready:
            self._ready.wait_for(lambda: len(self._pieces) >= needed or self._finished)
            pieces = self._pieces[first // self.CHUNK : needed]
        if self._error is not None:
            raise self._error
        if len(self._pieces) < needed:
            raise RuntimeError("the pseudonyms were cancelled")
        start = first // self.CHUNK * self.CHUNK
        return pl.concat(pieces).gather(lines - 2 - start).alias("pseudonym")

    def cancel(self) -> None:
        """Stop hashing (between chunks) and wait for the thread; harmless when done."""
        self._stop.set()
        self._thread.join()


def entries_frame(
    valid: pl.DataFrame, *, pseudonyms: pl.Series | None = None, key: bytes | None = None
) -> pl.DataFrame:
    """The rows to write: pseudonym and what the CURP states instead of the CURP itself.

    ``pseudonyms`` (one per row of ``valid``) are computed here when not given."""
    if pseudonyms is None:
        try:
            pseudonyms = pseudonym_series(valid["curp"], key)
        except PseudonymKeyError as error:
            raise RosterImportError(str(error)) from error
    curp = pl.col("curp")
    century = pl.when(curp.str.slice(16, 1).str.contains(r"^[0-9]$")).then(1900).otherwise(2000)
    return valid.with_columns(pseudonyms.alias("pseudonym")).select(
        "pseudonym",
        curp.str.slice(10, 1).alias("curp_sex"),
        # smallint in the database; Int16 as the binary COPY needs it
        (century + curp.str.slice(4, 2).cast(pl.Int32)).cast(pl.Int16).alias("birth_year"),
        curp.str.slice(11, 2).replace_strict(INEGI_OF_CURP, default="NE").alias("birth_state"),
        "sex",
        "state",
        "completed_on",
        "organization",
    )


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


class _Sink:
    """Where an import's enrollments go, part after part (``write``); once the writer is
    closed, ``imported`` says how many were new in the roster."""

    def __init__(self, write: Callable[[pl.DataFrame], None]):
        self._write = write
        self.written = 0
        self.imported = 0

    def write(self, rows: pl.DataFrame) -> None:
        """Write ``rows`` (from ``entries_frame``)."""
        self._write(rows)
        self.written += rows.height


class _EncodingThread:
    """Encodes the parts of a ``COPY`` and hands them to it in a thread of its own, so that
    the next part is checked meanwhile (numpy and polars leave the GIL while they work).
    Its error, if any, is raised on the way out of the block."""

    def __init__(self, encoder: Encoder, copy) -> None:
        self._encoder, self._copy = encoder, copy
        self._parts: queue.Queue = queue.Queue(maxsize=2)
        self._error: BaseException | None = None
        self._cancelled = threading.Event()
        self._thread = threading.Thread(target=self._run, name="avance-copy", daemon=True)

    def __enter__(self) -> _EncodingThread:
        self._thread.start()
        return self

    def put(self, frame: pl.DataFrame) -> None:
        if self._error is not None:
            raise self._error
        self._parts.put(frame)

    def _run(self) -> None:
        while (frame := self._parts.get()) is not None:
            if self._error is not None or self._cancelled.is_set():
                continue  # drained until the end, so that ``put`` never blocks for ever
            try:
                for piece, _done in self._encoder.pieces(frame):
                    self._copy.write(piece)
            except BaseException as error:
                self._error = error

    def __exit__(self, kind, value, traceback) -> None:
        if kind is not None:
            self._cancelled.set()  # the parts still queued are not sent
        self._parts.put(None)
        self._thread.join()
        if kind is None and self._error is not None:
            raise self._error


@contextmanager
def _postgresql_writer(cursor, batch: RosterImport) -> Iterator[_Sink]:
    """One binary ``COPY`` for the whole import, fed part after part: straight into the
    enrollments when the roster is empty, otherwise into a staging table, from which those
    not in the roster yet are inserted when it closes. An error inside the block ends the
    ``COPY`` as failed (the caller's transaction is then rolled back).

    The roster's row is locked until the commit, so that two imports into one roster run
    one after the other and the «is it empty?» answer below stays true; imports into other
    rosters go on.
    """
    cursor.execute("SELECT id FROM people_roster WHERE id = %s FOR UPDATE", [batch.roster_id])
    cursor.execute(
        "SELECT 1 FROM people_enrollment WHERE roster_id = %s LIMIT 1", [batch.roster_id]
    )
    # Nobody in the roster yet: no conflict is possible (the rows are unique by person).
    staging = cursor.fetchone() is not None
    if staging:
        cursor.execute(
            "CREATE TEMPORARY TABLE people_stage_entry (LIKE people_enrollment) ON COMMIT DROP"
        )
    table = "people_stage_entry" if staging else "people_enrollment"
    columns = (*ENTRY_COLUMNS, "roster_id", "import_batch_id")
    raw = cursor.cursor  # the psycopg cursor under Django's wrapper
    sql = f"COPY {table} ({', '.join(columns)}) FROM STDIN (FORMAT binary)"
    encoder = Encoder()
    with raw.copy(sql, writer=QueuedLibpqWriter(raw)) as copy:
        copy.write(SIGNATURE)
        with _EncodingThread(encoder, copy) as encoding:

            def write(rows: pl.DataFrame) -> None:
                # The types of the table's columns, as the binary format needs them.
                encoding.put(
                    rows.select(
                        *ENTRY_COLUMNS,
                        pl.lit(batch.roster_id, dtype=pl.Int64).alias("roster_id"),
                        pl.lit(batch.pk, dtype=pl.Int64).alias("import_batch_id"),
                    )
                )

            sink = _Sink(write)
            yield sink
        copy.write(TRAILER)
    if not staging:
        sink.imported = sink.written
    else:
        listed = ", ".join(columns)
        # No unique index on PostgreSQL (migration 0003): the people already in the roster
        # are left out by an anti-join; the lock above keeps other imports into it out.
        cursor.execute("ANALYZE people_stage_entry")
        cursor.execute(
            f"INSERT INTO people_enrollment ({listed}) SELECT {listed} FROM people_stage_entry s "  # noqa: S608 - constant names
            "WHERE NOT EXISTS (SELECT 1 FROM people_enrollment e "
            "WHERE e.roster_id = %s AND e.pseudonym = s.pseudonym)",
            [batch.roster_id],
        )
        sink.imported = cursor.rowcount
        cursor.execute("DROP TABLE people_stage_entry")
    _summarise(cursor)


def _summarise(cursor) -> None:
    """Summarise the page ranges just filled in the roster's BRIN index (migration 0003):
    until then every roster's read scans them. About 0.1–0.2 s for a million rows."""
    cursor.execute("SELECT brin_summarize_new_values('people_enrollment_roster_brin')")


@contextmanager
def _sqlite_writer(cursor, batch: RosterImport) -> Iterator[_Sink]:
    """``INSERT … ON CONFLICT DO NOTHING`` in batches; the primary key leaves out the people
    already in the roster."""
    columns = ", ".join(("roster_id", "import_batch_id", *ENTRY_COLUMNS))
    marks = ", ".join(["%s"] * (len(ENTRY_COLUMNS) + 2))
    sql = (
        f"INSERT INTO people_enrollment ({columns}) VALUES ({marks}) "  # noqa: S608 - constant names
        "ON CONFLICT (roster_id, pseudonym) DO NOTHING"
    )

    def write(rows: pl.DataFrame) -> None:
        # In the primary key's order: the database then mostly appends to the index.
        entries = (
            rows.select(ENTRY_COLUMNS)
            .with_columns(pl.col("completed_on").cast(pl.String))
            .sort("pseudonym")
        )
        for offset in range(0, entries.height, CHUNK_ROWS):
            cursor.executemany(
                sql,
                [
                    (batch.roster_id, batch.pk, *row)
                    for row in entries.slice(offset, CHUNK_ROWS).rows()
                ],
            )

    before = _sqlite_changes(cursor)
    sink = _Sink(write)
    yield sink
    sink.imported = _sqlite_changes(cursor) - before


def _sqlite_changes(cursor) -> int:
    cursor.execute("SELECT total_changes()")
    return cursor.fetchone()[0]


@contextmanager
def enrollment_writer(batch: RosterImport) -> Iterator[_Sink]:
    """A writer of the enrollments of ``batch``, part after part; must run inside the
    caller's transaction.

    Side effects: inserts the roster's new enrollments, tagged with ``batch``; people already
    in the roster are left as they were.
    """
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with _postgresql_writer(cursor, batch) as sink:
                yield sink
        else:
            with _sqlite_writer(cursor, batch) as sink:
                yield sink


# --- the whole import ---------------------------------------------------------------------


@dataclass
class ImportResult:
    rows: int
    imported: int
    rejected: int
    duplicates: int
    by_sex: dict[str, int]
    status: str
    batch: RosterImport | None = None
    errors: pl.DataFrame | None = field(default=None, repr=False)

    def as_json(self) -> dict[str, Any]:
        return {
            "rows": self.rows,
            "imported": self.imported,
            "rejected": self.rejected,
            "duplicates": self.duplicates,
            "by_sex": self.by_sex,
        }


def empty_by_sex() -> dict[str, int]:
    return {"mujeres": 0, "hombres": 0, "otro": 0, "no_especificado": 0}


def _by_sex(series: pl.Series) -> dict[str, int]:
    out = empty_by_sex()
    for code, count in series.value_counts().iter_rows():
        out[SEX_PARTS.get(code, "no_especificado")] += int(count)
    return out


def _stored(errors: pl.DataFrame) -> list[list]:
    return [list(row) for row in errors.head(MAX_STORED_ERRORS).iter_rows()]


def content_hash(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def import_roster(
    *,
    roster: Roster,
    data: bytes,
    file_name: str,
    skip_invalid: bool = False,
    user=None,
    progress: Progress | None = None,
    today: datetime.date | None = None,
) -> ImportResult:
    """Import a file (CSV or XLSX bytes) into ``roster``.

    Side effects: one ``RosterImport`` record per call (imported, rejected or repeated); when
    imported, new persons and enrollments, all in one transaction. A file already imported
    into this roster (same SHA-256) adds nothing. Raises ``RosterImportError`` when the file
    cannot be read or mapped (nothing is written then).
    """
    started = timezone.now()
    digest = content_hash(data)
    previous = (
        RosterImport.objects.filter(roster=roster, sha256=digest, status=ImportStatus.IMPORTED)
        .order_by("started_at")
        .first()
    )
    if previous is not None:
        batch = RosterImport.objects.create(
            roster=roster,
            file_name=file_name[:255],
            sha256=digest,
            status=ImportStatus.REPEATED,
            skip_invalid=skip_invalid,
            rows=previous.rows,
            rejected=previous.rejected,
            duplicates=previous.rows - previous.rejected,
            by_sex=empty_by_sex(),
            message=f"El mismo archivo ya se importó (importación {previous.pk}).",
            started_at=started,
            finished_at=timezone.now(),
            user=user,
        )
        return ImportResult(
            rows=batch.rows,
            imported=0,
            rejected=batch.rejected,
            duplicates=batch.duplicates,
            by_sex=batch.by_sex,
            status=batch.status,
            batch=batch,
            errors=pl.DataFrame(schema=REPORT_SCHEMA),
        )
    if progress:
        progress("lectura", 0, len(data))
    table = read_table(data, file_name=file_name)
    return import_frame(
        roster=roster,
        table=table,
        file_name=file_name,
        digest=digest,
        skip_invalid=skip_invalid,
        user=user,
        progress=progress,
        today=today,
        started=started,
    )


def import_frame(
    *,
    roster: Roster,
    table: pl.DataFrame,
    file_name: str,
    digest: str | None = None,
    skip_invalid: bool = False,
    user=None,
    progress: Progress | None = None,
    today: datetime.date | None = None,
    started: datetime.datetime | None = None,
    key: bytes | None = None,
) -> ImportResult:
    """Validate and write a table of strings (steps 2–4); see ``import_roster``."""
    started = started or timezone.now()
    if digest is None:
        digest = content_hash(table.write_csv().encode("utf-8"))
    try:
        key = key if key is not None else pseudonym_key()
    except PseudonymKeyError as error:
        raise RosterImportError(str(error)) from error
    mapping = map_columns(table.columns)
    try:
        curps = curp_text(table, mapping)  # read once: hashed meanwhile, and validated
    except (KeyboardInterrupt, SystemExit):
        raise
    except BaseException:  # polars panics are BaseException (pyo3); validation reports it
        curps = None
    with _pseudonyms_meanwhile(curps, key) as background:
        return _validate_and_write(
            table=table,
            mapping=mapping,
            curps=curps,
            background=background,
            record={
                "roster": roster,
                "file_name": file_name[:255],
                "sha256": digest,
                "skip_invalid": skip_invalid,
                "started_at": started,
                "user": user,
            },
            progress=progress or (lambda stage, done, total: None),
            today=today,
            key=key,
        )


@contextmanager
def _pseudonyms_meanwhile(curps: pl.Series | None, key: bytes):
    """``BackgroundPseudonyms`` of ``curps``, stopped on the way out; ``None`` when a column
    polars cannot read leaves nothing to hash (validation reports it)."""
    background = None if curps is None else BackgroundPseudonyms(curps, key=key)
    try:
        yield background
    finally:
        if background is not None:
            background.cancel()


class _Tally:
    """What the parts of a file's validation say together."""

    def __init__(self) -> None:
        self.rows = self.rejected = self.duplicates = 0
        self.valid_by_sex: dict[str, int] = empty_by_sex()
        self._errors: list[pl.DataFrame] = []

    def add(self, part: Validated) -> None:
        self.rows += part.rows
        self.rejected += part.rejected
        self.duplicates += part.duplicates
        for name, count in _by_sex(part.valid["sex"]).items():
            self.valid_by_sex[name] += count
        if part.errors.height:
            self._errors.append(part.errors)

    @property
    def errors(self) -> pl.DataFrame:
        if not self._errors:
            return pl.DataFrame(schema=REPORT_SCHEMA)
        return pl.concat(self._errors)

    def record(self) -> dict:
        errors = self.errors
        return {
            "rows": self.rows,
            "rejected": self.rejected,
            "errors": _stored(errors),
            "errors_total": errors.height,
        }


class _Rejected(Exception):
    """A row is invalid and the file is imported whole or not at all: what was written of it
    is rolled back, the rest of the file is checked for the report."""


def _checked_parts(table, *, mapping, curps, today, progress) -> Iterator[Validated]:
    """``validate_in_parts``, with progress, and polars' internal errors reported in Spanish."""
    parts = validate_in_parts(table, today=today, mapping=mapping, curps=curps)
    done = 0
    while True:
        try:
            part = next(parts)
        except StopIteration:
            return
        except (KeyboardInterrupt, SystemExit):
            raise
        except BaseException as error:  # polars panics are BaseException (pyo3)
            raise RosterImportError(
                "No se pudo validar el archivo por un error interno; avise a la mesa de ayuda."
            ) from error
        yield part
        done = min(done + PART_ROWS, table.height)
        progress("importación", done, table.height)


def _validate_and_write(
    *, table, mapping, curps, background, record, progress, today, key
) -> ImportResult:
    """Each part of the file is written as soon as it is checked, in one transaction; the
    first invalid row of a file imported whole or not at all rolls it back."""
    progress("importación", 0, table.height)
    parts = _checked_parts(table, mapping=mapping, curps=curps, today=today, progress=progress)
    tally = _Tally()
    try:
        with transaction.atomic():
            batch = RosterImport.objects.create(
                **record,
                status=ImportStatus.IMPORTED,
                by_sex=empty_by_sex(),
                finished_at=record["started_at"],
            )
            with enrollment_writer(batch) as sink:
                for part in parts:
                    tally.add(part)
                    if tally.rejected and not record["skip_invalid"]:
                        raise _Rejected
                    if part.valid.height:
                        pseudonyms = background.take(part.valid["line"]) if background else None
                        sink.write(entries_frame(part.valid, pseudonyms=pseudonyms, key=key))
                if tally.rows == 0:
                    raise RosterImportError(
                        "El archivo no tiene filas de datos (solo el encabezado)."
                    )
                progress("escritura", 0, 0)  # no count: the end of the COPY, summaries, commit
            imported = sink.imported
            if imported == sink.written:
                by_sex = tally.valid_by_sex
            else:
                by_sex = empty_by_sex()
                counted = (
                    Enrollment.objects.filter(import_batch=batch)
                    .values_list("sex")
                    .annotate(n=Count("*"))
                )
                for code, count in counted:
                    by_sex[SEX_PARTS.get(code, "no_especificado")] += count
            for name, value in tally.record().items():
                setattr(batch, name, value)
            batch.imported = imported
            batch.duplicates = tally.duplicates + (sink.written - imported)
            batch.by_sex = by_sex
            batch.finished_at = timezone.now()
            batch.message = f"{imported:,} personas importadas."
            batch.save()
    except _Rejected:
        for part in parts:  # the rest of the file, for the report
            tally.add(part)
        batch = RosterImport.objects.create(
            **record,
            **tally.record(),
            status=ImportStatus.REJECTED,
            duplicates=tally.duplicates,
            by_sex=empty_by_sex(),
            message=(
                f"{tally.rejected:,} filas con errores: no se importó ninguna. Corrija el "
                "archivo o importe solo las filas válidas (omitir filas con errores)."
            ),
            finished_at=timezone.now(),
        )
        imported = 0
    return ImportResult(
        rows=tally.rows,
        imported=imported,
        rejected=tally.rejected,
        duplicates=batch.duplicates,
        by_sex=batch.by_sex,
        status=batch.status,
        batch=batch,
        errors=tally.errors,
    )
