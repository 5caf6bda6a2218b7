"""Loading INEGI's municipal catalog: idempotent, versioned, all or nothing, clear errors."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from avance.catalogs.territory.models import CatalogVersion, Municipality
from avance.catalogs.territory.services import CatalogError, load_municipalities

# The shared INEGI file next to the repository (absent on a clean clone: those tests skip).
SHARED_CATALOG = (
    Path(__file__).resolve().parents[5] / ".." / "shared" / "data" / "inegi" / "municipios.csv"
)
VERSION = datetime.date(2025, 10, 1)
HEADER = "CVE_ENT,NOM_ENT,NOM_ABR,CVE_MUN,NOM_MUN,CVEGEO,POB_TOTAL,POB_MASCULINA,POB_FEMENINA"
ROWS = [
    "07,Chiapas,Chis.,089,Tapachula,07089,353706,171610,182096",
    "02,Baja California,BC,006,San Quintín,02006,117568,59778,57790",
    "01,Aguascalientes,Ags.,001,Aguascalientes,01001,948990,462073,486917",
]

needs_shared = pytest.mark.skipif(
    not SHARED_CATALOG.is_file(), reason=f"INEGI catalog not found at {SHARED_CATALOG}"
)


def write_catalog(tmp_path: Path, rows: list[str], *, header: str = HEADER, encoding="utf-8"):
    path = tmp_path / "municipios.csv"
    path.write_bytes(("\n".join([header, *rows]) + "\n").encode(encoding))
    return path


def snapshot() -> list[tuple]:
    return list(
        Municipality.objects.order_by("cvegeo").values_list(
            "cvegeo", "name", "population_total", "catalog_version_id"
        )
    )


@needs_shared
@pytest.mark.django_db
def test_load_shared_inegi_catalog():
    result = load_municipalities(SHARED_CATALOG, version_date=VERSION)
    assert result.unchanged is False
    assert (result.version.rows, result.version.created, result.version.updated) == (
        2478,
        2478,
        0,
    )
    assert Municipality.objects.count() == 2478
    assert Municipality.objects.get(cvegeo="07089").name == "Tapachula"
    san_quintin = Municipality.objects.get(cvegeo="02006")
    assert (san_quintin.name, san_quintin.state.common_name) == ("San Quintín", "Baja California")
    assert CatalogVersion.objects.get().version_date == VERSION


@needs_shared
@pytest.mark.django_db
def test_load_shared_catalog_twice_adds_nothing_and_keeps_version():
    first = load_municipalities(SHARED_CATALOG, version_date=VERSION)
    before = snapshot()
    second = load_municipalities(SHARED_CATALOG, version_date=datetime.date(2026, 1, 1))
    assert second.unchanged is True
    assert second.version.pk == first.version.pk
    assert second.version.version_date == VERSION
    assert CatalogVersion.objects.count() == 1
    assert snapshot() == before


@pytest.mark.django_db
def test_load_same_file_twice_is_idempotent(tmp_path):
    path = write_catalog(tmp_path, ROWS)
    load_municipalities(path, version_date=VERSION)
    before = snapshot()
    result = load_municipalities(path, version_date=VERSION)
    assert result.unchanged is True
    assert Municipality.objects.count() == 3
    assert CatalogVersion.objects.count() == 1
    assert snapshot() == before


@pytest.mark.django_db
def test_load_changed_row_updates_it_under_the_new_version(tmp_path):
    first = load_municipalities(write_catalog(tmp_path, ROWS), version_date=VERSION)
    changed = [*ROWS[:2], "01,Aguascalientes,Ags.,001,Aguascalientes,01001,1000000,500000,500000"]
    new_version = datetime.date(2026, 1, 1)
    second = load_municipalities(write_catalog(tmp_path, changed), version_date=new_version)
    assert (second.version.created, second.version.updated) == (0, 1)
    ags = Municipality.objects.get(cvegeo="01001")
    assert (ags.population_total, ags.catalog_version_id) == (1000000, second.version.pk)
    tapachula = Municipality.objects.get(cvegeo="07089")
    assert tapachula.catalog_version_id == first.version.pk
    assert list(CatalogVersion.objects.order_by("version_date").values_list("version_date")) == [
        (VERSION,),
        (new_version,),
    ]


@pytest.mark.django_db
def test_load_new_row_is_added(tmp_path):
    load_municipalities(write_catalog(tmp_path, ROWS[:2]), version_date=VERSION)
    result = load_municipalities(write_catalog(tmp_path, ROWS), version_date=VERSION)
    assert (result.version.created, result.version.updated) == (1, 0)
    assert Municipality.objects.count() == 3


@pytest.mark.django_db
def test_load_windows_1252_file(tmp_path):
    path = write_catalog(tmp_path, ROWS, encoding="cp1252")
    load_municipalities(path, version_date=VERSION)
    assert Municipality.objects.get(cvegeo="02006").name == "San Quintín"


@pytest.mark.django_db
def test_load_missing_column_is_refused(tmp_path):
    header = HEADER.replace("NOM_MUN,", "")
    rows = [",".join(r.split(",")[:4] + r.split(",")[5:]) for r in ROWS]
    with pytest.raises(CatalogError) as error:
        load_municipalities(write_catalog(tmp_path, rows, header=header), version_date=VERSION)
    assert str(error.value) == "Faltan columnas: NOM_MUN."
    assert (Municipality.objects.count(), CatalogVersion.objects.count()) == (0, 0)


@pytest.mark.parametrize(
    ("row", "message"),
    [
        (
            "99,Nada,N,001,Ninguno,99001,1,1,0",
            "línea 4, columna CVE_ENT: «99» no es una entidad del catálogo.",
        ),
        (
            "01,Aguascalientes,Ags.,0A1,Raro,010A1,1,1,0",
            "línea 4, columna CVE_MUN: «0A1» no es una clave de 3 dígitos.",
        ),
        (
            "01,Aguascalientes,Ags.,002,Asientos,01003,1,1,0",
            "línea 4, columna CVEGEO: «01003» no coincide con 01002.",
        ),
        (
            "01,Aguascalientes,Ags.,002,Asientos,01002,muchos,1,0",
            "línea 4, columna POB_TOTAL: «muchos» no es un número entero.",
        ),
        (
            "01,Aguascalientes,Ags.,002,Asientos,01002,-5,1,0",
            "línea 4, columna POB_TOTAL: el valor no puede ser negativo.",
        ),
        (
            "01,Aguascalientes,Ags.,002,,01002,1,1,0",
            "línea 4, columna NOM_MUN: vacía.",
        ),
        (
            "07,Chiapas,Chis.,089,Tapachula,07089,1,1,0",
            "línea 4: el municipio 07089 está repetido.",
        ),
    ],
    ids=["state", "municipal-key", "cvegeo", "number", "negative", "empty-name", "repeated"],
)
@pytest.mark.django_db
def test_load_bad_row_is_refused_and_nothing_written(tmp_path, row, message):
    # The bad row comes last: the rows before it are valid and must not be written either.
    path = write_catalog(tmp_path, [*ROWS[:2], row])
    with pytest.raises(CatalogError) as error:
        load_municipalities(path, version_date=VERSION)
    assert str(error.value) == message
    assert (Municipality.objects.count(), CatalogVersion.objects.count()) == (0, 0)


@pytest.mark.django_db
def test_load_bad_file_keeps_the_previous_catalog(tmp_path):
    load_municipalities(write_catalog(tmp_path, ROWS), version_date=VERSION)
    before = snapshot()
    bad = [*ROWS[:2], "01,Aguascalientes,Ags.,001,Aguascalientes,01001,x,1,0"]
    with pytest.raises(CatalogError):
        load_municipalities(write_catalog(tmp_path, bad), version_date=VERSION)
    assert snapshot() == before
    assert CatalogVersion.objects.count() == 1


@pytest.mark.django_db
def test_load_empty_file_is_refused(tmp_path):
    path = tmp_path / "vacio.csv"
    path.write_bytes(b"")
    with pytest.raises(CatalogError, match="Faltan columnas"):
        load_municipalities(path, version_date=VERSION)
    with pytest.raises(CatalogError, match="no tiene municipios"):
        load_municipalities(write_catalog(tmp_path, []), version_date=VERSION)


@pytest.mark.django_db
def test_load_binary_file_is_refused(tmp_path):
    path = tmp_path / "imagen.csv"
    path.write_bytes(b"\x81\x8d\x8f\x90\x9d")  # undefined in both UTF-8 and Windows-1252
    with pytest.raises(CatalogError, match="UTF-8 ni en Windows-1252"):
        load_municipalities(path, version_date=VERSION)


# --- the command --------------------------------------------------------------------------


@pytest.mark.django_db
def test_command_loads_file_with_version_date(tmp_path, capsys):
    path = write_catalog(tmp_path, ROWS)
    call_command("catalog", "load-municipalities", str(path), "--version-date", "2025-10")
    assert (
        capsys.readouterr().out.strip() == "Catálogo 2025-10-01: 3 municipios (3 altas, 0 cambios)."
    )
    call_command("catalog", "load-municipalities", str(path), "--version-date", "2025-10-01")
    assert capsys.readouterr().out.strip() == (
        "Sin cambios: el archivo ya se cargó como versión 2025-10-01 (3 municipios)."
    )


@pytest.mark.django_db
def test_command_requires_version_date_for_a_file(tmp_path):
    path = write_catalog(tmp_path, ROWS)
    with pytest.raises(CommandError, match="--version-date"):
        call_command("catalog", "load-municipalities", str(path))
    with pytest.raises(CommandError, match="Fecha de versión no válida"):
        call_command("catalog", "load-municipalities", str(path), "--version-date", "octubre")
    assert Municipality.objects.count() == 0


@pytest.mark.django_db
def test_command_reports_catalog_errors_in_spanish(tmp_path):
    path = write_catalog(tmp_path, ROWS, header=HEADER.replace("CVE_MUN", "CLAVE"))
    with pytest.raises(CommandError) as error:
        call_command("catalog", "load-municipalities", str(path), "--version-date", "2025-10")
    assert str(error.value) == "Faltan columnas: CVE_MUN."
    with pytest.raises(CommandError, match="No existe el archivo"):
        call_command(
            "catalog", "load-municipalities", str(tmp_path / "no.csv"), "--version-date", "2025-10"
        )


@pytest.mark.django_db
def test_command_without_file_loads_the_bundled_catalog(capsys):
    call_command("catalog", "load-municipalities")
    assert Municipality.objects.count() == 2478
    assert CatalogVersion.objects.get().version_date == datetime.date(2025, 10, 1)
