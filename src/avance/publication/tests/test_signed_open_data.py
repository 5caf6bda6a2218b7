"""Open data that matches what was signed: the counts are kept when the year's edition is
signed; a roster imported or added afterwards shows only with the next signed edition."""

from __future__ import annotations

import pytest
from django.urls import reverse

from avance.capture.people.importing import import_roster
from avance.capture.people.models import Roster
from avance.documents.reports import services
from avance.documents.reports.models import Edition
from avance.publication.models import OpenDataSnapshot
from avance.publication.open_data import published_rosters
from tests.builders.editions_world import build_edition_world, sign_in_order
from tests.builders.rosters import csv_bytes, people

pytestmark = pytest.mark.django_db


def _import(roster, n, seed):
    result = import_roster(
        roster=roster, data=csv_bytes(people(n, seed=seed)), file_name=f"{seed}.csv"
    )
    assert result.imported == n


def _totals():
    return {r.name: r.counts["total"] for r in published_rosters()}


def test_the_public_counts_are_those_of_the_signed_edition(client):
    ew = build_edition_world()
    roster = Roster.objects.create(
        institution=ew.world.institute, name="Curso", kind="training", year=2023, activity=ew.first
    )
    _import(roster, 40, seed=1)
    services.refresh_items(edition=ew.edition)
    assert _totals() == {}  # nothing is public before the year is signed
    sign_in_order(ew)
    assert OpenDataSnapshot.objects.get(edition=ew.edition).rosters.count() == 1
    assert _totals() == {"Curso": 40}

    # After signing: more people in the roster, and a new roster of the same year.
    _import(roster, 25, seed=2)
    later = Roster.objects.create(
        institution=ew.world.institute,
        name="Taller posterior",
        kind="training",
        year=2023,
        activity=ew.second,
    )
    _import(later, 12, seed=3)
    assert _totals() == {"Curso": 40}
    page = client.get(reverse("open_data:index")).content.decode()
    assert "Taller posterior" not in page

    # The next signed edition publishes what the records hold then.
    following = services.open_edition(
        year=2023, user=ew.users["administrator"], institution_id=ew.world.institute.pk
    )
    ew.edition = following
    sign_in_order(ew)
    assert _totals() == {"Curso": 65, "Taller posterior": 12}


def test_a_year_signed_before_snapshots_is_counted_from_the_records():
    ew = build_edition_world()
    roster = Roster.objects.create(
        institution=ew.world.institute, name="Curso", kind="training", year=2023, activity=ew.first
    )
    _import(roster, 30, seed=4)
    Edition.objects.filter(pk=ew.edition.pk).update(status="signed")  # no snapshot kept
    assert _totals() == {"Curso": 30}
