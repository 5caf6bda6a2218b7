import csv
import datetime
import io

import pytest
from openpyxl import load_workbook

from avance.core.exporters import LIST_FORMATS, ListExporter, neutralize


class People(ListExporter):
    filename = "personas"

    def headers(self):
        return ["Nombre", "Personas", "Fecha"]

    def rows(self):
        return [
            ['=HYPERLINK("http://x")', 3, datetime.date(2023, 10, 9)],
            ['Añil; con coma, y comillas "', None, None],
            ["+1", -2, "@SUM(1)"],
        ]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("=1+1", "'=1+1"),
        ("+1", "'+1"),
        ("-2", "'-2"),
        ("@A1", "'@A1"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("texto", "texto"),
        (-2, -2),
        (None, None),
    ],
)
def test_neutralize_prefixes_only_text_a_spreadsheet_would_run(value, expected):
    assert neutralize(value) == expected


@pytest.mark.parametrize(("fmt", "delimiter"), [("csv", ";"), ("csv-comas", ",")])
def test_csv_formats_keep_text_and_numbers_and_neutralise_formulas(fmt, delimiter):
    rendered = People().render(fmt)
    assert rendered.filename == "personas.csv"
    assert rendered.content_type == "text/csv; charset=utf-8"
    text = rendered.content.decode("utf-8")
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text[1:]), delimiter=delimiter))
    assert rows == [
        ["Nombre", "Personas", "Fecha"],
        ['\'=HYPERLINK("http://x")', "3", "2023-10-09"],
        ['Añil; con coma, y comillas "', "", ""],
        ["'+1", "-2", "'@SUM(1)"],
    ]


def test_xlsx_keeps_numbers_and_dates_and_neutralises_formulas():
    rendered = People().render("xlsx")
    assert rendered.filename == "personas.xlsx"
    sheet = load_workbook(io.BytesIO(rendered.content)).active
    values = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert values[1][0] == '\'=HYPERLINK("http://x")'
    assert values[1][1] == 3
    assert values[1][2].date() == datetime.date(2023, 10, 9)
    assert values[2] == ['Añil; con coma, y comillas "', None, None]
    assert values[3] == ["'+1", -2, "'@SUM(1)"]


def test_unknown_list_format_is_refused():
    assert set(LIST_FORMATS) == {"xlsx", "csv", "csv-comas"}
    with pytest.raises(ValueError):
        People().render("pdf")
