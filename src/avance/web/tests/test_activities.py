import re

import pytest
from django.urls import reverse

from avance.capture.activities.models import Activity, Figure, Footnote, Partner
from avance.catalogs.territory.models import Municipality
from tests.builders import pages
from tests.builders.world import build_world


@pytest.fixture
def world(db):
    return build_world()


def _management(prefix, total=0, initial=0):
    return {
        f"{prefix}-TOTAL_FORMS": str(total),
        f"{prefix}-INITIAL_FORMS": str(initial),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }


def _payload(world, **overrides):
    data = {
        "year": "2023",
        "kind": "training",
        "title": "Capacitación en igualdad",
        "objective": str(world.objective.pk),
        "unit": str(world.unit.pk),
        "narrative": "Se capacitó a {{ capacitadas.mujeres }} mujeres.[^fuente]",
        **_management("partners", 1),
        "partners-0-organization": str(world.agency.pk),
        "partners-0-role": "co_organizer",
        "partners-0-position": "0",
        **_management("figures", 1),
        "figures-0-name": "capacitadas",
        "figures-0-measure": str(world.measure.pk),
        "figures-0-source": "entered",
        "figures-0-women": "81961",
        "figures-0-men": "65837",
        "figures-0-binding_params": "{}",
        **_management("footnotes", 1),
        "footnotes-0-key": "fuente",
        "footnotes-0-text": "Registros de {{ ejercicio }}.",
        **_management("evidence", 0),
    }
    data.update(overrides)
    return data


def test_create_activity_saves_parts_and_fills_total(client, world):
    client.force_login(world.users["analyst"])
    response = client.post(reverse("activities:create"), _payload(world))
    assert response.status_code == 302
    activity = Activity.objects.get(title="Capacitación en igualdad")
    figure = Figure.objects.get(activity=activity)
    assert (figure.total, figure.women, figure.men) == (147798, 81961, 65837)
    assert figure.entered_by == world.users["analyst"]
    assert activity.created_by == world.users["analyst"]
    assert activity.status == "draft"
    assert list(Partner.objects.filter(activity=activity).values_list("role", flat=True)) == [
        "co_organizer"
    ]
    assert Footnote.objects.get(activity=activity).key == "fuente"


def test_create_activity_rejects_parts_that_do_not_sum(client, world):
    client.force_login(world.users["analyst"])
    payload = _payload(world, **{"figures-0-total": "10"})
    response = client.post(reverse("activities:create"), payload)
    assert response.status_code == 200
    assert "no coincide con el total" in response.content.decode()
    assert not Activity.objects.filter(title="Capacitación en igualdad").exists()


def test_create_activity_offers_analyst_only_its_unit(client, world):
    client.force_login(world.users["analyst"])
    payload = _payload(world, unit=str(world.other_unit.pk))
    response = client.post(reverse("activities:create"), payload)
    assert response.status_code == 200
    assert pages.field_errors(response, "id_unit")  # shown under the field
    assert not Activity.objects.filter(title="Capacitación en igualdad").exists()


def test_create_activity_by_liaison_reports_for_its_organization(client, world):
    client.force_login(world.users["liaison"])
    payload = _payload(world, reporting_organization=str(world.agency.pk))
    del payload["unit"]
    response = client.post(reverse("activities:create"), payload)
    assert response.status_code == 302
    activity = Activity.objects.get(title="Capacitación en igualdad")
    assert (activity.reporting_organization, activity.unit) == (world.agency, None)


def test_edit_activity_keeps_figures_and_records_history(client, world):
    client.force_login(world.users["analyst"])
    activity = world.unit_activity
    figure = activity.figures.get()
    payload = _payload(
        world,
        title="Título corregido",
        **_management("partners", 0),
        **_management("figures", 1, initial=1),
        **{"figures-0-id": str(figure.pk), "figures-0-activity": str(activity.pk)},
        **_management("footnotes", 0),
    )
    payload["narrative"] = "Se capacitó a {{ capacitadas.mujeres }} mujeres."
    response = client.post(reverse("activities:edit", args=[activity.pk]), payload)
    assert response.status_code == 302
    activity.refresh_from_db()
    assert activity.title == "Título corregido"
    history = client.get(reverse("activities:history", args=[activity.pk]))
    text = history.content.decode()
    assert "Capacitación de la unidad A" in text
    assert "Título corregido" in text


def test_preview_shows_unsaved_figure_values_in_mexican_format(client, world):
    client.force_login(world.users["analyst"])
    response = client.post(reverse("activities:preview"), _payload(world))
    assert response.status_code == 200
    html = response.content.decode()
    assert re.search(r"<mark[^>]*>81,961</mark>", html)
    assert "1/" in html
    assert re.search(r"1/ Registros de <mark[^>]*>2023</mark>\.", html)
    assert "Atención" not in html


