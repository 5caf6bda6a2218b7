"""The activities list as a spreadsheet would have it, but safer: sortable columns, filters in
the URL, the export of exactly what is shown (every row of the filter, in its order, the
columns of the page) and a reviewer's bulk validation or return with one comment, each
activity through the same review service as one by one (four eyes included)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from avance.accounts.access import require
from avance.capture.activities.models import ActivityKind, ReviewStatus
from avance.capture.activities.queries import activities_for
from avance.core.exporters import LIST_FORMATS, ListExporter
from avance.core.http import attachment
from avance.review import services
from avance.web.activities.filters import ActivityFilter

# URL value → (label, ordering): the columns a list can be sorted by; «-» sorts descending.
SORTS = {
    "titulo": (gettext_lazy("Actividad"), ("title", "id")),
    "ejercicio": (gettext_lazy("Ejercicio"), ("year", "id")),
    "estado": (gettext_lazy("Estado"), ("status", "id")),
    "modificada": (gettext_lazy("Modificada"), ("updated_at", "id")),
}
DEFAULT_SORT = "-ejercicio"
BULK_LIMIT = 200  # activities changed by one bulk action


def sort_of(request) -> str:
    value = request.GET.get("orden", DEFAULT_SORT)
    return value if value.removeprefix("-") in SORTS else DEFAULT_SORT


def ordering(sort: str) -> list[str]:
    descending = sort.startswith("-")
    fields = SORTS[sort.removeprefix("-")][1]
    return [f"-{f}" if descending else f for f in fields]


def shown(request):
    """The filter of the request and the ids of what it shows, in the list's order."""
    queryset = activities_for(request.user)
    activity_filter = ActivityFilter(request.GET or None, queryset=queryset, request=request)
    ids = activity_filter.qs.order_by(*ordering(sort_of(request))).values_list("pk", flat=True)
    return activity_filter, ids


def in_order(rows, ids) -> list:
    """``rows`` in the order of ``ids`` (a query with ``pk__in`` returns them in any order)."""
    by_id = {row.pk: row for row in rows}
    return [by_id[pk] for pk in ids if pk in by_id]


def with_labels(activities: list) -> list:
    """Each label translated once per list (``get_FOO_display`` translates every choice for
    every row)."""
    kinds, states = dict(ActivityKind.choices), dict(ReviewStatus.choices)
    for activity in activities:
        activity.kind_label = kinds.get(activity.kind, activity.kind)
        activity.status_label = states.get(activity.status, activity.status)
    return activities


def headers(request) -> dict[str, dict]:
    """The sortable columns' links, by column: each keeps the filters and toggles its
    direction."""
    sort = sort_of(request)
    query = request.GET.copy()
    query.pop("pagina", None)
    out = {}
    for key, (name, _fields) in SORTS.items():
        current = sort.removeprefix("-") == key
        descending = sort.startswith("-")
        query["orden"] = f"-{key}" if current and not descending else key
        out[key] = {
            "label": name,
            "url": "?" + query.urlencode(),
            "aria_sort": ("descending" if descending else "ascending") if current else None,
        }
    return out


class ActivitiesExporter(ListExporter):
    sheet_title = "Actividades"
    filename = "actividades"

    def __init__(self, activities: list):
        self.activities = activities

    def headers(self):
        return [
            _("Actividad"),
            _("Ejercicio"),
            _("Objetivo"),
            _("Tipo"),
            _("Responsable"),
            _("Estado"),
            _("Modificada"),
        ]

    def rows(self):
        for a in self.activities:
            owner = a.unit or a.reporting_organization
            yield [
                a.title,
                a.year,
                a.objective.number if a.objective_id else None,
                a.kind_label,
                str(owner) if owner else None,
                a.status_label,
                a.updated_at.date(),
            ]


@require("activities.view_activity")
def activity_export(request, fmt: str):
    """Every activity the list's filters show, in its order, as XLSX or CSV."""
    if fmt not in LIST_FORMATS:
        raise Http404
    _filter, ids = shown(request)
    ids = list(ids)
    rows = activities_for(request.user).filter(pk__in=ids)
    rows = rows.select_related("objective", "unit", "reporting_organization")
    exporter = ActivitiesExporter(with_labels(in_order(rows, ids)))
    return attachment(**exporter.render(fmt)._asdict())


@require_POST
@require("activities.review_activity")
def activity_bulk(request):
    """Validate or send back the chosen submitted activities with one comment; each one goes
    through the review service, and what could not be done is said activity by activity."""
    action = request.POST.get("accion")
    comment = request.POST.get("comentario", "").strip()
    chosen = [int(pk) for pk in request.POST.getlist("actividades") if pk.isdigit()]
    url = request.POST.get("volver", "")
    if not url_has_allowed_host_and_scheme(url, allowed_hosts={request.get_host()}):
        url = reverse("activities:list")
    back = redirect(url)
    if action not in ("validar", "devolver") or not chosen:
        messages.error(request, _("Elija las actividades y la acción."))
        return back
    if action == "devolver" and not comment:
        messages.error(request, _("Para devolver, escriba qué debe corregirse."))
        return back
    done, refused = 0, []
    for activity in activities_for(request.user).filter(pk__in=chosen[:BULK_LIMIT]):
        try:
            if action == "validar":
                services.validate_activity(activity=activity, user=request.user, comment=comment)
            else:
                services.send_back_activity(activity=activity, user=request.user, comment=comment)
            done += 1
        except (ValidationError, PermissionDenied) as error:
            reason = " ".join(error.messages) if isinstance(error, ValidationError) else str(error)
            refused.append(f"«{activity.title}»: {reason or _('sin permiso')}")
    if done:
        text = (
            _("Se validaron %(n)s actividades.")
            if action == "validar"
            else _("Se devolvieron %(n)s actividades con observaciones.")
        )
        messages.success(request, text % {"n": done})
    for line in refused:
        messages.error(request, _("No se pudo con %(what)s") % {"what": line})
    return back
