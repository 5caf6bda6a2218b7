"""Pages of report editions: list, open, compose, preview, sign and download.

Thin: rules from ``reports/rules.py``, every change through ``reports/services.py``. The
decorator checks the permission without an object; the view then checks it again with the
edition (its state, whose turn it is to sign). Unsigned previews carry a visible notice; a
signed edition's downloads are the bytes stored at its first signature.
"""

from __future__ import annotations

from itertools import groupby

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST

from avance.accounts.access import require
from avance.accounts.scope import scope_of
from avance.capture.activities.models import Activity, ReviewStatus
from avance.core.http import attachment
from avance.documents.reports import renderers, services
from avance.documents.reports.changes import changes_since_previous, previous_signed
from avance.documents.reports.document import ReportError
from avance.documents.reports.models import (
    SIGNING_ORDER,
    Edition,
    EditionItem,
    EditionStatus,
    FrozenEdition,
    FrozenFile,
    Signatory,
)
from avance.documents.reports.queries import editions_for
from avance.documents.reports.renderers.html import document_html

PREVIEW_FORMATS = ("pdf", "docx", "html")


def _editions(user):
    return (
        editions_for(user)
        .select_related("institution__organization")
        .prefetch_related(
            Prefetch("signatories", queryset=Signatory.objects.select_related("user")),
            "signatures",
        )
    )


def _edition(request, pk: int) -> Edition:
    return get_object_or_404(_editions(request.user), pk=pk)


def _check(request, permission: str, edition: Edition) -> None:
    if not request.user.has_perm(permission, edition):
        raise PermissionDenied


def _waiting(user, edition: Edition) -> str | None:
    """Why a signatory of ``edition`` cannot sign it now, or None if ``user`` is not one."""
    if not any(s.user_id == user.pk for s in edition.signatories.all()):
        return None
    if edition.status == EditionStatus.SIGNED:
        return _("Esta edición ya está firmada.")
    due = services.signatory_due(edition)
    if due is None or any(
        s.user_id == user.pk and s.role == due.role for s in edition.signatories.all()
    ):
        return _("Aún no puede firmar esta edición.")
    return _("Aún no es su turno: antes firma %(role)s (%(name)s).") % {
        "role": due.get_role_display(),
        "name": due.name or _("sin nombre"),
    }


def _error_text(error: ValidationError) -> str:
    return " ".join(error.messages)


@require("reports.view_edition")
def edition_list(request):
    """Every edition, newest year first, and the form to open a new one."""
    editions = editions_for(request.user).order_by("-year", "template", "-number")
    return render(
        request,
        "reports/edition_list.html",
        {
            "editions": editions,
            "can_open": request.user.has_perm("reports.open_edition"),
        },
    )


@require("reports.open_edition")
@require_POST
def edition_open(request):
    """Open the next edition of a year (POST ``year``)."""
    try:
        year = int(request.POST.get("year", ""))
        if not 2000 <= year <= 2100:
            raise ValueError(year)
    except ValueError:
        messages.error(request, _("Escriba un ejercicio válido (un año de cuatro cifras)."))
        return redirect("reports:editions")
    try:
        edition = services.open_edition(
            year=year, user=request.user, institution_id=scope_of(request.user).institution_id
        )
    except ValidationError as error:
        messages.error(request, _error_text(error))
        return redirect("reports:editions")
    messages.success(request, _("Se abrió la edición %(number)s.") % {"number": edition.number})
    return redirect("reports:edition_compose", pk=edition.pk)


@require("reports.view_edition")
def edition_detail(request, pk: int):
    """An edition's state, signatories, signatures with their hash, and what can be done."""
    edition = _edition(request, pk)
    frozen = (
        FrozenEdition.objects.filter(edition=edition)
        .defer("content")
        .prefetch_related(
            Prefetch("files", queryset=FrozenFile.objects.defer("content").order_by("id"))
        )
        .first()
    )
    signed = {s.role: s for s in edition.signatures.all()}
    due = services.next_role(edition) if edition.status != EditionStatus.SIGNED else None
    # In the order they sign (elaboró, revisó, autorizó), whatever the printed block's order.
    in_order = sorted(edition.signatories.all(), key=lambda s: SIGNING_ORDER.index(s.role))
    rows = [(s, signed.get(s.role), s.role == due) for s in in_order]
    files = []
    if frozen is not None and edition.status == EditionStatus.SIGNED:
        files = [f for f in frozen.files.all() if f.format in services.DOWNLOAD_FORMATS]
    return render(
        request,
        "reports/edition_detail.html",
        {
            "edition": edition,
            "frozen": frozen,
            "rows": rows,
            "files": files,
            "can_compose": request.user.has_perm("reports.compose_edition", edition),
            "can_sign": request.user.has_perm("reports.sign_edition", edition),
            "previous": previous_signed(edition),
        },
    )


