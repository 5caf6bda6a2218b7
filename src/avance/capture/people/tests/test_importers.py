"""The importer: reading, mapping, validating, writing — and never crashing."""

from __future__ import annotations

import hashlib
import hmac
import io
import json

import polars as pl
import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection
from hypothesis import HealthCheck, given
from hypothesis import settings as hsettings
from hypothesis import strategies as st
from openpyxl import load_workbook

from avance.capture.people.counts import orphan_entries, repeated_entries
from avance.capture.people.exports import ImportErrorsExporter
from avance.capture.people.importing import RosterImportError, import_roster
from avance.capture.people.importing.validation import validate
from avance.capture.people.models import Enrollment, ImportCount, Roster, RosterImport
from tests.builders.database import skip_unless_postgresql
from tests.builders.rosters import HEADER, csv_bytes, people, xlsx_bytes

pytestmark = pytest.mark.django_db


@pytest.fixture
def roster():
    return Roster.objects.create(name="Curso de prueba", kind="training", year=2023)


def people_count() -> int:
    """People known: distinct pseudonyms over every roster."""
    return Enrollment.objects.values("pseudonym").distinct().count()


def counts() -> tuple[int, int, int]:
    return people_count(), Enrollment.objects.count(), RosterImport.objects.count()


def run(roster, data, **kwargs):
    return import_roster(roster=roster, data=data, file_name="padron.csv", **kwargs)


# --- reading ------------------------------------------------------------------------------


def test_import_csv_comma_utf8(roster):
    result = run(roster, csv_bytes(people(50)))
    assert (result.rows, result.imported, result.rejected, result.duplicates) == (50, 50, 0, 0)
    assert Enrollment.objects.filter(roster=roster).count() == 50


def test_import_csv_semicolon_windows_1252(roster):
    data = csv_bytes(people(20), sep=";", encoding="cp1252")
    assert "conclusión".encode("cp1252") in data
    result = run(roster, data)
    assert (result.imported, result.rejected) == (20, 0)


def test_import_csv_utf16_with_bom(roster):
    data = b"\xff\xfe" + csv_bytes(people(5), sep="\t").decode("utf-8").encode("utf-16-le")
    assert run(roster, data).imported == 5


def test_import_xlsx(roster):
    result = run(roster, xlsx_bytes(people(30)))
    assert (result.imported, result.rejected) == (30, 0)


def test_headers_are_recognised_without_case_or_accents(roster):
    header = ("curp", "SEXO", "Entidad Federativa", "fecha_de_conclusion", "Dependencia")
    result = run(roster, csv_bytes(people(3), header=header))
    assert result.imported == 3
    entry = Enrollment.objects.filter(roster=roster).order_by("state").first()
    assert (entry.state, entry.organization) == ("01", "Dependencia 0")


def test_missing_curp_column_is_a_clear_error(roster):
    header = ("Clave", "Sexo", "Entidad", "Fecha", "Organización")
    with pytest.raises(RosterImportError, match="Falta la columna obligatoria CURP"):
        run(roster, csv_bytes(people(2), header=header))
    assert counts() == (0, 0, 0)


def test_repeated_column_meaning_is_a_clear_error(roster):
    header = ("CURP", "Sexo", "Estado", "Entidad", "Organización")
    with pytest.raises(RosterImportError, match="significan lo mismo"):
        run(roster, csv_bytes(people(2), header=header))


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "vacío"),
        (b"   \n\n", "vacío"),
        (b"CURP,Sexo\n", "no tiene filas"),
        (b"\x00\x01\x02binario", "bytes nulos"),
        (b"\x81\x8d\x8f\x90\x9d,CURP\n", "codificación"),
        (b"PK\x03\x04no es un zip", "dañado"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1resto", ".xls"),
        (b'CURP,Sexo\n"SABC560626MDFLRN01,Mujer\n', "mal formado"),
    ],
)
def test_unreadable_files_are_clear_errors(roster, data, message):
    with pytest.raises(RosterImportError, match=message):
        run(roster, data)
    assert counts() == (0, 0, 0)


@hsettings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.binary(max_size=2000))
def test_random_bytes_never_crash(roster, data):
    try:
        result = run(roster, data)
    except RosterImportError as error:
        assert error.message.strip()
    else:
        assert result.rows == result.imported + result.rejected + result.duplicates


