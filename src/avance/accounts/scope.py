"""A user's roles and scope, read once per request and kept on the user object.

Predicates run many times while a page renders (a link per row may ask «can change?»); the
memberships are fetched in one query the first time and cached on that user instance, which
lives only as long as the request.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from avance.accounts.models import Membership, Role

CACHE_ATTRIBUTE = "_avance_scope"


@dataclass(frozen=True)
class Scope:
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
        """Administrators, analysts, reviewers and signatories see every activity."""
        return self.is_administrator or bool(
            self.roles & {Role.ANALYST, Role.REVIEWER, Role.SIGNATORY}
        )


EMPTY = Scope()


def scope_of(user) -> Scope:
    """The scope of ``user`` (anonymous or inactive users have none). One query, cached."""
    if user is None or not user.is_authenticated or not user.is_active:
        return EMPTY
    cached = getattr(user, CACHE_ATTRIBUTE, None)
    if cached is not None:
        return cached
    memberships = tuple(Membership.objects.filter(user=user))
    scope = Scope(
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


def forget_scope(user) -> None:
    """Drop the cached scope (after memberships change within the same request or test)."""
    if hasattr(user, CACHE_ATTRIBUTE):
        delattr(user, CACHE_ATTRIBUTE)