def _compose_groups(edition: Edition):
    items = list(
        EditionItem.objects.filter(edition=edition)
        .select_related("activity__objective")
        .only(
            "id",
            "included",
            "position",
            "activity__id",
            "activity__title",
            "activity__status",
            "activity__objective__number",
            "activity__objective__title",
        )
    )

    def key(item):
        objective = item.activity.objective
        return (objective.number if objective else 10_000, item.position, item.pk)

    items.sort(key=key)
    groups = []
    for _number, members in groupby(items, key=lambda i: key(i)[0]):
        members = list(members)
        groups.append((members[0].activity.objective, members))
    return groups


@require("reports.compose_edition")
@require_http_methods(["GET", "POST"])
def edition_compose(request, pk: int):
    """Compose a draft: introduction, which activities are printed, their order."""
    edition = _edition(request, pk)
    if edition.status != EditionStatus.DRAFT:
        messages.info(request, _("La edición ya está en firma: su composición no cambia."))
        return redirect("reports:edition", pk=edition.pk)
    _check(request, "reports.compose_edition", edition)
    url = reverse("reports:edition_compose", args=[edition.pk])
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "introduction":
                services.set_introduction(
                    user=request.user, edition=edition, text=request.POST.get("introduction", "")
                )
                messages.success(request, _("Se guardó la introducción."))
            elif action == "inclusion":
                ids = [int(v) for v in request.POST.getlist("included") if v.isdigit()]
                services.set_inclusion(edition=edition, user=request.user, included=ids)
                messages.success(request, _("Se guardó qué actividades se incluyen."))
            elif action == "refresh":
                added = services.refresh_items(edition=edition, user=request.user)
                messages.success(
                    request,
                    ngettext(
                        "Se agregó %(count)s actividad validada.",
                        "Se agregaron %(count)s actividades validadas.",
                        added,
                    )
                    % {"count": added},
                )
            elif action == "move":
                up = "up" in request.POST
                raw = request.POST.get("up") or request.POST.get("down") or ""
                if not raw.isdigit():
                    raise Http404
                try:
                    services.move_item(edition=edition, user=request.user, item_id=int(raw), up=up)
                except EditionItem.DoesNotExist as missing:
                    raise Http404 from missing
                return redirect(f"{url}#elemento-{raw}")
            else:
                return HttpResponse(status=400)
        except ValidationError as error:
            messages.error(request, _error_text(error))
        return redirect(url)
    composed = set(
        EditionItem.objects.filter(edition=edition).values_list("activity_id", flat=True)
    )
    pending = (
        Activity.objects.filter(
            institution_id=edition.institution_id,
            year=edition.year,
            status=ReviewStatus.VALIDATED,
        )
        .exclude(pk__in=composed)
        .count()
    )
    return render(
        request,
        "reports/edition_compose.html",
        {"edition": edition, "groups": _compose_groups(edition), "pending": pending},
    )


@require("reports.view_edition")
def edition_preview(request, pk: int):
    """The document as it will print: live for a draft, the frozen copy once in signature."""
    edition = _edition(request, pk)
    problems = []
    check = None
    if edition.status == EditionStatus.DRAFT:
        document = services.build_document(edition)
        problems = document.problems
        # Whatever printing meets is said here, while composing, never first at signing.
        check = services.print_check(document)
        markup = document_html(document, watermark=services.unsigned_notice())
    else:
        # Stored at the first signature (our own renderer's output, escaped when made).
        fragment = services.frozen_file(edition=edition, fmt=services.FRAGMENT)
        markup = bytes(fragment.content).decode("utf-8")
    return render(
        request,
        "reports/edition_preview.html",
        {
            "edition": edition,
            "markup": markup,
            "problems": problems,
            "check": check,
            "unsigned": edition.status != EditionStatus.SIGNED,
            "notice": services.unsigned_notice(),
            "formats": PREVIEW_FORMATS if edition.status == EditionStatus.DRAFT else ("pdf",),
        },
    )


