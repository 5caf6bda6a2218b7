"""The home page: a signed-in user's own pending work, by role."""

from django.shortcuts import render

from avance.accounts.access import authenticated
from avance.accounts.scope import scope_of
from avance.capture.activities.models import ReviewStatus
from avance.capture.activities.queries import pending_work_for
from avance.documents.reports.queries import signatures_due_for
from avance.documents.reports.services import signatory_due
from avance.web.institutions import current_institution
from avance.web.setup.sections import checklist
from avance.web.setup.views import year_of

PENDING_LIMIT = 20


@authenticated
def home(request):
    scope = scope_of(request.user)
    pending = {
        key: list(
            queryset.select_related("unit", "reporting_organization").order_by("-updated_at")[
                :PENDING_LIMIT
            ]
        )
        for key, queryset in pending_work_for(request.user).items()
    }
    states = dict(ReviewStatus.choices)  # translated once, not once per row
    for rows in pending.values():
        for activity in rows:
            activity.status_label = states.get(activity.status, activity.status)
    to_sign = None
    if scope.has("signatory"):
        # Editions that name this user as a signatory and are not signed yet.
        to_sign = list(
            signatures_due_for(request.user)
            .select_related("edition")
            .prefetch_related("edition__signatories", "edition__signatures")
            .order_by("-edition__year", "edition__number")[:PENDING_LIMIT]
        )
        for signatory in to_sign:
            # Whose signature the edition waits for: this user's, or someone's before.
            signatory.due = signatory_due(signatory.edition)
            signatory.signed = any(
                signed.role == signatory.role for signed in signatory.edition.signatures.all()
            )
    steps = year = None
    if scope.is_administrator and scope.institution_id:
        # What the year still needs: the administrator sets it up (web/setup).
        year = year_of(request)
        steps = checklist(current_institution(request), year)
    return render(
        request,
        "core/home.html",
        {
            "steps": steps,
            "year": year,
            "scope": scope,
            "to_capture": pending.get("to_capture"),
            "to_review": pending.get("to_review"),
            "to_reopen": pending.get("to_reopen"),
            "to_sign": to_sign,
            "limit": PENDING_LIMIT,
        },
    )
