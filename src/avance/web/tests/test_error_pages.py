"""Errors said in Spanish with a way out: 403 and 404 keep the navigation, 500 and a stale
form say what to do; a signatory whose turn has not come is told whose it is; the pages stay
in Spanish of Mexico whatever language the browser asks for."""

from __future__ import annotations

import datetime

import pytest
from django.test import Client, RequestFactory
from django.urls import reverse
from django.views.defaults import server_error

from avance.documents.reports.models import Edition, Signatory
from tests.builders import pages
from tests.builders.world import build_world, make_user


@pytest.fixture
def world(db):
    return build_world()


def test_a_missing_page_is_said_in_spanish_with_the_navigation(client, world):
    client.force_login(world.users["analyst"])
    response = client.get("/no-existe/")
    assert response.status_code == 404
    page = pages.html(response)
    assert "No encontramos esa página" in page
    assert reverse("activities:list") in page  # the menu is there
    assert "Not Found" not in page


def test_another_institutions_record_reads_as_missing(client, world):
    client.force_login(world.users["analyst"])
    response = client.get(reverse("activities:detail", args=[999_999]))
    assert response.status_code == 404
    assert "No encontramos esa página" in pages.html(response)


def test_a_forbidden_page_says_what_to_do(client, world):
    client.force_login(world.users["analyst"])
    response = client.get(reverse("setup:index"))
    assert response.status_code == 403
    page = pages.html(response)
    assert "Su papel no permite esta acción" in page
    assert "Instituto de prueba" in page  # the institution whose roles count
    assert "Personas y papeles" in page
    assert "Forbidden" not in page


def test_a_server_error_is_said_in_spanish_without_reading_the_database(
    world, django_assert_num_queries
):
    request = RequestFactory().get("/")
    with django_assert_num_queries(0):
        response = server_error(request)
    assert response.status_code == 500
    page = response.content.decode()
    assert "Algo falló de nuestro lado" in page
    assert "Server Error" not in page


def test_a_stale_form_is_said_in_spanish(world):
    client = Client(enforce_csrf_checks=True)
    response = client.post(reverse("accounts:login"), {"username": "x", "password": "y"})
    assert response.status_code == 403
    page = response.content.decode()
    assert "No se pudo enviar el formulario" in page
    assert "CSRF verification failed" not in page


def test_dates_and_words_stay_spanish_when_the_browser_asks_for_english(client, world):
    activity = world.unit_activity
    activity.start_date = datetime.date(2023, 10, 9)
    activity.save()
    client.force_login(world.users["reviewer"])
    response = client.get(
        reverse("activities:detail", args=[activity.pk]), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9"
    )
    page = pages.html(response)
    assert 'lang="es-mx"' in page
    assert "9 de octubre de 2023" in page
    assert "Oct." not in page


def _two_signatories(world):
    edition = Edition.objects.create(
        year=2023, institution=world.institute, heading="Informe", introduction="Texto."
    )
    Signatory.objects.create(
        edition=edition, role="elaboro", name="Lic. Elabora", post="Dirección", user=None
    )
    authorizer = make_user("autoriza_prueba", {"role": "signatory", "signs_as": "autorizo"})
    Signatory.objects.create(
        edition=edition, role="autorizo", name="Dra. Autoriza", post="Titular", user=authorizer
    )
    return edition, authorizer


def test_a_signatory_is_told_whose_turn_it_is_instead_of_a_403(client, world):
    edition, authorizer = _two_signatories(world)
    client.force_login(authorizer)
    home = pages.html(client.get(reverse("core:home")))
    assert "Antes firma Elaboró (Lic. Elabora)." in home

    response = client.get(reverse("reports:edition_sign", args=[edition.pk]), follow=True)
    assert response.redirect_chain[-1][0] == reverse("reports:edition", args=[edition.pk])
    assert "Aún no es su turno: antes firma Elaboró (Lic. Elabora)." in pages.html(response)


def test_someone_who_signs_nothing_there_still_meets_a_403(client, world):
    edition, _authorizer = _two_signatories(world)
    client.force_login(world.users["signatory"])  # bound to another edition's «Elaboró»
    response = client.get(reverse("reports:edition_sign", args=[edition.pk]))
    assert response.status_code == 403


def test_rosters_and_the_years_report_are_reached_from_the_navigation(client, world):
    edition, _authorizer = _two_signatories(world)
    client.force_login(world.users["reviewer"])
    home = pages.html(client.get(reverse("core:home")))
    assert reverse("people:list") in home
    editions = pages.html(client.get(reverse("reports:editions")))
    assert reverse("reports:preview", args=[2023]) in editions
    detail = pages.html(client.get(reverse("reports:edition", args=[edition.pk])))
    assert reverse("reports:preview", args=[2023]) in detail
