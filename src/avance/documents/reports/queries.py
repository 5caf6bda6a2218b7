"""Scoped querysets of editions: the ONE way pages and commands acting for a user list or
fetch them (decision 0004). Another institution's edition is not in the queryset: 404."""

from __future__ import annotations

from django.db.models import QuerySet
from django.utils import timezone

from avance.accounts.scope import scope_of
from avance.capture.activities.models import Activity
from avance.documents.reports.models import Edition, EditionStatus, Signatory


def editions_for(user) -> QuerySet[Edition]:
    """The editions of the institution ``user`` works in (what each may do with them is the
    rules' answer)."""
    institution_id = scope_of(user).institution_id
    if institution_id is None:
        return Edition.objects.none()
    return Edition.objects.filter(institution_id=institution_id)


def signatures_due_for(user) -> QuerySet[Signatory]:
    """The places in unsigned editions of the user's institution that name ``user``."""
    return Signatory.objects.filter(
        user=user, edition__in=editions_for(user).exclude(status="signed")
    )


def open_year(institution_id: int | None) -> int:
    """The year an institution is working on: the year of its edition being composed or
    signed, else the latest year it has activities of, else the calendar year."""
    if institution_id:
        editions = Edition.objects.filter(institution_id=institution_id).exclude(
            status=EditionStatus.SIGNED
        )
        year = editions.order_by("-year").values_list("year", flat=True).first()
        if year is None:
            activities = Activity.objects.filter(institution_id=institution_id)
            year = activities.order_by("-year").values_list("year", flat=True).first()
        if year is not None:
            return year
    return timezone.localdate().year
