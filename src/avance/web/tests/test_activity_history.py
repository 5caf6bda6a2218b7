"""The audit trail keeps an activity's states, municipalities and sessions: who, when, before
and after, as one entry per save of the editor."""

import re

import pytest
from django.urls import reverse

from avance.capture.activities.models import Activity
from avance.capture.activities.queries import Change, activity_history
from avance.catalogs.bodies.models import Body, Session
from avance.catalogs.territory.models import Municipality, State
from avance.web.tests.test_activities import _management, _payload
from tests.builders.world import build_world


@pytest.fixture
def world(db):
    return build_world()


def _edit_payload(world, activity, **overrides):
    """The editor's form for ``activity`` as it is, without partners, figures or notes."""
    payload = _payload(
        world,
        title=activity.title,
        narrative=activity.narrative,
        **_management("partners", 0),
        **_management("figures", 0),
        **_management("footnotes", 0),
    )
    payload.update(overrides)
    return payload


def _shown_entries(client, activity):
    """The entries the history page shows (the page answers, with a row per entry)."""
    entries = activity_history(activity)
    page = client.get(reverse("activities:history", args=[activity.pk])).content.decode()
    assert page.count("<td>", page.index('<table class="history">')) == 4 * len(entries)
    return entries


def _state(common_name):
    return State.objects.get(common_name=common_name)


def test_edit_states_shows_before_and_after_with_the_users_name(client, world):
    activity = world.other_unit_activity  # no figures: the payload need not carry any
    activity.unit = world.unit
    activity.save()
    activity.states.set([_state("Oaxaca")])
    analyst = world.users["analyst"]
    client.force_login(analyst)
    payload = _edit_payload(world, activity)
    payload["states"] = [str(_state("Oaxaca").pk), str(_state("Sonora").pk)]
    records_before = activity.history.count()

    response = client.post(reverse("activities:edit", args=[activity.pk]), payload)

    assert response.status_code == 302
    assert activity.history.count() == records_before + 1  # one entry for the whole save
    page = client.get(reverse("activities:history", args=[activity.pk]))
    assert page.status_code == 200
    newest = activity_history(activity)[0]  # the page's entries, newest first
    assert (newest.who, newest.kind, newest.changes) == (
        analyst.get_full_name() or analyst.get_username(),
        "~",
        (Change("entidades", "Oaxaca", "Oaxaca, Sonora"),),
    )
    html = page.content.decode()
    assert "Oaxaca, Sonora" in html
    assert analyst.first_name in html


def test_edit_fields_and_relations_in_one_entry(client, world):
    activity = world.other_unit_activity
    activity.unit = world.unit
    activity.save()
    body = Body.objects.create(name="Sistema de prueba", acronym="SP", kind="national_system")
    session = Session.objects.create(body=body, kind="ordinary", number=31)
    municipality = Municipality.objects.create(
        state=_state("Chiapas"), code="089", cvegeo="07089", name="Tapachula"
    )
    client.force_login(world.users["analyst"])
    payload = _edit_payload(world, activity, title="Título nuevo")
    payload.update(
        states=[str(_state("Chiapas").pk)],
        municipalities=[str(municipality.pk)],
        sessions=[str(session.pk)],
    )

    response = client.post(reverse("activities:edit", args=[activity.pk]), payload)

    assert response.status_code == 302
    newest = _shown_entries(client, activity)[0]
    assert {change.field: (change.before, change.after) for change in newest.changes} == {
        "título": ("Actividad de la unidad B", "Título nuevo"),
        "entidades": ("—", "Chiapas"),
        "municipios": ("—", "Tapachula, Chiapas"),
        "sesiones": ("—", str(session)),
    }


def test_create_with_states_attributes_the_relations_to_the_user(client, world):
    analyst = world.users["analyst"]
    client.force_login(analyst)
    payload = _payload(world, states=[str(_state("Sonora").pk)])

    response = client.post(reverse("activities:create"), payload)

    assert response.status_code == 302
    activity = Activity.objects.get(title="Capacitación en igualdad")
    entries = _shown_entries(client, activity)
    activity_entries = [e for e in entries if e.model == "actividad"]
    assert [(e.kind, e.who) for e in activity_entries] == [
        ("~", analyst.get_full_name()),
        ("+", analyst.get_full_name()),
    ]
    assert Change("entidades", "—", "Sonora") in activity_entries[0].changes


def test_removing_every_state_is_recorded(client, world):
    activity = world.other_unit_activity
    activity.unit = world.unit
    activity.save()
    activity.states.set([_state("Oaxaca"), _state("Sonora")])
    client.force_login(world.users["analyst"])

    response = client.post(
        reverse("activities:edit", args=[activity.pk]), _edit_payload(world, activity)
    )

    assert response.status_code == 302
    newest = _shown_entries(client, activity)[0]
    assert newest.changes == (Change("entidades", "Oaxaca, Sonora", "—"),)


def test_history_page_refuses_writes(client, world):
    activity = world.unit_activity
    client.force_login(world.users["administrator"])
    records = activity.history.count()
    url = reverse("activities:history", args=[activity.pk])
    statuses = [getattr(client, method)(url).status_code for method in ("post", "put", "delete")]
    assert (statuses, activity.history.count()) == ([405, 405, 405], records)


def test_history_has_no_route_that_writes():
    from avance.web.activities.urls import urlpatterns

    history_routes = [str(p.pattern) for p in urlpatterns if "historial" in str(p.pattern)]
    assert history_routes == ["<int:pk>/historial/"]


def test_history_page_queries_do_not_grow_with_the_records(
    client, world, django_assert_max_num_queries
):
    activity = world.unit_activity
    client.force_login(world.users["analyst"])
    url = reverse("activities:history", args=[activity.pk])
    client.get(url)  # warm the scope cache of the session
    for name in ("Oaxaca", "Sonora", "Yucatán", "Jalisco", "Puebla"):
        activity.states.add(_state(name))
    with django_assert_max_num_queries(16):
        response = client.get(url)
    rows = re.search(
        r'<table class="history">.*?<tbody>(.*?)</tbody>', response.content.decode(), re.S
    )
    assert rows[1].count("<tr>") == activity.history.count() + 1  # + its figure
