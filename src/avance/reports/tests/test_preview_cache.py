"""The preview kept per process: served again only while the database has not changed."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth import get_user_model
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from avance.activities.models import Activity
from avance.reports import preview_cache
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


@pytest.fixture
def reader(client):
    preview_cache.clear()
    user = get_user_model().objects.create_user("lectora", password="una-clave-de-prueba")
    client.force_login(user)
    yield client
    preview_cache.clear()


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
    assert preview_cache.database_stamp() is None  # every test runs in one here
    _, first = _preview(reader)
    _, second = _preview(reader)
    assert second == first


@pytest.mark.django_db(transaction=True)
def test_the_preview_is_rebuilt_after_any_committed_change(migration_rows, reader):
    world = make_world()
    _preview(reader)  # the first build of a year writes its edition record
    preview_cache.clear()
    html, built = _preview(reader)
    again, served = _preview(reader)
    assert again == html
    assert served < built - 5  # the document's queries are not run again

    Activity.objects.filter(pk=world.agreement.pk).update(
        narrative="Redacción nueva, guardada con update()."
    )
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
    monkeypatch.setattr(preview_cache, "database_stamp", lambda using="default": ("test", 1))
    monkeypatch.setattr(preview_cache, "connections", {"default": None})
    preview_cache.clear()
    built = []
    for year in range(2015, 2025):
        preview_cache.cached(year, lambda year=year: built.append(year) or year)
    assert len(preview_cache._entries) == preview_cache.ENTRIES
    assert preview_cache.cached(2024, lambda: "de nuevo") == 2024  # the newest is kept
    assert preview_cache.cached(2015, lambda: "de nuevo") == "de nuevo"  # the oldest is not
    preview_cache.clear()
