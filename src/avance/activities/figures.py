"""Figures: checking them, and resolving each to a value with its provenance.

A figure is *entered* (typed once, with a note) or *bound*: computed from records every time
it is read by a named binding (the activity's states, its sessions, a body's members, a roster
count …). Bindings resolve in batches so that a document of any size costs a fixed number of
queries: each binding receives every figure that uses it at once and must work from data
prefetched by ``report_queryset`` or fetched in one query for the whole batch.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
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


@dataclass(frozen=True)
class Item:
    """One element of a list-valued figure: a state, a session, an organisation."""

    label: str
    number: int | None = None
    date: datetime.date | None = None


@dataclass
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


# --- bindings -----------------------------------------------------------------------------

BindingFn = Callable[[list["Figure"]], dict[int, Resolved]]


@dataclass(frozen=True)
class Binding:
    code: str
    label: str
    resolve_many: BindingFn
    params: tuple[str, ...] = ()


BINDINGS: dict[str, Binding] = {}


def register_binding(binding: Binding) -> None:
    BINDINGS[binding.code] = binding


def binding_choices() -> list[tuple[str, str]]:
    return [(b.code, b.label) for b in sorted(BINDINGS.values(), key=lambda b: b.code)]


def _resolved(figure: Figure, *, total, items=None, parts=None, source: str) -> Resolved:
    return Resolved(
        name=figure.name,
        total=total,
        parts=parts or {},
        items=tuple(items) if items is not None else None,
        source=source,
        figure_id=figure.pk,
        activity_id=figure.activity_id,
        measure=figure.measure.name,
    )


def _activity_states(figures: list[Figure]) -> dict[int, Resolved]:
    out = {}
    for figure in figures:
        states = sorted(figure.activity.states.all(), key=lambda s: s.common_name)
        items = [Item(label=s.common_name, number=int(s.code)) for s in states]
        out[figure.pk] = _resolved(
            figure,
            total=len(items),
            items=items,
            source=_t("Entidades registradas en la actividad"),
        )
    return out


def _activity_sessions(figures: list[Figure]) -> dict[int, Resolved]:
    out = {}
    for figure in figures:
        sessions = sorted(
            figure.activity.sessions.all(),
            key=lambda s: (s.date or datetime.date.max, s.number or 0, s.pk),
        )
        kind = figure.binding_params.get("kind")
        if kind:
            sessions = [s for s in sessions if s.kind == kind]
        items = [Item(label=str(s), number=s.number, date=s.date) for s in sessions]
        out[figure.pk] = _resolved(
            figure,
            total=len(items),
            items=items,
            source=_t("Sesiones registradas en la actividad"),
        )
    return out


def _activity_partners(figures: list[Figure]) -> dict[int, Resolved]:
    out = {}
    for figure in figures:
        role = figure.binding_params.get("role")
        partners = [p for p in figure.activity.partners.all() if not role or p.role == role]
        items = [Item(label=p.organization.label) for p in partners]
        out[figure.pk] = _resolved(
            figure,
            total=len(items),
            items=items,
            source=_t("Organizaciones participantes registradas en la actividad"),
        )
    return out


def _body_members(figures: list[Figure]) -> dict[int, Resolved]:
    from django.db.models import Q

    from avance.bodies.models import Body

    # A body is named by its acronym or, when it has none (acronyms are optional), its name.
    wanted = {str(f.binding_params.get("body", "")) for f in figures}
    bodies = Body.objects.filter(Q(acronym__in=wanted) | Q(name__in=wanted)).prefetch_related(
        "members"
    )
    by_key = {b.name: b for b in bodies}
    by_key.update({b.acronym: b for b in bodies if b.acronym})
    out = {}
    for figure in figures:
        body = by_key.get(str(figure.binding_params.get("body", "")))
        members = sorted(body.members.all(), key=lambda o: o.name) if body else []
        items = [Item(label=o.name) for o in members]
        out[figure.pk] = _resolved(
            figure,
            total=len(items),
            items=items,
            source=_t("Integrantes registrados del órgano %s") % (body or "?"),
        )
    return out


register_binding(Binding("activity.states", "Entidades de la actividad", _activity_states))
register_binding(Binding("activity.sessions", "Sesiones de la actividad", _activity_sessions))
register_binding(Binding("activity.partners", "Participantes de la actividad", _activity_partners))
register_binding(Binding("body.members", "Integrantes de un órgano", _body_members, ("body",)))


def _entered(figure: Figure) -> Resolved:
    who = figure.entered_by.get_full_name() if figure.entered_by_id and figure.entered_by else ""
    pieces = [_t("Capturada")]
    if who:
        pieces.append(_t("por %s") % who)
    if figure.note:
        pieces.append(f"— {figure.note}")
    return _resolved(
        figure,
        total=figure.total,
        parts={name: getattr(figure, attr) for name, attr in SEX_ATTRIBUTES.items()},
        source=" ".join(pieces),
    )


def resolve_figures(figures: Iterable[Figure]) -> dict[int, Resolved]:
    """Resolve figures (with ``activity`` and ``measure`` loaded) to values, by figure id."""
    out: dict[int, Resolved] = {}
    bound: dict[str, list[Figure]] = defaultdict(list)
    for figure in figures:
        if figure.source == "bound":
            bound[figure.binding].append(figure)
        else:
            out[figure.pk] = _entered(figure)
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
    context: dict[str, Resolved] = {}
    for figure in activity.figures.all():
        if figure.pk in resolved:
            context[figure.name] = resolved[figure.pk]
    context.setdefault(
        "ejercicio",
        Resolved(
            name="ejercicio",
            total=None,
            scalar=str(activity.year),
            activity_id=activity.pk,
            source=_t("Ejercicio de la actividad"),
            measure=_t("año"),
        ),
    )
    for name, value in (("inicio", activity.start_date), ("fin", activity.end_date)):
        if value is not None and name not in context:
            context[name] = Resolved(
                name=name,
                total=None,
                scalar=value,
                source=_t("Fecha registrada en la actividad"),
                activity_id=activity.pk,
                measure=_t("fecha"),
            )
    return context
