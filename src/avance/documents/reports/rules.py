"""Permissions of the reports app (django-rules), built from the role predicates of accounts.

Without an object a permission answers «may this user do this kind of thing at all» (what
the view decorators check); with an edition it also checks the edition's state and, for
signing, that the user is bound to the signatory whose turn it is.
"""

import rules

from avance.accounts.rules import (
    in_institution,
    is_administrator,
    is_reviewer,
    sees_whole_institute,
)

BOUND_CACHE = "_avance_bound_signatory"


@rules.predicate
def is_bound_signatory(user, edition=None) -> bool:
    """The user is the person of some Signatory (of ``edition``, when one is given)."""
    from avance.documents.reports.models import Signatory

    if user is None or not user.is_authenticated or not user.is_active:
        return False
    if edition is not None:
        return any(s.user_id == user.pk for s in edition.signatories.all())
    cached = getattr(user, BOUND_CACHE, None)
    if cached is None:
        cached = Signatory.objects.filter(user=user).exists()
        setattr(user, BOUND_CACHE, cached)
    return cached


@rules.predicate
def is_turn_to_sign(user, edition=None) -> bool:
    """It is the turn of the role the user is bound to (no object: not decided here)."""
    if edition is None:
        return True
    from avance.documents.reports.services import next_role

    role = next_role(edition)
    return any(s.role == role and s.user_id == user.pk for s in edition.signatories.all())


@rules.predicate
def is_draft(user, edition=None) -> bool:
    return edition is None or edition.status == "draft"


@rules.predicate
def is_signed(user, edition=None) -> bool:
    return edition is None or edition.status == "signed"


COORDINATES_CACHE = "_avance_coordinates"


@rules.predicate
def coordinates_others(user) -> bool:
    """The institution the user works in coordinates others (the national institute, a state
    instance): it sees their network. Asked once per request."""
    from avance.accounts.scope import scope_of
    from avance.documents.network import coordinates

    scope = scope_of(user)
    cached = getattr(user, COORDINATES_CACHE, None)
    if cached is None or cached[0] != scope.institution_id:
        cached = (scope.institution_id, coordinates(scope.institution_id))
        setattr(user, COORDINATES_CACHE, cached)
    return cached[1]


can_view_editions = (sees_whole_institute & in_institution) | is_bound_signatory
composes = (is_administrator | is_reviewer) & in_institution

rules.add_perm("reports.view_report", sees_whole_institute)
rules.add_perm("reports.view_network", sees_whole_institute & coordinates_others)
rules.add_perm("reports.view_edition", can_view_editions)
rules.add_perm("reports.open_edition", composes)
rules.add_perm("reports.compose_edition", composes & is_draft)
rules.add_perm("reports.sign_edition", is_bound_signatory & is_turn_to_sign)
rules.add_perm("reports.download_edition", can_view_editions & is_signed)
