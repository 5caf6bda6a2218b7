"""Counting people: by sex, unique across rosters, by age group, by state, by organisation.

A roster's counts are the sums of its imports' counts (``models.ImportCount``, written with
the enrollments), so that pages, figures and open data never scan the enrollments, which
hold millions of rows; ``scanned_counts`` is the same from the enrollments, for the tests.
Only ``unique_people`` (distinct persons across rosters) reads the enrollments.

These are the institute's internal, exact counts. Anything shown outside the institute goes
through ``suppression.py`` first (``public_breakdown``).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import Case, Count, F, IntegerField, Sum, Value, When

from avance.capture.people.models import SEX_PARTS, Breakdown, Enrollment, ImportCount, Roster
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


def age_group(age: int) -> int:
    """The index in ``AGE_GROUPS`` of ``age`` (-1 when negative)."""
    for index, (_label, low, high) in enumerate(AGE_GROUPS):
        if age >= low and (high is None or age <= high):
            return index
    return -1


def _states(rows: Iterable[tuple[str, int]]) -> list[tuple[str, str, int]]:
    out = [(key, STATE_NAMES.get(key, UNKNOWN_STATE), n) for key, n in rows if n]
    return sorted(out, key=lambda row: (row[0] == "", row[0]))


def _ages(rows: dict[int, int]) -> list[tuple[str, int]]:
    out = [(label, rows.get(index, 0)) for index, (label, _l, _h) in enumerate(AGE_GROUPS)]
    if rows.get(-1):
        out.append(("Edad no válida", rows[-1]))
    return out


def _organizations(rows: Iterable[tuple[str, int]], limit: int) -> list[tuple[str, int]]:
    named = [(name, n) for name, n in rows if name and n]
    return sorted(named, key=lambda row: (-row[1], row[0]))[:limit]


def roster_counts(roster: Roster, *, limit: int = 50) -> RosterCounts:
    """Every breakdown of one roster, from its imports' counts (one small query; the
    enrollments are not read)."""
    rows = (
        ImportCount.objects.filter(batch__roster=roster)
        .values_list("breakdown", "key")
        .annotate(n=Sum("people"))
        .order_by()
    )
    by: dict[str, dict[str, int]] = defaultdict(dict)
    for breakdown, key, n in rows:
        by[breakdown][key] = int(n)
    ages: dict[int, int] = defaultdict(int)
    for year, n in by[Breakdown.BIRTH_YEAR].items():
        ages[age_group(roster.year - int(year))] += n
    parts = sex_parts(by[Breakdown.SEX].items())
    return RosterCounts(
        total=sum(parts.values()),
        by_sex=parts,
        by_state=_states(by[Breakdown.STATE].items()),
        by_age=_ages(ages),
        by_organization=_organizations(by[Breakdown.ORGANIZATION].items(), limit),
    )


def scanned_counts(roster: Roster, *, limit: int = 50) -> RosterCounts:
    """``roster_counts`` counted from the roster's enrollments (the tests hold the two
    equal; nothing else should scan a roster's people)."""
    entries = Enrollment.objects.filter(roster=roster)

    def grouped(*fields):
        return entries.values_list(*fields).annotate(n=Count("*")).order_by()

    ages = dict(
        entries.annotate(group=_age_case()).values_list("group").annotate(n=Count("*")).order_by()
    )
    parts = sex_parts(grouped("sex"))
    return RosterCounts(
        total=sum(parts.values()),
        by_sex=parts,
        by_state=_states(grouped("state")),
        by_age=_ages(ages),
        by_organization=_organizations(grouped("organization"), limit),
    )


def people_per_roster(rosters: Iterable[Roster] | None = None) -> dict[int, int]:
    """{roster id: people}, from the imports' counts (one query)."""
    rows = ImportCount.objects.filter(breakdown=Breakdown.SEX)
    if rosters is not None:
        rows = rows.filter(batch__roster__in=rosters)
    totals = rows.values_list("batch__roster").annotate(n=Sum("people")).order_by()
    return {roster_id: int(n) for roster_id, n in totals}


def unique_people(
    *,
    year: int | None = None,
    kind: str | None = None,
    budget_program=None,
    rosters: Iterable[Roster] | None = None,
) -> dict[str, int]:
    """People counted once across several rosters — of a year, of a kind, of a budget
    programme (through the rosters' activities), or given — by the sex their CURP states:
    {"total": n, "mujeres": …}. One query over the enrollments: distinct people cannot be
    added up from per-import counts."""
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


def _by_name(
    names: Iterable[str], breakdown: str, institution_id: int | None
) -> dict[str, list[tuple[str, int]]]:
    counts = ImportCount.objects.filter(batch__roster__name__in=set(names), breakdown=breakdown)
    if institution_id is not None:
        counts = counts.filter(batch__roster__institution_id=institution_id)
    rows = counts.values_list("batch__roster__name", "key").annotate(n=Sum("people")).order_by()
    out: dict[str, list[tuple[str, int]]] = defaultdict(list)
    for name, key, n in rows:
        out[name].append((key, int(n)))
    return out


def batch_by_sex(
    names: Iterable[str], institution_id: int | None = None
) -> dict[str, dict[str, int]]:
    """Parts by sex of many rosters of an institution at once, from their imports' counts
    (one small query): {roster name: parts}."""
    rows = _by_name(names, Breakdown.SEX, institution_id)
    return {name: sex_parts(parts) for name, parts in rows.items()}


def batch_by_state(
    names: Iterable[str], institution_id: int | None = None
) -> dict[str, list[tuple[str, str, int]]]:
    """People by state of residence of many rosters of an institution at once (one small
    query); people without a state are left out."""
    out = {}
    for name, rows in _by_name(names, Breakdown.STATE, institution_id).items():
        out[name] = [row for row in _states(rows) if row[0]]
    return out


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
