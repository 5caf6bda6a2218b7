"""A roster import from start to end: read, map, validate, pseudonymise, write, record.

The whole file is validated before anything is written. A file with any invalid row,
imported whole or not at all (the default), writes no enrollment: a rejected import is
recorded with its complete error report. Otherwise the valid rows are written, the import's
counts and its record in one transaction, so an import that fails or is killed half-way
leaves the database as it was.
"""

from __future__ import annotations

import datetime
import hashlib
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import polars as pl
from django.db import transaction
from django.utils import timezone
from django.views.decorators.debug import sensitive_variables

from avance.capture.people.importing.columns import map_columns
from avance.capture.people.importing.errors import RosterImportError
from avance.capture.people.importing.pseudonyms import PseudonymKeyError, pseudonym_key
from avance.capture.people.importing.reading import read_table
from avance.capture.people.importing.validation import REPORT_SCHEMA, Validated, validate
from avance.capture.people.importing.writing import entries_frame, import_counts, write_entries
from avance.capture.people.models import (
    SEX_PARTS,
    Breakdown,
    ImportCount,
    ImportStatus,
    Roster,
    RosterImport,
)

logger = logging.getLogger(__name__)

MAX_STORED_ERRORS = 10_000  # errors kept on the import record (the count is always exact)

# Stages: «lectura» (bytes), «validación» (rows), «escritura» (rows written).
Progress = Callable[[str, int, int], None]


@dataclass
class ImportResult:
    rows: int
    imported: int
    rejected: int
    duplicates: int
    by_sex: dict[str, int]
    status: str
    batch: RosterImport | None = None
    errors: pl.DataFrame | None = field(default=None, repr=False)

    def as_json(self) -> dict[str, Any]:
        return {
            "rows": self.rows,
            "imported": self.imported,
            "rejected": self.rejected,
            "duplicates": self.duplicates,
            "by_sex": self.by_sex,
        }


def empty_by_sex() -> dict[str, int]:
    return {"mujeres": 0, "hombres": 0, "otro": 0, "no_especificado": 0}


