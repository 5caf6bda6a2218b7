"""What a probe of the importer found, each closed: rejected CURPs kept in clear, personal
data in messages, implausible dates, a repeated CURP column, control characters in stored
text, and an empty roster left by a failed command-line import."""

from __future__ import annotations

import datetime
import importlib
import io
import logging

import polars as pl
import pytest
from django.apps import apps
from django.core.management import CommandError, call_command
from django.db import connection
from django.utils import timezone

from avance.capture.people.importing import RosterImportError, import_frame, import_roster
from avance.capture.people.importing.validation import mask
from avance.capture.people.models import Enrollment, Roster, RosterImport
from tests.builders.rosters import csv_bytes, people, xlsx_bytes

pytestmark = pytest.mark.django_db


@pytest.fixture
def roster():
    return Roster.objects.create(name="Curso probado", kind="training", year=2023)


def run(roster, data, **options):
    return import_roster(roster=roster, data=data, file_name="padron.csv", **options)


def _database_dump() -> str:
    with connection.cursor() as cursor:
        dump = []
        for table in ("people_rosterimport", "people_enrollment", "people_importcount"):
            cursor.execute(f"SELECT * FROM {table}")  # noqa: S608 - constant names
            dump.append(repr(cursor.fetchall()))
    return "\n".join(dump)


# --- rejected CURPs are masked ------------------------------------------------------------


def test_mask_keeps_four_characters_and_the_length():
    assert mask("SABC560626MDFLRN02") == "SABC" + "•" * 14
    assert mask("ab") == "ab"
    assert mask("X" * 200) == "XXXX" + "•" * 76 + "…"


BAD_CURPS = (
    "SABC560626MDFLRN02",  # check digit
    "SABC560626MDFLRN0",  # length
    "sabc561326mdflrn01",  # birth date, lower case
    "SABC560626MZZLRN01",  # state of birth
)


def test_rejected_curps_are_masked_in_the_result_the_record_and_the_database(roster, caplog):
    caplog.set_level(logging.DEBUG)
    rows = people(3)
    rows += [(curp, "Mujer", "01", "", "") for curp in BAD_CURPS]
    result = run(roster, csv_bytes(rows))
    assert result.status == "rejected" and result.rejected == 4
    shown = [row[2] for row in result.errors.rows() if row[1] == "CURP"]
    assert shown == [mask(curp) for curp in BAD_CURPS]
    assert [row[2] for row in RosterImport.objects.get().errors] == shown
    dump = _database_dump() + caplog.text
    for curp in (*BAD_CURPS, *(row[0] for row in rows[:3])):
        assert curp not in dump and curp[4:].upper() not in dump.upper()


def test_a_file_without_header_names_no_curp_in_its_message(roster):
    rows = people(2)
    data = "\n".join(",".join(row) for row in rows).encode()  # the header row is missing
    with pytest.raises(RosterImportError) as raised:
        run(roster, data)
    assert "Falta la columna obligatoria CURP" in raised.value.message
    assert rows[0][0] not in str(raised.value) and rows[0][0][:4] + "•" in str(raised.value)


def test_a_malformed_file_passes_on_no_message_of_the_parser(roster, caplog):
    caplog.set_level(logging.DEBUG)
    curp = people(1)[0][0]
    data = f'CURP,Sexo\n{curp},Mujer\n"{curp},Mujer,"x"y\n'.encode()
    with pytest.raises(RosterImportError, match="mal formado") as raised:
        run(roster, data)
    assert raised.value.__cause__ is None and raised.value.__suppress_context__
    assert curp not in caplog.text


def test_the_masking_migration_masks_the_stored_reports(roster):
    now = timezone.now()
    errors = [
        [
            2,
            "CURP",
            "SABC560626MDFLRN02",
            "El dígito verificador de la CURP no corresponde.",
            "Error",
        ],
        [3, "CURP", "", "CURP repetida en el archivo (aparece antes en la línea 2).", "Repetida"],
        [4, "Entidad", "Atlántida", "Entidad «Atlántida» no está en el catálogo.", "Error"],
        [5, "CURP", "X" * 80 + "…", "La CURP debe tener 18 caracteres (tiene 300).", "Error"],
    ]
    batch = RosterImport.objects.create(
        roster=roster, file_name="viejo.csv", sha256="0" * 64, status="rejected",
        errors=errors, started_at=now, finished_at=now,
    )  # fmt: skip
    migration = importlib.import_module("avance.capture.people.migrations.0006_mask_rejected_curps")
    migration.mask_reports(apps, None)
    migration.mask_reports(apps, None)  # twice: nothing more changes
    batch.refresh_from_db()
    assert [row[2] for row in batch.errors] == [
        "SABC" + "•" * 14,
        "",
        "Atlántida",
        "XXXX" + "•" * 76 + "…",
    ]


# --- completion dates ---------------------------------------------------------------------


