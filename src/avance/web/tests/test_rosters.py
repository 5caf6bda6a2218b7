"""Roster pages: who may open them, upload, error report downloads, progress status."""

from __future__ import annotations

import io
import json
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from avance.capture.people import services
from avance.capture.people.models import Enrollment, Roster, RosterImport
from tests.builders.rosters import csv_bytes, people
from tests.builders.world import PASSWORD, build_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return build_world()


@pytest.fixture
def roster(world):
    """A roster of the analyst's unit."""
    return Roster.objects.create(name="Curso web", kind="training", year=2023, unit=world.unit)


def login(client, world, role):
    user = world.users[role]
    if user is not None:
        assert client.login(username=user.username, password=PASSWORD)
    return user


# Every role × every roster page: the matrix of tests/test_permissions.py.


@pytest.mark.parametrize(
    ("role", "visible"),
    [
        ("administrator", {"Curso web", "De la Secretaría A", "Sin dueño"}),
        ("reviewer", {"Curso web", "De la Secretaría A", "Sin dueño"}),
        ("analyst", {"Curso web"}),
        ("other_analyst", set()),
        ("liaison", {"De la Secretaría A"}),
        ("other_liaison", set()),
    ],
)
def test_the_list_shows_only_the_rosters_in_scope(client, world, roster, role, visible):
    Roster.objects.create(
        name="De la Secretaría A", kind="training", year=2023, organization=world.agency
    )
    Roster.objects.create(name="Sin dueño", kind="training", year=2023)
    login(client, world, role)
    page = client.get(reverse("people:list")).content.decode()
    shown = {n for n in ("Curso web", "De la Secretaría A", "Sin dueño") if n in page}
    assert shown == visible


def test_a_liaison_sees_and_imports_only_its_organisations_rosters(client, world, roster):
    own = Roster.objects.create(
        name="De la Secretaría A", kind="training", year=2023, organization=world.agency
    )
    login(client, world, "liaison")
    assert client.get(reverse("people:detail", args=[own.pk])).status_code == 200
    assert _upload(client, own, csv_bytes(people(3))).status_code == 302
    assert _upload(client, roster, csv_bytes(people(3, seed=2))).status_code == 404
    assert Enrollment.objects.filter(roster=roster).count() == 0
    client.logout()
    login(client, world, "other_liaison")
    assert client.get(reverse("people:detail", args=[own.pk])).status_code == 404


def test_staff_user_without_role_sees_no_roster(client, world, roster):
    user = world.users["no_role"]
    user.is_staff = True
    user.save()
    login(client, world, "no_role")
    assert client.get(reverse("people:list")).status_code == 403
    assert client.get(reverse("people:detail", args=[roster.pk])).status_code == 403


def _create(client, **fields):
    data = {"name": "Nuevo curso", "kind": "training", "year": 2023, "activity": "", "unit": ""}
    return client.post(reverse("people:create"), {**data, **fields, "description": ""})


def test_create_roster(client, world):
    login(client, world, "analyst")
    response = _create(client)
    roster = Roster.objects.get(name="Nuevo curso")
    assert response.status_code == 302 and response.url == reverse(
        "people:detail", args=[roster.pk]
    )
    assert (roster.unit, roster.organization) == (world.unit, None)  # the analyst's unit


def test_the_activity_choices_are_the_users_own_and_give_the_roster_its_owner(client, world):
    login(client, world, "analyst")
    form = client.get(reverse("people:create")).content.decode()
    assert world.unit_activity.title in form
    assert world.other_unit_activity.title not in form
    assert world.agency_activity.title not in form
    refused = _create(client, activity=world.other_unit_activity.pk)
    assert refused.status_code == 200 and not Roster.objects.exists()
    _create(client, activity=world.unit_activity.pk)
    assert Roster.objects.get().unit == world.unit
    client.logout()
    login(client, world, "liaison")
    form = client.get(reverse("people:create")).content.decode()
    assert world.agency_activity.title in form and world.unit_activity.title not in form
    _create(client, name="De la Secretaría", activity=world.agency_activity.pk)
    created = Roster.objects.get(name="De la Secretaría")
    assert (created.unit, created.organization) == (None, world.agency)
    _create(client, name="Sin actividad")
    assert Roster.objects.get(name="Sin actividad").organization == world.agency


def _upload(client, roster, data, name="padron.csv", **extra):
    upload = SimpleUploadedFile(name, data, content_type="text/csv")
    return client.post(
        reverse("people:upload", args=[roster.pk]),
        {"file": upload, **extra},
        **{k: v for k, v in extra.items() if k.startswith("HTTP_")},
    )


def test_upload_without_script_redirects_to_the_result(client, world, roster):
    login(client, world, "analyst")
    response = _upload(client, roster, csv_bytes(people(25)))
    batch = RosterImport.objects.get()
    assert response.status_code == 302 and response.url == reverse("people:import", args=[batch.pk])
    assert (batch.imported, batch.user, Enrollment.objects.count()) == (
        25,
        world.users["analyst"],
        25,
    )
    page = client.get(response.url)
    assert page.status_code == 200 and "25" in page.content.decode()
    detail = client.get(reverse("people:detail", args=[roster.pk])).content.decode()
    assert "Mujeres" in detail


