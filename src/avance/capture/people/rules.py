"""Who may see, create and import rosters (django-rules). Every roster predicate lives here.

Without an object a permission answers «may this role do this at all»; with a roster it adds
scope (``queries.py``): administrators and reviewers see every roster, analysts their units',
liaisons their organisation's; reviewers only read. Views fetch through ``rosters_for``, so
another scope's roster answers 404, and a visible roster the user may not import into 403.
"""

import rules

from avance.accounts.rules import (
    in_institution,
    is_administrator,
    is_analyst,
    is_liaison,
    is_reviewer,
)
from avance.accounts.scope import scope_of


@rules.predicate
def owns(user, roster) -> bool:
    """The roster belongs to one of the user's units or organisations (None: no object)."""
    if roster is None:
        return True
    scope = scope_of(user)
    return (roster.unit_id is not None and roster.unit_id in scope.unit_ids) or (
        roster.organization_id is not None and roster.organization_id in scope.organization_ids
    )


works_with_rosters = is_administrator | is_analyst | is_liaison
reads_rosters = in_institution & (
    (is_administrator | is_reviewer) | ((is_analyst | is_liaison) & owns)
)
imports_rosters = in_institution & (is_administrator | ((is_analyst | is_liaison) & owns))

rules.add_perm("people.view_roster", reads_rosters)
rules.add_perm("people.add_roster", works_with_rosters)
rules.add_perm("people.import_roster", imports_rosters)