@hsettings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(text=st.text(max_size=300), encoding=st.sampled_from(["utf-8", "cp1252", "latin-1"]))
def test_text_in_any_encoding_never_crashes(roster, text, encoding):
    data = ("CURP;Sexo\n" + text).encode(encoding, errors="replace")
    try:
        result = run(roster, data, skip_invalid=True)
    except RosterImportError as error:
        assert error.message.strip()
    else:
        assert result.rows == result.imported + result.rejected + result.duplicates


def test_file_over_the_limit_is_refused_before_reading(roster, settings):
    settings.AVANCE_UPLOAD_MAX_BYTES = 100
    with pytest.raises(RosterImportError, match="máximo"):
        run(roster, csv_bytes(people(10)))


def test_huge_cell_is_a_row_error(roster):
    rows = people(3)
    rows[1] = ("X" * 2_000_000, *rows[1][1:])
    result = run(roster, csv_bytes(rows))
    assert (result.imported, result.rejected) == (0, 1)
    line, column, value, reason, kind = result.errors.row(0)
    assert (line, column, kind) == (3, "CURP", "Error")
    assert len(value) <= 81 and "excede" in reason


def test_formula_cells_are_rejected_and_neutralised_in_reports(roster):
    rows = people(2)
    rows.append(('=HYPERLINK("http://x")', "Mujer", "@SUM(1)", "+1", "-2"))
    result = run(roster, csv_bytes(rows, sep=";"))
    assert result.rejected == 1
    report = ImportErrorsExporter(result.errors.rows()).render("csv").content.decode("utf-8-sig")
    assert "'=HYP•" in report and "'@SUM(1)" in report and "'+1" in report
    assert "HYPERLINK" not in report  # a rejected CURP is masked
    xlsx = ImportErrorsExporter(result.errors.rows()).render("xlsx").content
    book = load_workbook(io.BytesIO(xlsx))
    values = [c.value for row in book.active.iter_rows() for c in row]
    assert "'=HYP" + "•" * 18 in values
    assert not any(isinstance(v, str) and v.startswith(("=", "@", "+")) for v in values)


# --- validation ---------------------------------------------------------------------------


def _table(rows):
    columns = zip(*rows, strict=True)
    return pl.DataFrame({name: list(col) for name, col in zip(HEADER, columns, strict=True)})


def test_sex_mismatch_is_reported_not_guessed():
    rows = people(2, women_share=1.0)
    rows[1] = (rows[1][0], "Hombre", *rows[1][2:])
    checked = validate(_table(rows))
    assert checked.rejected == 1
    line, column, value, reason, kind = checked.errors.row(0)
    assert (line, column, value, kind) == (3, "Sexo", "Hombre", "Error")
    assert "no coincide" in reason


@pytest.mark.parametrize("state", ["09", "9", "Ciudad de México", "CDMX", "ciudad de mexico", "DF"])
def test_state_keys_names_and_abbreviations_are_accepted(state):
    rows = [(people(1)[0][0], "", state, "", "")]
    checked = validate(_table(rows))
    assert checked.valid["state"].to_list() == ["09"]


def test_unknown_state_and_bad_date_are_reported_with_line_and_column():
    curps = [r[0] for r in people(3)]
    rows = [
        (curps[0], "", "Atlántida", "01/05/2023", ""),
        (curps[1], "", "32", "31/02/2023", ""),
        (curps[2], "", "Zac.", "2023-05-01", ""),
    ]
    checked = validate(_table(rows))
    report = checked.errors.select("line", "column", "value").rows()
    assert report == [(2, "Entidad", "Atlántida"), (3, "Fecha de conclusión", "31/02/2023")]
    assert checked.valid["completed_on"].cast(pl.String).to_list() == ["2023-05-01"]


def test_duplicates_within_the_file_are_counted_once():
    rows = people(3)
    rows.append(rows[0])
    checked = validate(_table(rows))
    assert (checked.rows, checked.rejected, checked.duplicates, checked.valid.height) == (
        4,
        0,
        1,
        3,
    )
    assert checked.errors.row(0)[0] == 5 and "línea 2" in checked.errors.row(0)[3]


