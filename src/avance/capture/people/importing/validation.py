"""Validation of a roster table: every row at once, with polars expressions (no Python loop
per row).

What is checked (docs/rosters.md, «Checks of every row»): the CURP's structure, birth date,
state of birth and check digit; the declared sex against the CURP's sex letter; state keys;
completion dates, inside a plausible window; the organisation's length; repeated CURPs within
the file (the first is kept, the others are reported as repetitions).

What the error report keeps of a row is only what locates the problem: its line, the column,
the reason and the value as the user typed it, except a CURP, which is personal data even
when it is wrong: it is masked to its first four characters, the rest shown as «•» so that
its length stays visible (``mask``). A valid CURP is never copied into the report.

Cells are read as text without surrounding blanks, and without the characters that must not
reach stored text: NUL, and the bidirectional overrides and isolates (U+202A–U+202E,
U+2066–U+2069) that can make a name read differently from what it holds.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass

import polars as pl

from avance.capture.people import curp as curp_rules
from avance.capture.people.importing.columns import COLUMNS, LABELS, map_columns, normalize_name
from avance.catalogs.territory.states import STATES

MAX_CELL_CHARS = 1000  # longer cells in a mapped column are an error of that row
MAX_REPORTED_VALUE = 80  # values are cut to this length in the error report
SHOWN_CURP_CHARS = 4  # characters of a rejected CURP kept in the report
MASK = "•"
# Characters removed from every cell: NUL, and the bidirectional embeddings, overrides and
# isolates (U+202A–U+202E, U+2066–U+2069).
UNSAFE_CHARACTERS = r"[\x00\x{202A}-\x{202E}\x{2066}-\x{2069}]"
# Completion dates accepted: from the first year the institute's programmes can have (it was
# founded in 2001) to the end of next year (rosters of courses still running are sent in
# advance); outside it, a date is a typing error (9999, 1900) rather than a fact.
FIRST_COMPLETION = datetime.date(2000, 1, 1)

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
    values.update(
        {
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
    )
    return values


STATE_VALUES = _state_values()

REPORT_SCHEMA = {
    "line": pl.Int64,
    "column": pl.String,
    "value": pl.String,
    "reason": pl.String,
    "kind": pl.String,
}
ERROR, REPEATED = "Error", "Repetida"


@dataclass
class Validated:
    """The outcome of validation: rows to write, and what the report says about the others."""

    rows: int
    valid: pl.DataFrame  # line, curp, sex, state, completed_on, organization (one per person)
    errors: pl.DataFrame  # REPORT_SCHEMA: line, column, value, reason, kind
    rejected: int
    duplicates: int


def last_completion(today: datetime.date) -> datetime.date:
    return datetime.date(today.year + 1, 12, 31)


def mask(value: str) -> str:
    """A CURP as the error report shows it: «SABC••••••••••••••»."""
    value = str(value)
    if len(value) <= SHOWN_CURP_CHARS:
        return value
    shown = value[:SHOWN_CURP_CHARS] + MASK * (min(len(value), MAX_REPORTED_VALUE) - 4)
    return shown + ("…" if len(value) > MAX_REPORTED_VALUE else "")


def _masked(expr: pl.Expr) -> pl.Expr:
    """``mask`` of a column."""
    length = expr.str.len_chars()
    shown = expr.str.slice(0, SHOWN_CURP_CHARS).str.pad_end(
        pl.min_horizontal(length, MAX_REPORTED_VALUE), MASK
    )
    return pl.when(length > MAX_REPORTED_VALUE).then(shown + pl.lit("…")).otherwise(shown)


def _shown(expr: pl.Expr) -> pl.Expr:
    """A value as the error report shows it: cut, so that a huge cell stays readable."""
    return (
        pl.when(expr.str.len_chars() > MAX_REPORTED_VALUE)
        .then(expr.str.slice(0, MAX_REPORTED_VALUE) + pl.lit("…"))
        .otherwise(expr)
    )


def _cell(column: str) -> pl.Expr:
    """A cell as validation reads it: text without surrounding blanks."""
    return pl.col(column).cast(pl.String).fill_null("").str.strip_chars()


def _without_unsafe_characters(cells: pl.DataFrame) -> pl.DataFrame:
    """``cells`` without ``UNSAFE_CHARACTERS``; only the columns that hold some are rewritten
    (looking costs a fifth of rewriting, and files seldom hold any)."""
    unsafe = [name for name in cells.columns if cells[name].str.contains(UNSAFE_CHARACTERS).any()]
    return cells.with_columns(
        pl.col(name).str.replace_all(UNSAFE_CHARACTERS, "").str.strip_chars() for name in unsafe
    )


def _key(expr: pl.Expr) -> pl.Expr:
    """Lower case, no accents, no dots or spaces: the lookup form of a sex or state value."""
    return expr.str.to_lowercase().str.replace_many(*_ACCENTS).str.replace_all(r"\s+", " ")


def _per_distinct(cells: pl.Series, function: Callable[[pl.Expr], pl.Expr]) -> pl.Series:
    """``function`` of each cell, computed once per distinct value and looked up for each
    row: a file's sexes, states and dates take few distinct values."""
    distinct = cells.unique(maintain_order=True)
    values = distinct.to_frame("cell").select(function(pl.col("cell"))).to_series()
    return cells.replace_strict(distinct, values, default=None, return_dtype=values.dtype)


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

# A way a cell fails: the condition (null counts as false) and the reason, in Spanish.
Case = tuple[pl.Expr, pl.Expr]


def _curp_cases(curp: pl.Expr, today: datetime.date, expected: pl.Expr) -> list[Case]:
    """The ways a CURP fails, in the order they are reported; ``expected`` is its check
    digit (``curp.check_digits``). No reason quotes the CURP itself."""
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


