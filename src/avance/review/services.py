"""Review transitions: the only way an activity's review status changes.

    draft ──submit──► submitted ──validate──► validated
      ▲                   │
      └──── returned ◄────┘ send back (with a comment); returned ──submit──► submitted

Each function checks the current state and the user's permission, writes the new state
(``Activity.status`` is not editable through forms), records a ``ReviewComment`` and a
history entry, and logs. Four eyes: whoever submitted the activity or changed it last never
validates it, whatever their roles (superusers included).
"""

from __future__ import annotations

import logging

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from avance.capture.activities.models import Activity, ReviewAction, ReviewComment, ReviewStatus

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
) -> ReviewComment:
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
    activity.status = to_status
    logger.info(
        "activity %s: %s → %s by %s", activity.pk, from_status, to_status, user.get_username()
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
