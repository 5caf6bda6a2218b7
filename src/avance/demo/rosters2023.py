"""Synthetic rosters of the 2023 demonstration year, whose counts are the reference report's.

Every person is invented: CURPs come from ``people.curp.generate_curp`` with a seeded random
generator (the same rosters on every run), pass every check, and belong to nobody. The rosters
go through the real import (validation, pseudonymisation, writing), so the figures bound to
them in ``year2023.py`` are computed exactly as for a file a user uploads.

* Capacitación de la APF 2023: 81,961 women, 65,837 men («capacitó a 81,961 mujeres y
  65,837 hombres»);
* Certificación en estándares de competencia 2023: 557 women, 111 men;
* Crédito Mujer Libertad 2023 (FINABIEN): 127 women living in 29 states («127 créditos a
  mujeres de 29 entidades federativas»);
* Proyecto Semilla 2023: 30 migrant women, born abroad (CURP state NE), living in Chiapas.

Which 29 states, and every date, organisation and birth date, are invented too.
"""

from __future__ import annotations

import datetime
import random
from dataclasses import dataclass

import polars as pl
from django.db import transaction

from avance.capture.people.curp import generate_curp
from avance.capture.people.importing import import_frame
from avance.capture.people.models import Roster
from avance.capture.people.services import empty_roster
from avance.catalogs.territory.states import STATES

YEAR = 2023
SEED = 2023


@dataclass(frozen=True)
class RosterSpec:
    name: str
    kind: str
    activity_title: str
    women: int
    men: int = 0
    states: tuple[str, ...] = ()  # INEGI keys of residence; all 32 when empty
    birth_state: str | None = None  # CURP code; drawn when None
    organizations: tuple[str, ...] = ()
    description: str = ""

    @property
    def total(self) -> int:
        return self.women + self.men


TRAINING_ACTIVITY = "Capacitación y certificación de personas servidoras públicas"
CREDIT_ACTIVITY = (
    "Estrategia Territorial para la Reactivación de la Autonomía y el Empoderamiento Económico"
)
SEED_ACTIVITY = "Proyecto Semilla con mujeres migrantes en Tapachula"
_ALL_STATES = tuple(key for key, *_rest in STATES)
# Three states left out so that the credit holders live in 29 (which three is invented).
CREDIT_STATES = tuple(key for key in _ALL_STATES if key not in ("03", "06", "18"))
APF = (
    "Secretaría de Bienestar",
    "Secretaría de Educación Pública",
    "Secretaría de Salud",
    "Secretaría de Hacienda y Crédito Público",
    "Secretaría de Economía",
    "Secretaría de Relaciones Exteriores",
    "Secretaría de la Función Pública",
    "Instituto Mexicano del Seguro Social",
    "Instituto Nacional de las Mujeres",
    "Secretaría del Trabajo y Previsión Social",
)

ROSTERS: tuple[RosterSpec, ...] = (
    RosterSpec(
        name="Capacitación de la APF 2023",
        kind="training",
        activity_title=TRAINING_ACTIVITY,
        women=81961,
        men=65837,
        organizations=APF,
        description="Cursos en línea y presenciales (datos sintéticos de demostración).",
    ),
    RosterSpec(
        name="Certificación en estándares de competencia 2023",
        kind="certification",
        activity_title=TRAINING_ACTIVITY,
        women=557,
        men=111,
        organizations=APF,
        description="Estándares de competencia del sector público (datos sintéticos).",
    ),
    RosterSpec(
        name="Crédito Mujer Libertad 2023 (FINABIEN)",
        kind="credit",
        activity_title=CREDIT_ACTIVITY,
        women=127,
        states=CREDIT_STATES,
        description="Créditos aprobados a mujeres de los nodos (datos sintéticos).",
    ),
    RosterSpec(
        name="Proyecto Semilla 2023",
        kind="beneficiaries",
        activity_title=SEED_ACTIVITY,
        women=30,
        states=("07",),
        birth_state="NE",
        description="Mujeres migrantes jefas de familia en Tapachula (datos sintéticos).",
    ),
)
ROSTER_NAMES = {spec.name for spec in ROSTERS}


