"""Filters of the activity list (django-filter), applied to the user's scoped queryset."""

from __future__ import annotations

from functools import lru_cache

import django_filters
from django import forms
from django.db.models import Exists, OuterRef
from django.forms.utils import flatatt
from django.utils.safestring import mark_safe
from django.utils.text import Truncator
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from avance.activities.models import (
    Activity,
    ActivityKind,
    Partner,
    ReviewStatus,
    search_key,
)
from avance.core import stamped_cache
from avance.core.text import escape
from avance.directory.models import Organization
from avance.planning.models import StrategicObjective
from avance.territory.models import State


@lru_cache(maxsize=16)
def _translated_for(choices_class, language: str) -> list[tuple[str, str]]:
    return [(value, str(label)) for value, label in choices_class.choices]


def _translated(choices_class) -> list[tuple[str, str]]:
    """Choices as plain strings, translated once per language and process.

    Casting each lazy label on every request cost about a millisecond per select.
    """
    return _translated_for(choices_class, get_language() or "")


@lru_cache(maxsize=1)
def _states() -> list[tuple[str, str]]:
    """The 32 states ship with the code (a migration) and do not change while running."""
    return list(State.objects.order_by("common_name").values_list("code", "common_name"))


# Catalog choices as plain (value, label) rows: one light query each, no model instances and
# no server-side cursor (ModelChoiceField iterates with one on PostgreSQL: three round trips).
# Both are kept per process while their tables are unchanged (core/stamped_cache.py, group
# «list catalogs» of core/models.py): a list page reads a counter instead of the catalogs.


def _objectives() -> list[tuple[str, str]]:
    rows = StrategicObjective.objects.order_by("number", "id").values_list("id", "number", "title")
    return [(str(pk), Truncator(f"{number}. {title}").chars(90)) for pk, number, title in rows]


def _organizations() -> list[tuple[str, str]]:
    # Every organisation but the institute: no join over all partnerships per request.
    rows = Organization.objects.exclude(kind="institute").order_by("name")
    return [
        (str(pk), f"{name} ({acronym})" if acronym else name)
        for pk, name, acronym in rows.values_list("id", "name", "acronym")
    ]


def _catalogs() -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    build = lambda: (_objectives(), _organizations())  # noqa: E731
    return stamped_cache.cached(("list catalogs",), build, group="list catalogs")


class FastSelect(forms.Select):
    """A select rendered in Python rather than through a template per option.

    The default widget renders every <option> through the template engine, which made the
    filter form the most expensive part of the list page (measured in bench/pages.py).
    Labels and values are escaped by ``format_html``.
    """

    def render(self, name, value, attrs=None, renderer=None):
        chosen = {str(v) for v in (value if isinstance(value, list | tuple) else [value])}
        final = self.build_attrs(self.attrs, {**(attrs or {}), "name": name})
        options = []
        for key, label in self.choices:
            key = str(key)
            selected = " selected" if key in chosen else ""
            options.append(f'<option value="{escape(key)}"{selected}>{escape(str(label))}</option>')
        # Every value and label above is escaped; the attributes by flatatt.
        return mark_safe(f"<select{flatatt(final)}>{''.join(options)}</select>")


class ActivityFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label=_("Buscar en título y redacción"), method="filter_text", max_length=200
    )
    year = django_filters.NumberFilter(
        label=_("Ejercicio"), widget=forms.NumberInput(attrs={"min": 2000, "max": 2100})
    )
    objective = django_filters.ChoiceFilter(
        label=_("Objetivo estratégico"),
        choices=(),  # the catalog, set per request in __init__
        field_name="objective_id",
        empty_label=_("Todos"),
    )
    kind = django_filters.ChoiceFilter(
        label=_("Tipo"), choices=lambda: _translated(ActivityKind), empty_label=_("Todos")
    )
    state = django_filters.ChoiceFilter(
        label=_("Entidad"), choices=lambda: _states(), method="filter_state", empty_label=_("Todas")
    )
    partner = django_filters.ChoiceFilter(
        label=_("Organización participante"),
        choices=(),  # the catalog, set per request in __init__
        method="filter_partner",
        empty_label=_("Todas"),
    )
    status = django_filters.ChoiceFilter(
        label=_("Estado de revisión"),
        choices=lambda: _translated(ReviewStatus),
        empty_label=_("Todos"),
    )

    class Meta:
        model = Activity
        fields = ["q", "year", "objective", "kind", "state", "partner", "status"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The catalogs once per request, as lists: a callable is called again each time the
        # choices are iterated (validating a value, then rendering the select).
        objectives, organizations = _catalogs()
        self.filters["objective"].extra["choices"] = objectives
        self.filters["partner"].extra["choices"] = organizations
        for field in self.form.fields.values():
            if type(field.widget) is forms.Select:
                field.widget = FastSelect(attrs=field.widget.attrs, choices=field.choices)

    def filter_text(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        # Case and Spanish accents do not matter: «autonomia» finds «Autonomía».
        return queryset.filter(search_text__contains=search_key(value))

    def filter_state(self, queryset, name, value):
        # EXISTS rather than a join: one row per activity whatever the number of states.
        through = Activity.states.through
        return queryset.filter(
            Exists(through.objects.filter(activity_id=OuterRef("pk"), state_id=value))
        )

    def filter_partner(self, queryset, name, value):
        return queryset.filter(
            Exists(Partner.objects.filter(activity_id=OuterRef("pk"), organization_id=value))
        )
