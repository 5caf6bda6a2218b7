"""Figures: checking them, and resolving each to a value with its provenance.

A figure is *entered* (typed once, with a note) or *bound*: computed from records every time
it is read by a named binding (the activity's states, its sessions, a body's members, a roster
count …). Bindings resolve in batches so that a document of any size costs a fixed number of
queries: each binding receives every figure that uses it at once and must work from the rows
it is given or fetch in one query for the whole batch.

Bindings read figures as ``FigureRow`` — plain rows, not model instances — and, when they
declare ``reads_activity``, the activity's states, sessions and partners as ``ActivityRows``.
The report builds these rows straight from ``values_list`` queries (a year of 50,000 figures
as model instances costs seconds); the activity page and the editor's preview pass model
instances, which ``resolve_figures`` turns into the same rows, so each binding has one code
path.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from operator import itemgetter
from typing import TYPE_CHECKING, Any

from django.utils.translation import get_language
from django.utils.translation import gettext as _

if TYPE_CHECKING:
    from avance.activities.models import Activity, Figure

# Names of the sex breakdown as the narrative cites them, and the model field of each.
SEX_ATTRIBUTES = {
    "mujeres": "women",
    "hombres": "men",
    "otro": "other",
    "no_especificado": "unspecified",
}


_TRANSLATED: dict[tuple[str | None, str], str] = {}


def _t(message: str) -> str:
    """``gettext`` remembered per language, for labels a report repeats on every figure.

    Django's gettext walks the catalog fallbacks on each call; a year of 10,000 activities
    asks for the same few labels 100,000 times (extract with ``makemessages --keyword=_t``).
    """
    key = (get_language(), message)
    text = _TRANSLATED.get(key)
    if text is None:
        text = _TRANSLATED[key] = _(message)
    return text


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


# --- rows that bindings read ---------------------------------------------------------------


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
    """A figure as bindings and ``resolve_figures`` read it (from a model or a query row)."""

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

    The activity's rows are read only for bindings that declare ``reads_activity``, once per
    activity object when ``activities`` (a dict kept by the caller) is given.
    """
    binding = BINDINGS.get(figure.binding) if figure.source == "bound" else None
    rows = None
    if binding is not None and binding.reads_activity:
        activity = figure.activity
        key = id(activity)
        if activities is not None and key in activities:
            rows = activities[key]
        else:
            rows = activity_rows(activity)
            if activities is not None:
                activities[key] = rows
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
    )


# --- bindings -----------------------------------------------------------------------------

BindingFn = Callable[[list[FigureRow]], dict[int, Resolved]]


@dataclass(frozen=True)
class Binding:
    code: str
    label: str
    resolve_many: BindingFn
    params: tuple[str, ...] = ()
    # True when the binding reads ``figure.activity`` (its states, sessions, partners).
    reads_activity: bool = False


BINDINGS: dict[str, Binding] = {}


def register_binding(binding: Binding) -> None:
    BINDINGS[binding.code] = binding


def binding_choices() -> list[tuple[str, str]]:
    return [(b.code, b.label) for b in sorted(BINDINGS.values(), key=lambda b: b.code)]


def _resolved(figure: FigureRow, *, total, items=None, parts=None, source: str) -> Resolved:
    return Resolved(
        figure.name,
        total,
        parts or {},
        tuple(items) if items is not None else None,
        source,
        figure.pk,
        figure.activity_id,
        figure.measure,
    )


# The activity bindings share one ``Item`` per state, session or organisation, and one tuple
# of items per identical list, within a batch: a year of 10,000 activities names the same
# few hundred of them tens of thousands of times.


def _listed(figure: FigureRow, items: tuple[Item, ...], source: str) -> Resolved:
    """A figure that is a list (states, sessions, organisations): it counts its items."""
    return Resolved(
        figure.name,
        len(items),
        {},
        items,
        source,
        figure.pk,
        figure.activity_id,
        figure.measure,
    )


def _activity_states(figures: list[FigureRow]) -> dict[int, Resolved]:
    out = {}
    source = _t("Entidades registradas en la actividad")
    lists: dict[tuple, tuple[Item, ...]] = {}
    for figure in figures:
        key = tuple(sorted(figure.activity.states, key=itemgetter(0)))
        items = lists.get(key)
        if items is None:
            items = lists[key] = tuple(Item(label, number) for label, number in key)
        out[figure.pk] = _listed(figure, items, source)
    return out


def _session_order(session: tuple) -> tuple:
    date, number, pk = session[:3]
    return (date or datetime.date.max, number or 0, pk)


