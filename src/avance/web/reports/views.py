"""Report pages: the live preview of a year's report, its downloads, and its provenance.

Thin: the document comes from ``document.build_public_account`` and each format from the
renderers. What is served here is built from the records as they are now, so it is marked as
an unsigned preview; signed editions are served by ``edition_views``.
"""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from avance.accounts.access import require
from avance.accounts.scope import scope_of
from avance.documents.reports import renderers
from avance.documents.reports.document import ReportError, build_public_account
from avance.documents.reports.renderers.html import document_html, problems_html
from avance.documents.reports.trace import trace_rows

DOWNLOAD_FORMATS = {
    "md": _("Markdown"),
    "html": _("HTML"),
    "pdf": _("PDF"),
    "docx": _("Word (DOCX)"),
}


def unsigned_notice() -> str:
    return _("Vista previa sin firmar")


def _missing(request, year: int, error: ReportError, status: int = 404) -> HttpResponse:
    return render(
        request, "reports/missing.html", {"year": year, "message": str(error)}, status=status
    )


def _document(request, year: int):
    """The year's report of the institution the user works in."""
    return build_public_account(year, institution_id=scope_of(request.user).institution_id)


@require("reports.view_report")
def preview(request, year: int):
    """The year's report as it prints now, with the references that do not resolve."""
    try:
        document = _document(request, year)
    except ReportError as error:
        return _missing(request, year, error)
    return render(
        request,
        "reports/preview.html",
        {
            "document": document,
            "year": year,
            "markup": document_html(document),
            "problems": problems_html(document),
            "notice": unsigned_notice(),
            "formats": [(fmt, str(label)) for fmt, label in DOWNLOAD_FORMATS.items()],
        },
    )


@require("reports.view_report")
def download(request, year: int, fmt: str):
    """One format of the year's report, as an attachment marked as an unsigned preview."""
    if fmt not in DOWNLOAD_FORMATS:
        return _missing(request, year, ReportError(_("Formato no disponible: %s.") % fmt[:10]))
    try:
        document = _document(request, year)
    except ReportError as error:
        return _missing(request, year, error)
    options = {} if fmt == "md" else {"watermark": unsigned_notice()}
    try:
        name, content_type, content = renderers.render(document, fmt, **options)
    except ReportError as error:  # a format that cannot be generated: said, not a 500
        return _missing(request, year, error, status=422)
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["Content-Length"] = str(len(content))
    return response


@require("reports.view_report")
def trace(request, year: int):
    """Every figure the report prints, in reading order, with the record it comes from."""
    try:
        document = _document(request, year)
    except ReportError as error:
        return _missing(request, year, error)
    return render(
        request,
        "reports/trace.html",
        {"document": document, "year": year, "rows": trace_rows(document)},
    )
