"""Published reports: the signed editions, open to anyone without logging in.

A signed edition is the institute's published word (a public-account report is a public
document): its frozen files are served byte for byte, with their SHA-256 so that a reader can
check a copy. Only signed editions are listed or served; anything else answers 404, whether it
exists or not. The HTML edition is not offered here: its figures link to the institute's
internal records.
"""

from __future__ import annotations

from django.db.models import Max, Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe

from avance.accounts.access import public
from avance.reports.edition_views import frozen_file_response
from avance.reports.models import Edition, EditionStatus, FrozenFile

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
        .select_related("institute")
        .annotate(signed_on=Max("signatures__signed_at"))
        .prefetch_related(Prefetch("frozen__files", queryset=files, to_attr="public_files"))
    )
    rows = []
    for edition in editions:
        by_format = {f.format: f for f in edition.frozen.public_files}
        rows.append((edition, [by_format[f] for f in PUBLIC_FORMATS if f in by_format]))
    return render(request, "reports/published_list.html", {"rows": rows})


@public
@require_safe
def published_download(request, pk: int, fmt: str):
    """One file of a signed edition, as stored at its first signature."""
    if fmt not in PUBLIC_FORMATS:
        raise Http404
    edition = get_object_or_404(_signed(), pk=pk)
    stored = get_object_or_404(FrozenFile, frozen__edition=edition, format=fmt)
    return frozen_file_response(stored)
