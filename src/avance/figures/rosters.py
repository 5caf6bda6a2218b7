"""The figure binding ``roster.count``: a figure computed from a roster.

Parameters: ``{"roster": NAME, "by": "sex" | "states"}`` (``sex`` by default).

* ``sex`` — total people of the roster and the parts ``mujeres``, ``hombres``, ``otro``,
  ``no_especificado`` (every entry is counted in one of them: nothing is dropped);
* ``states`` — the states of residence present in the roster as items (``{{ f | lista }}``),
  and their number as the total (``{{ f }}``); each item's number is its INEGI key.

All figures of a document bound to rosters resolve together: one aggregate query per kind of
breakdown asked for, whatever the number of activities.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from avance.capture.activities.checks import ROSTER_COUNT
from avance.capture.people.counts import batch_by_sex, batch_by_state, sex_parts
from avance.figures.values import FigureRow, Item, Resolved

CODE = ROSTER_COUNT
BREAKDOWNS = ("sex", "states")


def _name(figure) -> str:
    return str((figure.binding_params or {}).get("roster", ""))


def _by(figure) -> str:
    return str((figure.binding_params or {}).get("by", "sex"))


def roster_counts(figures: list[FigureRow]) -> dict[int, Resolved]:
    # A roster is named within its institution: the figures of each institution (a document
    # has one) are counted from that institution's rosters.
    by_institution: dict[int | None, list[FigureRow]] = {}
    for figure in figures:
        by_institution.setdefault(figure.institution_id, []).append(figure)
    out: dict[int, Resolved] = {}
    for institution_id, group in by_institution.items():
        out.update(_counts(group, institution_id))
    return out


def _counts(figures: list[FigureRow], institution_id: int | None) -> dict[int, Resolved]:
    by_sex_names = {_name(f) for f in figures if _by(f) == "sex"}
    by_state_names = {_name(f) for f in figures if _by(f) == "states"}
    sexes = batch_by_sex(by_sex_names, institution_id) if by_sex_names else {}
    states = batch_by_state(by_state_names, institution_id) if by_state_names else {}
    out: dict[int, Resolved] = {}
    for figure in figures:
        name, by = _name(figure), _by(figure)
        common = {
            "name": figure.name,
            "figure_id": figure.pk,
            "activity_id": figure.activity_id,
            "measure": figure.measure,
        }
        if by == "states":
            rows = states.get(name, [])
            items = tuple(Item(label=label, number=int(key)) for key, label, _n in rows)
            out[figure.pk] = Resolved(
                total=len(items),
                items=tuple(sorted(items, key=lambda item: item.label)),
                source=_("Entidades de residencia en el padrón «%s»") % name,
                **common,
            )
        elif by == "sex":
            parts = sexes.get(name, sex_parts([]))
            out[figure.pk] = Resolved(
                total=sum(parts.values()),
                parts=parts,
                source=_("Personas del padrón «%s», por sexo") % name,
                **common,
            )
        else:
            out[figure.pk] = Resolved(
                total=None, source=_("Desglose desconocido «%s» del padrón") % by, **common
            )
    return out
