"""Who sees and imports which roster: ``queries.rosters_for`` and ``editable_rosters_for``
(every page, export and form goes through them), and the owners given to existing rosters."""

from __future__ import annotations

import importlib

import pytest
from django.apps import apps
from django.utils import timezone

from avance.capture.people.models import Roster, RosterImport
from avance.capture.people.queries import (
    editable_rosters_for,
    imports_for,
    roster_activities_for,
    rosters_for,
)
from avance.capture.people.services import create_roster
from tests.builders.world import build_world

pytestmark = pytest.mark.django_db

# role → (rosters seen, rosters imported into), among: the unit's, the other unit's, the
# agency's, the other agency's, and one without an owner.
EXPECTED = {
    "administrator": ({"U", "OU", "A", "OA", "-"}, {"U", "OU", "A", "OA", "-"}),
    "reviewer": ({"U", "OU", "A", "OA", "-"}, set()),
    "analyst": ({"U"}, {"U"}),
    "other_analyst": ({"OU"}, {"OU"}),
    "liaison": ({"A"}, {"A"}),
    "other_liaison": ({"OA"}, {"OA"}),
    "signatory": (set(), set()),
    "no_role": (set(), set()),
    "anonymous": (set(), set()),
}


@pytest.fixture
def world():
    world = build_world()
    for name, owner in (
        ("U", {"unit": world.unit}),
        ("OU", {"unit": world.other_unit}),
        ("A", {"organization": world.agency}),
        ("OA", {"organization": world.other_agency}),
        ("-", {}),
    ):
        roster = Roster.objects.create(name=name, kind="training", year=2023, **owner)
        now = timezone.now()
        RosterImport.objects.create(
            roster=roster, file_name=f"{name}.csv", sha256="0" * 64, status="rejected",
            started_at=now, finished_at=now,
        )  # fmt: skip
    return world


@pytest.mark.parametrize("role", list(EXPECTED))
def test_each_role_sees_and_imports_its_scope(world, role):
    from django.contrib.auth.models import AnonymousUser

    user = world.users[role] or AnonymousUser()
    seen, imported = EXPECTED[role]
    assert set(rosters_for(user).values_list("name", flat=True)) == seen
    assert set(editable_rosters_for(user).values_list("name", flat=True)) == imported
    assert set(imports_for(user).values_list("roster__name", flat=True)) == seen
    for roster in Roster.objects.all():
        assert user.has_perm("people.view_roster", roster) == (roster.name in seen)
        assert user.has_perm("people.import_roster", roster) == (roster.name in imported)


def test_a_new_roster_belongs_to_its_activity_or_its_creator(world):
    analyst, liaison = world.users["analyst"], world.users["liaison"]
    assert set(roster_activities_for(analyst)) == {
        world.unit_activity,
        world.submitted_activity,
    }
    assert set(roster_activities_for(liaison)) == {world.agency_activity}
    of_activity = create_roster(
        name="a", kind="training", year=2023, activity=world.agency_activity, user=analyst
    )
    assert (of_activity.unit, of_activity.organization) == (None, world.agency)
    of_analyst = create_roster(name="b", kind="training", year=2023, user=analyst)
    assert (of_analyst.unit, of_analyst.organization) == (world.unit, None)
    of_liaison = create_roster(name="c", kind="training", year=2023, user=liaison)
    assert (of_liaison.unit, of_liaison.organization) == (None, world.agency)
    picked = create_roster(
        name="d",
        kind="training",
        year=2023,
        unit=world.other_unit,
        user=world.users["administrator"],
    )
    assert picked.unit == world.other_unit


def test_existing_rosters_get_the_owner_of_their_activity_or_creator(world):
    made = {
        "de la actividad": Roster.objects.create(
            name="de la actividad", kind="training", year=2023, activity=world.agency_activity
        ),
        "de la analista": Roster.objects.create(
            name="de la analista", kind="training", year=2023, created_by=world.users["analyst"]
        ),
        "de nadie": Roster.objects.create(
            name="de nadie", kind="training", year=2023, created_by=world.users["reviewer"]
        ),
    }
    migration = importlib.import_module(
        "avance.capture.people.migrations.0005_fill_owners_and_counts"
    )
    migration.fill_owners(apps, None)
    owners = {
        name: (roster.unit_id, roster.organization_id)
        for name, roster in ((n, Roster.objects.get(pk=r.pk)) for n, r in made.items())
    }
    assert owners == {
        "de la actividad": (None, world.agency.pk),
        "de la analista": (world.unit.pk, None),
        "de nadie": (None, None),
    }


def test_an_import_naming_the_activity_gives_an_unowned_roster_its_owner(world, tmp_path):
    import io

    from django.core.management import call_command

    from tests.builders.rosters import csv_bytes, people

    path = tmp_path / "padron.csv"
    path.write_bytes(csv_bytes(people(3)))
    activity = world.unit_activity
    args = ["import", str(path), "--roster", "-", "--activity", str(activity.pk)]
    call_command("roster", *args, stdout=io.StringIO(), stderr=io.StringIO())
    roster = Roster.objects.get(name="-")
    assert (roster.activity, roster.unit) == (activity, world.unit)
    assert roster in rosters_for(world.users["analyst"])
