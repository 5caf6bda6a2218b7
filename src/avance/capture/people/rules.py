"""Who may see and import rosters (django-rules). Every roster predicate lives here, so that
the roles being refined in ``accounts`` change one place.

For now: administrators and analysts of the institute, and staff users. A user holding the
Django model permission of the same name (given in the administration) passes as well,
through Django's model backend.
"""

import rules

from avance.accounts.rules import is_administrator, is_analyst

works_with_rosters = rules.is_active & (is_administrator | is_analyst | rules.is_staff)

rules.add_perm("people.view_roster", works_with_rosters)
rules.add_perm("people.add_roster", works_with_rosters)
rules.add_perm("people.import_roster", works_with_rosters)
