"""Institutions as tenants: the default one, how commands name them, and the migration that
made a single-institute database one institution among many."""

from __future__ import annotations

import datetime
import hashlib
import io
import json
import re

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from avance.catalogs.directory.models import (
    Institution,
    InstitutionKind,
    Organization,
    default_institution,
    find_institution,
)


def _institution(name: str, acronym: str, kind: str, coordinator=None) -> Institution:
    return Institution.objects.create(
        organization=Organization.objects.create(
            name=name, acronym=acronym, kind={"national": "institute"}.get(kind, kind)
        ),
        kind=kind,
        coordinator=coordinator,
    )


@pytest.mark.django_db
def test_the_default_is_the_national_institute_made_once():
    assert not Institution.objects.exists()
    first = default_institution()
    assert (first.acronym, first.kind) == ("INMUJERES", InstitutionKind.NATIONAL)
    assert default_institution() == first
    assert Institution.objects.count() == 1


@pytest.mark.django_db
def test_commands_name_an_institution_by_acronym_or_name_in_any_case():
    national = _institution("Instituto Nacional de las Mujeres", "INMUJERES", "national")
    state = _institution("Instituto de las Mujeres de Prueba", "IMP", "imef", national)
    assert find_institution(None) == national
    assert find_institution("imp") == state
    assert find_institution("  instituto de las mujeres de  prueba ") == state
    expected = re.escape("«XYZ»: no existe. Registradas: IMP, INMUJERES.")
    with pytest.raises(Institution.DoesNotExist, match=expected):
        find_institution("XYZ")


@pytest.mark.django_db
def test_institution_list_prints_acronym_name_kind_and_coordinator():
    national = _institution("Instituto Nacional de las Mujeres", "INMUJERES", "national")
    _institution("Instituto de las Mujeres de Prueba", "IMP", "imef", national)
    out = io.StringIO()
    call_command("institution", "list", "--json", stdout=out)
    assert json.loads(out.getvalue()) == [
        {
            "acronym": "IMP",
            "name": "Instituto de las Mujeres de Prueba",
            "kind": "imef",
            "kind_label": "Instancia de las mujeres en la entidad federativa (IMEF)",
            "coordinator": "INMUJERES",
        },
        {
            "acronym": "INMUJERES",
            "name": "Instituto Nacional de las Mujeres",
            "kind": "national",
            "kind_label": "Instituto nacional",
            "coordinator": None,
        },
    ]
    out = io.StringIO()
    call_command("institution", "list", stdout=out)
    assert "IMP        Instituto de las Mujeres de Prueba" in out.getvalue()
    assert "coordinada por INMUJERES" in out.getvalue()


@pytest.mark.django_db
def test_report_command_refuses_an_unknown_institution():
    _institution("Instituto Nacional de las Mujeres", "INMUJERES", "national")
    with pytest.raises(CommandError, match="Institución «NADA»: no existe"):
        call_command("report", "public-account", "--year", "2023", "--institution", "NADA")


BEFORE = [
    ("directory", "0001_initial"),
    ("planning", "0001_initial"),
    ("accounts", "0001_initial"),
    ("activities", "0010_whole_numbers"),
    ("people", "0006_mask_rejected_curps"),
    ("reports", "0003_four_eyes"),
    ("bodies", "0001_initial"),
]


