"""Load a demonstration year from the declarative data in ``year2023.py``.

The load is one transaction and idempotent: catalogs are created or updated by natural key
(acronym or name, body + kind + number), and the year's activities and edition are replaced
as a whole, so running it twice leaves the same records.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction

from avance.activities.figures import check_figure, normalize_figure
from avance.activities.models import (
    Activity,
    Evidence,
    Figure,
    Footnote,
    Measure,
    Partner,
    ReviewStatus,
)
from avance.bodies.models import Body, Session
from avance.directory.models import Organization, Unit
from avance.planning.models import BudgetAllocation, BudgetProgram, StrategicObjective
from avance.reports.models import Edition, Signatory
from avance.territory.models import Municipality, State


class DemoError(RuntimeError):
    pass


def _date(value: str | None) -> datetime.date | None:
    return datetime.date.fromisoformat(value) if value else None


def _org(index: dict[str, Organization], key: str) -> Organization:
    try:
        return index[key]
    except KeyError as error:
        raise DemoError(f"Organización desconocida en los datos de demostración: {key}") from error


@transaction.atomic
def load_year(data: Any) -> dict[str, int]:
    """Load one demonstration year (a module like ``year2023``); returns counts by kind.

    Side effects: creates or updates organisations, units, objectives, budget programmes,
    bodies and sessions; replaces the year's activities and its editions.
    """
    year = data.YEAR
    inst_name, inst_acronym = data.INSTITUTE
    institute, _c = Organization.objects.update_or_create(
        name=inst_name, defaults={"acronym": inst_acronym, "kind": "institute"}
    )
    orgs: dict[str, Organization] = {inst_acronym: institute, inst_name: institute}
    for entry in data.ORGANIZATIONS:
        name, acronym, kind = entry[:3]
        state = State.objects.get(code=entry[3]) if len(entry) > 3 and entry[3] else None
        org, _c = Organization.objects.update_or_create(
            name=name, defaults={"acronym": acronym, "kind": kind, "state": state}
        )
        orgs[name] = org
        if acronym:
            orgs[acronym] = org
    units = {}
    for name, acronym in data.UNITS:
        unit, _c = Unit.objects.update_or_create(
            organization=institute, name=name, defaults={"acronym": acronym}
        )
        units[acronym or name] = unit
    objectives = {}
    for number, title, programme, start, end in data.OBJECTIVES:
        objective, _c = StrategicObjective.objects.update_or_create(
            institute=institute,
            number=number,
            start_year=start,
            defaults={"title": title, "programme": programme, "end_year": end},
        )
        objectives[number] = objective
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
                program=program,
                year=alloc["year"],
                defaults={
                    "rules_published": _date(alloc.get("rules_published")),
                    "name_in_year": alloc.get("name_in_year", ""),
                },
            )
        programs[entry["key"]] = program
    bodies: dict[str, Body] = {}
    sessions: dict[tuple[str, str, Any], Session] = {}
    for entry in data.BODIES:
        body, _c = Body.objects.update_or_create(
            name=entry["name"],
            defaults={
                "acronym": entry.get("acronym", ""),
                "kind": entry["kind"],
                "installed_on": _date(entry.get("installed_on")),
            },
        )
        body.members.set([_org(orgs, m) for m in entry.get("members", [])])
        bodies[body.acronym or body.name] = body
        for index, session in enumerate(entry.get("sessions", []), start=1):
            kind, number, date = session
            if number is None:
                # Sessions the report counts without numbering them: keyed by their order.
                obj, _c = Session.objects.update_or_create(
                    body=body,
                    kind=kind,
                    number=None,
                    notes=f"demo:{year}:{index}",
                    defaults={"date": _date(date)},
                )
            else:
                obj, _c = Session.objects.update_or_create(
                    body=body, kind=kind, number=number, defaults={"date": _date(date)}
                )
            sessions[(body.acronym or body.name, kind, number if number is not None else index)] = (
                obj
            )

    Activity.objects.filter(year=year).delete()
    Edition.objects.filter(year=year).delete()
    measures = {m.code: m for m in Measure.objects.all()}
    states = {s.code: s for s in State.objects.all()}
    counts = {"activities": 0, "figures": 0, "footnotes": 0}
    for position, entry in enumerate(data.ACTIVITIES, start=1):
        activity = Activity.objects.create(
            year=year,
            kind=entry["kind"],
            title=entry["title"],
            start_date=_date(entry.get("start")),
            end_date=_date(entry.get("end")),
            objective=objectives[entry["objective"]],
            budget_program=programs.get(entry.get("program", "")),
            unit=units.get(entry.get("unit", "")),
            narrative=entry["narrative"],
            position=position,
        )
        # Demonstration records are published as validated; the review workflow applies to
        # new work captured in the application.
        Activity.objects.filter(pk=activity.pk).update(status=ReviewStatus.VALIDATED)
        for order, (org_key, role) in enumerate(entry.get("partners", [])):
            Partner.objects.create(
                activity=activity, organization=_org(orgs, org_key), role=role, position=order
            )
        activity.states.set([states[c] for c in entry.get("states", [])])
        if entry.get("municipalities"):
            activity.municipalities.set(
                Municipality.objects.filter(cvegeo__in=entry["municipalities"])
            )
        activity.sessions.set([sessions[tuple(k)] for k in entry.get("sessions", [])])
        for key, text in entry.get("footnotes", {}).items():
            Footnote.objects.create(activity=activity, key=key, text=text)
            counts["footnotes"] += 1
        for url, description in entry.get("evidence", []):
            Evidence.objects.create(activity=activity, url=url, description=description)
        for spec in entry.get("figures", []):
            figure = Figure(
                activity=activity,
                name=spec["name"],
                measure=measures[spec["measure"]],
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
        institute=institute,
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
