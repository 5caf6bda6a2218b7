"""Load a demonstration year from the declarative data in ``year2023.py``.

The load is one transaction and idempotent: the measure catalog and the catalogs the year
refers to are created or updated by natural key (measure code, organisation name, body name,
body + kind + number for numbered sessions, body + kind + order for unnumbered ones), and the
year's activities and its draft edition are replaced as a whole, so running it twice leaves
the same records. Any error (an unknown organisation, state or municipality, an inconsistent
figure) rolls the whole load back.

Session dates may be given as a full ISO date (``"2023-04-18"``) or, when the source names
only the month, as ``"2023-04"``: the session then keeps an empty date and the month is
written in its notes, so that no day is invented.
"""

from __future__ import annotations

import datetime
from typing import Any

from babel.dates import format_date
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction

from avance.capture.activities.checks import check_figure, normalize_figure
from avance.capture.activities.measures import MEASURES
from avance.capture.activities.models import (
    Activity,
    Evidence,
    Figure,
    Footnote,
    Measure,
    Partner,
    ReviewStatus,
)
from avance.catalogs.bodies.models import Agreement, Body, Session
from avance.catalogs.directory.models import Institution, InstitutionKind, Organization, Unit
from avance.catalogs.planning.models import BudgetAllocation, BudgetProgram, StrategicObjective
from avance.catalogs.territory.models import Municipality, State
from avance.documents.reports.models import Edition, EditionStatus, Signatory


class DemoError(RuntimeError):
    """The demonstration data cannot be loaded; the message says why, in Spanish."""


def _date(value: str | None) -> datetime.date | None:
    return datetime.date.fromisoformat(value) if value else None


def _session_date(value: str | None) -> tuple[datetime.date | None, str]:
    """A full ISO date, or a year-month kept as a note (the day is not invented)."""
    if not value:
        return None, ""
    if len(value) == len("2023-04"):
        month = datetime.date.fromisoformat(f"{value}-01")
        text = format_date(month, "MMMM 'de' y", locale="es_MX")
        return None, f"Celebrada en {text}; la fuente no consigna el día."
    return datetime.date.fromisoformat(value), ""


def _lookup(index: dict[str, Any], key: str, what: str) -> Any:
    try:
        return index[key]
    except KeyError as error:
        raise DemoError(f"{what} desconocida en los datos de demostración: {key}") from error


def _load_measures() -> dict[str, Measure]:
    for code, name, unit, by_sex, sums in MEASURES:
        Measure.objects.update_or_create(
            code=code,
            defaults={"name": name, "unit": unit, "by_sex": by_sex, "parts_sum_to_total": sums},
        )
    return {m.code: m for m in Measure.objects.all()}


# The directory kind of an institution's own entry.
ORGANIZATION_KIND = {"national": "institute", "imef": "imef", "imm": "imm", "other": "autonomous"}


def _load_organizations(data: Any) -> tuple[Organization, dict[str, Organization]]:
    inst_name, inst_acronym = data.INSTITUTE
    kind = getattr(data, "KIND", InstitutionKind.NATIONAL)
    institute, _c = Organization.objects.update_or_create(
        name=inst_name,
        defaults={
            "acronym": inst_acronym,
            "kind": ORGANIZATION_KIND[kind],
            "state_id": getattr(data, "STATE", None),
        },
    )
    states = {s.code: s for s in State.objects.all()}
    orgs: dict[str, Organization] = {inst_acronym: institute, inst_name: institute}
    for entry in data.ORGANIZATIONS:
        state = _lookup(states, entry["state"], "Entidad") if entry.get("state") else None
        org, _c = Organization.objects.update_or_create(
            name=entry["name"],
            defaults={
                "acronym": entry.get("acronym", ""),
                "kind": entry["kind"],
                "state": state,
                "description": entry.get("description", ""),
            },
        )
        orgs[org.name] = org
        if org.acronym:
            if orgs.get(org.acronym, org) != org:
                raise DemoError(f"Siglas repetidas en los datos de demostración: {org.acronym}")
            orgs[org.acronym] = org
    return institute, orgs


