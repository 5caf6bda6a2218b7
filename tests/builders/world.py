"""Builders for tests: a small world with one user per role and records in two scopes.

Used by the tests of several apps (permission matrix, views, services); not imported by the
application itself.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth import get_user_model

from avance.accounts.models import Membership, Role
from avance.capture.activities.models import Activity, Figure, Measure
from avance.catalogs.directory.models import (
    Institution,
    InstitutionKind,
    Organization,
    OrganizationKind,
    Unit,
)
from avance.catalogs.planning.models import StrategicObjective

PASSWORD = "una-clave-de-prueba"

ROLES = (
    "anonymous",
    "administrator",
    "analyst",
    "other_analyst",
    "reviewer",
    "signatory",
    "liaison",
    "other_liaison",
    "no_role",
)


@dataclass
class World:
    institute: Institution
    unit: Unit
    other_unit: Unit
    agency: Organization
    other_agency: Organization
    objective: StrategicObjective
    measure: Measure
    users: dict
    unit_activity: Activity  # captured by the analyst's unit, draft
    other_unit_activity: Activity  # another unit's, draft
    agency_activity: Activity  # reported by the liaison's agency, draft
    other_agency_activity: Activity  # reported by another agency, draft
    submitted_activity: Activity  # the analyst's unit, sent to review


def make_user(username: str, *memberships: dict, **fields):
    user = get_user_model().objects.create_user(
        username=username, password=PASSWORD, first_name=username.title(), **fields
    )
    for membership in memberships:
        Membership.objects.create(user=user, **membership)
    return user


def build_world() -> World:
    institute = Institution.objects.create(
        organization=Organization.objects.create(
            name="Instituto de prueba", acronym="IP", kind=OrganizationKind.INSTITUTE
        ),
        kind=InstitutionKind.NATIONAL,
    )
    unit = Unit.objects.create(institution=institute, name="Unidad A", acronym="UA")
    other_unit = Unit.objects.create(institution=institute, name="Unidad B", acronym="UB")
    agency = Organization.objects.create(
        name="Secretaría A", acronym="SA", kind=OrganizationKind.FEDERAL_AGENCY
    )
    other_agency = Organization.objects.create(
        name="Instancia de las Mujeres B", acronym="IMB", kind=OrganizationKind.STATE_WOMEN_INSTANCE
    )
    objective = StrategicObjective.objects.create(
        institution=institute, number=1, title="Objetivo uno", start_year=2020, end_year=2024
    )
    measure, _c = Measure.objects.get_or_create(
        code="personas_capacitadas",
        defaults={"name": "Personas capacitadas", "unit": "personas", "by_sex": True},
    )
    users = {
        "anonymous": None,
        "administrator": make_user("admin_prueba", {"role": Role.ADMINISTRATOR}, is_staff=True),
        "analyst": make_user("analista_a", {"role": Role.ANALYST, "unit": unit}),
        "other_analyst": make_user("analista_b", {"role": Role.ANALYST, "unit": other_unit}),
        "reviewer": make_user("revisora", {"role": Role.REVIEWER}),
        "signatory": make_user("firmante", {"role": Role.SIGNATORY, "signs_as": "elaboro"}),
        "liaison": make_user("enlace_a", {"role": Role.LIAISON, "organization": agency}),
        "other_liaison": make_user(
            "enlace_b", {"role": Role.LIAISON, "organization": other_agency}
        ),
        "no_role": make_user("sin_papel"),
    }

    def activity(title, **fields):
        return Activity.objects.create(
            year=2023, kind="training", title=title, objective=objective, **fields
        )

    unit_activity = activity("Capacitación de la unidad A", unit=unit)
    Figure.objects.create(
        activity=unit_activity, name="capacitadas", measure=measure, total=30, women=20, men=10
    )
    submitted = activity("Actividad enviada", unit=unit)
    Activity.objects.filter(pk=submitted.pk).update(status="submitted")
    submitted.refresh_from_db()
    return World(
        institute=institute,
        unit=unit,
        other_unit=other_unit,
        agency=agency,
        other_agency=other_agency,
        objective=objective,
        measure=measure,
        users=users,
        unit_activity=unit_activity,
        other_unit_activity=activity("Actividad de la unidad B", unit=other_unit),
        agency_activity=activity("Informe de la Secretaría A", reporting_organization=agency),
        other_agency_activity=activity(
            "Informe de la Instancia B", reporting_organization=other_agency
        ),
        submitted_activity=submitted,
    )