def test_upload_with_script_answers_json_and_reports_progress(client, world, roster):
    login(client, world, "analyst")
    token = "a" * 32
    upload = SimpleUploadedFile("p.csv", csv_bytes(people(5)), content_type="text/csv")
    response = client.post(
        reverse("people:upload", args=[roster.pk]),
        {"file": upload, "token": token},
        HTTP_X_REQUESTED_WITH="XMLHttpRequest",
    )
    batch = RosterImport.objects.get()
    assert response.json() == {"redirect": reverse("people:import", args=[batch.pk])}
    status = client.get(reverse("people:upload_status"), {"token": token}).json()
    assert (status["stage"], status["done"], status["total"]) == ("terminado", 1, 1)
    assert client.get(reverse("people:upload_status"), {"token": "../x"}).status_code == 400
    services.forget_progress(user_id=world.users["analyst"].pk, token=token)


def test_progress_of_another_user_is_not_shown(client, world):
    token = "b" * 32
    writer = services.progress_writer(user_id=world.users["administrator"].pk, token=token)
    writer("importación", 5, 10)
    login(client, world, "analyst")
    status = client.get(reverse("people:upload_status"), {"token": token}).json()
    assert status["done"] == 0
    services.forget_progress(user_id=world.users["administrator"].pk, token=token)


def test_upload_with_errors_shows_them_and_downloads_are_safe(client, world, roster):
    login(client, world, "analyst")
    rows = people(3)
    rows.append(('=HYPERLINK("http://x")', "Mujer", "01", "", ""))
    response = _upload(client, roster, csv_bytes(rows))
    batch = RosterImport.objects.get()
    assert (batch.status, Enrollment.objects.count()) == ("rejected", 0)
    page = client.get(response.url).content.decode()
    assert "La CURP debe tener 18 caracteres" in page and "=HYP" + "•" * 18 in page
    assert "HYPERLINK" not in page  # a rejected CURP is shown masked
    csv_response = client.get(reverse("people:import_errors", args=[batch.pk, "csv"]))
    text = csv_response.content.decode("utf-8-sig")
    assert csv_response["Content-Type"].startswith("text/csv")
    assert "'=HYP•" in text and "HYPERLINK" not in text
    xlsx = client.get(reverse("people:import_errors", args=[batch.pk, "xlsx"]))
    values = [
        c.value for r in load_workbook(io.BytesIO(xlsx.content)).active.iter_rows() for c in r
    ]
    assert values[:5] == ["Línea", "Columna", "Valor", "Motivo", "Tipo"]
    assert "'=HYP" + "•" * 18 in values
    assert client.get(reverse("people:import_errors", args=[batch.pk, "pdf"])).status_code == 404


def test_imports_and_error_reports_of_another_scope_answer_404(client, world, roster):
    login(client, world, "analyst")
    _upload(client, roster, csv_bytes([("X", "Mujer", "01", "", "")]))
    batch = RosterImport.objects.get()
    urls = [
        reverse("people:import", args=[batch.pk]),
        reverse("people:import_errors", args=[batch.pk, "csv"]),
        reverse("people:import_errors", args=[batch.pk, "xlsx"]),
    ]
    for role, expected in (("other_analyst", 404), ("liaison", 404), ("reviewer", 200)):
        client.logout()
        login(client, world, role)
        assert [client.get(url).status_code for url in urls] == [expected] * 3, role
    client.logout()
    login(client, world, "signatory")
    assert client.get(urls[0]).status_code == 403


def test_upload_needs_the_permission(client, world, roster):
    login(client, world, "reviewer")  # reads the roster, may not import
    assert _upload(client, roster, csv_bytes(people(2))).status_code == 403
    client.logout()
    login(client, world, "other_analyst")  # another unit's roster
    assert _upload(client, roster, csv_bytes(people(2))).status_code == 404
    assert Enrollment.objects.count() == 0


def test_unreadable_upload_is_a_clear_error(client, world, roster):
    login(client, world, "analyst")
    response = _upload(client, roster, b"\x00\x01\x02")
    assert response.status_code == 400
    assert "bytes nulos" in response.content.decode()
    xhr = client.post(
        reverse("people:upload", args=[roster.pk]),
        {"file": SimpleUploadedFile("x.csv", b"", content_type="text/csv")},
        HTTP_X_REQUESTED_WITH="XMLHttpRequest",
    )
    assert xhr.status_code == 400 and xhr.json()["error"]


def test_upload_over_the_limit_is_refused(client, world, roster, settings):
    settings.AVANCE_UPLOAD_MAX_BYTES = 50
    login(client, world, "analyst")
    response = _upload(client, roster, csv_bytes(people(30)))
    assert response.status_code in (400, 413)
    assert Enrollment.objects.count() == 0


def test_roster_pages_have_no_inline_script_or_style(client, world, roster):
    login(client, world, "analyst")
    html = client.get(reverse("people:detail", args=[roster.pk])).content.decode()
    assert re.findall(r"<script(?![^>]*\bsrc=)[^>]*>", html) == []
    assert " style=" not in html
    assert "avance/js/roster-upload.js" in html
    script = Path(settings.BASE_DIR) / "web/static/avance/js/roster-upload.js"
    assert "XMLHttpRequest" in script.read_text(encoding="utf-8")


def test_upload_status_is_json(client, world):
    login(client, world, "analyst")
    response = client.get(reverse("people:upload_status"), {"token": "c" * 32})
    assert json.loads(response.content)["stage"] == "espera"


def test_an_analyst_of_two_units_says_which_one_keeps_a_roster(client, world):
    from avance.accounts.models import Membership, Role

    user = world.users["analyst"]
    Membership.objects.create(user=user, role=Role.ANALYST, unit=world.other_unit)
    login(client, world, "analyst")
    response = _create(client)
    assert response.status_code == 200 and not Roster.objects.exists()
    assert "Elija la unidad" in response.content.decode()
    _create(client, unit=world.other_unit.pk)
    assert Roster.objects.get().unit == world.other_unit
