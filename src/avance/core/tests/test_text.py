import pytest
from django.utils.html import escape as django_escape
from django.utils.translation import gettext_lazy
from hypothesis import given
from hypothesis import strategies as st

from avance.core.text import CONTROL, clean_text, escape


@given(st.text())
def test_escape_is_djangos(text):
    assert escape(text) == str(django_escape(text))


def test_escape_takes_any_value_as_django_does():
    for value in (gettext_lazy("Todas"), 42, None, '<a href="x">&\'</a>'):
        assert escape(value) == str(django_escape(value))
    assert escape('<b a="1">\'&') == "&lt;b a=&quot;1&quot;&gt;&#x27;&amp;"


HOSTILE = "Tí\x00tu\u202elo\u2066 con\x07 todo\u202c\ufeff"


@given(st.text())
def test_clean_text_leaves_nothing_of_control_and_changes_nothing_else(text):
    cleaned = clean_text(text)
    assert not CONTROL.search(cleaned)
    assert cleaned == "".join(ch for ch in text if not CONTROL.match(ch))


def test_clean_text_keeps_tabs_line_breaks_and_spanish():
    assert clean_text("Línea\tuno\r\nAñil «ü»") == "Línea\tuno\r\nAñil «ü»"
    assert clean_text(HOSTILE) == "Título con todo\ufeff"
    assert clean_text(None) == ""


@pytest.mark.django_db
def test_every_save_strips_control_characters_from_text_fields():
    from avance.capture.activities.models import Activity
    from avance.catalogs.directory.models import Organization

    organization = Organization.objects.create(name=HOSTILE, acronym="X\u202eY", kind="csos")
    activity = Activity.objects.create(year=2023, kind="event", title=HOSTILE, narrative=HOSTILE)
    organization.refresh_from_db()
    activity.refresh_from_db()
    assert organization.name == activity.title == activity.narrative == "Título con todo\ufeff"
    assert organization.acronym == "XY"


@pytest.mark.django_db
def test_the_editor_stores_no_bidirectional_override(client):
    from django.urls import reverse

    from avance.capture.activities.models import Activity
    from avance.web.tests.test_activities import _payload
    from tests.builders.world import build_world

    world = build_world()
    client.force_login(world.users["analyst"])
    title = "Informe \u202eacifitrec\u202c anual"
    response = client.post(reverse("activities:create"), _payload(world, title=title))
    assert response.status_code == 302
    stored = Activity.objects.get(title__contains="acifitrec")
    assert stored.title == "Informe acifitrec anual"
