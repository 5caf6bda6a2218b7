"""Who may move an activity through review (django-rules).

Four eyes: whoever submitted an activity or changed it last never validates it, whatever
their roles (``services.validate_activity`` checks it again, for superusers too).
"""

import rules

from avance.accounts.rules import (
    in_institution,
    is_administrator,
    is_analyst,
    is_liaison,
    is_reviewer,
)
from avance.capture.activities.rules import can_capture, can_view, captures, is_editable_state


@rules.predicate
def is_submitted(user, activity) -> bool:
    if activity is None:
        return True
    return activity.status == "submitted"


@rules.predicate
def is_own_work(user, activity) -> bool:
    """The user submitted the activity or changed it last (no object: not decided here)."""
    if activity is None:
        return False
    return user.pk in (activity.submitted_by_id, activity.changed_by_id)


rules.add_perm("activities.submit_activity", can_capture & is_editable_state)
reviews = is_reviewer & in_institution & is_submitted
rules.add_perm("activities.review_activity", reviews)
rules.add_perm("activities.validate_activity", reviews & ~is_own_work)


@rules.predicate
def is_validated(user, activity) -> bool:
    if activity is None:
        return True
    return activity.status == "validated"


# The institution's analysts, reviewers and administrators, and the liaison whose
# organisation reports it, may ask to correct validated work (asking changes nothing); a
# reviewer decides.
asks = is_administrator | is_analyst | is_reviewer | (is_liaison & captures)
rules.add_perm("activities.request_reopening", can_view & asks & is_validated)
rules.add_perm("activities.decide_reopening", is_reviewer & in_institution & is_validated)