@require("reports.view_edition")
def edition_preview_file(request, pk: int, fmt: str):
    """An unsigned preview file, marked as such: rendered live (draft) or stored (signing)."""
    edition = _edition(request, pk)
    if edition.status == EditionStatus.SIGNED:
        return redirect("reports:edition_download", pk=edition.pk, fmt=fmt)
    if edition.status == EditionStatus.SIGNING:
        if fmt != "pdf":
            raise Http404
        stored = services.frozen_file(edition=edition, fmt=services.PREVIEW_PDF)
        name, content_type, content = stored.filename, stored.content_type, bytes(stored.content)
    else:
        if fmt not in PREVIEW_FORMATS:
            raise Http404
        document = services.build_document(edition)
        try:
            name, content_type, content = renderers.render(
                document, fmt, watermark=services.unsigned_notice()
            )
        except ReportError as error:
            messages.error(request, str(error))
            return redirect("reports:edition_preview", pk=edition.pk)
    stem, _dot, extension = name.rpartition(".")
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{stem}-vista-previa.{extension}"'
    return response


@require("reports.sign_edition")
@require_http_methods(["GET", "POST"])
def edition_sign(request, pk: int):
    """Confirm and sign: the page shows the hash of the exact content being signed."""
    edition = _edition(request, pk)
    if not request.user.has_perm("reports.sign_edition", edition):
        waiting = _waiting(request.user, edition)
        if waiting is None:
            raise PermissionDenied
        # A signatory of this edition whose turn has not come: say when it will.
        messages.info(request, waiting)
        return redirect("reports:edition", pk=edition.pk)
    role = services.next_role(edition)
    signatory = next(s for s in edition.signatories.all() if s.role == role)
    if request.method == "POST":
        if request.POST.get("confirm") != "1":
            messages.error(request, _("Marque la casilla para confirmar su firma."))
            return redirect("reports:edition_sign", pk=edition.pk)
        try:
            services.sign_edition(
                edition=edition,
                user=request.user,
                content_sha256=request.POST.get("content_sha256", ""),
            )
        except ValidationError as error:
            messages.error(request, _error_text(error))
            return redirect("reports:edition_sign", pk=edition.pk)
        except PermissionDenied as error:  # four eyes: the reason is shown, not a bare 403
            messages.error(request, str(error))
            return redirect("reports:edition_sign", pk=edition.pk)
        messages.success(request, _("Firmó la edición como %s.") % signatory.get_role_display())
        return redirect("reports:edition", pk=edition.pk)
    document = None
    check = None
    if edition.status == EditionStatus.DRAFT:
        document = services.build_document(edition)
        content_sha256 = services.sha256(services.canonical_content(edition, document))
        # This signature renders and stores every file: what would refuse it is said now.
        check = services.print_check(document)
    else:
        content_sha256 = services.content_hash(edition=edition)
    return render(
        request,
        "reports/edition_sign.html",
        {
            "edition": edition,
            "signatory": signatory,
            "content_sha256": content_sha256,
            "freezes": edition.status == EditionStatus.DRAFT,
            "problems": document.problems if document else [],
            "changed_it_last": edition.changed_by_id == request.user.pk,
            "check": check,
        },
    )


@require("reports.download_edition")
def edition_download(request, pk: int, fmt: str):
    """A signed edition's file, byte for byte as frozen at the first signature."""
    edition = _edition(request, pk)
    if edition.status != EditionStatus.SIGNED or fmt not in services.DOWNLOAD_FORMATS:
        raise Http404
    _check(request, "reports.download_edition", edition)
    try:
        stored = services.signed_file(edition=edition, fmt=fmt)
    except FrozenFile.DoesNotExist as missing:
        raise Http404 from missing
    return frozen_file_response(stored)


def frozen_file_response(stored: FrozenFile) -> HttpResponse:
    """A frozen file as an attachment, byte for byte, with its SHA-256 in the headers."""
    return attachment(
        bytes(stored.content),
        filename=stored.filename,
        content_type=stored.content_type,
        sha256=stored.sha256,
    )


@require("reports.view_edition")
def edition_changes(request, pk: int):
    """What this edition changes from the signed edition before it (404 when there is none)."""
    edition = _edition(request, pk)
    changes = changes_since_previous(edition)
    if changes is None:
        raise Http404
    return render(request, "reports/edition_changes.html", {"edition": edition, "changes": changes})
