"""A user's roles and scope, read once per request and kept on the user object.

A user works in one institution at a time (the one chosen in the session, else the first
where they hold a role): their roles, units and organisations are those of their memberships
in that institution, and every scoped query lists that institution's records only.

Predicates run many times while a page renders (a link per row may ask «can change?»); the
memberships are fetched in one query the first time and cached on that user instance, which
lives only as long as the request.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from avance.accounts.models import Membership, Role
from avance.catalogs.directory.models import Institution, default_institution

CACHE_ATTRIBUTE = "_avance_scope"
CHOSEN_ATTRIBUTE = "_avance_chosen_institution"
SESSION_KEY = "avance_institution"


@dataclass(frozen=True)
class Scope:
    institution_id: int | None = None
    institution_ids: frozenset[int] = frozenset()  # every institution where the user works
    roles: frozenset[str] = frozenset()
    unit_ids: frozenset[int] = frozenset()
    organization_ids: frozenset[int] = frozenset()
    signs_as: frozenset[str] = frozenset()
    superuser: bool = False
    memberships: tuple[Membership, ...] = field(default=(), compare=False)

    def has(self, role: str) -> bool:
        return role in self.roles

    @property
    def is_administrator(self) -> bool:
        return self.superuser or Role.ADMINISTRATOR in self.roles

    @property
    def sees_whole_institute(self) -> bool:
        """Administrators, analysts, reviewers and signatories see every activity of the
        institution."""
        return self.is_administrator or bool(
            self.roles & {Role.ANALYST, Role.REVIEWER, Role.SIGNATORY}
        )

    def holds(self, record) -> bool:
        """``record`` (anything with an ``institution_id``) belongs to the institution."""
        return self.institution_id is not None and record.institution_id == self.institution_id


EMPTY = Scope()


def _active_institution(user, memberships: tuple[Membership, ...]) -> int | None:
    chosen = getattr(user, CHOSEN_ATTRIBUTE, None)
    own = [m.institution_id for m in memberships]
    if chosen is not None and (chosen in own or user.is_superuser):
        if chosen in own or Institution.objects.filter(pk=chosen).exists():
            return chosen
    if own:
        return min(own)  # the oldest institution first: the national institute
    if user.is_superuser:
        return default_institution().pk
    return None


def scope_of(user) -> Scope:
    """The scope of ``user`` (anonymous or inactive users have none). One query, cached."""
    if user is None or not user.is_authenticated or not user.is_active:
        return EMPTY
    cached = getattr(user, CACHE_ATTRIBUTE, None)
    if cached is not None:
        return cached
    every = tuple(Membership.objects.filter(user=user))
    institution_id = _active_institution(user, every)
    memberships = tuple(m for m in every if m.institution_id == institution_id)
    scope = Scope(
        institution_id=institution_id,
        institution_ids=frozenset(m.institution_id for m in every),
        roles=frozenset(m.role for m in memberships),
        unit_ids=frozenset(m.unit_id for m in memberships if m.role == Role.ANALYST),
        organization_ids=frozenset(
            m.organization_id for m in memberships if m.role == Role.LIAISON
        ),
        signs_as=frozenset(m.signs_as for m in memberships if m.signs_as),
        superuser=user.is_superuser,
        memberships=memberships,
    )
    setattr(user, CACHE_ATTRIBUTE, scope)
    return scope


def choose_institution(user, institution_id: int | None) -> None:
    """Work in ``institution_id`` from now on (ignored where the user holds no role there)."""
    setattr(user, CHOSEN_ATTRIBUTE, institution_id)
    forget_scope(user)


def forget_scope(user) -> None:
    """Drop the cached scope (after memberships change within the same request or test)."""
    if hasattr(user, CACHE_ATTRIBUTE):
        delattr(user, CACHE_ATTRIBUTE)
