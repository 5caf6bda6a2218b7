"""The error report of an import, as CSV or XLSX, safe to open in a spreadsheet.

Cells that a spreadsheet would read as a formula (starting with = + - @, a tab or a carriage
return) are prefixed with an apostrophe, in both formats.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable

HEADERS = ("Línea", "Columna", "Valor", "Motivo", "Tipo")
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralize(value) -> object:
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def _rows(errors: Iterable) -> Iterable[list]:
    for row in errors:
        yield [neutralize(value) for value in row]


def errors_csv(errors: Iterable) -> bytes:
    """UTF-8 with a byte-order mark, so that Excel shows the accents."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(HEADERS)
    writer.writerows(_rows(errors))
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def errors_xlsx(errors: Iterable) -> bytes:
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet("Errores")
    sheet.append(list(HEADERS))
    for row in _rows(errors):
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