def test_a_repetition_names_the_first_valid_line_of_its_curp():
    first, second = people(2)
    bad_state = (first[0], first[1], "Atlántida", *first[3:])
    rows = [bad_state, first, second, first, first, second]  # lines 2 to 7
    checked = validate(_table(rows))
    assert (checked.rejected, checked.duplicates, checked.valid.height) == (1, 3, 2)
    report = [(line, reason) for line, _c, _v, reason, _k in checked.errors.rows()]
    assert [line for line, _reason in report] == [2, 5, 6, 7]
    assert "línea 3" in report[1][1] and "línea 3" in report[2][1] and "línea 4" in report[3][1]


def test_declared_sex_values(roster):
    rows = people(4, women_share=1.0)
    rows = [(r[0], s, *r[2:]) for r, s in zip(rows, ["M", "F", "femenino", ""], strict=False)]
    result = run(roster, csv_bytes(rows))
    assert result.by_sex == {"mujeres": 4, "hombres": 0, "otro": 0, "no_especificado": 0}


# --- writing ------------------------------------------------------------------------------


def test_invalid_row_imports_nothing_by_default(roster):
    rows = people(10)
    rows.append(("SABC560626MDFLRN02", "Mujer", "01", "", ""))
    result = run(roster, csv_bytes(rows))
    assert (result.status, result.imported, result.rejected) == ("rejected", 0, 1)
    assert (people_count(), Enrollment.objects.count()) == (0, 0)
    batch = RosterImport.objects.get()
    assert (batch.status, batch.errors_total, batch.errors[0][0]) == ("rejected", 1, 12)


def test_a_rejected_file_is_reported_whole_and_writes_nothing(roster):
    """Errors in the first and in the last row: both reported, no person written, and the
    database holds only the record of the rejected import."""
    rows = people(300)
    rows[1] = (rows[1][0], rows[1][1], "Atlántida", *rows[1][3:])
    rows[-1] = (rows[-1][0][:17] + "X", *rows[-1][1:])
    result = run(roster, csv_bytes(rows))
    assert [line for line, *_rest in result.errors.rows()] == [3, 301]
    assert (result.status, result.rejected, result.rows) == ("rejected", 2, 300)
    assert not Enrollment.objects.exists() and not ImportCount.objects.exists()
    assert RosterImport.objects.get().errors_total == 2


def test_skip_invalid_imports_the_valid_rows(roster):
    rows = people(10)
    rows.append(("SABC560626MDFLRN02", "Mujer", "01", "", ""))
    result = run(roster, csv_bytes(rows), skip_invalid=True)
    assert (result.status, result.imported, result.rejected) == ("imported", 10, 1)
    assert Enrollment.objects.filter(roster=roster).count() == 10


def test_same_file_twice_adds_nothing(roster):
    data = csv_bytes(people(20))
    run(roster, data)
    before = counts()
    again = run(roster, data)
    assert (again.status, again.imported, again.duplicates) == ("repeated", 0, 20)
    assert counts()[:2] == before[:2]


def test_people_already_in_the_roster_count_as_duplicates(roster):
    everyone = people(20)
    run(roster, csv_bytes(everyone[:15]))
    result = run(roster, csv_bytes(everyone[10:]))
    assert (result.imported, result.duplicates) == (5, 5)
    assert Enrollment.objects.filter(roster=roster).count() == 20
    assert result.by_sex == _sexes(everyone[15:])
    assert repeated_entries() == 0


def _sexes(rows) -> dict[str, int]:
    women = sum(1 for row in rows if row[1] == "Mujer")
    return {"mujeres": women, "hombres": len(rows) - women, "otro": 0, "no_especificado": 0}


def test_repeated_entries_finds_a_pair_written_twice(roster):
    """The check the tests rely on, where no index keeps the pair unique, can fail."""
    run(roster, csv_bytes(people(3)))
    assert repeated_entries() == 0
    skip_unless_postgresql("SQLite keeps the primary key: a repeated pair cannot be written")
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO people_enrollment SELECT * FROM people_enrollment "
            "WHERE roster_id = %s LIMIT 1",
            [roster.pk],
        )
    assert repeated_entries() == 1


