"""The narrative engine: text that cites figures by name, rendered safely in every format.

A narrative is plain text with two kinds of marks and nothing else:

* ``{{ name }}``, ``{{ name.part }}`` and ``{{ name.part | format | format }}`` print a figure
  (``name``) of the activity, or one of its parts (``mujeres``, ``hombres``, ``otro``,
  ``no_especificado``, ``total``; for lists ``nombres``, ``numeros``, ``fechas``,
  ``cuantos``), through formats from a fixed list (``FORMATS``);
* ``[^key]`` cites the activity's footnote ``key``; documents number notes across the whole
  document.

The engine is deliberately not a template language (see docs/decisions/0002): there are no
expressions, loops, attribute walks or calls, so a user's text reaches only the figures and
formats offered. Anything else between ``{{`` and ``}}`` is reported as a problem and printed
as the literal text, which each output format then escapes like any other user text.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from babel.dates import format_date
from django.utils.translation import gettext as _
from num2words import num2words

from avance.core.text import clean_text
from avance.figures.values import Item, Resolved

LOCALE = "es_MX"

PLACEHOLDER = re.compile(r"\{\{(.*?)\}\}", re.DOTALL)
NOTE_MARK = re.compile(r"\[\^([a-z_][a-z0-9_]{0,39})\]")
REFERENCE = re.compile(
    r"^\s*(?P<name>[a-z_][a-z0-9_]{0,39})(?:\.(?P<attr>[a-z_]{1,20}))?"
    r"\s*(?P<formats>(?:\|\s*[a-z_]{1,20}\s*)*)$"
)


# --- segments ------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Text:
    text: str


@dataclass(frozen=True, slots=True)
class Value:
    """A rendered figure: its text and where it comes from."""

    text: str
    reference: str
    resolved: Resolved | None


@dataclass(frozen=True, slots=True)
class NoteRef:
    key: str


Segment = Text | Value | NoteRef


@dataclass(frozen=True, slots=True)
class Problem:
    reference: str
    message: str


class FormatError(ValueError):
    pass


# --- formats -------------------------------------------------------------------------------


def _as_int(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise FormatError(_("se esperaba un número"))
    return value


def thousands(value: Any) -> str:
    """81961 → «81,961»."""
    # es-MX groups integers by three with a comma, as Python's «,» does; babel's
    # format_decimal gives the same text at fifty times the cost (a report prints thousands).
    return f"{_as_int(value):,}"


@lru_cache(maxsize=4096)
def _spelled(number: int, to: str) -> str:
    return num2words(number, lang="es", to=to)


def words(value: Any) -> str:
    """3 → «tres»."""
    return _spelled(_as_int(value), "cardinal")


def words_feminine(value: Any) -> str:
    """1 → «una», 21 → «veintiuna», 200 → «doscientas»."""
    text = words(value)
    text = re.sub(r"uno\b", "una", text)
    return re.sub(r"ientos\b", "ientas", text)


def _ordinal_words(value: Any) -> list[str]:
    number = _as_int(value)
    if number < 1:
        raise FormatError(_("un ordinal empieza en 1"))
    text = _spelled(number, "ordinal")
    # num2words spells 40th «quadragésimo»; Spanish writes «cuadragésimo».
    return text.replace("quadragésim", "cuadragésim").split()


def ordinal_feminine(value: Any) -> str:
    """31 → «Trigésima Primera» (sessions, meetings, editions)."""
    return _ordinal_feminine(_as_int(value))


@lru_cache(maxsize=4096)
def _ordinal_feminine(value: int) -> str:
    return " ".join(
        w[:-1].capitalize() + "a" if w.endswith("o") else w.capitalize()
        for w in _ordinal_words(value)
    )


def ordinal_masculine(value: Any) -> str:
    """7 → «Séptimo»; 3 → «Tercer», 1 → «Primer» (before a noun, as «Tercer Encuentro»)."""
    return _ordinal_masculine(_as_int(value))


@lru_cache(maxsize=4096)
def _ordinal_masculine(value: int) -> str:
    parts = _ordinal_words(value)
    if parts[-1] in {"primero", "tercero"}:
        parts[-1] = parts[-1][:-1]
    return " ".join(w.capitalize() for w in parts)


_ROMAN = [
    (1000, "M"),
    (900, "CM"),
    (500, "D"),
    (400, "CD"),
    (100, "C"),
    (90, "XC"),
    (50, "L"),
    (40, "XL"),
    (10, "X"),
    (9, "IX"),
    (5, "V"),
    (4, "IV"),
    (1, "I"),
]


def roman(value: Any) -> str:
    """49 → «XLIX»."""
    return _roman(_as_int(value))


@lru_cache(maxsize=4096)
def _roman(number: int) -> str:
    if not 0 < number < 4000:
        raise FormatError(_("los números romanos van de 1 a 3999"))
    out = []
    for size, letters in _ROMAN:
        count, number = divmod(number, size)
        out.append(letters * count)
    return "".join(out)


def _as_date(value: Any) -> datetime.date:
    if not isinstance(value, datetime.date):
        raise FormatError(_("se esperaba una fecha"))
    return value


@lru_cache(maxsize=8192)
def _date_text(value: datetime.date, pattern: str) -> str:
    # babel parses the locale and the pattern on every call (about 0.2 ms): a year prints the
    # same few hundred dates thousands of times.
    return format_date(value, pattern, locale=LOCALE)


def long_date(value: Any) -> str:
    """«9 de octubre de 2023»."""
    return _date_text(_as_date(value), "d 'de' MMMM 'de' y")


def day_month(value: Any) -> str:
    """«9 de octubre»."""
    return _date_text(_as_date(value), "d 'de' MMMM")


def month(value: Any) -> str:
    """«octubre»."""
    return _date_text(_as_date(value), "MMMM")


def spanish_list(values: list[str]) -> str:
    """["A", "B", "C"] → «A, B y C»; «e» instead of «y» before an /i/ sound (Francia e Italia)."""
    values = [v for v in values if v]
    if not values:
        return ""
    if len(values) == 1:
        return values[0]
    last = values[-1]
    lowered = last.lower()
    conjunction = "y"
    if re.match(r"^(i|í|hi|hí)(?![aeouáéóú])", lowered):
        conjunction = "e"
    return f"{', '.join(values[:-1])} {conjunction} {last}"


def default_text(value: Any) -> str:
    """How a value prints when no format names another way."""
    if value is None:
        raise FormatError(_("la cifra no tiene valor"))
    if isinstance(value, bool):
        raise FormatError(_("valor no imprimible"))
    if isinstance(value, int):
        return thousands(value)
    if isinstance(value, datetime.date):
        return long_date(value)
    if isinstance(value, Item):
        return value.label
    if isinstance(value, list | tuple):
        return spanish_list([default_text(v) for v in value])
    if isinstance(value, str):
        return value
    raise FormatError(_("valor no imprimible"))


# Each format maps one value to text; on a list it applies to each element, except «lista».
FORMATS: dict[str, tuple[Callable[[Any], str], str]] = {
    "miles": (thousands, "81,961"),
    "palabras": (words, "tres"),
    "palabras_f": (words_feminine, "una, veintiuna"),
    "ordinal_f": (ordinal_feminine, "Trigésima Primera"),
    "ordinal_m": (ordinal_masculine, "Séptimo, Tercer"),
    "romano": (roman, "XLIX"),
    "fecha": (long_date, "9 de octubre de 2023"),
    "dia_mes": (day_month, "9 de octubre"),
    "mes": (month, "octubre"),
    "minusculas": (lambda v: default_text(v).lower(), "texto en minúsculas"),
    "mayusculas": (lambda v: default_text(v).upper(), "TEXTO EN MAYÚSCULAS"),
    "lista": (default_text, "A, B y C"),
}


def _apply(name: str, value: Any) -> Any:
    function = FORMATS[name][0]
    if name == "lista":
        if not isinstance(value, list | tuple):
            raise FormatError(_("«lista» se aplica a una lista"))
        return spanish_list([default_text(v) for v in value])
    if isinstance(value, list | tuple):
        return [function(v) for v in value]
    return function(value)


# --- parsing and rendering -----------------------------------------------------------------


def render(text: str, context: Mapping[str, Resolved]) -> tuple[list[Segment], list[Problem]]:
    """Turn a narrative into segments, resolving each reference against ``context`` only."""
    text = clean_text(text)
    segments: list[Segment] = []
    problems: list[Problem] = []
    outside: list[str] = []  # the text between references, for the check of stray marks
    position = 0
    for match in PLACEHOLDER.finditer(text):
        between = text[position : match.start()]
        outside.append(between)
        _split_notes(between, segments)
        value = _render_reference(match.group(1), context)
        if isinstance(value, Problem):
            raw = match.group(0)
            problems.append(Problem(raw, value.message))
            segments.append(Text(raw))
        else:
            segments.append(value)
        position = match.end()
    rest = text[position:]
    outside.append(rest)
    _split_notes(rest, segments)
    joined = "".join(outside)
    for stray in ("{{", "}}", "{%", "%}", "{#"):
        if stray in joined:
            problems.append(Problem(stray, _("Marca sin cerrar o no permitida: «%s».") % stray))
            break
    return segments, problems


def _split_notes(text: str, segments: list[Segment]) -> None:
    if "[^" not in text:  # most text between figures cites no note
        if text:
            segments.append(Text(text))
        return
    position = 0
    for match in NOTE_MARK.finditer(text):
        if match.start() > position:
            segments.append(Text(text[position : match.start()]))
        segments.append(NoteRef(match.group(1)))
        position = match.end()
    if position < len(text):
        segments.append(Text(text[position:]))


@lru_cache(maxsize=8192)
def _parse_reference(inner: str) -> tuple[str, str | None, tuple[str, ...]] | None:
    """«capacitadas.mujeres | miles» → ("capacitadas", "mujeres", ("miles",)); None if invalid.

    Cached: a year's narratives cite a small vocabulary of figure names and formats many
    thousand times (the parse is pure; the values come from each activity's context).
    """
    match = REFERENCE.match(inner)
    if not match:
        return None
    name, attr, piped = match.group("name", "attr", "formats")
    formats = tuple(f.strip() for f in piped.split("|")[1:]) if piped else ()
    return name, attr, formats


def _render_reference(inner: str, context: Mapping[str, Resolved]) -> Value | Problem:
    parsed = _parse_reference(inner)
    reference = inner.strip()
    if parsed is None:
        return Problem(reference, _("Referencia no válida: solo se admiten cifras y formatos."))
    name, attr, formats = parsed
    resolved = context.get(name)
    if resolved is None:
        return Problem(reference, _("No existe la cifra «%s» en esta actividad.") % name)
    try:
        if attr is None and resolved.items is not None and formats[:1] == ("lista",):
            value = list(resolved.items)  # «{{ estados | lista }}» lists, not counts
        else:
            value = resolved.attribute(attr)
    except KeyError:
        return Problem(
            reference,
            _("La cifra «%(name)s» no tiene la parte «%(attr)s».") % {"name": name, "attr": attr},
        )
    for format_name in formats:
        if format_name not in FORMATS:
            return Problem(reference, _("Formato desconocido: «%s».") % format_name)
        try:
            value = _apply(format_name, value)
        except FormatError as error:
            return Problem(reference, f"{format_name}: {error}")
    if type(value) is str:
        return Value(value, reference, resolved)
    try:
        text = default_text(value)
    except FormatError as error:
        return Problem(reference, str(error))
    return Value(text=text, reference=reference, resolved=resolved)


def references(text: str) -> list[str]:
    """The figure names a narrative cites (for editors and checks)."""
    names = []
    for match in PLACEHOLDER.finditer(clean_text(text)):
        ref = REFERENCE.match(match.group(1))
        if ref and ref.group("name") not in names:
            names.append(ref.group("name"))
    return names
