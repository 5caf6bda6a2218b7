"""Open data pages: the published rosters' counts, for anyone, without logging in.

Thin: what is published and how it is suppressed lives in ``open_data.py``.
"""

from __future__ import annotations

import json

from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from avance.accounts.access import public
from avance.core import stamped_cache
from avance.people import open_data
from avance.people.suppression import threshold


def _published():
    # Counting every published roster's people takes a few hundred milliseconds (the
    # demonstration's 148,623 people): built once per process while the data is unchanged.
    return stamped_cache.cached(("open data",), open_data.published_rosters)


@public
@require_safe
def open_data_page(request):
    published = _published()
    tables = [
        (
            roster,
            [
                (
                    str(title),
                    open_data.public_cells(key, roster.counts[key]),
                )
                for key, title in open_data.BREAKDOWNS
            ],
        )
        for roster in published
    ]
    return render(request, "people/open_data.html", {"tables": tables, "threshold": threshold()})


@public
@require_safe
def open_data_csv(request):
    content = open_data.as_csv(_published())
    response = HttpResponse(content, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="padrones-publicados.csv"'
    return response


@public
@require_safe
def open_data_json(request):
    payload = open_data.as_json(_published(), threshold=threshold())
    return HttpResponse(
        json.dumps(payload, ensure_ascii=False, indent=1),
        content_type="application/json; charset=utf-8",
    )
