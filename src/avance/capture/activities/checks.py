"""What a figure may hold, checked wherever it is saved (forms, admin, demo loader, code).

A figure is *entered* (typed once, with a note) or *bound*: computed from records by a named
binding whenever it is read (``avance.figures`` computes them). The bindings a figure may name
are listed here, with the parameters each reads, so that a figure can be checked where it is
captured without computing it.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

if TYPE_CHECKING:
    from avance.capture.activities.models import Figure

# Names of the sex breakdown as the narrative cites them, and the model field of each.
SEX_ATTRIBUTES = {
    "mujeres": "women",
    "hombres": "men",
    "otro": "other",
    "no_especificado": "unspecified",
}


@dataclass(frozen=True)
class Binding:
    """A way of computing a figure from records (its computation is in ``avance.figures``)."""

    code: str
    label: str
    params: tuple[str, ...] = ()


ROSTER_COUNT = "roster.count"  # the binding that counts a roster's people

BINDINGS = {
    binding.code: binding
    for binding in (
        Binding("activity.states", gettext_lazy("Entidades de la actividad")),
        Binding("activity.sessions", gettext_lazy("Sesiones de la actividad"), ("kind",)),
        Binding("activity.partners", gettext_lazy("Participantes de la actividad"), ("role",)),
        Binding("body.members", gettext_lazy("Integrantes de un órgano"), ("body",)),
        Binding(ROSTER_COUNT, gettext_lazy("Personas de un padrón"), ("roster", "by")),
    )
}


def binding_choices() -> list[tuple[str, str]]:
    return [(b.code, str(b.label)) for b in sorted(BINDINGS.values(), key=lambda b: b.code)]


def check_figure(figure: Figure) -> dict[str, list[str]]:
    """Return the errors of a figure, by field; an empty dict when it is consistent.

    Totals are checked against their parts; a part is never dropped silently.
    """
    errors: dict[str, list[str]] = defaultdict(list)
    parts = {attr: getattr(figure, attr) for attr in SEX_ATTRIBUTES.values()}
    given = {attr: value for attr, value in parts.items() if value is not None}
    if figure.source == "bound":
        if not figure.binding:
            errors["binding"].append(_("Una cifra calculada necesita un cálculo."))
        elif figure.binding not in BINDINGS:
            errors["binding"].append(_("El cálculo «%s» no existe.") % figure.binding)
        if figure.total is not None or given:
            errors["total"].append(_("Una cifra calculada no lleva valores capturados."))
        return dict(errors)
    if figure.binding:
        errors["binding"].append(_("Una cifra capturada no lleva cálculo."))
    measure = figure.measure
    if given and not measure.by_sex:
        errors["women"].append(_("La medida «%s» no se desagrega por sexo.") % measure.name)
    if figure.total is None and not given:
        errors["total"].append(_("Capture el total o sus partes."))
    if given and measure.by_sex and measure.parts_sum_to_total and figure.total is not None:
        parts_sum = sum(given.values())
        if parts_sum != figure.total:
            errors["total"].append(
                _("La suma de las partes (%(sum)s) no coincide con el total (%(total)s).")
                % {"sum": f"{parts_sum:,}", "total": f"{figure.total:,}"}
            )
    return dict(errors)


def normalize_figure(figure: Figure) -> None:
    """Fill an entered figure's total from its parts when only the parts were captured."""
    if figure.source == "entered" and figure.total is None:
        given = [getattr(figure, a) for a in SEX_ATTRIBUTES.values()]
        if any(v is not None for v in given) and figure.measure.parts_sum_to_total:
            figure.total = sum(v for v in given if v is not None)
