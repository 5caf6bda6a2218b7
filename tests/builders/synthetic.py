"""A synthetic year of records for query-count tests and ``bench/report.py``.

Every kind of thing a report reads is exercised: entered figures with sex parts, figures bound
to the activity's states, sessions and partners and to a body's members, formats (thousands,
words, ordinals, Roman numerals, lists, dates) and footnotes. Written in bulk so that a year of
10,000 activities and 50,000 figures loads in seconds.
"""

from __future__ import annotations

import datetime
import random

from django.db import transaction

from avance.capture.activities.models import (
    Activity,
    Figure,
    Footnote,
    Measure,
    Partner,
    ReviewStatus,
)
from avance.catalogs.bodies.models import Body, Session
from avance.catalogs.directory.models import Institution, Organization
from avance.catalogs.planning.models import StrategicObjective
from avance.catalogs.territory.models import State
from avance.documents.reports.models import Edition, Signatory

# Five figures per activity, cited with every family of formats.
NARRATIVE = (
    "En {{ ejercicio }}, el Instituto capacitó a {{ capacitadas.mujeres }} mujeres y "
    "{{ capacitadas.hombres | miles }} hombres, celebró la {{ sesiones.numeros | ordinal_f }} "
    "sesión ({{ sesiones.numeros | romano }}) el {{ sesiones.fechas | fecha }} en "
    "{{ estados | palabras }} estados[^estados] con {{ socias | lista }}; el órgano suma "
    "{{ miembros | palabras }} integrantes."
)
NOTE = "{{ estados | lista }}. Véase https://example.org/informe/{{ ejercicio }}."
# One activity in three cites a footnote, as in the reference report (7 notes, 23 actions),
# spread over the three objectives as there (activity i is under objective (i // 3) % 3, so
# every objective has one noted action in three; with ``i % 3`` for both, every note fell
# under the first objective and its pages carried three times the notes of any real page).
NARRATIVE_WITHOUT_NOTE = NARRATIVE.replace("[^estados]", "")


def _world(year: int) -> dict:
    organization, _c = Organization.objects.get_or_create(
        name="Instituto sintético", defaults={"acronym": "ISIN", "kind": "institute"}
    )
    institute, _c = Institution.objects.get_or_create(
        organization=organization, defaults={"kind": "national"}
    )
    objectives = []
    for number in (1, 2, 3):
        objective, _c = StrategicObjective.objects.get_or_create(
            institution=institute,
            number=number,
            start_year=year,
            defaults={"title": f"Objetivo sintético {number}", "end_year": year},
        )
        objectives.append(objective)
    partners = []
    for index in range(4):
        org, _c = Organization.objects.get_or_create(
            name=f"Organización sintética {index}",
            defaults={"acronym": f"OS{index}", "kind": "civil_society"},
        )
        partners.append(org)
    body, _c = Body.objects.get_or_create(
        institution=institute,
        name="Órgano sintético",
        defaults={"acronym": "OSIN", "kind": "national_system"},
    )
    body.members.set(partners)
    sessions = []
    for number in range(1, 4):
        session, _c = Session.objects.get_or_create(
            body=body,
            kind="ordinary",
            number=30 + number,
            defaults={"date": datetime.date(year, 3 * number, 9)},
        )
        sessions.append(session)
    edition, created = Edition.objects.get_or_create(
        institution=institute,
        year=year,
        template="public-account",
        number=1,
        defaults={
            "heading": "INSTITUTO SINTÉTICO INTRODUCCIÓN",
            "introduction": "El trabajo del Instituto en {{ ejercicio }}.",
        },
    )
    if created:
        Signatory.objects.create(
            edition=edition, role="autorizo", name="Dra. Autoriza", post="Titular", position=0
        )
        Signatory.objects.create(
            edition=edition, role="elaboro", name="C.P. Elabora", post="Dirección", position=1
        )
    return {
        "objectives": objectives,
        "partners": partners,
        "sessions": sessions,
        "body": body,
        "states": list(State.objects.order_by("code")),
        "measures": {m.code: m for m in Measure.objects.all()},
        "edition": edition,
    }