def _activity_sessions(figures: list[FigureRow]) -> dict[int, Resolved]:
    out = {}
    source = _t("Sesiones registradas en la actividad")
    lists: dict[tuple, tuple[Item, ...]] = {}
    for figure in figures:
        sessions = sorted(figure.activity.sessions, key=_session_order)
        kind = figure.binding_params.get("kind")
        if kind:
            sessions = [s for s in sessions if s[3] == kind]
        key = tuple(sessions)
        items = lists.get(key)
        if items is None:
            items = lists[key] = tuple(
                Item(label, number, date) for date, number, _pk, _kind, label in sessions
            )
        out[figure.pk] = _listed(figure, items, source)
    return out


def _activity_partners(figures: list[FigureRow]) -> dict[int, Resolved]:
    out = {}
    source = _t("Organizaciones participantes registradas en la actividad")
    lists: dict[tuple, tuple[Item, ...]] = {}
    for figure in figures:
        role = figure.binding_params.get("role")
        key = tuple(label for r, label in figure.activity.partners if not role or r == role)
        items = lists.get(key)
        if items is None:
            items = lists[key] = tuple(Item(label) for label in key)
        out[figure.pk] = _listed(figure, items, source)
    return out


def _body_members(figures: list[FigureRow]) -> dict[int, Resolved]:
    from django.db.models import Q

    from avance.bodies.models import Body

    # A body is named by its acronym or, when it has none (acronyms are optional), its name.
    wanted = {str(f.binding_params.get("body", "")) for f in figures}
    bodies = Body.objects.filter(Q(acronym__in=wanted) | Q(name__in=wanted)).prefetch_related(
        "members"
    )
    by_key = {b.name: b for b in bodies}
    by_key.update({b.acronym: b for b in bodies if b.acronym})
    # Each body's members and source are the same for every figure that names it.
    resolved_bodies: dict[str, tuple[tuple[Item, ...], str]] = {}
    out = {}
    for figure in figures:
        key = str(figure.binding_params.get("body", ""))
        if key not in resolved_bodies:
            body = by_key.get(key)
            members = sorted(body.members.all(), key=lambda o: o.name) if body else []
            resolved_bodies[key] = (
                tuple(Item(label=o.name) for o in members),
                _t("Integrantes registrados del órgano %s") % (body or "?"),
            )
        items, source = resolved_bodies[key]
        out[figure.pk] = _listed(figure, items, source)
    return out


register_binding(
    Binding("activity.states", "Entidades de la actividad", _activity_states, reads_activity=True)
)
register_binding(
    Binding(
        "activity.sessions", "Sesiones de la actividad", _activity_sessions, reads_activity=True
    )
)
register_binding(
    Binding(
        "activity.partners",
        "Participantes de la actividad",
        _activity_partners,
        reads_activity=True,
    )
)
register_binding(Binding("body.members", "Integrantes de un órgano", _body_members, ("body",)))


def _entered(figure: FigureRow, captured: str, by: str) -> Resolved:
    """An entered figure; ``captured`` and ``by`` are the translated «Capturada», «por %s»."""
    pieces = [captured]
    if figure.entered_by:
        pieces.append(by % figure.entered_by)
    if figure.note:
        pieces.append(f"— {figure.note}")
    parts = {
        "mujeres": figure.women,
        "hombres": figure.men,
        "otro": figure.other,
        "no_especificado": figure.unspecified,
    }
    return Resolved(
        figure.name,
        figure.total,
        parts,
        None,
        " ".join(pieces),
        figure.pk,
        figure.activity_id,
        figure.measure,
    )


def resolve_figures(figures: Iterable[Figure | FigureRow]) -> dict[int, Resolved]:
    """Resolve figures to values, by figure id.

    ``figures`` are ``FigureRow`` (the report builds them from query rows) or ``Figure``
    instances with ``activity`` and ``measure`` loaded, turned into rows here.
    """
    out: dict[int, Resolved] = {}
    bound: dict[str, list[FigureRow]] = defaultdict(list)
    activities: dict[int, ActivityRows] = {}
    captured, by = _t("Capturada"), _t("por %s")
    for figure in figures:
        if not isinstance(figure, FigureRow):
            figure = figure_row(figure, activities)
        if figure.source == "bound":
            bound[figure.binding].append(figure)
        else:
            out[figure.pk] = _entered(figure, captured, by)
    for code, group in bound.items():
        binding = BINDINGS.get(code)
        if binding is None:
            for figure in group:
                out[figure.pk] = _resolved(
                    figure, total=None, source=_("Cálculo desconocido: %s") % code
                )
            continue
        out.update(binding.resolve_many(group))
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
    """The translated sources and measures of an activity's year and dates (``context_of``)."""
    return (
        _t("Ejercicio de la actividad"),
        _t("año"),
        _t("Fecha registrada en la actividad"),
        _t("fecha"),
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
    """The names a narrative can cite: the activity's resolved figures and its dates.

    ``labels`` is ``context_labels()``, asked once by a caller that builds many contexts.
    """
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
