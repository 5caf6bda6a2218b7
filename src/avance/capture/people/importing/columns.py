"""Mapping a file's headers to the roster's fields (CURP, sex, state, completion date,
organisation).

Files come from training platforms, certifiers and partners, each with its own headings:
names are compared without case, accents, dots, underscores or extra spaces, against the
usual Spanish names of each field. Two headers meaning one field are refused, never resolved
by guessing which one holds the data.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from avance.capture.people.importing.errors import RosterImportError


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
FIELD_OF_ALIAS = {alias: column.field for column in COLUMNS for alias in column.aliases}
# A header that looks like the start of a CURP: the file has no header row, and its first
# person's CURP must not be repeated in a message.
_CURP_LIKE = re.compile(r"^[A-Za-zÑñ]{4}\d{6}")


def normalize_name(text: str) -> str:
    """Lower case, no accents, single spaces: «Fecha_de  Conclusión» → «fecha de conclusion»."""
    decomposed = unicodedata.normalize("NFKD", str(text).replace("\ufeff", ""))
    plain = "".join(c for c in decomposed if not unicodedata.combining(c)).lower()
    return " ".join(re.sub(r"[_\-.:/]+", " ", plain).split())


def spreadsheet_column(index: int) -> str:
    """The letter(s) of the column at ``index`` (0 → A, 26 → AA), as Excel names it."""
    name = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        name = chr(ord("A") + rest) + name
    return name


def shown_header(header: str) -> str:
    """A header as a message may quote it (one that looks like a CURP is masked)."""
    header = str(header)
    if _CURP_LIKE.match(header):
        return header[:4] + "•" * (len(header) - 4)
    return header[:80]


def check_repeated_fields(headers: list[str]) -> None:
    """Raise ``RosterImportError`` when two headers mean the same field («CURP» twice, or
    «Estado» and «Entidad»), naming both and where they are."""
    first: dict[str, int] = {}
    for index, header in enumerate(headers):
        field_name = FIELD_OF_ALIAS.get(normalize_name(header))
        if field_name is None:
            continue
        if field_name in first:
            before = first[field_name]
            raise RosterImportError(
                f"Las columnas «{shown_header(headers[before])}» (columna "
                f"{spreadsheet_column(before)}) y «{shown_header(header)}» (columna "
                f"{spreadsheet_column(index)}) significan lo mismo ({LABELS[field_name]}): "
                "deje solo una."
            )
        first[field_name] = index


def map_columns(headers: list[str]) -> dict[str, str]:
    """Field → header of the file. Raises RosterImportError for missing or repeated fields."""
    check_repeated_fields(headers)
    found = {
        FIELD_OF_ALIAS[normalize_name(h)]: h for h in headers if normalize_name(h) in FIELD_OF_ALIAS
    }
    missing = [c.label for c in COLUMNS if c.required and c.field not in found]
    if missing:
        shown = ", ".join(f"«{shown_header(h)}»" for h in headers[:8]) or "ninguno"
        raise RosterImportError(
            f"Falta la columna obligatoria {', '.join(missing)}. Encabezados del archivo: "
            f"{shown}. Nombres reconocidos: CURP; Sexo; Entidad (o Estado, Clave de entidad); "
            "Fecha de conclusión (o Fecha); Organización (o Dependencia, Institución)."
        )
    return found
