"""Coordination bodies, their sessions and agreements are an institution's own, set up from
the setup area: Spanish errors, history kept, the follow-up filtered and exported, and the
narrative's figures find a body within the activity's institution."""

from __future__ import annotations

import csv
import io

from django.urls import reverse

from avance.capture.activities.models import Activity, Figure, Measure
from avance.catalogs.bodies.models import Agreement, Body, Session
from avance.catalogs.directory.models import Institution, Organization
from avance.figures.resolve import resolve_figures
from tests.builders import pages
from tests.builders.world import build_world


def _state_institution(world) -> Institution:
    return Institution.objects.create(
        organization=Organization.objects.create(name="Instancia de prueba", kind="imef"),
        kind="imef",
        coordinator=world.institute,
    )


def test_a_body_its_sessions_and_agreements_are_set_up_with_history(admin_client):
    institute = admin_client.world.institute
    member = Organization.objects.create(name="Secretaría de Prueba", acronym="SP")
    response = admin_client.post(
        reverse("setup:create", args=["organos"]),
        {
            "name": "Sistema Estatal",
            "acronym": "SE",
            "kind": "national_system",
            "members": [member.pk],
        },
    )
    assert response.status_code == 302
    body = Body.objects.get(institution=institute, name="Sistema Estatal")
    assert list(body.members.all()) == [member]
    assert [m.organization for m in body.history.latest().members.all()] == [member]

    again = admin_client.post(
        reverse("setup:create", args=["organos"]), {"name": "Sistema Estatal", "kind": "group"}
    )
    assert "Ya existe un órgano con este nombre." in pages.html(again)

    session_data = {"body": body.pk, "kind": "ordinary", "number": 3, "date": "2024-03-05"}
    assert (
        admin_client.post(reverse("setup:create", args=["sesiones"]), session_data).status_code
        == 302
    )
    repeated = admin_client.post(reverse("setup:create", args=["sesiones"]), session_data)
    assert pages.html(repeated).count("Ese órgano ya tiene una sesión de ese tipo y número.") == 1
    session = Session.objects.get(body=body)

    response = admin_client.post(
        reverse("setup:create", args=["acuerdos"]),
        {
            "session": session.pk,
            "key": "SE/3/01",
            "text": "Presentar el programa",
            "status": "pending",
        },
    )
    assert response.status_code == 302
    agreement = Agreement.objects.get(session=session)
    response = admin_client.post(
        reverse("setup:edit", args=["acuerdos", agreement.pk]),
        {
            "session": session.pk,
            "key": "SE/3/01",
            "text": "Presentar el programa",
            "status": "done",
            "follow_up": "Se presentó en la sesión 4.",
        },
    )
    assert response.status_code == 302
    assert [h.status for h in agreement.history.order_by("history_date")] == ["pending", "done"]


def test_a_body_of_another_institution_cannot_be_chosen(admin_client):
    other = _state_institution(admin_client.world)
    foreign = Body.objects.create(institution=other, name="Sistema ajeno", kind="group")
    response = admin_client.post(
        reverse("setup:create", args=["sesiones"]), {"body": foreign.pk, "kind": "ordinary"}
    )
    assert response.status_code == 200
    assert "Seleccione una opción válida." in pages.html(response)
    assert not Session.objects.exists()
    listed = admin_client.get(reverse("setup:list", args=["organos"]))
    assert "Sistema ajeno" not in pages.html(listed)


def test_agreements_are_filtered_by_status_and_exported_as_shown(admin_client):
    institute = admin_client.world.institute
    body = Body.objects.create(institution=institute, name="Sistema", kind="group")
    session = Session.objects.create(body=body, kind="ordinary", number=1)
    Agreement.objects.create(session=session, key="1/01", text="Pendiente", status="pending")
    Agreement.objects.create(session=session, key="1/02", text="=HYPERLINK(1)", status="done")
    other = _state_institution(admin_client.world)
    foreign = Session.objects.create(
        body=Body.objects.create(institution=other, name="Sistema", kind="group"), kind="ordinary"
    )
    Agreement.objects.create(session=foreign, key="9/99", text="Ajeno", status="done")

    page = pages.html(admin_client.get(reverse("setup:list", args=["acuerdos"]) + "?estado=done"))
    assert "1/02" in page and "1/01" not in page and "9/99" not in page

    response = admin_client.get(
        reverse("setup:export", args=["acuerdos", "csv-comas"]) + "?estado=done"
    )
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][0] == "Clave"
    assert [r[0] for r in rows[1:]] == ["1/02"]
    assert rows[1][2] == "'=HYPERLINK(1)"  # a formula arrives as text
    assert rows[1][5] == "cumplido"


def test_a_figure_counts_the_members_of_its_own_institutions_body(db):
    world = build_world()
    other = _state_institution(world)
    ours = Body.objects.create(
        institution=world.institute, name="Sistema", acronym="SE", kind="group"
    )
    ours.members.set([Organization.objects.create(name=f"Integrante {n}") for n in range(3)])
    theirs = Body.objects.create(institution=other, name="Sistema", acronym="SE", kind="group")
    theirs.members.set([Organization.objects.create(name="Integrante estatal")])
    measure = Measure.objects.get_or_create(
        code="integrantes", defaults={"name": "Integrantes", "unit": "organizaciones"}
    )[0]
    figures = []
    for institution in (world.institute, other):
        activity = Activity.objects.create(
            institution=institution, year=2023, kind="coordination", title="Sesiones"
        )
        figures.append(
            Figure.objects.create(
                activity=activity,
                name="integrantes",
                measure=measure,
                source="bound",
                binding="body.members",
                binding_params={"body": "SE"},
            )
        )
    resolved = resolve_figures(figures)
    assert [resolved[f.pk].total for f in figures] == [3, 1]


def test_an_activity_offers_only_its_institutions_sessions(client, db):
    world = build_world()
    ours = Body.objects.create(institution=world.institute, name="Sistema propio", kind="group")
    Session.objects.create(body=ours, kind="ordinary", number=4)
    other = _state_institution(world)
    theirs = Body.objects.create(institution=other, name="Sistema ajeno", kind="group")
    Session.objects.create(body=theirs, kind="ordinary", number=5)
    client.force_login(world.users["analyst"])
    page = pages.html(client.get(reverse("activities:create")))
    assert "Sistema propio" in page
    assert "Sistema ajeno" not in page


def test_lists_name_sessions_with_spanish_dates_and_open_from_the_first_column(admin_client):
    import datetime

    body = Body.objects.create(
        institution=admin_client.world.institute, name="Sistema", acronym="SE", kind="group"
    )
    session = Session.objects.create(
        body=body, kind="ordinary", number=2, date=datetime.date(2023, 9, 26)
    )
    agreement = Agreement.objects.create(session=session, key="SE/2/01", text="Acuerdo")
    page = pages.html(admin_client.get(reverse("setup:list", args=["acuerdos"])))
    assert "SE ordinaria 2 (26 de septiembre de 2023)" in page
    assert "2023-09-26" not in page
    edit = reverse("setup:edit", args=["acuerdos", agreement.pk])
    assert f'<a href="{edit}" aria-label="Cambiar SE/2/01">SE/2/01</a>' in page
    form = pages.html(admin_client.get(edit))
    assert "SE ordinaria 2 (26 de septiembre de 2023)" in form
