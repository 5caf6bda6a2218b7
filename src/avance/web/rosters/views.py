"""Pages of rosters. Thin: the rules live in ``rules.py``, the work in ``services.py``."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_variables
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from avance.accounts.access import require
from avance.capture.activities.queries import activities_for
from avance.capture.people import services
from avance.capture.people.counts import people_per_roster, roster_counts
from avance.capture.people.exports import ImportErrorsExporter
from avance.capture.people.importing import RosterImportError, import_roster
from avance.capture.people.models import RosterImport
from avance.capture.people.queries import figures_fed_by, imports_for, rosters_for
from avance.core.exporters import LIST_FORMATS, ListExporter
from avance.core.http import attachment
from avance.web.exports import export_links
from avance.web.rosters.forms import LinkForm, RosterForm, UploadForm

SHOWN_ERRORS = 200


def _is_xhr(request) -> bool:
    return request.headers.get("x-requested-with") == "XMLHttpRequest"


@require("people.view_roster")
@require_GET
def roster_list(request):
    return render(
        request,
        "people/list.html",
        {
            "rosters": _listed(request.user),
            "can_add": request.user.has_perm("people.add_roster"),
            "exports": export_links("people:export"),
        },
    )


def _listed(user) -> list:
    """The rosters the user sees, newest year first, each with its number of people."""
    rosters = list(rosters_for(user).select_related("activity").order_by("-year", "name"))
    people = people_per_roster(rosters)
    for roster in rosters:
        roster.people = people.get(roster.pk, 0)
    return rosters


class RostersExporter(ListExporter):
    """The rosters list, as the page shows it."""

    sheet_title = "Padrones"
    filename = "padrones"

    def __init__(self, rosters: list):
        self.rosters = rosters

    def headers(self):
        return [_("Padrón"), _("Tipo"), _("Ejercicio"), _("Actividad"), _("Personas")]

    def rows(self):
        for r in self.rosters:
            activity = r.activity.title if r.activity_id else None
            yield [r.name, str(r.get_kind_display()), r.year, activity, r.people]


@require("people.view_roster")
@require_GET
def roster_export(request, fmt: str):
    if fmt not in LIST_FORMATS:
        raise Http404
    return attachment(**RostersExporter(_listed(request.user)).render(fmt)._asdict())


@require("people.add_roster")
@require_http_methods(["GET", "POST"])
def roster_create(request):
    form = RosterForm(
        request.POST or None, user=request.user, initial={"activity": request.GET.get("actividad")}
    )
    if request.method == "POST" and form.is_valid():
        try:
            roster = services.create_roster(
                name=form.cleaned_data["name"],
                kind=form.cleaned_data["kind"],
                year=form.cleaned_data["year"],
                activity=form.cleaned_data["activity"],
                unit=form.cleaned_data.get("unit"),
                description=form.cleaned_data["description"],
                user=request.user,
            )
        except services.RosterError as error:
            form.add_error("name", error.message)
        else:
            messages.success(request, _("Padrón creado."))
            return redirect("people:detail", pk=roster.pk)
    return render(request, "people/form.html", {"form": form})


@require("people.view_roster")
@require_GET
def roster_detail(request, pk: int):
    roster = get_object_or_404(
        rosters_for(request.user).select_related("activity", "unit", "organization"), pk=pk
    )
    return _detail(request, roster, UploadForm())


def _detail(request, roster, form, *, error: str = "", status: int = 200):
    """The roster's page: its counts, imports, the upload form (with ``error``, if any), its
    activity and the figures it feeds."""
    return render(
        request,
        "people/detail.html",
        {
            "roster": roster,
            "counts": roster_counts(roster),
            "imports": roster.imports.select_related("user").defer("errors")[:20],
            "form": form,
            "upload_error": error,
            "can_import": request.user.has_perm("people.import_roster", roster),
            "link_form": LinkForm(user=request.user, roster=roster),
            "fed": figures_fed_by(roster, activities_for(request.user)),
            "max_mb": f"{settings.AVANCE_UPLOAD_MAX_BYTES / 1048576:,.0f}",
        },
        status=status,
    )


@require("people.import_roster")
@require_POST
def roster_link(request, pk: int):
    """Link the roster to the activity whose people it counts (or unlink it)."""
    roster = get_object_or_404(rosters_for(request.user), pk=pk)
    if not request.user.has_perm("people.import_roster", roster):
        raise PermissionDenied
    form = LinkForm(request.POST, user=request.user, roster=roster)
    if not form.is_valid():
        messages.error(request, " ".join(form.errors["activity"]))
        return redirect("people:detail", pk=roster.pk)
    try:
        services.link_roster(
            roster=roster, activity=form.cleaned_data["activity"], user=request.user
        )
    except services.RosterError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Se guardó la actividad del padrón."))
    return redirect("people:detail", pk=roster.pk)


@sensitive_variables()  # the uploaded file's CURPs stay out of error reports
@require("people.import_roster")
@require_http_methods(["GET", "POST"])
def roster_upload(request, pk: int):
    """Import an uploaded file; the browser's script shows the upload and the import's
    progress (``upload_status``), and without script it is a plain form post."""
    roster = get_object_or_404(rosters_for(request.user), pk=pk)
    if not request.user.has_perm("people.import_roster", roster):
        raise PermissionDenied
    limit = settings.AVANCE_UPLOAD_MAX_BYTES
    if request.method == "GET":
        return redirect("people:detail", pk=roster.pk)
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        length = 0
    if length > limit + 64 * 1024:  # the form fields around the file take a few bytes
        message = _("El archivo excede el máximo permitido.")
        if _is_xhr(request):
            return JsonResponse({"error": message}, status=413)
        return HttpResponse(message, status=413)
    form = UploadForm(request.POST, request.FILES)
    error = None
    if form.is_valid():
        upload = form.cleaned_data["file"]
        token = form.cleaned_data.get("token") or ""
        progress = services.progress_writer(user_id=request.user.pk, token=token)
        try:
            result = import_roster(
                roster=roster,
                data=upload.read(),
                file_name=upload.name,
                skip_invalid=form.cleaned_data["skip_invalid"],
                user=request.user,
                progress=progress,
            )
        except RosterImportError as problem:
            error = problem.message
        else:
            if progress:
                progress("terminado", 1, 1)
            url = reverse("people:import", kwargs={"pk": result.batch.pk})
            if _is_xhr(request):
                return JsonResponse({"redirect": url})
            return redirect(url)
    else:
        error = " ".join(str(e) for errors in form.errors.values() for e in errors)
    if _is_xhr(request):
        return JsonResponse({"error": error}, status=400)
    return _detail(request, roster, form, error=error, status=400)


@require("people.import_roster")
@require_GET
def upload_status(request):
    """Progress of the user's own upload (by the token the page's script chose)."""
    token = request.GET.get("token", "")
    if not services.TOKEN.match(token):
        return JsonResponse({"error": _("Identificador no válido.")}, status=400)
    status = services.read_progress(user_id=request.user.pk, token=token)
    if status.get("stage") == "terminado":
        services.forget_progress(user_id=request.user.pk, token=token)  # read once, then gone
    return JsonResponse(status)


def _import_of(request, pk: int) -> RosterImport:
    return get_object_or_404(imports_for(request.user).select_related("roster", "user"), pk=pk)


@require("people.view_roster")
@require_GET
def import_detail(request, pk: int):
    batch = _import_of(request, pk)
    return render(
        request,
        "people/import.html",
        {
            "batch": batch,
            "errors": batch.errors[:SHOWN_ERRORS],
            "shown": SHOWN_ERRORS,
            "exports": export_links("people:import_errors", batch.pk),
        },
    )


@require("people.view_roster")
@require_GET
def import_errors(request, pk: int, fmt: str):
    batch = _import_of(request, pk)
    if fmt not in LIST_FORMATS:
        raise Http404
    exporter = ImportErrorsExporter(batch.errors, name=f"errores-importacion-{batch.pk}")
    return attachment(**exporter.render(fmt)._asdict())
