"""A figure's value as documents print it (``Resolved``), and the rows bindings read."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

from avance.capture.activities.checks import SEX_ATTRIBUTES


@dataclass(frozen=True, slots=True)
class Item:
    """One element of a list-valued figure: a state, a session, an organisation."""

    label: str
    number: int | None = None
    date: datetime.date | None = None


@dataclass(slots=True)
class Resolved:
    """A figure's value as a document prints it, and where it comes from."""

    name: str
    total: int | None
    parts: dict[str, int | None] = field(default_factory=dict)
    items: tuple[Item, ...] | None = None
    source: str = ""
    figure_id: int | None = None
    activity_id: int | None = None
    measure: str = ""
    scalar: Any = None  # a non-numeric single value (a date)

    def attribute(self, attr: str | None) -> Any:
        """The raw value of ``name`` or ``name.attr``; KeyError when there is no such part."""
        if attr is None:
            if self.scalar is not None:
                return self.scalar
            if self.total is not None:
                return self.total
            if self.items is not None:
                return list(self.items)
            return None
        if attr == "total":
            return self.total
        if attr in SEX_ATTRIBUTES:
            return self.parts.get(attr)
        if self.items is not None:
            if attr == "nombres":
                return [item.label for item in self.items]
            if attr == "numeros":
                return [item.number for item in self.items]
            if attr == "fechas":
                return [item.date for item in self.items]
            if attr == "cuantos":
                return len(self.items)
        raise KeyError(attr)


@dataclass(slots=True)
class ActivityRows:
    """What the activity bindings read about one activity, as plain rows."""

    # (common name, INEGI key as a number), one per state of the activity.
    states: list[tuple[str, int]]
    # (date, number, id, kind, label), one per session of a coordination body.
    sessions: list[tuple[datetime.date | None, int | None, int, str, str]]
    # (role, organisation label), one per partner, in the partners' order.
    partners: list[tuple[str, str]]


@dataclass(slots=True)
class FigureRow:
    """A figure as bindings read it (from a model instance or a query row)."""

    pk: int
    name: str
    activity_id: int | None
    measure: str  # the measure's name
    source: str
    binding: str
    binding_params: dict
    total: int | None = None
    women: int | None = None
    men: int | None = None
    other: int | None = None
    unspecified: int | None = None
    note: str = ""
    entered_by: str = ""  # the full name of who entered it
    activity: ActivityRows | None = None  # filled for bindings that read the activity
    institution_id: int | None = None  # the activity's: rosters are named within it


def listed(figure: FigureRow, items: tuple[Item, ...], source: str) -> Resolved:
    """A figure that is a list (states, sessions, organisations): it counts its items."""
    return Resolved(
        name=figure.name,
        total=len(items),
        items=items,
        source=source,
        figure_id=figure.pk,
        activity_id=figure.activity_id,
        measure=figure.measure,
    )
