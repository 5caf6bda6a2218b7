"""Role predicates (django-rules). Object rules of each app combine these in its rules.py."""

import rules

from avance.accounts.models import Role
from avance.accounts.scope import scope_of


@rules.predicate
def is_administrator(user) -> bool:
    return scope_of(user).is_administrator


@rules.predicate
def is_analyst(user) -> bool:
    return scope_of(user).has(Role.ANALYST)


@rules.predicate
def is_reviewer(user) -> bool:
    return scope_of(user).has(Role.REVIEWER)


@rules.predicate
def is_signatory(user) -> bool:
    return scope_of(user).has(Role.SIGNATORY)


@rules.predicate
def is_liaison(user) -> bool:
    return scope_of(user).has(Role.LIAISON)


@rules.predicate
def sees_whole_institute(user) -> bool:
    """Administrators, analysts, reviewers and signatories: every activity is visible."""
    return scope_of(user).sees_whole_institute


@rules.predicate
def in_institution(user, record=None) -> bool:
    """The record belongs to the institution the user works in (no object: not decided
    here). Scoped queries already hold only that institution's records; this keeps every
    object permission true to it as well."""
    return record is None or scope_of(user).holds(record)


has_any_role = is_administrator | is_analyst | is_reviewer | is_signatory | is_liaison

rules.add_perm("accounts.view_own_work", rules.is_authenticated)
rules.add_perm("accounts.set_up", is_administrator)
