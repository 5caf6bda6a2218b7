"""A new state instance runs its first year in the browser, through the setup area only.

The national institute's administrator adds the instance with its administrator and hands
over the invitation link; that person chooses a password, sets up 2024 (profile, a unit, an
objective, a budget amount, three people invited with their roles) from the home page's
checklist; the analyst captures an activity, the reviewer validates it and opens the 2024
edition, the administrator names its signatory, who signs; the signed PDF carries the
institution's masthead and the activity. No page of the Django admin is opened, and axe-core
finds no serious violation on any page of the story.
"""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from avance.capture.activities.models import Activity
from avance.catalogs.directory.models import Institution
from avance.catalogs.planning.models import BudgetProgram
from avance.documents.reports.models import Edition, EditionStatus
from tests.builders.world import PASSWORD, build_world
from tests.e2e.test_story import (
    Visit,
    _restore_migration_rows,  # noqa: F401 - a module fixture: the rows migrations load
    download,
    follow,
    pdf_text,
    press,
)

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

NEW_PASSWORD = "una-clave-larga-de-prueba-2026"
TITLE = "Capacitación estatal en igualdad sustantiva"


def _invitation(page) -> str:
    return page.locator("input[aria-label='Enlace de invitación']").input_value()


def _accept(browser, link: str, username: str) -> None:
    """The invited person opens the link and chooses a password."""
    context = browser.new_context(locale="es-MX")
    page = context.new_page()
    page.goto(link)
    page.locator("#id_new_password1").fill(NEW_PASSWORD)
    page.locator("#id_new_password2").fill(NEW_PASSWORD)
    press(page, "Guardar la contraseña")
    assert "/cuenta/entrar/" in page.url, username
    context.close()


def Person(browser, url, username, problems) -> Visit:
    """A visit with the password the person chose from the invitation."""
    return Visit(browser, url, username, problems, password=NEW_PASSWORD)


def _fill(page, values: dict) -> None:
    for selector, value in values.items():
        field = page.locator(selector)
        if field.evaluate("e => e.tagName") == "SELECT":
            field.select_option(value)  # an option's value or its label
        else:
            field.fill(value)


