"""A computed figure is chosen from lists (which roster, which body, which kind of session),
never typed as JSON; the lists hold only the activity's institution's records."""

from __future__ import annotations

import pytest
from django.urls import reverse

from avance.capture.activities.models import Activity, Figure
from avance.capture.people.models import Roster
from avance.catalogs.bodies.models import Body
from avance.catalogs.directory.models import Institution, Organization
from avance.web.tests.test_activities import _payload
from tests.builders import pages
from tests.builders.world import build_world


@pytest.fixture
def world(db):
    world = build_world()
    Roster.objects.create(
        institution=world.institute, name="Curso en línea", kind="training", year=2023
    )
    Body.objects.create(
        institution=world.institute, name="Sistema Nacional", acronym="SN", kind="group"
    )
    other = Institution.objects.create(
        organization=Organization.objects.create(name="Instancia", kind="imef"), kind="imef"
    )
    Roster.objects.create(institution=other, name="Padrón ajeno", kind="training", year=2023)
    return world


def _computed(world, **params):
    return _payload(
        world,
        narrative="Participaron {{ capacitadas.mujeres }} mujeres.",
        **{
            "figures-0-source": "bound",
            "figures-0-women": "",
            "figures-0-men": "",
            "figures-0-binding": "roster.count",
            **{f"figures-0-{k}": v for k, v in params.items()},
        },
    )


def test_the_form_offers_the_institutions_rosters_and_bodies(client, world):
    client.force_login(world.users["analyst"])
    page = pages.html(client.get(reverse("activities:create")))
    assert '<option value="Curso en línea">' in page
    assert '<option value="SN">' in page
    assert "Padrón ajeno" not in page
    assert 'type="hidden" name="figures-0-binding_params"' in page  # never typed


def test_a_roster_figure_is_saved_with_its_parameters(client, world):
    client.force_login(world.users["analyst"])
    response = client.post(
        reverse("activities:create"), _computed(world, roster="Curso en línea", by="states")
    )
    assert response.status_code == 302
    figure = Figure.objects.get(activity__title="Capacitación en igualdad")
    assert (figure.binding, figure.binding_params) == (
        "roster.count",
        {"roster": "Curso en línea", "by": "states"},
    )
    # Editing shows the choices made.
    activity = Activity.objects.get(title="Capacitación en igualdad")
    page = pages.html(client.get(reverse("activities:edit", args=[activity.pk])))
    assert '<option value="Curso en línea" selected>' in page
    assert '<option value="states" selected>' in page


def test_a_roster_figure_needs_its_roster_and_refuses_another_institutions(client, world):
    client.force_login(world.users["analyst"])
    for roster in ("", "Padrón ajeno"):
        response = client.post(reverse("activities:create"), _computed(world, roster=roster))
        assert response.status_code == 200
        page = pages.html(response)
        assert "Elija uno para este cálculo." in page or "Seleccione una opción válida" in page
    assert not Activity.objects.filter(title="Capacitación en igualdad").exists()
