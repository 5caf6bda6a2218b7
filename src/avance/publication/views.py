"""Public pages, open to anyone without signing in: the signed editions and the open data.

A signed edition is the institute's published word (a public-account report is a public
document): its frozen files are served byte for byte, with their SHA-256 so that a reader can
check a copy. Only signed editions are listed or served; anything else answers 404, whether it
exists or not. The HTML edition is not offered: its figures link to internal records.

Open data are the published rosters' counts; what is published and how it is suppressed lives
in ``open_data.py``.
"""

from __future__ import annotations

import json

from django.db.models import Max, Prefetch
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.views.decorators.http import require_safe

from avance.accounts.access import public
from avance.core.exporters import LIST_FORMATS, list_format_choices
from avance.core.http import attachment
from avance.documents.reports.models import Edition, EditionStatus, FrozenFile
from avance.publication import open_data
from avance.publication.suppression import threshold

# The formats a reader may download, in the order the page offers them.
PUBLIC_FORMATS = ("pdf", "docx", "md")


def _signed():
    return Edition.objects.filter(status=EditionStatus.SIGNED)


@public
@require_safe
def published_list(request):
    """Every signed edition, newest year first, with its files and their hashes."""
    files = FrozenFile.objects.filter(format__in=PUBLIC_FORMATS).only(
        "frozen_id", "format", "filename", "sha256", "size"
    )
    editions = (
        _signed()
        .select_related("institution__organization")
        .annotate(signed_on=Max("signatures__signed_at"))
        .prefetch_related(Prefetch("frozen__files", queryset=files, to_attr="public_files"))
    )
    rows = []
    for edition in editions:
        by_format = {f.format: f for f in edition.frozen.public_files}
        rows.append((edition, [by_format[f] for f in PUBLIC_FORMATS if f in by_format]))
    return render(request, "publication/published_list.html", {"rows": rows})


@public
@require_safe
def published_download(request, pk: int, fmt: str):
    """One file of a signed edition, as stored at its first signature."""
    if fmt not in PUBLIC_FORMATS:
        raise Http404
    edition = get_object_or_404(_signed(), pk=pk)
    stored = get_object_or_404(FrozenFile, frozen__edition=edition, format=fmt)
    return attachment(
        bytes(stored.content),
        filename=stored.filename,
        content_type=stored.content_type,
        sha256=stored.sha256,
    )


@public
@require_safe
def open_data_page(request):
    published = open_data.published_rosters()
    tables = [
        (
            roster,
            [
                (str(title), open_data.public_cells(key, roster.counts[key]))
                for key, title in open_data.BREAKDOWNS
            ],
        )
        for roster in published
    ]
    exports = [
        (label, reverse("open_data:export", args=[fmt])) for fmt, label in list_format_choices()
    ]
    return render(
        request,
        "publication/open_data.html",
        {"tables": tables, "threshold": threshold(), "exports": exports},
    )


@public
@require_safe
def open_data_export(request, fmt: str):
    if fmt not in LIST_FORMATS:
        raise Http404
    exporter = open_data.OpenDataExporter(open_data.published_rosters())
    return attachment(**exporter.render(fmt)._asdict())


@public
@require_safe
def open_data_json(request):
    payload = open_data.as_json(open_data.published_rosters(), threshold=threshold())
    return HttpResponse(
        json.dumps(payload, ensure_ascii=False, indent=1),
        content_type="application/json; charset=utf-8",
    )
