"""Scoped querysets: the ONE way pages, exports and commands acting for a user list or fetch
rosters and their imports (decision 0004, as for activities).

A roster belongs to a unit of the institute and/or an organisation (``Roster.unit``,
``Roster.organization``). Fetching through ``rosters_for(user)`` is what makes another
scope's roster, import or error report answer 404: it is not in the user's queryset.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet

from avance.accounts.models import Role
from avance.accounts.scope import scope_of
from avance.capture.activities.checks import ROSTER_COUNT
from avance.capture.activities.models import Activity, Figure
from avance.capture.activities.queries import activities_for, editable_by
from avance.capture.people.models import Roster, RosterImport


def _owned(scope) -> Q:
    """Rosters of the scope's units (analyst) or organisations (liaison)."""
    condition = Q(pk__in=[])
    if scope.unit_ids:
        condition |= Q(unit__in=scope.unit_ids)
    if scope.organization_ids:
        condition |= Q(organization__in=scope.organization_ids)
    return condition


def rosters_for(user) -> QuerySet[Roster]:
    """Rosters ``user`` may see: administrators and reviewers every roster; an analyst its
    units'; a liaison its organisation's; anyone else none."""
    scope = scope_of(user)
    own = Roster.objects.filter(institution_id=scope.institution_id)
    if scope.institution_id is None:
        return own.none()
    if scope.is_administrator or scope.has(Role.REVIEWER):
        return own
    return own.filter(_owned(scope))


def editable_rosters_for(user) -> QuerySet[Roster]:
    """Rosters ``user`` may import into: administrators every roster; an analyst its units';
    a liaison its organisation's (a reviewer reads, and imports into none)."""
    scope = scope_of(user)
    own = Roster.objects.filter(institution_id=scope.institution_id)
    if scope.institution_id is None:
        return own.none()
    if scope.is_administrator:
        return own
    return own.filter(_owned(scope))


def imports_for(user) -> QuerySet[RosterImport]:
    """Import records (and their error reports) of the rosters ``user`` may see."""
    return RosterImport.objects.filter(roster__in=rosters_for(user))


def roster_activities_for(user) -> QuerySet[Activity]:
    """Activities ``user`` may attach a new roster to: those it captures (an analyst its
    units', a liaison its organisation's; administrators any), so that the roster stays in
    the user's scope."""
    return editable_by(user, activities_for(user))


def figures_fed_by(roster: Roster, activities: QuerySet[Activity]) -> QuerySet[Figure]:
    """The figures of ``activities`` computed from ``roster`` (a roster is named within its
    institution), with their activity."""
    return (
        Figure.objects.filter(
            binding=ROSTER_COUNT,
            binding_params__roster=roster.name,
            activity__in=activities.filter(institution=roster.institution_id),
        )
        .select_related("activity")
        .order_by("activity__year", "activity__title", "name")
    )
