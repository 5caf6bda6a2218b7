"""The activities list like a spreadsheet, but safer: sorted by a column with the filters kept,
exported exactly as shown, and reviewed in bulk through the same four-eyes rule."""

from __future__ import annotations

import csv
import io

import pytest
from django.urls import reverse

from avance.capture.activities.models import Activity, ReviewComment
from avance.review import services
from tests.builders import pages
from tests.builders.world import build_world


@pytest.fixture
def world(db):
    world = build_world()
    for title in ("Bordado de paridad", "Asamblea de cuidados", "Cartilla de igualdad"):
        activity = Activity.objects.create(
            institution=world.institute, year=2022, kind="event", title=title, unit=world.unit
        )
        services.submit_activity(activity=activity, user=world.users["analyst"])
    return world


def _titles(client, **params):
    return [
        title
        for _pk, title in pages.listed_activities(client.get(reverse("activities:list"), params))
    ]


def test_a_column_sorts_both_ways_and_keeps_the_filters(client, world):
    client.force_login(world.users["reviewer"])
    ascending = _titles(client, year=2022, orden="titulo")
    assert ascending == ["Asamblea de cuidados", "Bordado de paridad", "Cartilla de igualdad"]
    assert _titles(client, year=2022, orden="-titulo") == ascending[::-1]
    page = pages.html(client.get(reverse("activities:list"), {"year": 2022, "orden": "titulo"}))
    assert 'aria-sort="ascending"' in page
    assert "?year=2022&amp;orden=-titulo" in page  # the header toggles and keeps the filter
    # An unknown column falls back to the default order rather than failing.
    assert len(_titles(client, year=2022, orden="contraseña")) == 3


def test_the_export_is_what_the_list_shows(client, world):
    client.force_login(world.users["reviewer"])
    shown = _titles(client, q="de", year=2022, orden="-titulo")
    response = client.get(
        reverse("activities:export", args=["csv-comas"]),
        {"q": "de", "year": 2022, "orden": "-titulo"},
    )
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][:2] == ["Actividad", "Ejercicio"]
    assert [r[0] for r in rows[1:]] == shown
    assert {r[5] for r in rows[1:]} == {"Enviada a revisión"}
    xlsx = client.get(reverse("activities:export", args=["xlsx"]), {"year": 2022})
    assert xlsx["Content-Type"].startswith("application/vnd.openxmlformats")


def test_a_reviewer_validates_several_at_once_but_never_their_own(client, world):
    reviewer = world.users["reviewer"]
    chosen = list(Activity.objects.filter(year=2022).order_by("title"))
    own = chosen[0]
    Activity.objects.filter(pk=own.pk).update(changed_by=reviewer)  # four eyes for this one
    client.force_login(reviewer)
    response = client.post(
        reverse("activities:bulk"),
        {"accion": "validar", "actividades": [a.pk for a in chosen], "comentario": "Bien."},
        follow=True,
    )
    page = pages.html(response)
    assert "Se validaron 2 actividades." in page
    assert "Asamblea de cuidados" in page and "debe validarla otra persona" in page
    statuses = dict(Activity.objects.filter(year=2022).values_list("title", "status"))
    assert statuses == {
        "Asamblea de cuidados": "submitted",
        "Bordado de paridad": "validated",
        "Cartilla de igualdad": "validated",
    }
    assert ReviewComment.objects.filter(action="validated", comment="Bien.").count() == 2


def test_sending_back_in_bulk_needs_one_comment_for_all(client, world):
    client.force_login(world.users["reviewer"])
    ids = list(Activity.objects.filter(year=2022).values_list("pk", flat=True))
    response = client.post(
        reverse("activities:bulk"), {"accion": "devolver", "actividades": ids}, follow=True
    )
    assert "Para devolver, escriba qué debe corregirse." in pages.html(response)
    client.post(
        reverse("activities:bulk"),
        {"accion": "devolver", "actividades": ids, "comentario": "Falta la fecha."},
    )
    assert set(Activity.objects.filter(pk__in=ids).values_list("status", flat=True)) == {"returned"}
    # The page returns where it was asked from, never to another site.
    response = client.post(
        reverse("activities:bulk"),
        {"accion": "validar", "actividades": ids, "volver": "https://ejemplo.org/"},
    )
    assert response.url == reverse("activities:list")


def test_only_reviewers_see_the_bulk_form(client, world):
    client.force_login(world.users["analyst"])
    page = pages.html(client.get(reverse("activities:list")))
    assert "revision-en-bloque" not in page
    client.force_login(world.users["reviewer"])
    page = pages.html(client.get(reverse("activities:list")))
    assert 'form="revision-en-bloque"' in page
