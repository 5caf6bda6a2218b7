"""Business functions of rosters: creating them, running an import, reporting progress."""

from __future__ import annotations

import json
import os
import re
import tempfile
import time
from pathlib import Path

from django.conf import settings
from django.db import IntegrityError, transaction

from avance.capture.people.importers import (
    ImportResult,
    Progress,
    RosterImportError,
    import_roster,
    max_file_bytes,
)
from avance.capture.people.models import Roster, RosterKind


class RosterError(Exception):
    """A roster cannot be created or found; ``message`` says why, in Spanish."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def read_bounded(path: Path) -> bytes:
    """The bytes of ``path``, refusing files over the upload limit before reading them."""
    try:
        size = path.stat().st_size
    except OSError as error:
        raise RosterImportError(f"No se puede leer el archivo «{path}».") from error
    limit = max_file_bytes()
    if size > limit:
        raise RosterImportError(
            f"El archivo pesa {size / 1048576:,.1f} MB; el máximo es {limit / 1048576:,.1f} MB."
        )
    if path.is_dir():
        raise RosterImportError(f"«{path}» es una carpeta, no un archivo.")
    return path.read_bytes()


def create_roster(
    *,
    name: str,
    kind: str,
    year: int,
    activity=None,
    description: str = "",
    user=None,
) -> Roster:
    """Create a roster. Side effects: one Roster row (and its history entry)."""
    name = " ".join(name.split())
    if not name:
        raise RosterError("El padrón necesita un nombre.")
    if kind not in RosterKind.values:
        raise RosterError(f"Tipo de padrón desconocido: {kind}.")
    try:
        with transaction.atomic():
            return Roster.objects.create(
                name=name,
                kind=kind,
                year=year,
                activity=activity,
                description=description,
                created_by=user,
            )
    except IntegrityError as error:
        raise RosterError(f"Ya existe un padrón llamado «{name}».") from error


def get_or_create_roster(
    *, name: str, kind: str | None = None, activity_id: int | None = None, year: int | None = None
) -> Roster:
    """The roster called ``name``; created (kind, activity, year) when it does not exist.

    Side effects: may create the roster; attaches the activity to an existing roster that
    has none when one is given.
    """
    from avance.capture.activities.models import Activity

    activity = None
    if activity_id is not None:
        activity = Activity.objects.filter(pk=activity_id).first()
        if activity is None:
            raise RosterError(f"No existe la actividad {activity_id}.")
    roster = Roster.objects.filter(name=" ".join(name.split())).first()
    if roster is not None:
        if kind and kind != roster.kind:
            raise RosterError(
                f"El padrón «{roster.name}» ya existe con otro tipo ({roster.get_kind_display()})."
            )
        if activity is not None and roster.activity_id != activity.pk:
            if roster.activity_id is not None:
                raise RosterError(
                    f"El padrón «{roster.name}» ya pertenece a la actividad {roster.activity_id}."
                )
            roster.activity = activity
            roster.save(update_fields=["activity"])
        return roster
    if year is None:
        year = activity.year if activity is not None else time.localtime().tm_year
    return create_roster(name=name, kind=kind or RosterKind.OTHER, year=year, activity=activity)


def run_import(
    *,
    roster: Roster,
    data: bytes,
    file_name: str,
    skip_invalid: bool = False,
    user=None,
    progress: Progress | None = None,
) -> ImportResult:
    """Import ``data`` into ``roster`` (see ``importers.import_roster`` for side effects)."""
    return import_roster(
        roster=roster,
        data=data,
        file_name=file_name,
        skip_invalid=skip_invalid,
        user=user,
        progress=progress,
    )


# --- progress of web uploads --------------------------------------------------------------
# The import runs inside one database transaction, so its progress cannot be read from the
# database by another request: it is written to a small file that the status page reads.

TOKEN = re.compile(r"^[a-f0-9]{32}$")
STAGE_LABELS = {
    "lectura": "Leyendo el archivo",
    # Each part of the file is checked, pseudonymised and written before the next.
    "importación": "Validando y escribiendo las filas",
    "escritura": "Terminando de escribir en la base de datos",
    "terminado": "Terminado",
}


def _progress_dir() -> Path:
    return Path(settings.DATA_DIR) / "progress"


def progress_path(*, user_id: int, token: str) -> Path | None:
    if not TOKEN.match(token or ""):
        return None
    return _progress_dir() / f"{int(user_id)}-{token}.json"


def progress_writer(*, user_id: int, token: str) -> Progress | None:
    """A progress callback writing the stage and counts to the token's file (atomically)."""
    path = progress_path(user_id=user_id, token=token)
    if path is None:
        return None
    path.parent.mkdir(parents=True, exist_ok=True)

    def write(stage: str, done: int, total: int) -> None:
        payload = {
            "stage": stage,
            "label": STAGE_LABELS.get(stage, stage),
            "done": done,
            "total": total,
        }
        handle, name = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            json.dump(payload, out)
        os.replace(name, path)

    return write


def read_progress(*, user_id: int, token: str) -> dict:
    path = progress_path(user_id=user_id, token=token)
    if path is None:
        return {"stage": "desconocido", "label": "", "done": 0, "total": 0}
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {"stage": "espera", "label": "Subiendo el archivo", "done": 0, "total": 0}


def forget_progress(*, user_id: int, token: str) -> None:
    path = progress_path(user_id=user_id, token=token)
    if path is not None:
        path.unlink(missing_ok=True)
