"""Counting people: by sex, unique across rosters, by age group, by state, by organisation.

These are the institute's internal, exact counts. Anything shown outside the institute goes
through ``suppression.py`` first (``public_breakdown``).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import Case, Count, F, IntegerField, QuerySet, Value, When

from avance.capture.people.models import SEX_PARTS, Enrollment, Roster
from avance.catalogs.territory.states import STATES

STATE_NAMES = {key: common for key, _official, common, _abbr, _curp in STATES}
UNKNOWN_STATE = "No especificada"
# (label, lowest age, highest age) — age in the roster's year.
AGE_GROUPS: tuple[tuple[str, int, int | None], ...] = (
    ("Menos de 18 años", 0, 17),
    ("18 a 29 años", 18, 29),
    ("30 a 39 años", 30, 39),
    ("40 a 49 años", 40, 49),
    ("50 a 59 años", 50, 59),
    ("60 años y más", 60, None),
)


def sex_parts(rows: Iterable[tuple[str, int]]) -> dict[str, int]:
    """{code: n} rows → the four figure parts, never dropping an unknown code."""
    parts = {"mujeres": 0, "hombres": 0, "otro": 0, "no_especificado": 0}
    for code, count in rows:
        parts[SEX_PARTS.get(code, "no_especificado")] += count
    return parts


@dataclass
class RosterCounts:
    total: int
    by_sex: dict[str, int]
    by_state: list[tuple[str, str, int]] = field(default_factory=list)  # key, name, n
    by_age: list[tuple[str, int]] = field(default_factory=list)
    by_organization: list[tuple[str, int]] = field(default_factory=list)

    def as_json(self) -> dict:
        return {
            "total": self.total,
            "by_sex": self.by_sex,
            "by_state": {key or "": n for key, _name, n in self.by_state},
            "by_age": dict(self.by_age),
            "by_organization": dict(self.by_organization),
        }


def _age_case(year_field: str = "roster__year") -> Case:
    """The index of the age group (age = roster year − birth year); -1 when negative."""
    whens = []
    for index, (_label, low, high) in enumerate(AGE_GROUPS):
        lookup = {"birth_year__lte": F(year_field) - low}
        if high is not None:
            lookup["birth_year__gte"] = F(year_field) - high
        whens.append(When(**lookup, then=Value(index)))
    return Case(*whens, default=Value(-1), output_field=IntegerField())


def by_state(entries: QuerySet) -> list[tuple[str, str, int]]:
    rows = entries.values_list("state").annotate(n=Count("*")).order_by()
    out = [(key, STATE_NAMES.get(key, UNKNOWN_STATE), n) for key, n in rows]
    return sorted(out, key=lambda row: (row[0] == "", row[0]))


def by_age(entries: QuerySet) -> list[tuple[str, int]]:
    rows = dict(
        entries.annotate(group=_age_case()).values_list("group").annotate(n=Count("*")).order_by()
    )
    out = [(label, rows.get(index, 0)) for index, (label, _l, _h) in enumerate(AGE_GROUPS)]
    if rows.get(-1):
        out.append(("Edad no válida", rows[-1]))
    return out


def by_organization(entries: QuerySet, *, limit: int = 50) -> list[tuple[str, int]]:
    rows = (
        entries.exclude(organization="")
        .values_list("organization")
        .annotate(n=Count("*"))
        .order_by("-n", "organization")[:limit]
    )
    return list(rows)


def roster_counts(roster: Roster) -> RosterCounts:
    """Every breakdown of one roster (four aggregate queries)."""
    entries = Enrollment.objects.filter(roster=roster)
    parts = sex_parts(entries.values_list("sex").annotate(n=Count("*")).order_by())
    return RosterCounts(
        total=sum(parts.values()),
        by_sex=parts,
        by_state=by_state(entries),
        by_age=by_age(entries),
        by_organization=by_organization(entries),
    )


def unique_people(
    *,
    year: int | None = None,
    kind: str | None = None,
    budget_program=None,
    rosters: Iterable[Roster] | None = None,
) -> dict[str, int]:
    """People counted once across several rosters — of a year, of a kind, of a budget
    programme (through the rosters' activities), or given — by the sex their CURP states:
    {"total": n, "mujeres": …}. One query."""
    entries = Enrollment.objects.all()
    if budget_program is not None:
        entries = entries.filter(roster__activity__budget_program=budget_program)
    if year is not None:
        entries = entries.filter(roster__year=year)
    if kind is not None:
        entries = entries.filter(roster__kind=kind)
    if rosters is not None:
        entries = entries.filter(roster__in=list(rosters))
    # The CURP's sex is a function of the pseudonym: grouping by it splits no person.
    rows = entries.values_list("curp_sex").annotate(n=Count("pseudonym", distinct=True)).order_by()
    parts = sex_parts(rows)
    return {"total": sum(parts.values()), **parts}


def batch_by_sex(names: Iterable[str]) -> dict[str, dict[str, int]]:
    """Parts by sex of many rosters at once (one small query): {roster name: parts}.

    Read from the rosters' import records, not by scanning their people: each
    ``RosterImport`` that imported keeps how many people it wrote by sex, and enrollments are
    written only by imports and deleted only with their roster (models.Enrollment), so the sum
    of a roster's records is its count by sex. A year's report binds figures to rosters of
    up to hundreds of thousands of people; scanning them cost 120 ms on every preview
    (docs/performance.md, «Pages»). ``batch_by_sex_scanned`` is the same count from the
    people themselves (tests prove they agree).
    """
    from avance.capture.people.models import ImportStatus, RosterImport

    out: dict[str, dict[str, int]] = defaultdict(lambda: sex_parts([]))
    rows = RosterImport.objects.filter(
        roster__name__in=set(names), status=ImportStatus.IMPORTED
    ).values_list("roster__name", "by_sex")
    for name, by_sex in rows:
        parts = out[name]
        for part, count in (by_sex or {}).items():
            key = part if part in parts else "no_especificado"
            parts[key] += int(count)
    return dict(out)


def batch_by_sex_scanned(names: Iterable[str]) -> dict[str, dict[str, int]]:
    """Parts by sex of many rosters, counted from their people (one aggregate query)."""
    rows = (
        Enrollment.objects.filter(roster__name__in=set(names))
        .values_list("roster__name", "sex")
        .annotate(n=Count("*"))
        .order_by()
    )
    grouped: dict[str, list[tuple[str, int]]] = defaultdict(list)
    for name, code, count in rows:
        grouped[name].append((code, count))
    return {name: sex_parts(pairs) for name, pairs in grouped.items()}


def batch_by_state(names: Iterable[str]) -> dict[str, list[tuple[str, str, int]]]:
    """People by state of residence of many rosters at once (one query)."""
    rows = (
        Enrollment.objects.filter(roster__name__in=set(names))
        .exclude(state="")
        .values_list("roster__name", "state")
        .annotate(n=Count("*"))
        .order_by()
    )
    out: dict[str, list[tuple[str, str, int]]] = defaultdict(list)
    for name, key, count in rows:
        out[name].append((key, STATE_NAMES.get(key, UNKNOWN_STATE), count))
    return {name: sorted(items) for name, items in out.items()}


def orphan_entries() -> int:
    """Enrollments whose roster or import record is missing (the table carries no foreign-key
    constraint; this must always be 0)."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT COUNT(*) FROM people_enrollment e "
            "LEFT JOIN people_roster r ON r.id = e.roster_id "
            "LEFT JOIN people_rosterimport i ON i.id = e.import_batch_id "
            "WHERE r.id IS NULL OR (e.import_batch_id IS NOT NULL AND i.id IS NULL)"
        )
        return cursor.fetchone()[0]


def repeated_entries() -> int:
    """Enrollments beyond the first of a (roster, pseudonym) pair: on PostgreSQL no index
    enforces the pair's uniqueness, the importer does (migration 0003); this must always be
    0."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT COALESCE(SUM(n - 1), 0) FROM (SELECT COUNT(*) AS n FROM people_enrollment "
            "GROUP BY roster_id, pseudonym HAVING COUNT(*) > 1) AS pairs"
        )
        return int(cursor.fetchone()[0])
