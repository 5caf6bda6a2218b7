"""Figures: totals checked against their parts, never dropped; bound figures computed."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction

from avance.capture.activities.checks import check_figure, normalize_figure
from avance.capture.activities.models import Figure, Measure

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    from tests.builders.world import build_world

    return build_world()


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


# --- whole numbers ------------------------------------------------------------------------


@pytest.mark.parametrize("fraction", [12.7, Decimal("1.5"), "3.25", float("nan"), float("inf")])
def test_a_figure_value_with_a_fraction_is_refused_on_save_never_rounded(world, fraction):
    from avance.capture.activities.models import Figure

    figure = Figure(activity=world.unit_activity, name="fraccion", measure=world.measure)
    figure.total = fraction
    with pytest.raises(ValidationError, match="número entero"):
        figure.save()
    assert not Figure.objects.filter(name="fraccion").exists()


def test_fractions_are_refused_by_bulk_writes_and_updates_too(world):
    from avance.capture.activities.models import Figure

    with pytest.raises(ValidationError), transaction.atomic():
        Figure.objects.bulk_create(
            [Figure(activity=world.unit_activity, name="b", measure=world.measure, men=2.5)]
        )
    with pytest.raises(ValidationError), transaction.atomic():
        Figure.objects.filter(activity=world.unit_activity).update(total=Decimal("30.4"))
    assert list(Figure.objects.values_list("total", flat=True)) == [30]


def test_whole_numbers_written_as_decimals_are_kept_exactly(world):
    from avance.capture.activities.models import Figure

    figure = Figure.objects.create(
        activity=world.unit_activity, name="entera", measure=world.measure, total=12.0
    )
    figure.refresh_from_db()
    assert figure.total == 12
    Figure.objects.filter(pk=figure.pk).update(total=Decimal("81961.000"))
    figure.refresh_from_db()
    assert figure.total == 81961


def test_the_admin_form_refuses_a_fraction(world):
    from avance.capture.activities.admin import FigureForm

    form = FigureForm(
        data={"name": "x", "measure": world.measure.pk, "source": "entered", "total": "12.5"}
    )
    assert not form.is_valid()
    assert "total" in form.errors
