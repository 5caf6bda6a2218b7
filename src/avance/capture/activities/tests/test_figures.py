"""Figures: totals checked against their parts, never dropped; bound figures computed."""

from __future__ import annotations

import pytest

from avance.capture.activities.checks import check_figure, normalize_figure
from avance.capture.activities.models import Figure, Measure

pytestmark = pytest.mark.django_db


def _figure(code: str, **values) -> Figure:
    return Figure(name="cifra", measure=Measure.objects.get(code=code), **values)


def test_check_figure_parts_matching_total_is_consistent():
    figure = _figure("personas_capacitadas", total=147798, women=81961, men=65837)
    assert check_figure(figure) == {}


def test_check_figure_parts_not_summing_to_total_is_an_error():
    figure = _figure("personas_capacitadas", total=100, women=81961, men=65837)
    assert check_figure(figure) == {
        "total": ["La suma de las partes (147,798) no coincide con el total (100)."]
    }


def test_check_figure_other_and_unspecified_count_in_the_sum():
    figure = _figure("personas_capacitadas", total=10, women=5, men=3, other=1, unspecified=1)
    assert check_figure(figure) == {}
    figure.unspecified = None
    assert list(check_figure(figure)) == ["total"]


def test_check_figure_parts_of_a_measure_not_by_sex_are_rejected():
    figure = _figure("sesiones_realizadas", total=3, women=2)
    assert check_figure(figure) == {
        "women": ["La medida «Sesiones realizadas» no se desagrega por sexo."]
    }


def test_check_figure_without_total_or_parts_is_an_error():
    assert list(check_figure(_figure("personas_capacitadas"))) == ["total"]


def test_check_figure_bound_needs_a_known_binding():
    figure = _figure("entidades_cubiertas", source="bound", binding="no.existe")
    assert check_figure(figure) == {"binding": ["El cálculo «no.existe» no existe."]}


def test_check_figure_bound_carries_no_typed_values():
    figure = _figure("entidades_cubiertas", source="bound", binding="activity.states", total=7)
    assert list(check_figure(figure)) == ["total"]


def test_normalize_figure_fills_total_from_parts():
    figure = _figure("personas_certificadas", women=557, men=111)
    normalize_figure(figure)
    assert figure.total == 668
    assert check_figure(figure) == {}


def test_normalize_figure_keeps_a_given_total():
    figure = _figure("personas_certificadas", total=700, women=557, men=111)
    normalize_figure(figure)
    assert figure.total == 700
    assert list(check_figure(figure)) == ["total"]
