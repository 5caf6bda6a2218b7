"""The network page: a coordinator sees the institutions under it (at every level), their
year and their validated figures of people summed, and never their drafts' figures."""

from __future__ import annotations

import csv
import io

import pytest
from django.urls import reverse

from avance.accounts.models import Membership, Role
from avance.capture.activities.models import Activity, Figure
from avance.catalogs.directory.models import Institution, Organization
from avance.documents import network
from tests.builders import pages
from tests.builders.world import build_world, make_user

YEAR = 2023


def _institution(name, acronym, kind, coordinator, state):
    return Institution.objects.create(
        organization=Organization.objects.create(
            name=name, acronym=acronym, kind=kind, state_id=state
        ),
        kind=kind,
        coordinator=coordinator,
    )


def _activity(institution, measure, women, men, *, status="validated"):
    activity = Activity.objects.create(
        institution=institution, year=YEAR, kind="training", title=f"De {institution}"
    )
    Activity.objects.filter(pk=activity.pk).update(status=status)
    Figure.objects.create(
        activity=activity,
        name="capacitadas",
        measure=measure,
        total=women + men,
        women=women,
        men=men,
    )
    return activity


@pytest.fixture
def net(db):
    world = build_world()
    state = _institution("Instancia Estatal", "IE", "imef", world.institute, "20")
    town = _institution("Instancia Municipal", "IM", "imm", state, "20")
    other_state = _institution("Otra Estatal", "OE", "imef", world.institute, "09")
    _activity(state, world.measure, 40, 10)
    _activity(town, world.measure, 7, 3)
    _activity(other_state, world.measure, 5, 5)
    _activity(town, world.measure, 900, 900, status="draft")  # never summed
    world.state, world.town, world.other_state = state, town, other_state
    return world


def test_the_network_counts_every_level_and_sums_validated_figures(net):
    members = {
        m.institution.acronym: m
        for m in network.members(network.coordinated(net.institute.pk), YEAR)
    }
    assert {k: (m.institution.depth, m.captured, m.validated) for k, m in members.items()} == {
        "IE": (1, 1, 1),
        "OE": (1, 1, 1),
        "IM": (2, 2, 1),
    }
    rows = {
        (s.measure, s.state): (s.total, s.women, s.men)
        for s in network.sums(network.coordinated(net.institute.pk), YEAR)
    }
    assert rows == {
        ("Personas capacitadas", "Oaxaca"): (60, 47, 13),
        ("Personas capacitadas", "Ciudad de México"): (10, 5, 5),
    }
    # The sums are the institutions' own validated figures, added.
    own = Figure.objects.filter(
        activity__status="validated",
        activity__institution__in=[net.state, net.town, net.other_state],
    )
    assert sum(f.total for f in own) == 70
    # A state instance sees only its own municipal ones.
    assert [
        m.institution.acronym for m in network.members(network.coordinated(net.state.pk), YEAR)
    ] == ["IM"]


def test_the_page_is_for_a_coordinator_and_exports_what_it_shows(client, net):
    reviewer = net.users["reviewer"]
    client.force_login(reviewer)
    response = client.get(reverse("network:index") + f"?ejercicio={YEAR}")
    assert response.status_code == 200
    text = pages.html(response)
    assert "Instancia Municipal" in text and "Oaxaca" in text
    assert "900" not in text  # a draft's figures are not read
    exported = client.get(reverse("network:export", args=["cifras", "csv"]) + f"?ejercicio={YEAR}")
    rows = list(csv.reader(io.StringIO(exported.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][:4] == ["Medida", "Entidad", "Total", "Mujeres"]
    assert ["Personas capacitadas", "Oaxaca", "60", "47", "13", "0", "0", "2"] in rows

    # A municipal instance coordinates nobody: no page, no link.
    municipal = make_user("im_revisora")
    Membership.objects.create(user=municipal, institution=net.town, role=Role.REVIEWER)
    client.force_login(municipal)
    assert client.get(reverse("network:index")).status_code == 403
    assert reverse("network:index") not in pages.html(client.get(reverse("core:home")))