def test_preview_warns_about_a_missing_figure(client, world):
    client.force_login(world.users["analyst"])
    payload = _payload(world, narrative="Fueron {{ asistentes | palabras }} personas.")
    response = client.post(reverse("activities:preview"), payload)
    html = response.content.decode()
    assert "No existe la cifra «asistentes» en esta actividad." in html


def test_preview_warns_about_a_missing_footnote(client, world):
    client.force_login(world.users["analyst"])
    payload = _payload(world, narrative="Texto.[^otra]")
    html = client.post(reverse("activities:preview"), payload).content.decode()
    assert "No existe la nota al pie «otra» en esta actividad." in html


def test_preview_resolves_bound_figures_from_the_form(client, world):
    client.force_login(world.users["analyst"])
    payload = _payload(
        world,
        narrative="En {{ estados | palabras }} estados: {{ estados | lista }}.",
        states=["01", "09"],
        **{
            "figures-0-name": "estados",
            "figures-0-source": "bound",
            "figures-0-binding": "activity.states",
            "figures-0-women": "",
            "figures-0-men": "",
        },
    )
    html = client.post(reverse("activities:preview"), payload).content.decode()
    assert "En <mark" in html
    assert ">dos</mark>" in html
    assert "Aguascalientes y Ciudad de México" in html


def test_preview_button_without_javascript_renders_the_form_with_preview(client, world):
    client.force_login(world.users["analyst"])
    payload = _payload(world, _preview="1")
    response = client.post(reverse("activities:create"), payload)
    assert response.status_code == 200
    assert re.search(r"<mark[^>]*>81,961</mark>", response.content.decode())
    assert not Activity.objects.filter(title="Capacitación en igualdad").exists()


def test_municipalities_are_offered_within_chosen_states(client, world):
    Municipality.objects.create(state_id="01", code="001", cvegeo="01001", name="Aguascalientes")
    Municipality.objects.create(state_id="02", code="001", cvegeo="02001", name="Ensenada")
    client.force_login(world.users["analyst"])
    response = client.post(
        reverse("activities:create"), _payload(world, states=["01"], _preview="1")
    )
    choices = pages.select_options(response, "municipalities")
    assert [Municipality.objects.get(pk=pk).cvegeo for pk in choices] == ["01001"]


def test_list_filters_by_text_and_state(client, world):
    world.unit_activity.states.set(["09"])
    client.force_login(world.users["reviewer"])
    response = client.get(reverse("activities:list"), {"state": "09"})
    assert [pk for pk, _title in pages.listed_activities(response)] == [world.unit_activity.pk]
    response = client.get(reverse("activities:list"), {"q": "secretaría"})
    assert [title for _pk, title in pages.listed_activities(response)] == [
        "Informe de la Secretaría A"
    ]


def test_list_filters_by_partner_without_duplicates(client, world):
    for role in ("organizer", "funder"):
        Partner.objects.create(activity=world.unit_activity, organization=world.agency, role=role)
    client.force_login(world.users["reviewer"])
    response = client.get(reverse("activities:list"), {"partner": world.agency.pk})
    assert [pk for pk, _title in pages.listed_activities(response)] == [world.unit_activity.pk]


def test_home_lists_each_roles_own_pending_work(client, world):
    client.force_login(world.users["analyst"])
    analyst_home = pages.home_work(client.get(reverse("core:home")))
    assert [pk for pk, _title in analyst_home["to_capture"]] == [world.unit_activity.pk]
    assert analyst_home["to_review"] is None
    client.force_login(world.users["reviewer"])
    reviewer_home = pages.home_work(client.get(reverse("core:home")))
    assert [pk for pk, _title in reviewer_home["to_review"]] == [world.submitted_activity.pk]
    client.force_login(world.users["liaison"])
    liaison_home = pages.home_work(client.get(reverse("core:home")))
    assert [pk for pk, _title in liaison_home["to_capture"]] == [world.agency_activity.pk]


def test_home_lists_editions_awaiting_the_signatory(client, world):
    from avance.documents.reports.models import Edition, Signatory

    edition = Edition.objects.create(
        year=2023, institution=world.institute, heading="Informe", introduction="Texto"
    )
    Signatory.objects.create(
        edition=edition,
        role="elaboro",
        name="C.P. Firmante",
        post="Director",
        user=world.users["signatory"],
    )
    client.force_login(world.users["signatory"])
    response = client.get(reverse("core:home"))
    assert pages.home_work(response)["to_sign"] == [(edition.pk, str(edition))]


def test_login_lands_on_home(client, world):
    response = client.post(
        reverse("accounts:login"), {"username": "analista_a", "password": "una-clave-de-prueba"}
    )
    assert response.status_code == 302
    assert response.url == reverse("core:home")