def test_a_new_state_instance_sets_up_and_signs_its_first_year(browser, live_server):
    world = build_world()
    BudgetProgram.objects.create(key="S010", name="Programa para el Adelanto de las Mujeres")
    problems: list[str] = []
    assert PASSWORD  # the world's accounts

    # 1. The national administrator adds the state instance and its administrator.
    national = Visit(browser, live_server.url, "admin_prueba", problems)
    national.go("setup:institutions")
    _fill(
        national.page,
        {
            "#id_name": "Instituto de las Mujeres del Estado de Prueba",
            "#id_acronym": "IMEP",
            "#id_kind": "imef",
            "#id_state": "Oaxaca",
            "#id_admin_username": "admin_imep",
            "#id_admin_name": "Adela",
        },
    )
    press(national.page, "Dar de alta")
    national.check()
    link = _invitation(national.page)
    national.close()
    _accept(browser, link, "admin_imep")
    institution = Institution.objects.get(organization__acronym="IMEP")
    assert institution.organization.state.common_name == "Oaxaca"

    # 2. Its administrator sets up 2024 from the checklist, without the Django admin.
    admin = Person(browser, live_server.url, "admin_imep", problems)
    page = admin.page
    admin.page.goto(live_server.url + reverse("core:home") + "?ejercicio=2024")
    admin.check()
    assert page.locator(".checklist .pending").count() == 5  # its name is already set
    admin.go("setup:profile")
    _fill(page, {"#id_branch": "Ramo 99 Entidad de prueba", "#id_entity_key": "E99"})
    press(page, "Guardar")
    admin.go("setup:create", "unidades")
    _fill(page, {"#id_name": "Dirección de Igualdad", "#id_acronym": "DI"})
    press(page, "Guardar")
    admin.go("setup:create", "objetivos")
    _fill(
        page,
        {
            "#id_number": "1",
            "#id_title": "Fortalecer la igualdad en la administración estatal",
            "#id_start_year": "2024",
            "#id_end_year": "2028",
        },
    )
    press(page, "Guardar")
    admin.go("setup:create", "presupuesto")
    _fill(page, {"#id_program": "S010 Programa para el Adelanto de las Mujeres"})
    _fill(page, {"#id_year": "2024", "#id_approved": "1500000"})
    press(page, "Guardar")
    admin.check()
    links = {}
    for username, role, extra in (
        ("analista_imep", "Analista de unidad", {"#id_unit": "DI"}),
        ("revisora_imep", "Revisión", {}),
        (
            "titular_imep",
            "Firmante del informe",
            {"#id_signs_as": "Autorizó", "#id_post": "Directora General"},
        ),
    ):
        admin.go("setup:people")
        _fill(page, {"#id_username": username, "#id_role": role, **extra})
        press(page, "Guardar")
        links[username] = _invitation(page)
    admin.check()
    for username, invitation in links.items():
        _accept(browser, invitation, username)

    # 3. The analyst captures an activity of 2024 and sends it to review.
    analyst = Person(browser, live_server.url, "analista_imep", problems)
    analyst.go("activities:create")
    page = analyst.page
    page.locator("#id_year").fill("2024")
    page.locator("#id_kind").select_option("training")
    page.locator("#id_title").fill(TITLE)
    page.locator("#id_objective").select_option(index=1)
    page.locator("#id_unit").select_option("DI")
    page.locator("#id_narrative").fill(
        "La instancia capacitó a {{ capacitadas.mujeres }} mujeres y "
        "{{ capacitadas.hombres }} hombres."
    )
    page.locator("#id_figures-0-name").fill("capacitadas")
    page.locator("#id_figures-0-measure").select_option(str(world.measure.pk))
    page.locator("#id_figures-0-total").fill("1350")
    page.locator("#id_figures-0-women").fill("1020")
    page.locator("#id_figures-0-men").fill("330")
    page.get_by_role("button", name="Guardar").click()
    page.wait_for_url(re.compile(r"/actividades/\d+/$"))
    press(page, "Enviar a revisión")
    activity = Activity.objects.get(title=TITLE)
    assert activity.institution == institution

    # 4. The reviewer validates it and opens the 2024 edition, which holds it.
    reviewer = Person(browser, live_server.url, "revisora_imep", problems)
    reviewer.go("activities:detail", activity.pk)
    press(reviewer.page, "Validar")
    reviewer.go("reports:editions")
    reviewer.page.locator("#id_year").fill("2024")
    press(reviewer.page, "Abrir edición")
    edition = Edition.objects.get(institution=institution, year=2024)

    # 5. The administrator names the edition's signatory; the signatory signs.
    admin.page.goto(live_server.url + reverse("setup:signatories") + "?ejercicio=2024")
    admin.check()
    _fill(
        admin.page,
        {
            "#id_role": "Autorizó",
            "#id_name": "Mtra. Titular de Prueba",
            "#id_post": "Directora General",
            "#id_user": "titular_imep",
        },
    )
    press(admin.page, "Guardar")
    admin.page.goto(live_server.url + reverse("core:home") + "?ejercicio=2024")
    assert admin.page.locator(".checklist .pending").count() == 0
    signer = Person(browser, live_server.url, "titular_imep", problems)
    signer.go("reports:edition", edition.pk)
    follow(signer.page, "Firmar")
    signer.page.get_by_label(re.compile("Confirmo que firmo")).check()
    press(signer.page, "Firmar")
    edition.refresh_from_db()
    assert edition.status == EditionStatus.SIGNED

    # 6. The signed PDF: the institution's masthead and the activity's figures.
    signer.go("reports:edition", edition.pk)
    text = pdf_text(download(signer.page, "cuenta-publica-2024-introduccion.pdf"))
    for expected in (
        "CUENTA PÚBLICA 2024",
        "Ramo 99 Entidad de prueba",
        "E99 Instituto de las Mujeres del Estado de Prueba",
        "1,020 mujeres y 330 hombres",
        "Mtra. Titular de Prueba",
    ):
        assert expected in text, expected
    for visit in (admin, analyst, reviewer, signer):
        visit.close()
    assert problems == []
