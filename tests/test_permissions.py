"""Who may open what: every URL of the project × every role, in one matrix.

Three checks keep it complete:
* every view declares an access rule (``accounts.access``), or the walk fails;
* every URL name of the project has at least one row in ``MATRIX``, or the walk fails (a page
  added later without a row is caught here);
* every row is requested by every role and answers exactly the status it states.

Another scope's record answers 404, not 403 (it is not in the user's queryset). Django's
admin is in the matrix too; its views check staff status themselves.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

import pytest
import rules
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from avance.accounts.access import rule_of
from tests.builders import pages
from tests.builders.world import ROLES, build_world, make_user

LOGIN = 302  # an anonymous visitor is sent to the login page


def _walk(patterns, prefix="", namespace=None):
    for entry in patterns:
        if isinstance(entry, URLResolver):
            ns = entry.namespace or namespace
            yield from _walk(entry.url_patterns, prefix + str(entry.pattern), ns)
        elif isinstance(entry, URLPattern):
            yield prefix + str(entry.pattern), namespace, entry


ALL_VIEWS = list(_walk(get_resolver().url_patterns))
OUR_VIEWS = [(route, ns, p) for route, ns, p in ALL_VIEWS if ns != "admin"]


@dataclass
class Row:
    """One URL (name and the objects of its arguments), one method, a status per role."""

    name: str
    args: tuple = ()
    method: str = "get"
    default: int = 403
    expected: dict = field(default_factory=dict)
    data: dict | None = None

    def status(self, role: str) -> int:
        if role in self.expected:
            return self.expected[role]
        # A protected page sends an anonymous visitor to the login page first.
        return LOGIN if role == "anonymous" and self.default == 403 else self.default


INSTITUTE = ("administrator", "analyst", "other_analyst", "reviewer", "signatory")
LIAISONS = ("liaison", "other_liaison")
ANALYSTS = ("analyst", "other_analyst")
INSTITUTE_BUT_SIGNATORY = ("administrator", "analyst", "other_analyst", "reviewer")


def only(status: int, *roles: str) -> dict:
    return dict.fromkeys(roles, status)


MATRIX = [
    # Home and sign-in
    Row("core:home", default=200, expected={"anonymous": LOGIN}),
    Row("accounts:login", default=302, expected={"anonymous": 200}),
    Row("core:switch_institution", method="post", default=302, expected={"anonymous": LOGIN}),
    Row("accounts:logout", method="post", default=302, expected={"anonymous": 302}),
    # Activities: institute roles see every activity, a liaison its organisation's only.
    Row("activities:list", expected=only(200, *INSTITUTE, *LIAISONS)),
    Row("activities:export", ("xlsx",), expected=only(200, *INSTITUTE, *LIAISONS)),
    Row("activities:bulk", method="post", expected={"reviewer": 302}),
    Row(
        "activities:create",
        expected=only(200, "administrator", "analyst", "other_analyst", *LIAISONS),
    ),
    Row(
        "activities:preview",
        method="post",
        expected=only(200, "administrator", "analyst", "other_analyst", *LIAISONS),
    ),
    Row(
        "activities:paste",
        method="post",
        expected=only(200, "administrator", "analyst", "other_analyst", *LIAISONS),
        data={"html": "<p>Texto<sup>1/</sup></p>"},
    ),
    Row(
        "activities:detail",
        ("unit_activity",),
        expected={**only(200, *INSTITUTE), **only(404, *LIAISONS)},
    ),
    Row(
        "activities:detail",
        ("agency_activity",),
        expected={**only(200, *INSTITUTE, "liaison"), "other_liaison": 404},
    ),
    Row(
        "activities:history",
        ("unit_activity",),
        expected={**only(200, *INSTITUTE), **only(404, *LIAISONS)},
    ),
    Row(
        "activities:history",
        ("agency_activity",),
        expected={**only(200, *INSTITUTE, "liaison"), "other_liaison": 404},
    ),
    Row(
        "activities:edit",
        ("unit_activity",),
        expected={"administrator": 200, "analyst": 200, **only(404, *LIAISONS)},
    ),
    Row(
        "activities:edit",
        ("agency_activity",),
        expected={"administrator": 200, "liaison": 200, "other_liaison": 404},
    ),
    Row("activities:edit", ("submitted_activity",), expected=only(404, *LIAISONS)),
    Row(
        "activities:preview_existing",
        ("unit_activity",),
        method="post",
        expected={"administrator": 200, "analyst": 200, **only(404, *LIAISONS)},
    ),
    Row(
        "activities:submit",
        ("unit_activity",),
        method="post",
        expected={"administrator": 302, "analyst": 302, **only(404, *LIAISONS)},
    ),
    Row(
        "activities:submit",
        ("agency_activity",),
        method="post",
        expected={"administrator": 302, "liaison": 302, "other_liaison": 404},
    ),
    Row("activities:validate", ("submitted_activity",), method="post", expected={"reviewer": 302}),
    Row(
        "activities:send_back",
        ("submitted_activity",),
        method="post",
        expected={"reviewer": 302},
        data={"comment": "Revise la cifra."},
    ),
    # Correcting validated work: who captures or reviews it asks, a reviewer decides.
    Row(
        "activities:request_reopening",
        ("validated_activity",),
        method="post",
        expected={
            **only(302, "administrator", *ANALYSTS, "reviewer"),
            **only(404, *LIAISONS),
        },
        data={"comment": "Falta una entidad."},
    ),
    Row(
        "activities:reopen",
        ("validated_activity",),
        method="post",
        expected={"reviewer": 302},
    ),
    Row(
        "activities:refuse_reopening",
        ("validated_activity",),
        method="post",
        expected={"reviewer": 302},
        data={"comment": "Se informó así."},
    ),
    # The live report of a year: the institute's roles only (it is not published yet).
    Row("reports:preview", (2023,), expected=only(200, *INSTITUTE)),
    Row("reports:download", (2023, "md"), expected=only(200, *INSTITUTE)),
    Row("reports:trace", (2023,), expected=only(200, *INSTITUTE)),
    # Editions: the institute's roles and bound signatories read; administrators and
    # reviewers compose; only the signatory whose turn it is signs.
    Row("reports:editions", expected=only(200, *INSTITUTE)),
    # Setting up the institution: its administrator only.
    Row("setup:index", expected={"administrator": 200}),
    Row("setup:profile", expected={"administrator": 200}),
    Row("setup:people", expected={"administrator": 200}),
    Row("setup:signatories", expected={"administrator": 200}),
    Row("setup:institutions", expected={"administrator": 200}),
    Row("setup:organizations", expected={"administrator": 200}),
    Row("setup:list", ("unidades",), expected={"administrator": 200}),
    Row("setup:create", ("unidades",), expected={"administrator": 200}),
    Row("setup:edit", ("unidades", "unit"), expected={"administrator": 200}),
    Row("setup:list", ("acuerdos",), expected={"administrator": 200}),
    Row("setup:export", ("acuerdos", "xlsx"), expected={"administrator": 200}),
    Row("setup:edit", ("organos", "body"), expected={"administrator": 200}),
    Row("setup:edit", ("sesiones", "session"), expected={"administrator": 200}),
    Row("setup:edit", ("acuerdos", "agreement"), expected={"administrator": 200}),
    Row("setup:remove_role", ("membership",), method="post", expected={"administrator": 302}),
    Row("accounts:invitation", ("MQ", "sin-token"), default=200),
    # The world's institute coordinates nobody: its network is nobody's page (test_network).
    Row("network:index"),
    Row("network:export", ("instituciones", "csv")),
    Row(
        "reports:edition_open",
        method="post",
        expected=only(302, "administrator", "reviewer"),
        data={"year": "2023"},
    ),
    Row("reports:edition", ("edition",), expected=only(200, *INSTITUTE)),
    Row("reports:edition_compose", ("edition",), expected=only(200, "administrator", "reviewer")),
    Row("reports:edition_preview", ("edition",), expected=only(200, *INSTITUTE)),
    Row("reports:edition_preview_file", ("edition", "docx"), expected=only(200, *INSTITUTE)),
    Row("reports:edition_sign", ("edition",), expected={"signatory": 200}),
    # Editions with no signed edition before them have no changes to show.
    Row("reports:edition_changes", ("edition",), expected=only(404, *INSTITUTE)),
    # A draft has no signed files: every reader gets 404.
    Row("reports:edition_download", ("edition", "md"), expected=only(404, *INSTITUTE)),
    Row("reports:edition_download", ("signed_edition", "md"), expected=only(200, *INSTITUTE)),
    # Rosters: administrators and reviewers read every roster, an analyst its units', a
    # liaison its organisation's; only their owners (and administrators) import.
    Row("people:list", expected=only(200, *INSTITUTE_BUT_SIGNATORY, *LIAISONS)),
    Row("people:export", ("csv",), expected=only(200, *INSTITUTE_BUT_SIGNATORY, *LIAISONS)),
    Row("people:create", expected=only(200, "administrator", *ANALYSTS, *LIAISONS)),
    Row("people:upload_status", expected=only(400, "administrator", *ANALYSTS, *LIAISONS)),
    Row(
        "people:detail",
        ("roster",),
        expected={
            **only(200, "administrator", "analyst", "reviewer"),
            **only(404, "other_analyst", *LIAISONS),
        },
    ),
    Row(
        "people:detail",
        ("agency_roster",),
        expected={
            **only(200, "administrator", "reviewer", "liaison"),
            **only(404, *ANALYSTS, "other_liaison"),
        },
    ),
    Row(
        "people:upload",
        ("roster",),
        method="post",
        expected={"administrator": 400, "analyst": 400, **only(404, "other_analyst", *LIAISONS)},
    ),
    Row(
        "people:link",
        ("roster",),
        method="post",
        expected={"administrator": 302, "analyst": 302, **only(404, "other_analyst", *LIAISONS)},
    ),
    Row(
        "people:import",
        ("roster_import",),
        expected={
            **only(200, "administrator", "analyst", "reviewer"),
            **only(404, "other_analyst", *LIAISONS),
        },
    ),
    Row(
        "people:import_errors",
        ("roster_import", "csv"),
        expected={
            **only(200, "administrator", "analyst", "reviewer"),
            **only(404, "other_analyst", *LIAISONS),
        },
    ),
    # Public pages: anyone, without signing in; an unsigned edition is not there at all.
    Row("published:list", default=200),
    Row("published:download", ("signed_edition", "pdf"), default=200),
    Row("published:download", ("edition", "pdf"), default=404),
    Row("open_data:index", default=200),
    Row("open_data:export", ("csv",), default=200),
    Row("open_data:json", default=200),
    # Django's administration, for technical support: staff only.
    Row("admin:index", default=302, expected={"administrator": 200}),
]


def test_every_view_declares_an_access_rule():
    missing = [
        f"/{route} ({ns}:{p.name})" for route, ns, p in OUR_VIEWS if rule_of(p.callback) is None
    ]
    assert missing == []
    for route, _ns, pattern in OUR_VIEWS:
        rule = rule_of(pattern.callback)
        assert rule in {"public", "authenticated"} or rule.startswith("perm:")
        if rule.startswith("perm:"):
            assert rules.perm_exists(rule.removeprefix("perm:")), f"/{route}: {rule} undefined"


def test_every_url_of_the_project_has_a_row_in_the_matrix():
    names = {f"{ns}:{p.name}" for _route, ns, p in OUR_VIEWS}
    assert names - {row.name for row in MATRIX} == set()
    assert {row.name for row in MATRIX} - names - {"admin:index"} == set()


def _documents(world, institution, unit, agency, users) -> None:
    """An institution's draft edition (its «Elaboró» the signatory user), a signed edition
    with its files, a roster of the unit's activity with one import and a roster of the
    agency, kept on ``world``."""
    from avance.capture.people.models import Roster, RosterImport
    from avance.documents.reports.models import (
        Edition,
        EditionStatus,
        FrozenEdition,
        FrozenFile,
        Signatory,
    )

    world.edition = Edition.objects.create(
        year=2023, institution=institution, heading="Informe de prueba", introduction="Texto."
    )
    Signatory.objects.create(
        edition=world.edition,
        role="elaboro",
        name="Firmante",
        post="Cargo",
        user=users["signatory"],
    )
    world.signed_edition = Edition.objects.create(
        year=2022,
        institution=institution,
        heading="Informe firmado",
        introduction="Texto.",
        status=EditionStatus.SIGNED,
    )
    content = b'{"schema": 1}'
    frozen = FrozenEdition.objects.create(
        edition=world.signed_edition,
        content=content,
        content_sha256=hashlib.sha256(content).hexdigest(),
        frozen_at=timezone.now(),
        frozen_by=users["administrator"],
    )
    for fmt, body in (("md", b"# Informe\n"), ("pdf", b"%PDF-1.7\n")):
        FrozenFile.objects.create(
            frozen=frozen,
            format=fmt,
            filename=f"informe.{fmt}",
            content_type="application/octet-stream",
            content=body,
            sha256=hashlib.sha256(body).hexdigest(),
            size=len(body),
        )
    world.roster = Roster.objects.create(
        institution=institution,
        name="Curso de la unidad A",
        kind="training",
        year=2023,
        activity=world.unit_activity,
        unit=unit,
    )
    world.agency_roster = Roster.objects.create(
        institution=institution,
        name="Padrón de la Secretaría A",
        kind="training",
        year=2023,
        organization=agency,
    )
    now = timezone.now()
    world.roster_import = RosterImport.objects.create(
        roster=world.roster,
        file_name="curso.csv",
        sha256="0" * 64,
        status="rejected",
        rows=1,
        rejected=1,
        errors=[[2, "Sexo", "Z", "Sexo «Z» no reconocido.", "Error"]],
        errors_total=1,
        started_at=now,
        finished_at=now,
    )


@pytest.fixture
def world(db):
    """The test world (one user per role, records of two units and two organisations), a
    draft edition whose «Elaboró» is the signatory user, a signed edition with its files, and
    a roster with one import."""

    world = build_world()
    _documents(world, world.institute, world.unit, world.agency, world.users)
    world.membership = world.users["other_analyst"].memberships.get()
    _bodies(world, world.institute)
    world.validated_activity = _validated(world.institute, world.unit)
    return world


def _validated(institution, unit):
    from avance.capture.activities.models import Activity

    return Activity.objects.create(
        institution=institution,
        year=2023,
        kind="training",
        title="Actividad validada",
        unit=unit,
        status="validated",
    )


def _bodies(world, institution) -> None:
    from avance.catalogs.bodies.models import Agreement, Body, Session

    world.body = Body.objects.create(
        institution=institution, name="Sistema de prueba", acronym="SP", kind="national_system"
    )
    world.session = Session.objects.create(body=world.body, kind="ordinary", number=1)
    world.agreement = Agreement.objects.create(session=world.session, key="1/2023", text="Acuerdo")


def _cases():
    for row in MATRIX:
        label = row.name + (f"[{','.join(map(str, row.args))}]" if row.args else "")
        for role in ROLES:
            status = row.status(role)
            yield pytest.param(row, role, status, id=f"{label}-{row.method}-{role}-{status}")


def _path(world, row: Row) -> str:
    args = [
        getattr(world, a).pk if isinstance(a, str) and hasattr(world, a) else a for a in row.args
    ]
    return reverse(row.name, args=args)


@pytest.mark.parametrize(("row", "role", "status"), list(_cases()))
def test_permission_matrix(client, world, row, role, status):
    user = world.users[role]
    if user is not None:
        client.force_login(user)
    response = getattr(client, row.method)(_path(world, row), row.data or {})
    assert response.status_code == status
    if status == LOGIN and role == "anonymous" and row.name != "accounts:logout":
        assert response.url.startswith(reverse("accounts:login")) or row.name == "admin:index"


def test_a_liaison_lists_only_its_organisations_records(client, world):
    client.force_login(world.users["liaison"])
    response = client.get(reverse("activities:list"))
    assert [pk for pk, _title in pages.listed_activities(response)] == [world.agency_activity.pk]


# --- Another institution's records ------------------------------------------------------------

# Pages of the public: a signed edition and its files are published, whichever institution's.
PUBLIC_NAMESPACES = ("published", "open_data")


@pytest.fixture
def other_world(world):
    """The same kinds of records in a second institution (a state instance coordinated by the
    world's institute), with its own unit and objective; the agency of the world's liaison
    reports there too, and its roster reuses a name of the world's (names are per
    institution)."""
    from types import SimpleNamespace

    from avance.accounts.models import Membership
    from avance.capture.activities.models import Activity
    from avance.catalogs.directory.models import Institution, Organization, Unit
    from avance.catalogs.planning.models import StrategicObjective

    institution = Institution.objects.create(
        organization=Organization.objects.create(
            name="Instancia Estatal de prueba", acronym="IEP", kind="imef"
        ),
        kind="imef",
        coordinator=world.institute,
    )
    unit = Unit.objects.create(institution=institution, name="Unidad A", acronym="UA")
    objective = StrategicObjective.objects.create(
        institution=institution, number=1, title="Objetivo", start_year=2020, end_year=2024
    )
    other = SimpleNamespace()

    def activity(title, **fields):
        return Activity.objects.create(
            institution=institution,
            year=2023,
            kind="training",
            title=title,
            objective=objective,
            **fields,
        )

    other.unit_activity = activity("Capacitación de la otra institución", unit=unit)
    other.agency_activity = activity(
        "Informe de la Secretaría A", reporting_organization=world.agency
    )
    other.submitted_activity = activity("Enviada en la otra institución", unit=unit)
    Activity.objects.filter(pk=other.submitted_activity.pk).update(status="submitted")
    _documents(other, institution, unit, world.agency, world.users)
    other.unit = unit
    other.membership = Membership.objects.create(
        user=make_user("revisora_de_la_otra"), institution=institution, role="reviewer"
    )
    # Unbound signatures: the world's signatory signs only in its own institution.
    other.edition.signatories.update(user=None)
    _bodies(other, institution)
    other.validated_activity = _validated(institution, unit)
    return other


def _other_cases():
    for row in MATRIX:
        if not any(a in WORLD_OBJECTS for a in row.args if isinstance(a, str)):
            continue
        label = row.name + f"[{','.join(map(str, row.args))}]"
        for role in ROLES:
            yield pytest.param(row, role, id=f"{label}-{row.method}-{role}")


def _expected_elsewhere(row, role: str, user, path: str) -> int:
    """404, unless the visitor is sent to sign in or the role may not do this at all (403
    before any record is read), or the page is public."""
    if row.name.split(":")[0] in PUBLIC_NAMESPACES or user is None:
        return row.status(role)
    from django.urls import resolve

    rule = rule_of(resolve(path).func) or ""
    if rule.startswith("perm:") and not user.has_perm(rule.removeprefix("perm:")):
        return 403
    return 404


WORLD_OBJECTS = {
    "unit_activity",
    "agency_activity",
    "submitted_activity",
    "edition",
    "signed_edition",
    "roster",
    "agency_roster",
    "roster_import",
    "unit",
    "membership",
    "body",
    "session",
    "agreement",
    "validated_activity",
}


@pytest.mark.parametrize(("row", "role"), list(_other_cases()))
def test_another_institutions_records_answer_404(client, world, other_world, row, role):
    """Every URL of a record × every role of the first institution, given the same kind of
    record of the second: 404 (or the 403 / sign-in a role meets before any record is read);
    only published editions are public whichever their institution."""
    user = world.users[role]
    if user is not None:
        client.force_login(user)
    path = _path(other_world, row)
    expected = _expected_elsewhere(row, role, user, path)
    response = getattr(client, row.method)(path, row.data or {})
    assert response.status_code == expected


def _listed_titles(client) -> set[str]:
    return {title for _pk, title in pages.listed_activities(client.get(reverse("activities:list")))}


def test_a_user_works_in_the_institution_they_choose(client, world, other_world):
    """A user with roles in two institutions lists the records of the one chosen in the header,
    and cannot choose one where they hold no role."""
    from avance.accounts.models import Membership, Role

    reviewer = world.users["reviewer"]
    institution = other_world.edition.institution
    Membership.objects.create(user=reviewer, role=Role.REVIEWER, institution=institution)
    client.force_login(reviewer)
    listed = {
        title for _pk, title in pages.listed_activities(client.get(reverse("activities:list")))
    }
    assert "Capacitación de la unidad A" in listed
    assert "Capacitación de la otra institución" not in listed

    response = client.post(reverse("core:switch_institution"), {"institution": institution.pk})
    assert response.status_code == 302
    listed = {
        title for _pk, title in pages.listed_activities(client.get(reverse("activities:list")))
    }
    assert "Capacitación de la otra institución" in listed
    assert "Capacitación de la unidad A" not in listed
    assert (
        client.get(reverse("activities:detail", args=[world.unit_activity.pk])).status_code == 404
    )
    assert (
        client.get(reverse("activities:detail", args=[other_world.unit_activity.pk])).status_code
        == 200
    )

    analyst = world.users["analyst"]
    client.force_login(analyst)
    client.post(reverse("core:switch_institution"), {"institution": institution.pk})
    listed = {
        title for _pk, title in pages.listed_activities(client.get(reverse("activities:list")))
    }
    assert "Capacitación de la unidad A" in listed
    assert "Capacitación de la otra institución" not in listed
