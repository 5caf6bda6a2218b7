"""A new year without the Django admin: an institution's administrator sets up its profile,
units, objectives, budget amounts, people and signatories from the setup area, every form in
Spanish and validated, the history kept; and adds an institution it coordinates."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from avance.accounts.models import Membership
from avance.catalogs.directory.models import Institution, Organization, Unit
from avance.catalogs.planning.models import BudgetAllocation, BudgetProgram, StrategicObjective
from avance.documents.reports.models import Edition
from tests.builders import pages
from tests.builders.world import make_user

YEAR = 2024


def _errors(response) -> str:
    return pages.html(response)


def test_units_objectives_and_amounts_are_set_up_with_spanish_errors(admin_client):
    institute = admin_client.world.institute
    response = admin_client.post(
        reverse("setup:create", args=["unidades"]), {"name": "Dirección de Planeación"}
    )
    assert response.status_code == 302
    unit = Unit.objects.get(institution=institute, name="Dirección de Planeación")
    assert unit.history.count() == 1  # the history of changes is kept
    # The same name twice in the institution: an error of the form, not a 500.
    again = admin_client.post(
        reverse("setup:create", args=["unidades"]), {"name": "Dirección de Planeación"}
    )
    assert again.status_code == 200
    assert "Ya existe una unidad con este nombre." in _errors(again)

    bad = admin_client.post(
        reverse("setup:create", args=["objetivos"]),
        {"number": 7, "title": "Objetivo", "start_year": 2025, "end_year": 2024},
    )
    assert "El periodo termina antes de empezar." in _errors(bad)
    admin_client.post(
        reverse("setup:create", args=["objetivos"]),
        {"number": 7, "title": "Objetivo del año", "start_year": 2024, "end_year": 2030},
    )
    assert StrategicObjective.objects.filter(institution=institute, number=7).exists()

    program = BudgetProgram.objects.create(key="S010", name="Programa")
    response = admin_client.post(
        reverse("setup:create", args=["presupuesto"]),
        {"program": program.pk, "year": YEAR, "approved": "1250000.50"},
    )
    assert response.status_code == 302
    allocation = BudgetAllocation.objects.get(institution=institute, year=YEAR)
    assert (str(allocation.approved), allocation.modified, allocation.paid) == (
        "1250000.50",
        None,
        None,
    )  # what is not known yet stays unknown
    negative = admin_client.post(
        reverse("setup:create", args=["presupuesto"]),
        {"program": program.pk, "year": YEAR + 1, "paid": "-5"},
    )
    assert "Un monto no puede ser negativo." in _errors(negative)


def test_another_institutions_unit_is_not_found(admin_client):
    other = Institution.objects.create(
        organization=admin_client.world.agency, kind="other", coordinator=None
    )
    foreign = Unit.objects.create(institution=other, name="Ajena")
    response = admin_client.get(reverse("setup:edit", args=["unidades", foreign.pk]))
    assert response.status_code == 404


def test_an_invited_person_chooses_a_password_and_enters(admin_client, client):
    institute = admin_client.world.institute
    missing_unit = admin_client.post(
        reverse("setup:people"), {"username": "nueva.analista", "role": "analyst"}
    )
    assert "Un analista pertenece a una unidad." in _errors(missing_unit)
    response = admin_client.post(
        reverse("setup:people"),
        {
            "username": "nueva.analista",
            "first_name": "Nueva",
            "role": "analyst",
            "unit": admin_client.world.unit.pk,
        },
    )
    link = re.search(r'value="(http://testserver/cuenta/invitacion/[^"]+)"', pages.html(response))
    assert link
    user = get_user_model().objects.get(username="nueva.analista")
    assert not user.has_usable_password()
    assert Membership.objects.get(user=user).institution == institute

    client.logout()
    path = link[1].removeprefix("http://testserver")
    form_page = client.get(path, follow=True)  # Django moves the token into the session
    assert "Elegir contraseña" in pages.html(form_page)
    chosen = client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": "una-clave-larga-2026", "new_password2": "una-clave-larga-2026"},
    )
    assert chosen.status_code == 302
    assert client.login(username="nueva.analista", password="una-clave-larga-2026")
    # The link works once.
    client.logout()
    assert "ya se usó" in pages.html(client.get(path, follow=True))


def test_the_checklist_says_what_the_year_still_needs(admin_client):
    home = pages.html(admin_client.get(reverse("core:home") + f"?ejercicio={YEAR}"))
    assert "Lo que el ejercicio 2024 todavía necesita" in home
    assert "Pendiente" in home  # no objective holds 2024 … nor amounts, nor an edition
    edition = Edition.objects.create(
        institution=admin_client.world.institute, year=YEAR, heading="Informe", introduction=""
    )
    admin_client.post(
        reverse("setup:signatories") + f"?ejercicio={YEAR}",
        {"role": "autorizo", "name": "Titular", "post": "Dirección General", "position": 0},
    )
    assert edition.signatories.get().name == "Titular"


def test_a_coordinator_adds_an_institution_with_its_administrator(admin_client):
    response = admin_client.post(
        reverse("setup:institutions"),
        {
            "name": "Instancia de las Mujeres de Prueba",
            "acronym": "IMP",
            "kind": "imef",
            "state": "20",
            "admin_username": "admin.imp",
        },
    )
    assert "cuenta/invitacion/" in pages.html(response)
    institution = Institution.objects.get(organization__acronym="IMP")
    assert institution.coordinator == admin_client.world.institute
    admin = get_user_model().objects.get(username="admin.imp")
    assert admin.memberships.get().institution == institution
    repeated = admin_client.post(
        reverse("setup:institutions"),
        {"name": "Otra", "acronym": "imp", "kind": "imm", "admin_username": "x"},
    )
    assert "Otra institución ya usa esas siglas." in pages.html(repeated)


def test_whoever_names_a_signatory_never_signs_that_edition(admin_client):
    """Four eyes: naming who signs changes the edition; its author cannot sign it."""
    from avance.accounts.models import Role
    from avance.documents.reports import services

    admin = admin_client.world.users["administrator"]
    Membership.objects.create(user=admin, role=Role.SIGNATORY, signs_as="autorizo")
    edition = Edition.objects.create(
        institution=admin_client.world.institute, year=YEAR, heading="Informe", introduction=""
    )
    admin_client.post(
        reverse("setup:signatories") + f"?ejercicio={YEAR}",
        {
            "role": "autorizo",
            "name": "Titular",
            "post": "Dirección",
            "position": 0,
            "user": admin.pk,
        },
    )
    edition.refresh_from_db()
    assert edition.changed_by == admin
    with pytest.raises(PermissionDenied, match="no puede firmarla"):
        services.sign_edition(
            edition=edition, user=admin, content_sha256=services.content_hash(edition=edition)
        )


def test_organisations_are_added_by_any_institution_and_corrected_by_the_national_one(
    admin_client, client
):
    response = admin_client.post(
        reverse("setup:organizations"),
        {"name": "Colectiva de Prueba A.C.", "kind": "civil_society", "website": "colectiva.mx"},
    )
    assert response.status_code == 302
    organization = Organization.objects.get(name="Colectiva de Prueba A.C.")
    assert organization.website == "https://colectiva.mx"
    repeated = admin_client.post(
        reverse("setup:organizations"), {"name": "Colectiva de Prueba A.C.", "kind": "media"}
    )
    assert "Ya existe" in pages.html(repeated)
    # A state instance's administrator adds, but does not correct what others read.
    state = Institution.objects.create(
        organization=Organization.objects.create(name="IMEF de prueba", kind="imef"),
        kind="imef",
        coordinator=admin_client.world.institute,
    )
    other_admin = make_user("admin_imef_prueba")
    Membership.objects.create(user=other_admin, institution=state, role="admin")
    client.force_login(other_admin)
    page = client.get(reverse("setup:organizations") + f"?organizacion={organization.pk}")
    assert "Corregir" not in pages.html(page)
    client.post(
        reverse("setup:organizations") + f"?organizacion={organization.pk}",
        {"name": "Renombrada", "kind": "media"},
    )
    organization.refresh_from_db()
    assert organization.name == "Colectiva de Prueba A.C."