def test_completion_dates_outside_the_plausible_window_are_refused(roster):
    today = datetime.date(2026, 6, 1)
    dates = ["9999-01-01", "01/01/1900", "31/12/1999", "01/01/2000", "31/12/2027", "01/01/2028"]
    rows = [(*row[:3], date, row[4]) for row, date in zip(people(6), dates, strict=True)]
    result = run(roster, csv_bytes(rows), skip_invalid=True, today=today)
    refused = {row[0]: row[3] for row in result.errors.rows()}
    assert sorted(refused) == [2, 3, 4, 7]
    assert refused[2] == "Fecha «9999-01-01» fuera del periodo admitido (01/01/2000 a 31/12/2027)."
    stored = sorted(Enrollment.objects.values_list("completed_on", flat=True))
    assert stored == [datetime.date(2000, 1, 1), datetime.date(2027, 12, 31)]


# --- a repeated CURP column ---------------------------------------------------------------


@pytest.mark.parametrize("second", ["CURP", "curp", " Curp "])
@pytest.mark.parametrize("form", ["csv", "xlsx"])
def test_two_curp_columns_are_refused_naming_both(roster, form, second):
    header = ("CURP", "Sexo", second, "Entidad")
    rows = [(row[0], row[1], row[0], row[2]) for row in people(3)]
    data = csv_bytes(rows, header=header) if form == "csv" else xlsx_bytes(rows, header=header)
    with pytest.raises(RosterImportError) as raised:
        run(roster, data)
    assert raised.value.message == (
        f"Las columnas «CURP» (columna A) y «{second.strip()}» (columna C) significan lo mismo "
        "(CURP): deje solo una."
    )
    assert not RosterImport.objects.exists()


def test_a_repeated_column_that_means_nothing_is_ignored(roster):
    header = ("CURP", "Notas", "Notas", "Sexo")
    rows = [(row[0], "a", "b", row[1]) for row in people(3)]
    assert run(roster, csv_bytes(rows, header=header)).imported == 3


# --- control characters -------------------------------------------------------------------

UNSAFE = "\x00\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"


def test_nul_and_bidirectional_controls_never_reach_stored_text(roster):
    rows = people(3)
    table = pl.DataFrame(
        {
            "CURP": [rows[0][0] + "\u202e", rows[1][0], rows[2][0]],
            "Entidad": ["09", "Atl\u202eántida", "15"],
            "Organización": [f"Secre{UNSAFE}taría\u2066 de Salud", "X", f"\x00IMSS{UNSAFE}"],
        }
    )
    result = import_frame(roster=roster, table=table, file_name="f.csv", skip_invalid=True)
    assert result.imported == 2
    assert sorted(Enrollment.objects.values_list("organization", flat=True)) == [
        "IMSS",
        "Secretaría de Salud",
    ]
    assert [row[2] for row in RosterImport.objects.get().errors] == ["Atlántida"]
    assert not any(c in _database_dump() for c in UNSAFE[1:])


def test_bidirectional_controls_are_stripped_from_xlsx_cells(roster):
    rows = [(*row[:4], "Secretaría\u202e de Bienestar") for row in people(2)]
    assert run(roster, xlsx_bytes(rows)).imported == 2
    assert set(Enrollment.objects.values_list("organization", flat=True)) == {
        "Secretaría de Bienestar"
    }


# --- the command line leaves nothing after a failed import --------------------------------


def _command(*args):
    call_command("roster", *args, stdout=io.StringIO(), stderr=io.StringIO())


def test_a_failed_command_line_import_leaves_no_new_roster(tmp_path):
    unreadable, rejected = tmp_path / "roto.csv", tmp_path / "rechazado.csv"
    unreadable.write_bytes(b"\x00\x01")
    rows = people(3)
    rows.append(("SABC560626MDFLRN02", "Mujer", "01", "", ""))
    rejected.write_bytes(csv_bytes(rows))
    for path, message in ((unreadable, "bytes nulos"), (rejected, "no se importó ninguna")):
        with pytest.raises(CommandError, match=message):
            _command("import", str(path), "--roster", "Nuevo", "--kind", "training")
        assert not Roster.objects.exists() and not RosterImport.objects.exists()
    # Into an existing roster the rejected import stays on record (the audit trail).
    Roster.objects.create(name="Existente", kind="training", year=2023)
    with pytest.raises(CommandError):
        _command("import", str(rejected), "--roster", "Existente")
    assert list(RosterImport.objects.values_list("status", flat=True)) == ["rejected"]
    _command("import", str(rejected), "--roster", "Nuevo", "--skip-invalid")
    assert Roster.objects.get(name="Nuevo").entries.count() == 3


def test_an_error_report_of_a_failed_import_shows_no_curp(roster, monkeypatch, settings):
    """Django's error reports (mailed to the administrators) list each frame's variables:
    the import's, and those of everything it calls, are hidden."""
    import sys

    from django.views.debug import ExceptionReporter

    settings.DEBUG = False

    def broken(*args, **kwargs):
        raise RuntimeError("falla inesperada")

    monkeypatch.setattr("avance.capture.people.importing.run.import_counts", broken)
    rows = people(5)
    with pytest.raises(RuntimeError) as raised:
        import_roster(roster=roster, data=csv_bytes(rows), file_name="f.csv")
    calls = raised.tb.tb_next  # from the import down (this test's own frame holds the rows)
    report = ExceptionReporter(None, RuntimeError, raised.value, calls).get_traceback_html()
    assert "falla inesperada" in report and "import_frame" in report
    assert not any(row[0] in report for row in rows)
    assert sys.exc_info() == (None, None, None)
