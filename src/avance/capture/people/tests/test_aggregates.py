"""The counts each import keeps (``ImportCount``) against a scan of the enrollments: equal
after every kind of import, on SQLite and on PostgreSQL; and the pages that show counts
never read the enrollments."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from avance.capture.people.counts import (
    batch_by_sex,
    batch_by_state,
    people_per_roster,
    roster_counts,
    scanned_counts,
)
from avance.capture.people.importing import import_roster
from avance.capture.people.models import Enrollment, ImportCount, Roster
from avance.capture.people.services import empty_roster
from tests.builders.rosters import csv_bytes, people

pytestmark = pytest.mark.django_db


def _import(roster, rows, **options):
    return import_roster(roster=roster, data=csv_bytes(rows), file_name="f.csv", **options)


def _assert_counts_agree(*rosters):
    for roster in rosters:
        assert roster_counts(roster) == scanned_counts(roster), roster.name
    names = [roster.name for roster in rosters]
    for name, parts in batch_by_sex(names).items():
        assert parts == scanned_counts(Roster.objects.get(name=name)).by_sex
    for name, states in batch_by_state(names).items():
        scanned = scanned_counts(Roster.objects.get(name=name)).by_state
        assert states == [row for row in scanned if row[0]]
    assert people_per_roster(rosters) == {
        roster.pk: n
        for roster in rosters
        if (n := Enrollment.objects.filter(roster=roster).count())
    }


def test_kept_counts_equal_a_scan_after_every_kind_of_import():
    everyone = people(60, seed=21, women_share=0.6)
    # Some people with the same organisation and state, some without either.
    everyone = [
        (*row[:2], row[2] if i % 4 else "", row[3], row[4] if i % 5 else "")
        for i, row in enumerate(everyone)
    ]
    first = Roster.objects.create(name="Libro A", kind="training", year=2023)
    second = Roster.objects.create(name="Libro B", kind="training", year=2023)
    assert _import(first, everyone[:25]).imported == 25
    _assert_counts_agree(first, second)
    # Ten of these people are in the roster already: only the others are counted.
    result = _import(first, everyone[15:40])
    assert (result.imported, result.duplicates) == (15, 10)
    _assert_counts_agree(first, second)
    assert _import(first, everyone[15:40]).status == "repeated"  # adds nothing
    bad = [*everyone[40:50], ("XXXX000000XXXXXX00", "Mujer", "09", "", "")]
    assert _import(first, bad).status == "rejected"  # adds nothing
    # Valid rows only, into another roster, some of them people of the first.
    assert _import(second, [*everyone[:5], *bad], skip_invalid=True).imported == 15
    _assert_counts_agree(first, second)
    assert roster_counts(first).total == 40 and roster_counts(second).total == 15
    # Emptied and imported again: the counts follow the enrollments.
    empty_roster(first)
    _assert_counts_agree(first, second)
    assert roster_counts(first).total == 0
    assert _import(first, everyone[30:]).imported == 30
    _assert_counts_agree(first, second)
    first.delete()
    assert not ImportCount.objects.filter(batch__roster_id=first.pk).exists()


def test_counts_are_written_in_the_imports_transaction():
    """A failed write leaves no counts behind (nor enrollments, nor an import record)."""
    roster = Roster.objects.create(name="Falla", kind="training", year=2023)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "CREATE FUNCTION people_test_fail() RETURNS trigger AS $$ BEGIN "
                "RAISE EXCEPTION 'falla inyectada'; END $$ LANGUAGE plpgsql"
            )
            cursor.execute(
                "CREATE TRIGGER people_test_fail AFTER INSERT ON people_importcount "
                "FOR EACH ROW EXECUTE FUNCTION people_test_fail()"
            )
        else:
            cursor.execute(
                "CREATE TRIGGER people_test_fail AFTER INSERT ON people_importcount "
                "BEGIN SELECT RAISE(ABORT, 'falla inyectada'); END"
            )
    with pytest.raises(Exception, match="falla inyectada"):
        _import(roster, people(20))
    assert not Enrollment.objects.exists() and not ImportCount.objects.exists()
    assert not roster.imports.exists()


def test_pages_that_show_counts_never_read_the_enrollments(client):
    from avance.documents.reports.models import Edition
    from tests.builders.editions_world import build_edition_world
    from tests.builders.world import PASSWORD

    world = build_edition_world()
    Edition.objects.filter(pk=world.edition.pk).update(status="signed")
    activity = world.first
    roster = Roster.objects.create(
        name="Visto", kind="training", year=activity.year, activity=activity
    )
    _import(roster, people(30))
    client.login(username=world.world.users["administrator"].username, password=PASSWORD)
    urls = [
        reverse("people:list"),
        reverse("people:detail", args=[roster.pk]),
        reverse("open_data:index"),
        reverse("open_data:json"),
    ]
    for url in urls:
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == 200, url
        assert "30" in response.content.decode(), url
        assert not [q for q in queries if "people_enrollment" in q["sql"]], url


def test_the_migration_counts_the_imports_made_before_the_counts_existed():
    import importlib

    from django.apps import apps

    everyone = people(40, seed=3)
    roster = Roster.objects.create(name="Anterior", kind="training", year=2023)
    _import(roster, everyone[:30])
    _import(roster, everyone[20:])  # ten already in the roster
    kept = sorted(ImportCount.objects.values_list("batch", "breakdown", "key", "people"))
    ImportCount.objects.all().delete()
    migration = importlib.import_module(
        "avance.capture.people.migrations.0005_fill_owners_and_counts"
    )
    migration.fill_counts(apps, None)
    assert sorted(ImportCount.objects.values_list("batch", "breakdown", "key", "people")) == kept
    _assert_counts_agree(roster)
