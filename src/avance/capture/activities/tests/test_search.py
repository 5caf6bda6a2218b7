"""The list's text search: one stored column, case and Spanish accents folded."""

import pytest
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from avance.capture.activities.models import Activity, search_key
from tests.builders import pages
from tests.builders.world import build_world


@pytest.fixture
def world(db):
    return build_world()


def _found(client, text):
    response = client.get(reverse("activities:list"), {"q": text})
    assert response.status_code == 200
    return [title for _pk, title in pages.listed_activities(response)]


def test_search_ignores_case_and_the_accents_of_spanish_vowels(client, world):
    world.unit_activity.title = "Autonomía económica de las niñas"
    world.unit_activity.narrative = "Pláticas en Güémez, Tamaulipas."
    world.unit_activity.save()
    client.force_login(world.users["reviewer"])
    title = world.unit_activity.title
    for text in ("autonomia", "AUTONOMÍA", "Económica", "niñas", "NIÑAS", "guemez", "pLATICAS"):
        assert _found(client, text) == [title], text
    # ñ is a letter of its own.
    assert _found(client, "ninas") == []
    # Several words: each one, in any order, in the title or the narrative.
    assert _found(client, "  pláticas   NIÑAS ") == [title]
    assert _found(client, "autonomia guemez") == [title]
    assert _found(client, "autonomia cuidados") == []
    # LIKE's wildcards are looked for as they are.
    assert _found(client, "%") == [] and _found(client, "_") == []


def test_search_follows_writes_that_skip_save(client, world):
    # The column is computed by the database: update() and bulk_create() keep it right.
    Activity.objects.filter(pk=world.unit_activity.pk).update(title="Jornada de Paridad")
    Activity.objects.bulk_create(
        [Activity(year=2023, kind="event", title="Foro sobre Cuidados", unit=world.unit)]
    )
    client.force_login(world.users["reviewer"])
    assert _found(client, "paridad") == ["Jornada de Paridad"]
    assert _found(client, "cuidados") == ["Foro sobre Cuidados"]


SPANISH = st.text(
    alphabet=st.sampled_from("abcdeinoszABCDNOSZáéíóúüñÁÉÍÓÚÜÑ .,;:¿?¡!0123456789%_"),
    max_size=40,
)


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(title=SPANISH, narrative=SPANISH)
def test_python_and_the_database_fold_text_alike(world, title, narrative):
    """``search_key`` (the typed words) and the stored column (the records) agree, on each
    database: what is typed is found in the record it was copied from."""
    Activity.objects.filter(pk=world.unit_activity.pk).update(title=title, narrative=narrative)
    stored = Activity.objects.values_list("search_text", flat=True).get(pk=world.unit_activity.pk)
    assert stored == search_key(title) + "\n" + search_key(narrative)
