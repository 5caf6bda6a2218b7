"""Permissions of the activities app (django-rules), built from the role predicates.

Without an object a permission answers «may this user do this kind of thing at all»; with an
activity it also checks scope and state. Visibility itself is the scoped queryset
(``queries.activities_for``); views fetch through it so out-of-scope records answer 404.
"""

import rules

from avance.accounts.rules import (
    in_institution,
    is_administrator,
    is_analyst,
    is_liaison,
    sees_whole_institute,
)
from avance.accounts.scope import scope_of


@rules.predicate
def in_scope(user, activity) -> bool:
    """The activity is visible to the user (None: no object given, decided by role)."""
    if activity is None:
        return True
    scope = scope_of(user)
    if scope.sees_whole_institute:
        return True
    return activity.reporting_organization_id in scope.organization_ids


@rules.predicate
def captures(user, activity) -> bool:
    """The activity belongs to the user's unit (analyst) or organisation (liaison)."""
    if activity is None:
        return True
    scope = scope_of(user)
    return (activity.unit_id is not None and activity.unit_id in scope.unit_ids) or (
        activity.reporting_organization_id is not None
        and activity.reporting_organization_id in scope.organization_ids
    )


@rules.predicate
def is_editable_state(user, activity) -> bool:
    if activity is None:
        return True
    return activity.status in ("draft", "returned")


can_view = (sees_whole_institute | is_liaison) & in_institution & in_scope
can_capture = in_institution & (is_administrator | ((is_analyst | is_liaison) & captures))

rules.add_perm("activities.view_activity", can_view)
rules.add_perm("activities.add_activity", is_administrator | is_analyst | is_liaison)
rules.add_perm("activities.change_activity", can_capture & is_editable_state)
rules.add_perm("activities.view_history", can_view)