def roster_table(spec: RosterSpec, rng: random.Random, seen: set[str]) -> pl.DataFrame:
    """The roster as a file would carry it (strings), every CURP new to ``seen``."""
    states = spec.states or _ALL_STATES
    first_day = datetime.date(YEAR, 1, 9)
    curps, sexes, residences, dates, organizations = [], [], [], [], []
    for index in range(spec.total):
        sex = "M" if index < spec.women else "H"
        while True:
            birth = datetime.date(1958, 1, 1) + datetime.timedelta(days=rng.randrange(365 * 45))
            curp = generate_curp(rng, sex=sex, birth=birth, state=spec.birth_state)
            if curp not in seen:
                seen.add(curp)
                break
        curps.append(curp)
        sexes.append("Mujer" if sex == "M" else "Hombre")
        # Every listed state gets someone before any gets a second person.
        residences.append(
            states[index % len(states)] if index < len(states) else rng.choice(states)
        )
        dates.append((first_day + datetime.timedelta(days=rng.randrange(340))).isoformat())
        organizations.append(rng.choice(spec.organizations) if spec.organizations else "")
    return pl.DataFrame(
        {
            "CURP": curps,
            "Sexo": sexes,
            "Entidad": residences,
            "Fecha de conclusión": dates,
            "Organización": organizations,
        }
    )


def _owner_unit():
    """The unit that keeps the demonstration rosters: the institute's first, the demo
    analyst's (``demo.accounts``); the reference does not say which unit ran each action."""
    from avance.catalogs.directory.models import Unit

    return Unit.objects.filter(institution__kind="national").order_by("pk").first()


def _activity(title: str):
    from avance.capture.activities.models import Activity

    return (
        Activity.objects.filter(institution__kind="national", year=YEAR, title=title)
        .order_by("pk")
        .first()
    )


@transaction.atomic
def load_rosters() -> dict[str, int]:
    """Create (or keep) the demonstration rosters; returns people per roster.

    Side effects: creates the rosters, their persons and enrollments through the importer
    (one import record each) and links each roster to its activity of the demonstration
    year. A roster already holding its expected number of people is kept as it is; one that
    does not is emptied and loaded again. The generator runs in the same order every time,
    so the rosters are identical from one run to the next.
    """
    from avance.catalogs.directory.models import default_institution

    institution = default_institution()
    mine = Roster.objects.filter(institution=institution)
    existing = {r.name: r for r in mine.filter(name__in=ROSTER_NAMES)}
    complete = len(existing) == len(ROSTERS) and all(
        existing[spec.name].entries.count() == spec.total for spec in ROSTERS
    )
    rng = random.Random(SEED)  # noqa: S311 - synthetic data, reproducible on purpose
    seen: set[str] = set()
    unit = _owner_unit()
    out = {}
    for spec in ROSTERS:
        # Generated even when not needed while anything is missing: the sequence of the
        # random generator, hence every roster, stays the same.
        table = None if complete else roster_table(spec, rng, seen)
        roster, _created = mine.get_or_create(
            name=spec.name,
            defaults={"kind": spec.kind, "year": YEAR, "description": spec.description},
        )
        activity = _activity(spec.activity_title)
        if roster.activity_id != (activity.pk if activity else None) or roster.unit_id is None:
            roster.activity = activity
            roster.unit = unit
            roster.save(update_fields=["activity", "unit"])
        people = roster.entries.count()
        if people != spec.total and table is not None:
            empty_roster(roster)
            result = import_frame(
                roster=roster, table=table, file_name=f"demostración {spec.name}.csv"
            )
            people = result.imported
        out[spec.name] = people
    return out
