"""Every figure of a document resolved to a value with its provenance.

A figure is *entered* (typed once, with a note) or *bound*: computed from records whenever it
is read, by the binding it names (``capture.activities.checks.BINDINGS`` lists them; this
module computes them). Bindings resolve in batches: each receives every figure that uses it at
once, so a document costs a fixed number of queries whatever its size.

The report builds ``FigureRow`` rows straight from queries; the activity page and the editor's
preview pass model instances, which ``resolve_figures`` turns into the same rows.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any

from django.utils.translation import gettext as _

from avance.figures import bindings, rosters
from avance.figures.values import ActivityRows, FigureRow, Resolved

if TYPE_CHECKING:
    from avance.capture.activities.models import Activity, Figure

Resolver = Callable[[list[FigureRow]], dict[int, Resolved]]

# binding code → its resolver; ``test_every_binding_has_a_resolver`` keeps this in step with
# the bindings a figure may name.
RESOLVERS: dict[str, Resolver] = {
    "activity.states": bindings.activity_states,
    "activity.sessions": bindings.activity_sessions,
    "activity.partners": bindings.activity_partners,
    "body.members": bindings.body_members,
    "roster.count": rosters.roster_counts,
}
# The bindings that read the figure's own activity (its states, sessions and partners).
READS_ACTIVITY = {"activity.states", "activity.sessions", "activity.partners"}


def activity_rows(activity: Any) -> ActivityRows:
    """The rows of an activity instance (or the editor's preview of one) for bindings.

    Reads ``activity.states``, ``sessions`` (with their body) and ``partners`` (with their
    organisation): prefetch them to avoid a query per relation.
    """
    return ActivityRows(
        states=[(s.common_name, int(s.code)) for s in activity.states.all()],
        sessions=[(s.date, s.number, s.pk, s.kind, str(s)) for s in activity.sessions.all()],
        partners=[(p.role, p.organization.label) for p in activity.partners.all()],
    )


def figure_row(figure: Figure, activities: dict[int, ActivityRows] | None = None) -> FigureRow:
    """A figure instance as a ``FigureRow`` (its ``measure`` loaded, or one query).

    ``activities`` holds the rows of each activity already read (by ``id`` of the activity
    object), so that an activity with several bound figures is read once.
    """
    reads_activity = figure.source == "bound" and figure.binding in READS_ACTIVITY
    rows = None
    if reads_activity:
        activities = {} if activities is None else activities
        key = id(figure.activity)
        if key not in activities:
            activities[key] = activity_rows(figure.activity)
        rows = activities[key]
    who = ""
    if figure.source != "bound" and figure.entered_by_id and figure.entered_by:
        who = figure.entered_by.get_full_name()
    return FigureRow(
        pk=figure.pk,
        name=figure.name,
        activity_id=figure.activity_id,
        measure=figure.measure.name,
        source=figure.source,
        binding=figure.binding,
        binding_params=figure.binding_params,
        total=figure.total,
        women=figure.women,
        men=figure.men,
        other=figure.other,
        unspecified=figure.unspecified,
        note=figure.note,
        entered_by=who,
        activity=rows,
        institution_id=figure.activity.institution_id,
    )


def _entered(figure: FigureRow) -> Resolved:
    pieces = [_("Capturada")]
    if figure.entered_by:
        pieces.append(_("por %s") % figure.entered_by)
    if figure.note:
        pieces.append(f"— {figure.note}")
    return Resolved(
        name=figure.name,
        total=figure.total,
        parts={
            "mujeres": figure.women,
            "hombres": figure.men,
            "otro": figure.other,
            "no_especificado": figure.unspecified,
        },
        source=" ".join(pieces),
        figure_id=figure.pk,
        activity_id=figure.activity_id,
        measure=figure.measure,
    )


def resolve_figures(figures: Iterable[Figure | FigureRow]) -> dict[int, Resolved]:
    """Resolve figures to values, by figure id.

    ``figures`` are ``FigureRow`` or ``Figure`` instances with ``activity`` and ``measure``
    loaded (turned into rows here).
    """
    out: dict[int, Resolved] = {}
    bound: dict[str, list[FigureRow]] = defaultdict(list)
    activities: dict[int, ActivityRows] = {}
    for figure in figures:
        if not isinstance(figure, FigureRow):
            figure = figure_row(figure, activities)
        if figure.source == "bound":
            bound[figure.binding].append(figure)
        else:
            out[figure.pk] = _entered(figure)
    for code, group in bound.items():
        resolver = RESOLVERS.get(code)
        if resolver is None:
            for figure in group:
                out[figure.pk] = Resolved(
                    name=figure.name,
                    total=None,
                    source=_("Cálculo desconocido: %s") % code,
                    figure_id=figure.pk,
                    activity_id=figure.activity_id,
                    measure=figure.measure,
                )
            continue
        out.update(resolver(group))
    return out


def activity_context(activity: Activity, resolved: dict[int, Resolved]) -> dict[str, Resolved]:
    """The names a narrative of this activity can cite: its figures and its dates."""
    return context_of(
        activity_id=activity.pk,
        year=activity.year,
        start_date=activity.start_date,
        end_date=activity.end_date,
        values=[resolved[f.pk] for f in activity.figures.all() if f.pk in resolved],
    )


def context_labels() -> tuple[str, str, str, str]:
    """The sources and measures of an activity's year and dates, translated once by a caller
    that builds many contexts (a report builds one per activity)."""
    return (
        _("Ejercicio de la actividad"),
        _("año"),
        _("Fecha registrada en la actividad"),
        _("fecha"),
    )


def context_of(
    *,
    activity_id: int | None,
    year: int,
    start_date: datetime.date | None,
    end_date: datetime.date | None,
    values: Iterable[Resolved],
    labels: tuple[str, str, str, str] | None = None,
) -> dict[str, Resolved]:
    """The names a narrative can cite: the activity's resolved figures and its dates."""
    year_source, year_measure, date_source, date_measure = labels or context_labels()
    context: dict[str, Resolved] = {value.name: value for value in values}
    if "ejercicio" not in context:
        context["ejercicio"] = Resolved(
            name="ejercicio",
            total=None,
            scalar=str(year),
            activity_id=activity_id,
            source=year_source,
            measure=year_measure,
        )
    for name, value in (("inicio", start_date), ("fin", end_date)):
        if value is not None and name not in context:
            context[name] = Resolved(
                name=name,
                total=None,
                scalar=value,
                source=date_source,
                activity_id=activity_id,
                measure=date_measure,
            )
    return context
