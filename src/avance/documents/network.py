"""The network seen from its coordinator: the institutions it coordinates (directly or through
another, as the national institute over the state instances and theirs over the municipal
ones), each one's year, and their validated figures of people summed by measure, state and
sex. Drafts are only counted, never read.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, Q, Value
from django.db.models import Sum as Total
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _

from avance.capture.activities.models import Activity, Figure, ReviewStatus
from avance.catalogs.directory.models import Institution
from avance.documents.reports.models import Edition, EditionStatus
from avance.figures.resolve import resolve_figures

# Institutions coordinate at most this deep (national → state → municipal, and a margin).
MAX_DEPTH = 5


@dataclass(frozen=True)
class Member:
    """A coordinated institution and its year."""

    institution: Institution
    depth: int  # 1: coordinated directly
    captured: int
    validated: int
    edition: str  # the status of its latest edition of the year, said in words


@dataclass
class Sum:
    """Validated people of one measure in one state, by sex."""

    measure: str
    state: str
    total: int = 0
    women: int = 0
    men: int = 0
    other: int = 0
    unspecified: int = 0
    institutions: set[int] = field(default_factory=set)


def coordinated(institution_id: int) -> list[tuple[Institution, int]]:
    """The institutions ``institution_id`` coordinates, with their depth; one query a level."""
    found: list[tuple[Institution, int]] = []
    level = [institution_id]
    seen = {institution_id}
    for depth in range(1, MAX_DEPTH + 1):
        below = [
            i
            for i in Institution.objects.filter(coordinator__in=level)
            .select_related("organization__state", "coordinator__organization")
            .order_by("organization__name")
            if i.pk not in seen
        ]
        if not below:
            break
        found.extend((i, depth) for i in below)
        seen.update(i.pk for i in below)
        level = [i.pk for i in below]
    return found


def _edition_states(ids: list[int], year: int) -> dict[int, str]:
    labels = dict(EditionStatus.choices)
    latest: dict[int, str] = {}
    editions = Edition.objects.filter(institution__in=ids, year=year).order_by("number")
    for institution_id, status in editions.values_list("institution_id", "status"):
        latest[institution_id] = str(labels.get(status, status))
    return latest


def members(institution_id: int, year: int) -> list[Member]:
    """The coordinated institutions and their year: activities captured and validated, the
    state of their latest edition (three queries, whatever their number)."""
    network = coordinated(institution_id)
    ids = [i.pk for i, _depth in network]
    counts = {
        row["institution"]: row
        for row in Activity.objects.filter(institution__in=ids, year=year)
        .values("institution")
        .annotate(
            captured=Count("id"), validated=Count("id", filter=Q(status=ReviewStatus.VALIDATED))
        )
    }
    editions = _edition_states(ids, year)
    return [
        Member(
            institution=institution,
            depth=depth,
            captured=counts.get(institution.pk, {}).get("captured", 0),
            validated=counts.get(institution.pk, {}).get("validated", 0),
            edition=editions.get(institution.pk, _("Sin edición")),
        )
        for institution, depth in network
    ]


def sums(institution_id: int, year: int) -> list[Sum]:
    """The coordinated institutions' validated figures of people (measures by sex), summed
    by measure and by the state of each institution. Entered figures are summed by the
    database, grouped by institution; only the computed ones are resolved (rosters...)."""
    network = coordinated(institution_id)
    state_of = {
        i.pk: (i.organization.state.common_name if i.organization.state_id else _("Sin entidad"))
        for i, _depth in network
    }
    figures = Figure.objects.filter(
        activity__institution__in=list(state_of),
        activity__year=year,
        activity__status=ReviewStatus.VALIDATED,
        measure__by_sex=True,
    )
    out: dict[tuple[str, str], Sum] = {}

    def add(measure, institution, total, women, men, other):
        key = (measure, state_of[institution])
        row = out.setdefault(key, Sum(measure=key[0], state=key[1]))
        row.total += total
        row.women += women
        row.men += men
        row.other += other
        row.unspecified += total - women - men - other
        row.institutions.add(institution)

    zero = Value(0)
    entered = (
        figures.exclude(source="bound")
        .filter(total__isnull=False)
        .values_list("measure__name", "activity__institution")
        .annotate(
            t=Total("total"),
            w=Total(Coalesce("women", zero)),
            m=Total(Coalesce("men", zero)),
            o=Total(Coalesce("other", zero)),
        )
        .order_by()
    )
    for measure, institution, total, women, men, other in entered:
        add(measure, institution, total, women, men, other)
    bound = list(figures.filter(source="bound").select_related("activity", "measure"))
    resolved = resolve_figures(bound) if bound else {}
    for figure in bound:
        value = resolved.get(figure.pk)
        if value is None or value.total is None:
            continue
        parts = value.parts or {}
        add(
            figure.measure.name,
            figure.activity.institution_id,
            value.total,
            parts.get("mujeres") or 0,
            parts.get("hombres") or 0,
            parts.get("otro") or 0,
        )
    return sorted(out.values(), key=lambda s: (s.measure, s.state))


def totals(rows: list[Sum]) -> dict[str, Sum]:
    """Each measure's sum over every state."""
    out: dict[str, Sum] = defaultdict(lambda: Sum(measure="", state=""))
    for row in rows:
        total = out[row.measure]
        total.measure, total.state = row.measure, _("Todas")
        for attribute in ("total", "women", "men", "other", "unspecified"):
            setattr(total, attribute, getattr(total, attribute) + getattr(row, attribute))
        total.institutions |= row.institutions
    return dict(out)


def coordinates(institution_id: int | None) -> bool:
    return bool(institution_id) and Institution.objects.filter(coordinator=institution_id).exists()
