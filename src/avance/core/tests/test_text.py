from django.utils.html import escape as django_escape
from django.utils.translation import gettext_lazy
from hypothesis import given
from hypothesis import strategies as st

from avance.core.text import escape


@given(st.text())
def test_escape_is_djangos(text):
    assert escape(text) == str(django_escape(text))


def test_escape_takes_any_value_as_django_does():
    for value in (gettext_lazy("Todas"), 42, None, '<a href="x">&\'</a>'):
        assert escape(value) == str(django_escape(value))
    assert escape('<b a="1">\'&') == "&lt;b a=&quot;1&quot;&gt;&#x27;&amp;"
