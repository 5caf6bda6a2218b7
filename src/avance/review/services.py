"""Review transitions: the only way an activity's review status changes.

    draft ──submit──► submitted ──validate──► validated
      ▲                   │                       │ request reopening (a reason)
      └──── returned ◄────┘ send back             ▼
      ▲                   (with a comment)    pending request ── refuse (a reason) ──► validated
      └───────────────── reopen ─────────────────┘

returned ──submit──► submitted. A reopened activity goes back to draft: its authors correct
it and it is reviewed again; an edition already signed keeps its frozen text.

Each function checks the current state and the user's permission, writes the new state
(``Activity.status`` is not editable through forms), records a ``ReviewComment`` and a
history entry, and logs. Four eyes: whoever submitted the activity or changed it last never
validates it, whatever their roles (superusers included).
"""

from __future__ import annotations

import logging

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from avance.capture.activities.models import (
    Activity,
    ReopeningRequest,
    ReopeningStatus,
    ReviewAction,
    ReviewComment,
    ReviewStatus,
)

logger = logging.getLogger(__name__)


class TransitionError(ValidationError):
    """The activity is not in a state that allows the transition."""


class OwnWorkError(PermissionDenied):
    """Four eyes: the user submitted the activity or changed it last."""


def _transition(
    *,
    activity: Activity,
    user,
    permission: str,
    allowed_from: tuple[str, ...],
    to_status: str,
    action: str,
    comment: str = "",
    four_eyes: bool = False,
    then=None,
) -> ReviewComment:
    """Move ``activity`` from one of ``allowed_from`` to ``to_status`` (the same status for a
    step that changes none, such as a request); ``then(current)`` runs in the same
    transaction, with the row locked."""
    with transaction.atomic():
        # Lock the row and read the current state: two reviewers clicking at once must not
        # both succeed.
        current = Activity.objects.select_for_update().get(pk=activity.pk)
        if current.status not in allowed_from:
            raise TransitionError(
                _("La actividad está «%(state)s»; esta acción no se puede aplicar.")
                % {"state": current.get_status_display()}
            )
        if four_eyes and user.pk in (current.submitted_by_id, current.changed_by_id):
            raise OwnWorkError(
                _(
                    "Usted envió o modificó por última vez esta actividad: debe validarla "
                    "otra persona con el papel de revisión."
                )
            )
        if not user.has_perm(permission, current):
            raise PermissionDenied(_("No tiene permiso para esta acción."))
        from_status = current.status
        if to_status != from_status:
            current.status = to_status
            fields = ["status", "updated_at"]
            if to_status == ReviewStatus.SUBMITTED:
                current.submitted_by = user
                fields.append("submitted_by")
            current._change_reason = ReviewAction(action).label
            current._history_user = user
            # save() (not update()) so that simple-history records who changed the state.
            current.save(update_fields=fields)
        step = ReviewComment.objects.create(
            activity=current,
            action=action,
            from_status=from_status,
            to_status=to_status,
            comment=comment,
            author=user,
        )
        if then is not None:
            then(current)
    activity.status = to_status
    logger.info(
        "activity %s: %s, %s → %s by %s",
        activity.pk,
        action,
        from_status,
        to_status,
        user.get_username(),
    )
    return step


def submit_activity(*, activity: Activity, user) -> ReviewComment:
    """Send a draft (or returned) activity to review.

    Side effects: status → submitted, ``submitted_by`` → user; a ReviewComment and a
    history entry; a log line.
    Raises TransitionError (wrong state) or PermissionDenied.
    """
    return _transition(
        activity=activity,
        user=user,
        permission="activities.submit_activity",
        allowed_from=(ReviewStatus.DRAFT, ReviewStatus.RETURNED),
        to_status=ReviewStatus.SUBMITTED,
        action=ReviewAction.SUBMITTED,
    )


def validate_activity(*, activity: Activity, user, comment: str = "") -> ReviewComment:
    """Validate a submitted activity: it may now appear in reports.

    Side effects: status → validated; a ReviewComment and a history entry; a log line.
    Raises TransitionError (wrong state) or PermissionDenied (not a reviewer, or the user
    submitted the activity or changed it last).
    """
    return _transition(
        activity=activity,
        user=user,
        permission="activities.validate_activity",
        allowed_from=(ReviewStatus.SUBMITTED,),
        to_status=ReviewStatus.VALIDATED,
        action=ReviewAction.VALIDATED,
        comment=comment.strip(),
        four_eyes=True,
    )


