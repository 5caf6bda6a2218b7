"""One way to export: every document format and every list goes through ``Exporter``.

An exporter has an ``identifier`` (the format's name in URLs and on the command line), a
``verbose_name`` for people, and ``render()``, which returns a ``Rendered`` file: name,
content type and bytes. Document formats (Markdown, HTML, PDF, DOCX) subclass it in
``documents.reports.renderers``. Lists subclass ``ListExporter``: they say their ``headers``
and ``rows`` once, and get the three list formats below from it.

Spreadsheets read a cell that starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage
return as a formula: ``neutralize`` prefixes such text with an apostrophe, here and only
here, for CSV and XLSX alike.
"""

from __future__ import annotations

import csv
import datetime
import io
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import Any, ClassVar, NamedTuple

from django.utils.translation import gettext_lazy as _


class Rendered(NamedTuple):
    """A file ready to be saved: what every exporter returns."""

    filename: str
    content_type: str
    content: bytes


class Exporter:
    """Base of every export. Subclasses set the class attributes and implement ``render``."""

    identifier: ClassVar[str] = ""
    verbose_name: ClassVar[Any] = ""
    extension: ClassVar[str] = ""
    content_type: ClassVar[str] = "application/octet-stream"

    def render(self, *args: Any, **kwargs: Any) -> Rendered:
        raise NotImplementedError


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralize(value: object) -> object:
    """Text a spreadsheet would run as a formula, made plain text; anything else unchanged."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def _cell(value: object) -> object:
    """A value as a CSV cell: text (formulas neutralised) or a number."""
    if value is None:
        return ""
    if isinstance(value, str | int | float):
        return neutralize(value)
    return neutralize(str(value))


def _xlsx_cell(value: object) -> object:
    """A value as an XLSX cell: numbers (amounts in pesos too) and dates keep their type."""
    if value is None or isinstance(value, int | float | Decimal | datetime.date):
        return value
    return neutralize(str(value))


# The list formats: identifier → (label, extension, content type, CSV delimiter or None).
LIST_FORMATS: dict[str, tuple[Any, str, str, str | None]] = {
    "xlsx": (
        _("Excel (XLSX)"),
        "xlsx",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        None,
    ),
    "csv": (_("CSV separado por punto y coma (Excel)"), "csv", "text/csv; charset=utf-8", ";"),
    "csv-comas": (_("CSV separado por comas"), "csv", "text/csv; charset=utf-8", ","),
}


class ListExporter(Exporter):
    """A table exported as XLSX, CSV with ``;`` (what Excel opens in Spanish locales) or CSV
    with ``,``. Subclasses give ``filename`` (without extension), ``headers`` and ``rows``;
    an empty cell is ``None``."""

    sheet_title: ClassVar[str] = "Datos"
    filename: ClassVar[str] = "datos"

    def headers(self) -> Sequence[str]:
        raise NotImplementedError

    def rows(self) -> Iterable[Sequence[object]]:
        raise NotImplementedError

    def render(self, fmt: str = "xlsx") -> Rendered:  # type: ignore[override]
        if fmt not in LIST_FORMATS:
            raise ValueError(fmt)
        _label, extension, content_type, delimiter = LIST_FORMATS[fmt]
        name = f"{self.filename}.{extension}"
        if delimiter is None:
            return Rendered(name, content_type, self._xlsx())
        return Rendered(name, content_type, self._csv(delimiter))

    def _csv(self, delimiter: str) -> bytes:
        """UTF-8 with a byte-order mark, so that Excel shows the accents."""
        out = io.StringIO()
        writer = csv.writer(out, delimiter=delimiter)
        writer.writerow([_cell(str(h)) for h in self.headers()])
        for row in self.rows():
            writer.writerow([_cell(value) for value in row])
        return ("\ufeff" + out.getvalue()).encode("utf-8")

    def _xlsx(self) -> bytes:
        from openpyxl import Workbook

        book = Workbook(write_only=True)
        sheet = book.create_sheet(self.sheet_title[:31])
        sheet.append([_xlsx_cell(str(h)) for h in self.headers()])
        for row in self.rows():
            sheet.append([_xlsx_cell(value) for value in row])
        out = io.BytesIO()
        book.save(out)
        return out.getvalue()


def list_format_choices() -> list[tuple[str, str]]:
    return [(key, str(label)) for key, (label, *_rest) in LIST_FORMATS.items()]
