"""Pages kept per process (core/stamped_cache.py): served again only while the database has
not changed. Tried on the report preview and on the open-data files."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth import get_user_model
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from avance.accounts import identity
from avance.activities.models import Activity
from avance.core import stamped_cache
from avance.core.testing import restore_generations
from avance.reports.tests.report_world import YEAR, make_world


@pytest.fixture
def migration_rows(transactional_db):
    """The rows data migrations load (measures, states): a transactional test that ran before
    (browser, live server) may have emptied every table."""
    from importlib import import_module

    from django.apps import apps

    from avance.activities.models import Measure
    from avance.territory.models import State

    if not Measure.objects.exists():
        import_module("avance.activities.migrations.0002_measures").load_measures(apps, None)
    if not State.objects.exists():
        import_module("avance.territory.migrations.0002_states").load_states(apps, None)
    restore_generations()


@pytest.fixture
def reader(client):
    stamped_cache.clear()
    user = get_user_model().objects.create_user("lectora", password="una-clave-de-prueba")
    client.force_login(user)
    yield client
    stamped_cache.clear()


def _preview(client) -> tuple[str, int]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("reports:preview", args=[YEAR]))
    assert response.status_code == 200
    # The page's CSRF token (the logout form) is masked anew on every response.
    html = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", response.content.decode())
    return html, len(queries)


@pytest.mark.django_db
def test_nothing_is_kept_inside_a_transaction(reader):
    make_world()
    assert stamped_cache.database_stamp() is None  # every test runs in one here
    _, first = _preview(reader)
    _, second = _preview(reader)
    assert second == first


@pytest.mark.django_db(transaction=True)
def test_the_preview_is_rebuilt_after_any_committed_change(migration_rows, reader):
    world = make_world()
    _preview(reader)  # the first build of a year writes its edition record
    stamped_cache.clear()
    identity.entries.clear()  # the session's rows too, as after any change below
    html, built = _preview(reader)
    again, served = _preview(reader)
    assert again == html
    assert served < built - 5  # the document's queries are not run again

    Activity.objects.filter(pk=world.agreement.pk).update(
        narrative="Redacción nueva, guardada con update()."
    )
    identity.entries.clear()  # counted as in «built» (an activity no longer moves them)
    html, rebuilt = _preview(reader)
    assert "Redacción nueva, guardada con update()." in html
    assert rebuilt == built

    if connection.vendor == "postgresql":
        # A change committed by another client of the server moves the stamp too.
        import psycopg

        settings = connection.get_connection_params()
        with psycopg.connect(**settings, autocommit=True) as other:
            other.execute(
                "UPDATE activities_activity SET narrative = %s WHERE id = %s",
                ["Escrita desde otra conexión.", world.agreement.pk],
            )
        html, _ = _preview(reader)
        assert "Escrita desde otra conexión." in html


@pytest.mark.django_db(transaction=True)
def test_a_change_rolled_back_is_never_served(migration_rows, reader):
    world = make_world()
    _preview(reader)

    class Undo(Exception):
        pass

    with pytest.raises(Undo), transaction.atomic():
        Activity.objects.filter(pk=world.agreement.pk).update(narrative="Cambio deshecho.")
        html, _ = _preview(reader)
        assert "Cambio deshecho." in html
        raise Undo
    html, _ = _preview(reader)
    assert "Cambio deshecho." not in html


def test_entries_are_bounded(monkeypatch):
    monkeypatch.setattr(stamped_cache, "database_stamp", lambda using="default": ("test", 1))
    monkeypatch.setattr(stamped_cache, "connections", {"default": None})
    stamped_cache.clear()
    built = []
    for year in range(2015, 2025):
        stamped_cache.cached((year,), lambda year=year: built.append(year) or year)
    assert len(stamped_cache.pages) == stamped_cache.ENTRIES
    assert stamped_cache.cached((2024,), lambda: "de nuevo") == 2024  # the newest is kept
    assert stamped_cache.cached((2015,), lambda: "de nuevo") == "de nuevo"  # the oldest is not
    stamped_cache.clear()


@pytest.mark.django_db(transaction=True)
def test_open_data_is_rebuilt_after_a_committed_change(migration_rows, client):
    import json

    from avance.people.importers import import_roster
    from avance.people.models import Roster
    from avance.people.tests.helpers import csv_bytes, people
    from avance.reports.models import Edition
    from avance.reports.tests.editions_world import build_edition_world

    stamped_cache.clear()
    world = build_edition_world()
    roster = Roster.objects.create(name="Curso A", kind="training", year=2023, activity=world.first)
    import_roster(roster=roster, data=csv_bytes(people(12)), file_name="a.csv")
    Edition.objects.filter(pk=world.edition.pk).update(status="signed")

    def names():
        with CaptureQueriesContext(connection) as queries:
            payload = json.loads(client.get(reverse("open_data:json")).content)
        return [p["padron"] for p in payload["padrones"]], len(queries)

    first, built = names()
    again, served = names()
    assert first == again == ["Curso A"] and served < built
    Roster.objects.filter(pk=roster.pk).update(name="Curso B")
    assert names()[0] == ["Curso B"]
    stamped_cache.clear()


@pytest.mark.django_db(transaction=True)
def test_the_stamp_moves_when_a_write_ends(migration_rows):
    from avance.activities.models import Measure

    stamp = stamped_cache.database_stamp()
    assert stamp is not None and stamped_cache.database_stamp() == stamp  # reads leave it
    Measure.objects.update(name="Cambiado")
    assert stamped_cache.database_stamp() != stamp
    if connection.vendor == "postgresql":
        import psycopg

        # Another client's write: invisible while in progress, so the stamp stays; it moves
        # when the write ends, committed or rolled back (the log's position moved before the
        # commit was visible, which could keep a page built from the rows before it).
        stamp = stamped_cache.database_stamp()
        with psycopg.connect(**connection.get_connection_params()) as other:
            other.execute("UPDATE activities_measure SET name = 'Otra vez'")
            assert stamped_cache.database_stamp() == stamp
            other.commit()
            assert stamped_cache.database_stamp() != stamp
            stamp = stamped_cache.database_stamp()
            other.execute("UPDATE activities_measure SET name = 'Deshecho'")
            assert stamped_cache.database_stamp() == stamp
            other.rollback()
        assert stamped_cache.database_stamp() != stamp


@pytest.mark.django_db(transaction=True)
def test_the_list_filters_show_a_new_organisation_at_once(migration_rows, reader):
    from avance.accounts.models import Membership
    from avance.directory.models import Organization

    Membership.objects.create(user=get_user_model().objects.get(), role="reviewer")

    def options():
        with CaptureQueriesContext(connection) as queries:
            html = reader.get(reverse("activities:list")).content.decode()
        return html, len(queries)

    Organization.objects.create(name="Organización uno", kind="federal_agency")
    html, first = options()
    again, served = options()
    assert "Organización uno" in again and served < first  # catalogs (and session) kept
    Organization.objects.create(name="Organización dos", kind="federal_agency")
    html, _ = options()
    assert "Organización dos" in html
