"""The bindings that read an activity's own records or a body's members.

Each takes every figure of a document that uses it at once (``FigureRow``) and returns their
values by figure id, so that a document of any size costs a fixed number of queries.
"""

from __future__ import annotations

import datetime
from operator import itemgetter

from django.db.models import Q
from django.utils.translation import gettext as _

from avance.catalogs.bodies.models import Body
from avance.figures.values import FigureRow, Item, Resolved, listed


def activity_states(figures: list[FigureRow]) -> dict[int, Resolved]:
    source = _("Entidades registradas en la actividad")
    out = {}
    for figure in figures:
        states = sorted(figure.activity.states, key=itemgetter(0))
        out[figure.pk] = listed(figure, tuple(Item(n, k) for n, k in states), source)
    return out


def _session_order(session: tuple) -> tuple:
    date, number, pk = session[:3]
    return (date or datetime.date.max, number or 0, pk)


def activity_sessions(figures: list[FigureRow]) -> dict[int, Resolved]:
    source = _("Sesiones registradas en la actividad")
    out = {}
    for figure in figures:
        sessions = sorted(figure.activity.sessions, key=_session_order)
        kind = figure.binding_params.get("kind")
        if kind:
            sessions = [s for s in sessions if s[3] == kind]
        items = tuple(Item(label, number, date) for date, number, _pk, _kind, label in sessions)
        out[figure.pk] = listed(figure, items, source)
    return out


def activity_partners(figures: list[FigureRow]) -> dict[int, Resolved]:
    source = _("Organizaciones participantes registradas en la actividad")
    out = {}
    for figure in figures:
        role = figure.binding_params.get("role")
        items = tuple(Item(label) for r, label in figure.activity.partners if not role or r == role)
        out[figure.pk] = listed(figure, items, source)
    return out


def body_members(figures: list[FigureRow]) -> dict[int, Resolved]:
    # A body is named by its acronym or, when it has none (acronyms are optional), its name,
    # within the institution of the figure's activity: each institution keeps its own bodies.
    wanted = {str(f.binding_params.get("body", "")) for f in figures}
    institutions = {f.institution_id for f in figures}
    bodies = Body.objects.filter(
        Q(acronym__in=wanted) | Q(name__in=wanted), institution__in=institutions
    ).prefetch_related("members")
    by_key = {(b.institution_id, b.name): b for b in bodies}
    by_key.update({(b.institution_id, b.acronym): b for b in bodies if b.acronym})
    out = {}
    for figure in figures:
        key = (figure.institution_id, str(figure.binding_params.get("body", "")))
        body = by_key.get(key)
        members = sorted(body.members.all(), key=lambda o: o.name) if body else []
        source = _("Integrantes registrados del órgano %s") % (body or "?")
        out[figure.pk] = listed(figure, tuple(Item(label=o.name) for o in members), source)
    return out