def send_back_activity(*, activity: Activity, user, comment: str) -> ReviewComment:
    """Return a submitted activity to its authors with a comment (required).

    Side effects: status → returned; a ReviewComment and a history entry; a log line.
    Raises ValidationError (no comment), TransitionError (wrong state) or PermissionDenied.
    """
    comment = (comment or "").strip()
    if not comment:
        raise ValidationError({"comment": _("Escriba qué debe corregirse.")})
    return _transition(
        activity=activity,
        user=user,
        permission="activities.review_activity",
        allowed_from=(ReviewStatus.SUBMITTED,),
        to_status=ReviewStatus.RETURNED,
        action=ReviewAction.RETURNED,
        comment=comment,
    )


def _reason(text: str, message: str) -> str:
    text = (text or "").strip()
    if not text:
        raise ValidationError({"comment": message})
    return text


def pending_reopening(activity: Activity) -> ReopeningRequest | None:
    return activity.reopening_requests.filter(status=ReopeningStatus.PENDING).first()


def request_reopening(*, activity: Activity, user, reason: str) -> ReopeningRequest:
    """Ask to correct a validated activity, saying why (required).

    Side effects: a pending ReopeningRequest; a ReviewComment with the reason; a log line.
    The activity stays validated (and in reports) until a reviewer reopens it.
    Raises ValidationError (no reason, or a request already pending), TransitionError (not
    validated) or PermissionDenied.
    """
    reason = _reason(reason, _("Escriba qué debe corregirse y por qué."))
    made: list[ReopeningRequest] = []

    def record(current: Activity) -> None:
        if pending_reopening(current) is not None:
            raise ValidationError(_("Esta actividad ya tiene una solicitud de reapertura."))
        made.append(
            ReopeningRequest.objects.create(activity=current, reason=reason, requested_by=user)
        )

    _transition(
        activity=activity,
        user=user,
        permission="activities.request_reopening",
        allowed_from=(ReviewStatus.VALIDATED,),
        to_status=ReviewStatus.VALIDATED,
        action=ReviewAction.REOPEN_ASKED,
        comment=reason,
        then=record,
    )
    return made[0]


def _decide(current: Activity, user, status: str, answer: str) -> None:
    request = pending_reopening(current)
    if request is None:
        raise TransitionError(_("Esta actividad no tiene una solicitud de reapertura pendiente."))
    if request.requested_by_id == user.pk:
        raise OwnWorkError(
            _(
                "Usted pidió reabrir esta actividad: la decide otra persona con el papel de "
                "revisión."
            )
        )
    request.status, request.decided_by, request.decided_at = status, user, timezone.now()
    request.answer = answer
    request.save(update_fields=["status", "decided_by", "decided_at", "answer"])


def _settle(*, activity: Activity, user, comment: str, to_status: str, action: str, status: str):
    """Decide the activity's pending request: a reviewer who did not ask it (four eyes)."""
    return _transition(
        activity=activity,
        user=user,
        permission="activities.decide_reopening",
        allowed_from=(ReviewStatus.VALIDATED,),
        to_status=to_status,
        action=action,
        comment=comment,
        then=lambda current: _decide(current, user, status, comment),
    )


def reopen_activity(*, activity: Activity, user, comment: str = "") -> ReviewComment:
    """Grant a pending request: the activity goes back to draft for its authors to correct,
    and is reviewed again. Whoever asked never decides (four eyes).

    Side effects: status → draft; the request is marked reopened; a ReviewComment and a
    history entry; a log line. Raises TransitionError (not validated or nothing pending),
    OwnWorkError or PermissionDenied.
    """
    return _settle(
        activity=activity,
        user=user,
        comment=(comment or "").strip(),
        to_status=ReviewStatus.DRAFT,
        action=ReviewAction.REOPENED,
        status=ReopeningStatus.REOPENED,
    )


def refuse_reopening(*, activity: Activity, user, comment: str) -> ReviewComment:
    """Refuse a pending request, saying why (required): the activity stays validated.

    Side effects: the request is marked refused; a ReviewComment; a log line. Raises
    ValidationError (no reason), TransitionError, OwnWorkError or PermissionDenied.
    """
    return _settle(
        activity=activity,
        user=user,
        comment=_reason(comment, _("Escriba por qué no se reabre.")),
        to_status=ReviewStatus.VALIDATED,
        action=ReviewAction.REOPEN_REFUSED,
        status=ReopeningStatus.REFUSED,
    )