def _load_programs(data: Any, institute: Institution) -> dict[str, BudgetProgram]:
    programs = {}
    for entry in data.BUDGET_PROGRAMS:
        program, _c = BudgetProgram.objects.update_or_create(
            key=entry["key"],
            defaults={
                "name": entry["name"],
                "acronym": entry.get("acronym", ""),
                "description": entry.get("description", ""),
            },
        )
        for alloc in entry.get("years", []):
            BudgetAllocation.objects.update_or_create(
                institution=institute,
                program=program,
                year=alloc["year"],
                defaults={
                    "rules_published": _date(alloc.get("rules_published")),
                    "name_in_year": alloc.get("name_in_year", ""),
                },
            )
        programs[entry["key"]] = program
    return programs


def _load_bodies(
    data: Any, orgs: dict[str, Organization], institution: Institution
) -> dict[tuple[str, str, int], Session]:
    """The institution's bodies, their members and sessions; sessions keyed by (body, kind,
    number or order)."""
    sessions: dict[tuple[str, str, int], Session] = {}
    for entry in data.BODIES:
        body, _c = Body.objects.update_or_create(
            institution=institution,
            name=entry["name"],
            defaults={
                "acronym": entry.get("acronym", ""),
                "kind": entry["kind"],
                "installed_on": _date(entry.get("installed_on")),
            },
        )
        body.members.set([_lookup(orgs, m, "Organización") for m in entry.get("members", [])])
        key = body.acronym or body.name
        order: dict[str, int] = {}
        for kind, number, when in entry.get("sessions", []):
            date, note = _session_date(when)
            if number is None:
                # Sessions the report counts without numbering them: keyed by their order
                # within the body and kind, written as a marker at the start of the notes.
                order[kind] = order.get(kind, 0) + 1
                marker = f"[demostración {data.YEAR}, sesión {order[kind]}]"
                notes = f"{marker} {note}".strip()
                session = Session.objects.filter(
                    body=body, kind=kind, number=None, notes__startswith=marker
                ).first()
                if session is None:
                    session = Session(body=body, kind=kind)
                session.date, session.notes = date, notes
                session.save()
                sessions[(key, kind, order[kind])] = session
            else:
                session, _c = Session.objects.update_or_create(
                    body=body, kind=kind, number=number, defaults={"date": date, "notes": note}
                )
                sessions[(key, kind, number)] = session
        for (kind, number), agreement_key, text, status in entry.get("agreements", []):
            Agreement.objects.update_or_create(
                session=sessions[(key, kind, number)],
                key=agreement_key,
                defaults={"text": text, "status": status},
            )
    return sessions


def _signed_edition_exists(year: int, name: str) -> bool:
    return (
        Edition.objects.filter(year=year, institution__organization__name=name)
        .exclude(status=EditionStatus.DRAFT)
        .exists()
    )