# Columns computed before the row checks, beside the file's own (no recognised header has
# these names): the CURP's check digit; what the sex, state and date cells read as.
CHECK_DIGIT = "\x00check digit"
DERIVED = {"sex": "\x00declared", "state": "\x00state key", "date": "\x00date"}


def _cases(today: datetime.date, mapping: dict[str, str]) -> dict[str, list[Case]]:
    """The ways each field fails, for the row frame built by ``validate``."""
    curp_sex = pl.col("curp").str.slice(10, 1)
    first, last = FIRST_COMPLETION, last_completion(today)
    cases: dict[str, list[Case]] = {
        "curp": _curp_cases(pl.col("curp"), today, pl.col(CHECK_DIGIT)),
        "sex": [
            (
                pl.col("declared").is_null(),
                pl.format("Sexo «{}» no reconocido: use Mujer, Hombre u Otro.", pl.col("sex")),
            ),
            (
                ~pl.col("curp_fails")  # computed first
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
            ),
            (
                (pl.col("completed_on") < pl.lit(first)) | (pl.col("completed_on") > pl.lit(last)),
                pl.format(
                    "Fecha «{}» fuera del periodo admitido ({} a {}).",
                    pl.col("date"),
                    pl.lit(f"{first:%d/%m/%Y}"),
                    pl.lit(f"{last:%d/%m/%Y}"),
                ),
            ),
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
    return cases


def validate(
    table: pl.DataFrame, *, today: datetime.date | None = None, mapping: dict | None = None
) -> Validated:
    """Check every row of ``table`` at once; a row's line in the file is its index + 2 (the
    header is line 1)."""
    today = today or datetime.date.today()
    mapping = mapping if mapping is not None else map_columns(table.columns)
    # Every cell read once ("" in a column the file does not have).
    cells = _without_unsafe_characters(
        table.select(
            _cell(mapping[c.field]).alias(c.field)
            if c.field in mapping
            else pl.repeat("", table.height, dtype=pl.String).alias(c.field)
            for c in COLUMNS
        )
    )
    curps = cells["curp"].str.to_uppercase()
    derived = {CHECK_DIGIT: curp_rules.check_digits(curps)}
    for name, function in READINGS.items():
        derived[DERIVED[name]] = _per_distinct(cells[name], function)
    frame = (
        cells.lazy()
        .with_columns(**derived)
        .with_row_index("line", offset=2)
        .with_columns(pl.col("line").cast(pl.Int64))
        # Wholly empty rows (trailing lines of a spreadsheet) are not rows of the roster.
        .filter(pl.any_horizontal(pl.col(c.field) != "" for c in COLUMNS))
        .with_columns(
            pl.col("curp").alias("curp_raw"),
            pl.col("curp").str.to_uppercase(),
            pl.col(DERIVED["sex"]).alias("declared"),
            pl.col(DERIVED["state"]).alias("state_key"),
            pl.col(DERIVED["date"]).alias("completed_on"),
        )
    )
    cases = _cases(today, mapping)
    frame = frame.with_columns(_fails(cases["curp"]).alias("curp_fails"))
    frame = frame.with_columns(
        _fails(each).alias(f"{name}_fails") for name, each in cases.items() if name != "curp"
    )
    frame = frame.with_columns(
        pl.any_horizontal(pl.col(f"{name}_fails") for name in cases).alias("has_error")
    )
    # Among rows without errors, a CURP seen before is a repetition. Rows keep the file's
    # order, so the first occurrence is the first distinct value. Most files repeat nobody:
    # their 64-bit hashes say so at a small part of the cost of looking for repetitions.
    without_error = pl.when(~pl.col("has_error")).then(pl.col("curp"))  # null on errors
    repeated = ~pl.col("has_error") & ~without_error.is_first_distinct()
    if not curps.hash().is_duplicated().any():
        repeated = pl.lit(False)
    frame = frame.with_columns(repeated.alias("repeated")).collect(engine="in-memory")

    reports = []
    flagged = frame.lazy().filter(pl.col("has_error"))
    for name, each in cases.items():
        value = _masked(pl.col("curp_raw")) if name == "curp" else _shown(pl.col(name))
        reports.append(
            flagged.filter(pl.col(f"{name}_fails")).select(
                "line",
                pl.lit(LABELS[name]).alias("column"),
                value.alias("value"),
                _reason(each).alias("reason"),
                pl.lit(ERROR).alias("kind"),
            )
        )
    repeated = frame.lazy().filter(pl.col("repeated"))
    first_lines = (
        frame.lazy()
        .filter(~pl.col("has_error") & ~pl.col("repeated"))
        .select("curp", pl.col("line").alias("first_line"))
    )
    reports.append(
        repeated.join(first_lines, on="curp", how="left").select(
            "line",
            pl.lit(LABELS["curp"]).alias("column"),
            pl.lit("").alias("value"),  # a valid CURP: not copied into the report
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
    curp_sex = pl.col("curp").str.slice(10, 1)
    valid = frame.filter(~pl.col("has_error") & ~pl.col("repeated")).select(
        "line",
        "curp",
        pl.when(pl.col("declared").is_in(["M", "H", "X"]))
        .then(pl.col("declared"))
        .otherwise(curp_sex)
        .alias("sex"),
        pl.col("state_key").fill_null("").alias("state"),
        "completed_on",
        "organization",
    )
    return Validated(
        rows=frame.height,
        valid=valid,
        errors=errors,
        rejected=int(frame["has_error"].sum()),
        duplicates=int(frame["repeated"].sum()),
    )
