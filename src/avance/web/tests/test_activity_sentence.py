"""The activity page shows the finished sentence, not the markup: figures as they print, each
linked to its row and source, footnotes numbered."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.builders import pages
from tests.builders.world import build_world


@pytest.fixture
def world(db):
    return build_world()


def test_the_activity_page_shows_the_finished_sentence_linked_to_its_figures(client, world):
    from avance.capture.activities.models import Footnote

    activity = world.unit_activity
    activity.narrative = "Se capacitó a {{ capacitadas.mujeres }} mujeres.[^fuente]"
    activity.save()
    Footnote.objects.create(activity=activity, key="fuente", text="Listas de asistencia.")
    client.force_login(world.users["reviewer"])
    page = pages.html(client.get(reverse("activities:detail", args=[activity.pk])))
    sentence = page[page.index('class="narrative-preview"') :]
    assert 'href="#cifra-capacitadas"' in sentence
    assert '<mark class="figure">20</mark>' in sentence
    assert "1/" in sentence and "Listas de asistencia." in sentence
    assert "{{ capacitadas.mujeres }}" in page  # the stored form, behind «Texto con sus marcas»
