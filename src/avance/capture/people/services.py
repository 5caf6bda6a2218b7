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
from django.utils.translation import gettext as _

from avance.accounts.scope import scope_of
from avance.capture.people.importing import (
    ImportResult,
    Progress,
    RosterImportError,
    import_roster,
    max_file_bytes,
)
from avance.capture.people.models import Enrollment, ImportCount, ImportStatus, Roster, RosterKind
from avance.catalogs.directory.models import Unit, default_institution


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


def roster_owner(*, activity=None, unit=None, user=None) -> dict:
    """Who a new roster belongs to (``unit``, ``organization``): its activity's unit and
    reporting organisation when it has them; otherwise the unit given (an analyst's or one an
    administrator picks), or the creating liaison's organisation."""
    if activity is not None and (activity.unit_id or activity.reporting_organization_id):
        return {"unit_id": activity.unit_id, "organization_id": activity.reporting_organization_id}
    scope = scope_of(user)
    if unit is None and len(scope.unit_ids) == 1:
        (unit,) = scope.unit_ids
    organization = min(scope.organization_ids) if scope.organization_ids and unit is None else None
    return {"unit_id": getattr(unit, "pk", unit), "organization_id": organization}


def roster_institution(*, activity=None, unit=None, user=None) -> int:
    """The institution a new roster belongs to: its activity's, else its unit's, else the one
    its creator works in, else the national institute."""
    if activity is not None:
        return activity.institution_id
    if isinstance(unit, Unit):
        return unit.institution_id
    if unit is not None:
        return Unit.objects.values_list("institution_id", flat=True).get(pk=unit)
    return scope_of(user).institution_id or default_institution().pk


def create_roster(
    *,
    name: str,
    kind: str,
    year: int,
    activity=None,
    unit=None,
    description: str = "",
    user=None,
    institution_id: int | None = None,
) -> Roster:
    """Create a roster, owned as ``roster_owner`` says. Side effects: one Roster row (and its
    history entry)."""
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
                institution_id=institution_id
                or roster_institution(activity=activity, unit=unit, user=user),
                **roster_owner(activity=activity, unit=unit, user=user),
            )
    except IntegrityError as error:
        raise RosterError(f"Ya existe un padrón llamado «{name}».") from error


def link_roster(*, roster: Roster, activity, user) -> Roster:
    """Link ``roster`` to ``activity`` (None: unlink). The activity is one ``user`` captures,
    in the roster's institution; a linked roster belongs to its activity's unit and
    organisation (``roster_owner``), so it stays with whoever captures the activity.
    Side effects: the roster row and its history entry. Raises RosterError."""
    from avance.capture.people.queries import roster_activities_for

    if activity is not None:
        if activity.institution_id != roster.institution_id:
            raise RosterError(_("La actividad es de otra institución."))
        if not roster_activities_for(user).filter(pk=activity.pk).exists():
            raise RosterError(_("Solo puede vincular actividades que usted captura."))
        for field, value in roster_owner(activity=activity, user=user).items():
            if value is not None:
                setattr(roster, field, value)
    roster.activity = activity
    roster._history_user = user
    roster.save()
    return roster


def get_or_create_roster(
    *,
    name: str,
    kind: str | None = None,
    activity_id: int | None = None,
    year: int | None = None,
    institution_id: int | None = None,
) -> tuple[Roster, bool]:
    """The roster called ``name`` in the institution (the activity's, else the one given,
    else the national institute), and whether it was created (kind, activity, year) now.

    Side effects: may create the roster; attaches the activity to an existing roster that
    has none when one is given (and the activity's owner to a roster without one).
    """
    from avance.capture.activities.models import Activity

    activity = None
    if activity_id is not None:
        activity = Activity.objects.filter(pk=activity_id).first()
        if activity is None:
            raise RosterError(f"No existe la actividad {activity_id}.")
    if activity is not None:
        if institution_id is not None and activity.institution_id != institution_id:
            raise RosterError(f"La actividad {activity_id} es de otra institución.")
        institution_id = activity.institution_id
    elif institution_id is None:
        institution_id = default_institution().pk
    roster = Roster.objects.filter(
        institution_id=institution_id, name=" ".join(name.split())
    ).first()
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
            fields = ["activity"]
            if roster.unit_id is None and roster.organization_id is None:
                for name_, value in roster_owner(activity=activity).items():
                    setattr(roster, name_, value)
                fields += ["unit", "organization"]
            roster.save(update_fields=fields)
        return roster, False
    if year is None:
        year = activity.year if activity is not None else time.localtime().tm_year
    roster = create_roster(
        name=name,
        kind=kind or RosterKind.OTHER,
        year=year,
        activity=activity,
        institution_id=institution_id,
    )
    return roster, True


def import_into_named_roster(
    *,
    name: str,
    data: bytes,
    file_name: str,
    kind: str | None = None,
    activity_id: int | None = None,
    year: int | None = None,
    skip_invalid: bool = False,
    progress: Progress | None = None,
    institution_id: int | None = None,
) -> tuple[Roster, ImportResult]:
    """Import a file into the roster called ``name`` (the command line's import), creating
    the roster with it when it does not exist.

    One transaction: a file that cannot be read (``RosterImportError``) changes nothing, and
    a rejected file leaves no new roster behind (an existing roster keeps the record of the
    rejected import).
    """
    with transaction.atomic():
        roster, created = get_or_create_roster(
            name=name,
            kind=kind,
            activity_id=activity_id,
            year=year,
            institution_id=institution_id,
        )
        result = import_roster(
            roster=roster,
            data=data,
            file_name=file_name,
            skip_invalid=skip_invalid,
            progress=progress,
        )
        if created and result.status != ImportStatus.IMPORTED:
            transaction.set_rollback(True)
    return roster, result


def empty_roster(roster: Roster) -> None:
    """Remove every person of ``roster`` (to import it again), keeping its import records.

    Side effects: deletes the roster's enrollments and its imports' counts, together, so that
    the counts stay the sums of what the roster holds."""
    with transaction.atomic():
        Enrollment.objects.filter(roster=roster).delete()
        ImportCount.objects.filter(batch__roster=roster).delete()


# --- progress of web uploads --------------------------------------------------------------
# The import runs inside one database transaction, so its progress cannot be read from the
# database by another request: it is written to a small file that the status page reads.

TOKEN = re.compile(r"^[a-f0-9]{32}$")
STAGE_LABELS = {
    "lectura": "Leyendo el archivo",
    "validación": "Validando las filas",
    "escritura": "Escribiendo en la base de datos",
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
