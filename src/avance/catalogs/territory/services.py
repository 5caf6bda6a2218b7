"""Loading INEGI's municipal catalog (columns as in INEGI's ``municipios.csv``)."""

from __future__ import annotations

import csv
import datetime
import hashlib
import io
from dataclasses import dataclass
from pathlib import Path

from django.db import transaction
from django.utils.translation import gettext as _

from avance.catalogs.territory.models import CatalogVersion, Municipality, State

REQUIRED_COLUMNS = ("CVE_ENT", "CVE_MUN", "NOM_MUN")
OPTIONAL_COLUMNS = ("CVEGEO", "POB_TOTAL", "POB_MASCULINA", "POB_FEMENINA")
MAX_CATALOG_BYTES = 50 * 1024 * 1024


class CatalogError(ValueError):
    """The catalog file cannot be loaded; the message says why, in Spanish."""


@dataclass(frozen=True)
class LoadResult:
    version: CatalogVersion
    unchanged: bool


def _int_or_none(value: str | None, line: int, column: str) -> int | None:
    if value is None or value.strip() == "":
        return None
    try:
        number = int(value.strip())
    except ValueError as error:
        raise CatalogError(
            _("línea %(line)s, columna %(column)s: «%(value)s» no es un número entero.")
            % {"line": line, "column": column, "value": value}
        ) from error
    if number < 0:
        raise CatalogError(
            _("línea %(line)s, columna %(column)s: el valor no puede ser negativo.")
            % {"line": line, "column": column}
        )
    return number


def _decode(raw: bytes) -> str:
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise CatalogError(_("El archivo no está en UTF-8 ni en Windows-1252."))


def load_municipalities(path: Path, *, version_date: datetime.date) -> LoadResult:
    """Create or update municipalities from INEGI's catalog file, all or nothing.

    Loading the same file again changes nothing (its SHA-256 is recorded with the version).
    Side effects: writes ``Municipality`` rows and one ``CatalogVersion``.
    """
    raw = Path(path).read_bytes()
    if len(raw) > MAX_CATALOG_BYTES:
        raise CatalogError(_("El archivo supera el tamaño máximo de 50 MB."))
    digest = hashlib.sha256(raw).hexdigest()
    previous = CatalogVersion.objects.filter(catalog="municipios", sha256=digest).first()
    if previous is not None:
        return LoadResult(previous, unchanged=True)
    text = _decode(raw)
    reader = csv.DictReader(io.StringIO(text))
    missing = [c for c in REQUIRED_COLUMNS if c not in (reader.fieldnames or [])]
    if missing:
        raise CatalogError(_("Faltan columnas: %s.") % ", ".join(missing))
    states = {s.code: s for s in State.objects.all()}
    rows: dict[str, dict] = {}
    for line, row in enumerate(reader, start=2):
        state_key = (row["CVE_ENT"] or "").strip().zfill(2)
        mun_key = (row["CVE_MUN"] or "").strip().zfill(3)
        name = (row["NOM_MUN"] or "").strip()
        if state_key not in states:
            raise CatalogError(
                _("línea %(line)s, columna CVE_ENT: «%(value)s» no es una entidad del catálogo.")
                % {"line": line, "value": row["CVE_ENT"]}
            )
        if not (mun_key.isdigit() and len(mun_key) == 3):
            raise CatalogError(
                _("línea %(line)s, columna CVE_MUN: «%(value)s» no es una clave de 3 dígitos.")
                % {"line": line, "value": row["CVE_MUN"]}
            )
        if not name:
            raise CatalogError(_("línea %(line)s, columna NOM_MUN: vacía.") % {"line": line})
        cvegeo = state_key + mun_key
        if row.get("CVEGEO") and row["CVEGEO"].strip() != cvegeo:
            raise CatalogError(
                _("línea %(line)s, columna CVEGEO: «%(value)s» no coincide con %(expected)s.")
                % {"line": line, "value": row["CVEGEO"], "expected": cvegeo}
            )
        if cvegeo in rows:
            raise CatalogError(
                _("línea %(line)s: el municipio %(key)s está repetido.")
                % {"line": line, "key": cvegeo}
            )
        rows[cvegeo] = {
            "state": states[state_key],
            "code": mun_key,
            "name": name,
            "population_total": _int_or_none(row.get("POB_TOTAL"), line, "POB_TOTAL"),
            "population_men": _int_or_none(row.get("POB_MASCULINA"), line, "POB_MASCULINA"),
            "population_women": _int_or_none(row.get("POB_FEMENINA"), line, "POB_FEMENINA"),
        }
    if not rows:
        raise CatalogError(_("El archivo no tiene municipios."))
    fields = ["state", "code", "name", "population_total", "population_men", "population_women"]
    with transaction.atomic():
        version = CatalogVersion.objects.create(
            catalog="municipios",
            version_date=version_date,
            source_name=Path(path).name,
            sha256=digest,
            rows=len(rows),
        )
        existing = {m.cvegeo: m for m in Municipality.objects.all()}
        to_create, to_update = [], []
        for cvegeo, values in rows.items():
            current = existing.get(cvegeo)
            if current is None:
                to_create.append(Municipality(cvegeo=cvegeo, catalog_version=version, **values))
            elif any(getattr(current, f) != v for f, v in values.items()):
                for f, v in values.items():
                    setattr(current, f, v)
                current.catalog_version = version
                to_update.append(current)
        Municipality.objects.bulk_create(to_create, batch_size=1000)
        Municipality.objects.bulk_update(to_update, [*fields, "catalog_version"], batch_size=1000)
        version.created, version.updated = len(to_create), len(to_update)
        version.save(update_fields=["created", "updated"])
    return LoadResult(version, unchanged=False)


BUNDLED_CATALOG = Path(__file__).parent / "data" / "municipios-inegi-2025-10.csv"
BUNDLED_VERSION = datetime.date(2025, 10, 1)