@transaction.atomic
def load_year(data: Any) -> dict[str, int]:
    """Load one demonstration year (a module like ``year2023``); returns counts by kind.

    Side effects: creates or updates measures, organisations, units, objectives, budget
    programmes, bodies and sessions; replaces the year's activities and its draft editions.
    Refuses (DemoError) when an edition of the year is already in signature or signed.
    """
    year = data.YEAR
    if _signed_edition_exists(year, data.INSTITUTE[0]):
        raise DemoError(
            f"El ejercicio {year} ya tiene una edición en firma o firmada; "
            "la demostración no la reemplaza."
        )
    measures = _load_measures()
    organization, orgs = _load_organizations(data)
    coordinator = getattr(data, "COORDINATOR", None)
    institute, _c = Institution.objects.update_or_create(
        organization=organization,
        defaults={
            "kind": getattr(data, "KIND", InstitutionKind.NATIONAL),
            "coordinator": Institution.objects.get(organization__acronym=coordinator)
            if coordinator
            else None,
            "branch": getattr(data, "BRANCH", ""),
            "entity_key": getattr(data, "ENTITY_KEY", ""),
        },
    )
    units = {}
    for name, acronym in data.UNITS:
        unit, _c = Unit.objects.update_or_create(
            institution=institute, name=name, defaults={"acronym": acronym}
        )
        units[acronym or name] = unit
    objectives = {}
    for number, title, programme, start, end in data.OBJECTIVES:
        objective, _c = StrategicObjective.objects.update_or_create(
            institution=institute,
            number=number,
            start_year=start,
            defaults={"title": title, "programme": programme, "end_year": end},
        )
        objectives[number] = objective
    programs = _load_programs(data, institute)
    sessions = _load_bodies(data, orgs, institute)

    # Replace only the demonstration's own activities: work captured by users in the same
    # year (other titles) survives a reload.
    Activity.objects.filter(
        institution=institute, year=year, title__in=[a["title"] for a in data.ACTIVITIES]
    ).delete()
    Edition.objects.filter(institution=institute, year=year).delete()
    states = {s.code: s for s in State.objects.all()}
    wanted_cvegeo = {c for entry in data.ACTIVITIES for c in entry.get("municipalities", [])}
    municipalities = {m.cvegeo: m for m in Municipality.objects.filter(cvegeo__in=wanted_cvegeo)}
    counts = {
        "organizations": len({o.pk for o in orgs.values()}),
        "bodies": len(data.BODIES),
        "sessions": len(sessions),
        "activities": 0,
        "partners": 0,
        "figures": 0,
        "footnotes": 0,
        "evidence": 0,
    }
    for position, entry in enumerate(data.ACTIVITIES, start=1):
        activity = Activity.objects.create(
            institution=institute,
            year=year,
            kind=entry["kind"],
            title=entry["title"],
            start_date=_date(entry.get("start")),
            end_date=_date(entry.get("end")),
            objective=_lookup(objectives, entry["objective"], "Objetivo"),
            budget_program=_lookup(programs, entry["program"], "Programa")
            if entry.get("program")
            else None,
            unit=_lookup(units, entry["unit"], "Unidad") if entry.get("unit") else None,
            narrative=entry["narrative"],
            position=position,
        )
        # Demonstration records are published as validated; the review workflow applies to
        # new work captured in the application.
        Activity.objects.filter(pk=activity.pk).update(status=ReviewStatus.VALIDATED)
        for order, (org_key, role) in enumerate(entry.get("partners", [])):
            Partner.objects.create(
                activity=activity,
                organization=_lookup(orgs, org_key, "Organización"),
                role=role,
                position=order,
            )
            counts["partners"] += 1
        activity.states.set([_lookup(states, c, "Entidad") for c in entry.get("states", [])])
        activity.municipalities.set(
            [
                _lookup(municipalities, c, "Municipio (¿falta cargar el catálogo del INEGI?)")
                for c in entry.get("municipalities", [])
            ]
        )
        activity.sessions.set(
            [_lookup(sessions, tuple(k), "Sesión") for k in entry.get("sessions", [])]
        )
        for key, text in entry.get("footnotes", {}).items():
            Footnote.objects.create(activity=activity, key=key, text=text)
            counts["footnotes"] += 1
        for url, description in entry.get("evidence", []):
            Evidence.objects.create(activity=activity, url=url, description=description)
            counts["evidence"] += 1
        for spec in entry.get("figures", []):
            figure = Figure(
                activity=activity,
                name=spec["name"],
                measure=_lookup(measures, spec["measure"], "Medida"),
                source="bound" if spec.get("binding") else "entered",
                binding=spec.get("binding", ""),
                binding_params=spec.get("params", {}),
                total=spec.get("total"),
                women=spec.get("women"),
                men=spec.get("men"),
                other=spec.get("other"),
                unspecified=spec.get("unspecified"),
                note=spec.get("note", ""),
            )
            normalize_figure(figure)
            errors = check_figure(figure)
            if errors:
                raise DemoError(f"{entry['title']}: cifra {spec['name']}: {errors}")
            figure.save()
            counts["figures"] += 1
        counts["activities"] += 1

    edition_data = data.EDITION
    edition = Edition.objects.create(
        year=year,
        institution=institute,
        heading=edition_data["heading"],
        introduction=edition_data["introduction"],
    )
    for position, (role, name, post) in enumerate(edition_data["signatories"]):
        Signatory.objects.create(
            edition=edition, role=role, name=name, post=post, position=position
        )
    return counts


def ensure_demo_admin() -> str | None:
    """Create the demonstration administrator; only in demo mode. Returns the username."""
    if not settings.DEMO_MODE:
        return None
    user_model = get_user_model()
    user, created = user_model.objects.get_or_create(
        username="admin",
        defaults={
            "is_staff": True,
            "is_superuser": True,
            "first_name": "Administración",
            "last_name": "Demo",
        },
    )
    if created:
        user.set_password("avance-demo")
        user.save()
    return user.username
