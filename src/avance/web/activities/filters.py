"""Filters of the activity list (django-filter), applied to the user's scoped queryset."""

from __future__ import annotations

import django_filters
from django import forms
from django.db.models import Exists, OuterRef
from django.utils.html import format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from avance.accounts.scope import scope_of
from avance.capture.activities.models import (
    Activity,
    ActivityKind,
    Partner,
    ReviewStatus,
    search_key,
)
from avance.catalogs.directory.models import Organization
from avance.catalogs.planning.models import StrategicObjective
from avance.catalogs.territory.models import State


class Select(forms.Select):
    """Django's select with its options written by ``format_html_join``: the stock widget
    renders two templates per option, which was most of the list page's time (decision
    0010). The ``<select>`` element and its attributes are still Django's template."""

    template_name = "web/widgets/select.html"

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["widget"]["options"] = format_html_join(
            "",
            '<option value="{}"{}>{}</option>',
            (
                (
                    option["value"],
                    mark_safe(" selected") if option["selected"] else "",
                    option["label"],
                )
                for _group, options, _index in context["widget"]["optgroups"]
                for option in options
            ),
        )
        return context


def _objectives(request):
    """The objectives of the institution the user works in (django-filter calls this with
    the request)."""
    if request is None:
        return StrategicObjective.objects.none()
    institution = scope_of(request.user).institution_id
    return StrategicObjective.objects.filter(institution=institution).order_by("number", "id")


MAX_SEARCH_WORDS = 10


class ActivityFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label=_("Buscar en título y redacción"),
        method="filter_text",
        max_length=200,
        help_text=_("Una o varias palabras, en cualquier orden."),
    )
    year = django_filters.NumberFilter(
        label=_("Ejercicio"), widget=forms.NumberInput(attrs={"min": 2000, "max": 2100})
    )
    objective = django_filters.ModelChoiceFilter(
        label=_("Objetivo estratégico"),
        queryset=_objectives,
        empty_label=_("Todos"),
        widget=Select,
    )
    kind = django_filters.ChoiceFilter(
        label=_("Tipo"), choices=ActivityKind.choices, empty_label=_("Todos"), widget=Select
    )
    state = django_filters.ModelChoiceFilter(
        label=_("Entidad"),
        queryset=State.objects.order_by("common_name"),
        method="filter_state",
        empty_label=_("Todas"),
        widget=Select,
    )
    partner = django_filters.ModelChoiceFilter(
        label=_("Organización participante"),
        queryset=Organization.objects.exclude(kind="institute").order_by("name"),
        method="filter_partner",
        empty_label=_("Todas"),
        widget=Select,
    )
    status = django_filters.ChoiceFilter(
        label=_("Estado de revisión"),
        choices=ReviewStatus.choices,
        empty_label=_("Todos"),
        widget=Select,
    )

    class Meta:
        model = Activity
        fields = ["q", "year", "objective", "kind", "state", "partner", "status"]

    def filter_text(self, queryset, name, value):
        # Every word, in any order, in the title or the narrative; case and Spanish accents
        # do not matter: «mujeres capacitacion» finds «Capacitación de mujeres».
        for word in search_key(value).split()[:MAX_SEARCH_WORDS]:
            queryset = queryset.filter(search_text__contains=word)
        return queryset

    def filter_state(self, queryset, name, value):
        # EXISTS rather than a join: one row per activity whatever the number of states.
        through = Activity.states.through
        return queryset.filter(
            Exists(through.objects.filter(activity_id=OuterRef("pk"), state_id=value.pk))
        )

    def filter_partner(self, queryset, name, value):
        return queryset.filter(
            Exists(Partner.objects.filter(activity_id=OuterRef("pk"), organization_id=value.pk))
        )
