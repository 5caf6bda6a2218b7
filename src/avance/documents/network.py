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
from avance.catalogs.directory.models import Institution, InstitutionKind
from avance.documents.reports.models import Edition, EditionStatus
from avance.figures.resolve import resolve_figures

# Institutions coordinate at most this deep (national → state → municipal, and a margin).
MAX_DEPTH = 5


@dataclass(frozen=True)
class Node:
    """A coordinated institution as the network lists it (read as plain rows: a national
    network has hundreds)."""

    pk: int
    acronym: str
    name: str
    kind: str  # said in words
    coordinator: str
    state: str  # empty when the directory gives none
    depth: int  # 1: coordinated directly

    def __str__(self) -> str:
        return self.acronym or self.name


@dataclass(frozen=True)
class Member:
    """A coordinated institution and its year."""

    institution: Node
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


def coordinated(institution_id: int) -> list[Node]:
    """The institutions ``institution_id`` coordinates, level by level, each level by name;
    one query a level."""
    kinds = dict(InstitutionKind.choices)
    found: list[Node] = []
    level = [institution_id]
    seen = {institution_id}
    for depth in range(1, MAX_DEPTH + 1):
        rows = (
            Institution.objects.filter(coordinator__in=level)
            .exclude(pk__in=seen)
            .order_by("organization__name")
            .values_list(
                "pk",
                "organization__acronym",
                "organization__name",
                "kind",
                "coordinator__organization__acronym",
                "coordinator__organization__name",
                "organization__state__common_name",
            )
        )
        below = [
            Node(
                pk,
                acronym,
                name,
                str(kinds.get(kind, kind)),
                c_acronym or c_name or "",
                state or "",
                depth,
            )
            for pk, acronym, name, kind, c_acronym, c_name, state in rows
        ]
        if not below:
            break
        found.extend(below)
        seen.update(n.pk for n in below)
        level = [n.pk for n in below]
    return found


def _edition_states(ids: list[int], year: int) -> dict[int, str]:
    labels = dict(EditionStatus.choices)
    latest: dict[int, str] = {}
    editions = Edition.objects.filter(institution__in=ids, year=year).order_by("number")
    for institution_id, status in editions.values_list("institution_id", "status"):
        latest[institution_id] = str(labels.get(status, status))
    return latest


def members(network: list[Node], year: int) -> list[Member]:
    """The year of each institution of ``network`` (``coordinated``): activities captured and
    validated, the state of their latest edition (two queries, whatever their number)."""
    ids = [n.pk for n in network]
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
            institution=node,
            captured=counts.get(node.pk, {}).get("captured", 0),
            validated=counts.get(node.pk, {}).get("validated", 0),
            edition=editions.get(node.pk, _("Sin edición")),
        )
        for node in network
    ]


def sums(network: list[Node], year: int) -> list[Sum]:
    """The validated figures of people (measures by sex) of the institutions of ``network``
    (``coordinated``), summed by measure and by the state of each institution. Entered
    figures are summed by the database, grouped by institution; only the computed ones are
    resolved (rosters...)."""
    state_of = {n.pk: n.state or _("Sin entidad") for n in network}
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