def test_detail_shows_figure_anchor_and_review_buttons(client, world):
    client.force_login(world.users["reviewer"])
    html = client.get(reverse("activities:detail", args=[world.submitted_activity.pk])).content
    assert b"Devolver con observaciones" in html
    client.force_login(world.users["analyst"])
    html = client.get(reverse("activities:detail", args=[world.unit_activity.pk])).content
    assert b'id="cifra-capacitadas"' in html
    assert b"Enviar a revisi" in html


def _more_activities(world, count):
    Activity.objects.bulk_create(
        Activity(
            year=2022 + i % 2,
            kind="event",
            title=f"Actividad {i}",
            objective=world.objective,
            unit=world.unit if i % 2 else world.other_unit,
            reporting_organization=world.agency if i % 3 == 0 else None,
        )
        for i in range(count)
    )


@pytest.mark.parametrize(
    ("role", "url_name", "params"),
    [
        ("reviewer", "activities:list", {}),
        ("reviewer", "activities:list", {"q": "actividad", "state": "09", "year": "2023"}),
        ("liaison", "activities:list", {"partner": "1", "status": "draft"}),
        ("analyst", "core:home", {}),
        ("reviewer", "core:home", {}),
    ],
)
def test_list_pages_run_a_bounded_number_of_queries(
    client, world, django_assert_num_queries, role, url_name, params
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(world.users[role])
    url = reverse(url_name)
    with CaptureQueriesContext(connection) as few:
        assert client.get(url, params).status_code == 200
    _more_activities(world, 120)
    Activity.objects.filter(title__startswith="Actividad ").update(status="submitted")
    with django_assert_num_queries(len(few.captured_queries)):
        response = client.get(url, params)
    assert response.status_code == 200


def test_list_filter_options_are_escaped(client, world):
    from avance.catalogs.directory.models import Organization

    Organization.objects.create(name='<script>alert("x")</script>', kind="civil_society")
    client.force_login(world.users["reviewer"])
    html = client.get(reverse("activities:list")).content.decode()
    assert "<script>alert" not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in html


def test_pages_print_the_year_without_a_thousands_separator(client, world):
    client.force_login(world.users["analyst"])
    for url in (reverse("activities:list"), reverse("core:home")):
        html = client.get(url).content.decode()
        assert "<td>2023</td>" in html
        assert "2,023" not in html


def test_list_rows_link_each_activity_and_escape_its_text(client, world):
    from avance.catalogs.directory.models import Unit

    hostile = '<img src=x onerror="alert(1)"> & =HYPERLINK("x")'
    world.unit_activity.title = hostile
    world.unit_activity.save()
    Unit.objects.filter(pk=world.unit_activity.unit_id).update(name="Unidad <b>A</b>", acronym="")
    client.force_login(world.users["reviewer"])
    html = client.get(reverse("activities:list")).content.decode()
    link = reverse("activities:detail", args=[world.unit_activity.pk])
    assert f'<a href="{link}">&lt;img src=x onerror=&quot;alert(1)&quot;&gt; &amp; ' in html
    assert "<img src=x" not in html and "<b>A</b>" not in html
    assert "Unidad &lt;b&gt;A&lt;/b&gt;" in html
    assert f"<td>{world.unit_activity.year}</td>" in html  # no thousands separator


def test_text_search_has_trigram_indexes_on_postgresql_only(db):
    from django.db import connection

    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT indexname FROM pg_indexes WHERE tablename = 'activities_activity' "
                "AND indexdef LIKE '%%gin_trgm_ops%%' ORDER BY indexname"
            )
            expected = [("activity_search_trgm",)]
        else:
            cursor.execute("SELECT name FROM sqlite_master WHERE name LIKE '%trgm%'")
            expected = []
        assert cursor.fetchall() == expected


def test_a_repeated_figure_or_note_name_is_a_form_error_not_a_crash(client, world):
    client.force_login(world.users["analyst"])
    url = reverse("activities:edit", args=[world.unit_activity.pk])
    # The activity already has a figure «capacitadas»; the payload adds another.
    response = client.post(url, _payload(world))
    assert response.status_code == 200
    assert "Ya hay una cifra con este nombre en la actividad." in response.content.decode()
    assert world.unit_activity.figures.count() == 1


def test_pagination_links_of_a_list_past_a_thousand_pages():
    # A national list holds hundreds of thousands of activities: the links carry the page's
    # number as the URL reads it (1001), the label as a reader reads it (1,000).
    from django.core.paginator import Paginator
    from django.template.loader import render_to_string

    page = Paginator(range(30_000), 25).page(1_000)
    html = render_to_string("activities/_pagination.html", {"page": page, "query": "year=2023"})
    assert 'href="?year=2023&amp;pagina=1001"' in html
    assert 'href="?year=2023&amp;pagina=999"' in html
    assert 'href="?year=2023&amp;pagina=1200"' in html
    assert "Página 1,000 de 1,200" in html