def test_the_curp_facts_are_kept_on_each_enrollment(roster):
    rows = people(4)
    run(roster, csv_bytes(rows))
    key = settings.AVANCE_PSEUDONYM_KEY.encode()
    expected = {
        hmac.new(key, r[0].encode(), hashlib.sha256).digest(): (
            r[0][10],
            (1900 if r[0][16].isdigit() else 2000) + int(r[0][4:6]),
            r[0][11:13],
        )
        for r in rows
    }
    stored = {
        bytes(p): (s, y)
        for p, s, y in Enrollment.objects.values_list("pseudonym", "curp_sex", "birth_year")
    }
    assert stored == {k: v[:2] for k, v in expected.items()}


def test_a_person_in_two_rosters_is_one_person(roster):
    other = Roster.objects.create(name="Otro curso", kind="training", year=2023)
    data = csv_bytes(people(8))
    run(roster, data)
    run(other, data)
    assert (people_count(), Enrollment.objects.count()) == (8, 16)


def test_raw_curp_is_not_stored_and_pseudonym_is_the_keyed_hmac(roster):
    rows = people(3)
    run(roster, csv_bytes(rows))
    key = settings.AVANCE_PSEUDONYM_KEY.encode()
    expected = {hmac.new(key, r[0].encode(), hashlib.sha256).digest() for r in rows}
    assert {bytes(p) for p in Enrollment.objects.values_list("pseudonym", flat=True)} == expected
    with connection.cursor() as cursor:
        for table in ("people_enrollment", "people_rosterimport"):
            cursor.execute(f"SELECT * FROM {table}")  # noqa: S608 - constant names
            dump = repr(cursor.fetchall())
            assert not any(r[0] in dump for r in rows)


def test_missing_key_outside_demo_mode_is_a_clear_error(roster, settings):
    settings.AVANCE_PSEUDONYM_KEY = None
    with pytest.raises(RosterImportError, match="AVANCE_PSEUDONYM_KEY"):
        run(roster, csv_bytes(people(2)))
    assert counts() == (0, 0, 0)


def test_short_key_outside_demo_and_test_mode_is_refused(roster, settings):
    settings.AVANCE_PSEUDONYM_KEY = "corta"
    settings.TESTING = False
    settings.DEMO_MODE = False
    with pytest.raises(RosterImportError, match="demasiado corta"):
        run(roster, csv_bytes(people(2)))