def content_hash(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


# Error reports (Django's, with each frame's variables) hide every variable of an import and
# of what it calls: they hold the file's CURPs.
@sensitive_variables()
def import_roster(
    *,
    roster: Roster,
    data: bytes,
    file_name: str,
    skip_invalid: bool = False,
    user=None,
    progress: Progress | None = None,
    today: datetime.date | None = None,
) -> ImportResult:
    """Import a file (CSV or XLSX bytes) into ``roster``.

    Side effects: one ``RosterImport`` record per call (imported, rejected or repeated); when
    imported, the new enrollments and the import's counts, all in one transaction. A file
    already imported into this roster (same SHA-256) adds nothing. Raises
    ``RosterImportError`` when the file cannot be read or mapped (nothing is written then).
    """
    started = timezone.now()
    digest = content_hash(data)
    previous = (
        RosterImport.objects.filter(roster=roster, sha256=digest, status=ImportStatus.IMPORTED)
        .order_by("started_at")
        .first()
    )
    if previous is not None:
        batch = RosterImport.objects.create(
            roster=roster,
            file_name=file_name[:255],
            sha256=digest,
            status=ImportStatus.REPEATED,
            skip_invalid=skip_invalid,
            rows=previous.rows,
            rejected=previous.rejected,
            duplicates=previous.rows - previous.rejected,
            by_sex=empty_by_sex(),
            message=f"El mismo archivo ya se importó (importación {previous.pk}).",
            started_at=started,
            finished_at=timezone.now(),
            user=user,
        )
        return ImportResult(
            rows=batch.rows,
            imported=0,
            rejected=batch.rejected,
            duplicates=batch.duplicates,
            by_sex=batch.by_sex,
            status=batch.status,
            batch=batch,
            errors=pl.DataFrame(schema=REPORT_SCHEMA),
        )
    if progress:
        progress("lectura", 0, len(data))
    table = read_table(data, file_name=file_name)
    return import_frame(
        roster=roster,
        table=table,
        file_name=file_name,
        digest=digest,
        skip_invalid=skip_invalid,
        user=user,
        progress=progress,
        today=today,
        started=started,
    )


@sensitive_variables()
def import_frame(
    *,
    roster: Roster,
    table: pl.DataFrame,
    file_name: str,
    digest: str | None = None,
    skip_invalid: bool = False,
    user=None,
    progress: Progress | None = None,
    today: datetime.date | None = None,
    started: datetime.datetime | None = None,
    key: bytes | None = None,
) -> ImportResult:
    """Validate and write a table of strings (a file already read); see ``import_roster``."""
    started = started or timezone.now()
    progress = progress or (lambda stage, done, total: None)
    if digest is None:
        digest = content_hash(table.write_csv().encode("utf-8"))
    try:  # first: without the key nothing can be written
        key = key if key is not None else pseudonym_key()
    except PseudonymKeyError as error:
        raise RosterImportError(str(error)) from None
    mapping = map_columns(table.columns)
    progress("validación", 0, table.height)
    checked = _validate(table, mapping=mapping, today=today)
    progress("validación", table.height, table.height)
    if checked.rows == 0:
        raise RosterImportError("El archivo no tiene filas de datos (solo el encabezado).")
    record = {
        "roster": roster,
        "file_name": file_name[:255],
        "sha256": digest,
        "skip_invalid": skip_invalid,
        "started_at": started,
        "user": user,
        "rows": checked.rows,
        "rejected": checked.rejected,
        "errors": [list(row) for row in checked.errors.head(MAX_STORED_ERRORS).iter_rows()],
        "errors_total": checked.errors.height,
    }
    if checked.rejected and not skip_invalid:
        batch = RosterImport.objects.create(
            **record,
            status=ImportStatus.REJECTED,
            duplicates=checked.duplicates,
            by_sex=empty_by_sex(),
            message=(
                f"{checked.rejected:,} filas con errores: no se importó ninguna. Corrija el "
                "archivo o importe solo las filas válidas (omitir filas con errores)."
            ),
            finished_at=timezone.now(),
        )
        return _result(batch, checked)
    entries = entries_frame(checked.valid, key=key)
    with transaction.atomic():
        batch = RosterImport.objects.create(
            **record, status=ImportStatus.IMPORTED, by_sex=empty_by_sex(), finished_at=started
        )
        written = write_entries(batch, entries, progress=progress)
        counts = import_counts(batch, written)
        ImportCount.objects.bulk_create(counts, batch_size=2_000)
        batch.imported = written.height
        batch.duplicates = checked.duplicates + entries.height - written.height
        batch.by_sex = empty_by_sex()
        for count in counts:
            if count.breakdown == Breakdown.SEX:
                batch.by_sex[SEX_PARTS.get(count.key, "no_especificado")] += count.people
        batch.finished_at = timezone.now()
        batch.message = f"{written.height:,} personas importadas."
        batch.save()
    return _result(batch, checked)


def _validate(table: pl.DataFrame, **options) -> Validated:
    """``validate``, with polars' internal errors reported in Spanish (their own messages
    may quote the file: they are not passed on)."""
    try:
        return validate(table, **options)
    except (KeyboardInterrupt, SystemExit):
        raise
    except BaseException as error:  # polars panics are BaseException (pyo3)
        logger.error("roster validation failed (%s)", type(error).__name__)
        raise RosterImportError(
            "No se pudo validar el archivo por un error interno; avise a la mesa de ayuda."
        ) from None


def _result(batch: RosterImport, checked: Validated) -> ImportResult:
    return ImportResult(
        rows=checked.rows,
        imported=batch.imported,
        rejected=checked.rejected,
        duplicates=batch.duplicates,
        by_sex=batch.by_sex,
        status=batch.status,
        batch=batch,
        errors=checked.errors,
    )
