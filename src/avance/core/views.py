from django.shortcuts import render
from django.urls import NoReverseMatch, reverse

from avance.accounts.access import authenticated
from avance.accounts.scope import scope_of
from avance.activities.queries import label_rows, pending_work_for

PENDING_LIMIT = 20


def _signatures_awaiting(user) -> list[dict]:
    """Editions of the report that name this user as a signatory and are not yet signed.

    The signing itself belongs to the reports app; this only lists, and links to the
    edition's page when that page exists.
    """
    from avance.reports.models import Signatory

    rows = []
    signatories = (
        Signatory.objects.filter(user=user)
        .exclude(edition__status="signed")
        .select_related("edition")
        .order_by("-edition__year", "edition__number")[:PENDING_LIMIT]
    )
    for signatory in signatories:
        edition = signatory.edition
        url = None
        for name, args in (("reports:edition", [edition.pk]), ("reports:preview", [edition.year])):
            try:
                url = reverse(name, args=args)
                break
            except NoReverseMatch:
                continue
        rows.append({"signatory": signatory, "edition": edition, "url": url})
    return rows


@authenticated
def home(request):
    """The landing page of a signed-in user: their own pending work, by role."""
    scope = scope_of(request.user)
    pending = {
        key: label_rows(
            queryset.select_related("unit", "reporting_organization")
            .defer("narrative", "search_text")  # long columns the page does not show
            .order_by("-updated_at")[:PENDING_LIMIT]
        )
        for key, queryset in pending_work_for(request.user).items()
    }
    return render(
        request,
        "core/home.html",
        {
            "scope": scope,
            "to_capture": pending.get("to_capture"),
            "to_review": pending.get("to_review"),
            "to_sign": _signatures_awaiting(request.user) if scope.has("signatory") else None,
            "limit": PENDING_LIMIT,
        },
    )