# serialized_rollback: the flush at its end then leaves the content types to the restore of
# the next transactional test (otherwise post_migrate makes them again, with new keys, and that
# restore fails on them; tests/test_migration_rows.py).
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_single_institute_database_becomes_its_one_institution():
    """Every record of a database from before institutions belongs, after migrating, to its
    institute; a signed edition's stored files are the same bytes."""
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old = executor.loader.project_state(BEFORE).apps
    organization = old.get_model("directory", "Organization").objects.create(
        name="Instituto Nacional de las Mujeres", acronym="INMUJERES", kind="institute"
    )
    agency = old.get_model("directory", "Organization").objects.create(
        name="Secretaría", acronym="SE", kind="federal_agency"
    )
    unit = old.get_model("directory", "Unit").objects.create(
        organization=organization, name="Unidad"
    )
    objective = old.get_model("planning", "StrategicObjective").objects.create(
        institute=organization, number=1, title="Objetivo", start_year=2020, end_year=2024
    )
    user = old.get_model("auth", "User").objects.create(username="analista")
    old.get_model("accounts", "Membership").objects.create(user=user, role="analyst", unit=unit)
    Activity = old.get_model("activities", "Activity")
    with_unit = Activity.objects.create(
        year=2023, kind="training", title="Con unidad", unit=unit, objective=objective
    )
    reported = Activity.objects.create(
        year=2023, kind="training", title="De la Secretaría", reporting_organization=agency
    )
    old.get_model("people", "Roster").objects.create(
        name="Curso", kind="training", year=2023, activity=with_unit, unit=unit
    )
    edition = old.get_model("reports", "Edition").objects.create(
        year=2023, institute=organization, heading="Informe", introduction="", status="signed"
    )
    old.get_model("bodies", "Body").objects.create(name="Sistema Nacional", kind="national_system")
    content = b"%PDF-1.7 firmado"
    frozen = old.get_model("reports", "FrozenEdition").objects.create(
        edition=edition,
        content=b"{}",
        content_sha256=hashlib.sha256(b"{}").hexdigest(),
        frozen_at=datetime.datetime(2024, 3, 1, tzinfo=datetime.UTC),
        frozen_by=user,
    )
    old.get_model("reports", "FrozenFile").objects.create(
        frozen=frozen,
        format="pdf",
        filename="informe.pdf",
        content_type="application/pdf",
        content=content,
        sha256=hashlib.sha256(content).hexdigest(),
        size=len(content),
    )

    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())

    from avance.accounts.models import Membership
    from avance.capture.activities.models import Activity as NewActivity
    from avance.capture.people.models import Roster
    from avance.catalogs.bodies.models import Body
    from avance.catalogs.directory.models import Unit
    from avance.catalogs.planning.models import StrategicObjective
    from avance.documents.reports.models import Edition, FrozenFile

    (institution,) = Institution.objects.all()
    assert (institution.pk, institution.kind) == (organization.pk, InstitutionKind.NATIONAL)
    assert set(NewActivity.objects.values_list("institution_id", flat=True)) == {institution.pk}
    assert NewActivity.objects.get(pk=reported.pk).institution_id == institution.pk
    assert NewActivity.history.filter(id=with_unit.pk).exists() is False  # made outside history
    assert Roster.objects.get().institution_id == institution.pk
    assert Membership.objects.get().institution_id == institution.pk
    assert Unit.objects.get().institution_id == institution.pk
    assert StrategicObjective.objects.get().institution_id == institution.pk
    assert Edition.objects.get().institution_id == institution.pk
    assert Body.objects.get().institution_id == institution.pk
    stored = FrozenFile.objects.get()
    assert bytes(stored.content) == content
    assert stored.sha256 == hashlib.sha256(content).hexdigest()


@pytest.mark.django_db
def test_renaming_shared_entries_leaves_a_signed_edition_as_signed():
    """A signed edition is its frozen files: renaming the institution's directory entry, a
    partner organisation or a state later changes the live report, never the signed bytes."""
    from avance.capture.activities.models import Partner
    from avance.catalogs.territory.models import State
    from avance.documents.reports import services
    from avance.documents.reports.models import FrozenFile
    from tests.builders.editions_world import build_edition_world, sign_in_order

    ew = build_edition_world()
    Partner.objects.create(activity=ew.first, organization=ew.world.agency, role="ally")
    ew.first.states.add(State.objects.get(pk="20"))
    services.refresh_items(edition=ew.edition)
    sign_in_order(ew)
    before = {f.format: bytes(f.content) for f in FrozenFile.objects.all()}
    institute = ew.world.institute.organization
    institute.name = "Instituto con otro nombre"
    institute.save()
    ew.world.agency.name, ew.world.agency.acronym = "Secretaría renombrada", "SR"
    ew.world.agency.save()
    State.objects.filter(pk="20").update(common_name="Oaxaca renombrada")
    after = {f.format: bytes(f.content) for f in FrozenFile.objects.all()}
    assert after == before and before
    live = services.build_document(ew.edition)
    assert live.masthead[-1] == "Instituto con otro nombre"  # the live report follows