@transaction.atomic
def make_year(year: int, activities: int, *, seed: int = 2023, batch: int = 5000) -> Edition:
    """Create ``activities`` validated activities with five figures each; a third cite a note.

    Side effects: creates the year's edition, objectives, organisations, a body with sessions.
    """
    rng = random.Random(seed)
    world = _world(year)
    measures = world["measures"]
    start = Activity.objects.count()
    Activity.objects.bulk_create(
        [
            Activity(
                institution_id=world["edition"].institution_id,
                year=year,
                kind="training",
                title=f"Actividad sintética {start + i}",
                objective=world["objectives"][(i // 3) % 3],
                narrative=NARRATIVE if i % 3 == 0 else NARRATIVE_WITHOUT_NOTE,
                position=i,
                status=ReviewStatus.VALIDATED,
                start_date=datetime.date(year, 1 + i % 12, 1 + i % 28),
            )
            for i in range(activities)
        ],
        batch_size=batch,
    )
    created = list(
        Activity.objects.filter(year=year, title__startswith="Actividad sintética")
        .order_by("-id")
        .values_list("id", "narrative")[:activities]
    )
    figures, notes, states, sessions, partners = [], [], [], [], []
    state_link = Activity.states.through
    session_link = Activity.sessions.through
    for activity_id, text in created:
        women, men = rng.randint(1, 99_999), rng.randint(1, 99_999)
        figures += [
            Figure(
                activity_id=activity_id,
                name="capacitadas",
                measure=measures["personas_capacitadas"],
                total=women + men,
                women=women,
                men=men,
                note="Listas de asistencia",
            ),
            Figure(
                activity_id=activity_id,
                name="estados",
                measure=measures["entidades_cubiertas"],
                source="bound",
                binding="activity.states",
            ),
            Figure(
                activity_id=activity_id,
                name="sesiones",
                measure=measures["sesiones_realizadas"],
                source="bound",
                binding="activity.sessions",
            ),
            Figure(
                activity_id=activity_id,
                name="socias",
                measure=measures["organizaciones_participantes"],
                source="bound",
                binding="activity.partners",
            ),
            Figure(
                activity_id=activity_id,
                name="miembros",
                measure=measures["miembros"],
                source="bound",
                binding="body.members",
                binding_params={"body": "OSIN"},
            ),
        ]
        if "[^estados]" in text:
            notes.append(Footnote(activity_id=activity_id, key="estados", text=NOTE))
        for state in rng.sample(world["states"], 3):
            states.append(state_link(activity_id=activity_id, state_id=state.pk))
        session = world["sessions"][activity_id % 3]
        sessions.append(session_link(activity_id=activity_id, session_id=session.pk))
        for position, org in enumerate(rng.sample(world["partners"], 2)):
            partners.append(
                Partner(
                    activity_id=activity_id,
                    organization=org,
                    role="co_organizer",
                    position=position,
                )
            )
    Figure.objects.bulk_create(figures, batch_size=batch)
    Footnote.objects.bulk_create(notes, batch_size=batch)
    state_link.objects.bulk_create(states, batch_size=batch)
    session_link.objects.bulk_create(sessions, batch_size=batch)
    Partner.objects.bulk_create(partners, batch_size=batch)
    return world["edition"]


@transaction.atomic
def make_network(national: Institution, others: int, activities: int, year: int) -> int:
    """``others`` state and municipal institutions coordinated by ``national`` (a third state,
    the rest municipal under the states), with ``activities`` validated activities of ``year``
    spread among them, each with a figure of people by sex. Returns how many were created."""
    states = max(1, others // 3)
    measure = Measure.objects.get(code="personas_capacitadas")
    organizations = Organization.objects.bulk_create(
        Organization(
            name=f"Instancia sintética {i}",
            acronym=f"IS{i}",
            kind="imef" if i < states else "imm",
            state_id=f"{1 + i % 32:02d}",
        )
        for i in range(others)
    )
    institutions = Institution.objects.bulk_create(
        Institution(organization=o, kind=o.kind, coordinator=national)
        for o in organizations[:states]
    )
    institutions += Institution.objects.bulk_create(
        Institution(organization=o, kind=o.kind, coordinator=institutions[i % states])
        for i, o in enumerate(organizations[states:])
    )
    created = Activity.objects.bulk_create(
        Activity(
            institution=institutions[i % len(institutions)],
            year=year,
            kind="training",
            title=f"Actividad de la red {i}",
            narrative="Se capacitó a {{ capacitadas.mujeres }} mujeres.",
            status=ReviewStatus.VALIDATED,
        )
        for i in range(activities)
    )
    Figure.objects.bulk_create(
        Figure(
            activity=a,
            name="capacitadas",
            measure=measure,
            total=30 + i % 50,
            women=20 + i % 30,
            men=10 + i % 20,
        )
        for i, a in enumerate(created)
    )
    return len(institutions)
