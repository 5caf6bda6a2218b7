"""Rosters and activities linked both ways from the web: a roster is linked to its activity
after it was created, the activity lists its rosters, and the roster lists the figures it
feeds."""

from __future__ import annotations

import pytest
from django.urls import reverse

from avance.capture.activities.models import Activity, Figure
from avance.capture.people.models import Roster
from avance.catalogs.directory.models import Institution, Organization
from tests.builders import pages
from tests.builders.world import build_world


@pytest.fixture
def world(db):
    world = build_world()
    world.roster = Roster.objects.create(
        institution=world.institute,
        name="Curso de igualdad",
        kind="training",
        year=2023,
        unit=world.unit,
    )
    return world


def test_an_analyst_links_a_roster_and_both_pages_show_it(client, world):
    activity = world.unit_activity
    Figure.objects.create(
        activity=activity,
        name="asistentes",
        measure=world.measure,
        source="bound",
        binding="roster.count",
        binding_params={"roster": "Curso de igualdad"},
    )
    client.force_login(world.users["analyst"])
    response = client.post(
        reverse("people:link", args=[world.roster.pk]), {"activity": activity.pk}, follow=True
    )
    assert "Se guardó la actividad del padrón." in pages.html(response)
    world.roster.refresh_from_db()
    assert (world.roster.activity, world.roster.unit) == (activity, world.unit)
    assert world.roster.history.latest().history_user == world.users["analyst"]

    roster_page = pages.html(client.get(reverse("people:detail", args=[world.roster.pk])))
    assert f"{reverse('activities:detail', args=[activity.pk])}#cifra-asistentes" in roster_page
    activity_page = pages.html(client.get(reverse("activities:detail", args=[activity.pk])))
    assert reverse("people:detail", args=[world.roster.pk]) in activity_page

    client.post(reverse("people:link", args=[world.roster.pk]), {"activity": ""})
    world.roster.refresh_from_db()
    assert world.roster.activity is None


def test_only_activities_the_user_captures_in_the_rosters_institution(client, world):
    other = Institution.objects.create(
        organization=Organization.objects.create(name="Instancia", kind="imef"), kind="imef"
    )
    foreign = Activity.objects.create(institution=other, year=2023, kind="event", title="Ajena")
    client.force_login(world.users["analyst"])
    for activity in (foreign, world.other_unit_activity):
        response = client.post(
            reverse("people:link", args=[world.roster.pk]), {"activity": activity.pk}, follow=True
        )
        assert "Seleccione una opción válida." in pages.html(response)
    world.roster.refresh_from_db()
    assert world.roster.activity is None


def test_a_new_roster_can_start_from_its_activity(client, world):
    client.force_login(world.users["analyst"])
    url = reverse("people:create") + f"?actividad={world.unit_activity.pk}"
    page = pages.html(client.get(url))
    assert f'<option value="{world.unit_activity.pk}" selected>' in page


def test_the_rosters_list_exports_what_the_user_sees(client, world):
    import csv
    import io

    Roster.objects.create(
        institution=world.institute,
        name="Padrón de la otra unidad",
        kind="training",
        year=2023,
        unit=world.other_unit,
    )
    client.force_login(world.users["analyst"])
    response = client.get(reverse("people:export", args=["csv-comas"]))
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0] == ["Padrón", "Tipo", "Ejercicio", "Actividad", "Personas"]
    assert [r[0] for r in rows[1:]] == ["Curso de igualdad"]  # not the other unit's