def _install_failing_trigger() -> None:
    """A database trigger that refuses an enrollment from «FALLA»: a failure in the middle of
    the write, after other rows are in, raised by the database itself."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "CREATE FUNCTION people_test_fail() RETURNS trigger AS $$ BEGIN "
                "IF NEW.organization = 'FALLA' THEN RAISE EXCEPTION 'falla inyectada'; END IF; "
                "RETURN NEW; END $$ LANGUAGE plpgsql"
            )
            cursor.execute(
                "CREATE TRIGGER people_test_fail BEFORE INSERT ON people_enrollment "
                "FOR EACH ROW EXECUTE FUNCTION people_test_fail()"
            )
        else:
            cursor.execute(
                "CREATE TRIGGER people_test_fail BEFORE INSERT ON people_enrollment "
                "WHEN NEW.organization = 'FALLA' BEGIN SELECT RAISE(ABORT, 'falla inyectada'); END"
            )


def test_failure_in_the_middle_of_the_write_leaves_the_database_as_before(roster):
    run(roster, csv_bytes(people(5, seed=1)))
    before = counts()
    _install_failing_trigger()
    rows = people(300, seed=2)
    rows[-1] = (*rows[-1][:4], "FALLA")
    with pytest.raises(DatabaseError, match="falla inyectada"):
        run(roster, csv_bytes(rows))
    assert counts() == before


# --- command line -------------------------------------------------------------------------


def _command(*args) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("roster", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_command_json_output_has_the_documented_shape(tmp_path):
    path = tmp_path / "padron.csv"
    path.write_bytes(csv_bytes(people(12, women_share=0.5)))
    out, _err = _command(
        "import", str(path), "--roster", "Curso CLI", "--kind", "training", "--json"
    )
    payload = json.loads(out)
    assert list(payload) == ["rows", "imported", "rejected", "duplicates", "by_sex"]
    assert (payload["rows"], payload["imported"]) == (12, 12)
    assert sum(payload["by_sex"].values()) == 12
    stats, _err = _command("stats", "Curso CLI", "--json")
    assert json.loads(stats)["by_sex"] == payload["by_sex"]


def test_command_rejected_file_exits_with_a_spanish_message_and_writes_errors(tmp_path):
    path = tmp_path / "padron.csv"
    rows = people(3)
    rows.append(("=1+1", "Mujer", "01", "", ""))
    path.write_bytes(csv_bytes(rows))
    report = tmp_path / "errores.xlsx"
    with pytest.raises(CommandError, match="no se importó ninguna"):
        _command("import", str(path), "--roster", "Curso", "--json", "--errors", str(report))
    values = [c.value for row in load_workbook(report).active.iter_rows() for c in row]
    assert "'=1+1" in values
    out, _err = _command("import", str(path), "--roster", "Curso", "--json", "--skip-invalid")
    assert json.loads(out)["imported"] == 3


def test_command_unreadable_file_is_a_command_error(tmp_path):
    path = tmp_path / "x.csv"
    path.write_bytes(b"")
    with pytest.raises(CommandError, match="vacío"):
        _command("import", str(path), "--roster", "Curso")


def test_command_public_stats_suppress_small_cells(tmp_path, settings):
    settings.AVANCE_SUPPRESSION_THRESHOLD = 5
    path = tmp_path / "padron.csv"
    path.write_bytes(csv_bytes(people(3, seed=4)))
    _command("import", str(path), "--roster", "Taller pequeño", "--json")
    inside, _err = _command("stats", "Taller pequeño", "--json")
    assert json.loads(inside)["total"] == 3
    public, _err = _command("stats", "Taller pequeño", "--json", "--public")
    payload = json.loads(public)
    assert payload["total"] is None
    assert all(v in (None, 0) for v in payload["by_sex"].values())
    text, _err = _command("stats", "Taller pequeño", "--public")
    assert "Total: *" in text and "publicables" in text


def test_command_stats_of_unknown_roster_fails():
    with pytest.raises(CommandError, match="No existe el padrón"):
        _command("stats", "Nada")


def test_error_report_never_holds_a_valid_curp(roster):
    rows = people(4)
    rows.append(rows[0])  # repeated
    rows.append((rows[1][0], "Hombre" if rows[1][1] == "Mujer" else "Mujer", "01", "", ""))
    result = run(roster, csv_bytes(rows), skip_invalid=True)
    stored = repr(RosterImport.objects.get().errors)
    assert (result.rejected, result.duplicates) == (1, 1)
    assert not any(r[0] in stored for r in rows)


def test_deleting_a_roster_removes_its_entries_and_keeps_the_people(roster):
    other = Roster.objects.create(name="Otro", kind="training", year=2023)
    data = csv_bytes(people(6))
    run(roster, data)
    run(other, data)
    roster.delete()
    assert counts() == (
        6,
        6,
        1,
    )
    assert orphan_entries() == 0
    assert repeated_entries() == 0


def test_an_import_leaves_its_page_ranges_summarised(roster):
    """On PostgreSQL a roster's reads find its rows through a BRIN index (migration 0003):
    ranges left unsummarised would be read by every roster's query."""
    skip_unless_postgresql("SQLite keeps its primary key and has no BRIN index")
    run(roster, csv_bytes(people(2_000)))
    with connection.cursor() as cursor:
        cursor.execute("SELECT brin_summarize_new_values('people_enrollment_roster_brin')")
        assert cursor.fetchone()[0] == 0


def test_progress_goes_through_reading_validation_and_writing(roster):
    seen = []
    run(roster, csv_bytes(people(8)), progress=lambda *step: seen.append(step))
    assert seen[0][0] == "lectura"
    assert seen[1:] == [
        ("validación", 0, 8),
        ("validación", 8, 8),
        ("escritura", 0, 8),
        ("escritura", 8, 8),
    ]


def test_the_terminal_bar_counts_each_stage(monkeypatch):
    from avance.web.management.commands.roster import _Bar

    screen = io.StringIO()
    monkeypatch.setattr("sys.stderr", screen)
    bar = _Bar(True)
    bar("validación", 0, 8)
    bar("validación", 8, 8)
    bar("escritura", 5, 8)
    bar.close()
    shown = screen.getvalue()
    assert "Validación" in shown and "8/8" in shown and "Escritura" in shown and "5/8" in shown
