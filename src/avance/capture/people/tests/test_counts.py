"""Counts of people, the roster.count binding, and small-cell suppression."""

from __future__ import annotations

import datetime
import random
from fractions import Fraction

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from hypothesis import given, settings
from hypothesis import strategies as st

from avance.capture.activities.models import Activity, Figure, Measure
from avance.capture.people.counts import orphan_entries, roster_counts, unique_people
from avance.capture.people.curp import generate_curp
from avance.capture.people.importing import import_roster
from avance.capture.people.models import Roster
from avance.figures.narrative import Value, render
from avance.figures.resolve import activity_context, resolve_figures
from avance.publication.suppression import public_breakdown, suppress
from tests.builders.rosters import csv_bytes, people


def _import(roster, rows):
    return import_roster(roster=roster, data=csv_bytes(rows), file_name="f.csv")


def _roster(name, year=2023, kind="training", activity=None):
    return Roster.objects.create(name=name, kind=kind, year=year, activity=activity)


@pytest.mark.django_db
def test_roster_counts_by_sex_state_age_and_organization():
    rng = random.Random(3)
    rows = [
        (generate_curp(rng, sex="M", birth=datetime.date(2010, 1, 1)), "Mujer", "07", "", "SEP"),
        (generate_curp(rng, sex="M", birth=datetime.date(1990, 6, 1)), "", "Chiapas", "", "SEP"),
        (generate_curp(rng, sex="H", birth=datetime.date(1960, 6, 1)), "Hombre", "", "", ""),
        (generate_curp(rng, sex="X", birth=datetime.date(1985, 6, 1)), "", "09", "", "IMSS"),
    ]
    roster = _roster("Conteos")
    _import(roster, rows)
    counts = roster_counts(roster)
    assert counts.total == 4
    assert counts.by_sex == {"mujeres": 2, "hombres": 1, "otro": 1, "no_especificado": 0}
    assert counts.by_state == [
        ("07", "Chiapas", 2),
        ("09", "Ciudad de México", 1),
        ("", "No especificada", 1),
    ]
    assert dict(counts.by_age) == {
        "Menos de 18 años": 1,
        "18 a 29 años": 0,
        "30 a 39 años": 2,
        "40 a 49 años": 0,
        "50 a 59 años": 0,
        "60 años y más": 1,
    }
    assert counts.by_organization == [("SEP", 2), ("IMSS", 1)]
    assert orphan_entries() == 0


@pytest.mark.django_db
def test_unique_people_across_rosters_of_a_year():
    everyone = people(30, seed=11)
    _import(_roster("A"), everyone[:20])
    _import(_roster("B", kind="certification"), everyone[10:])
    _import(_roster("C", year=2022), everyone[:5])
    total_2023 = unique_people(year=2023)
    assert total_2023["total"] == 30
    assert sum(v for k, v in total_2023.items() if k != "total") == 30
    assert unique_people(kind="certification")["total"] == 20
    assert unique_people()["total"] == 30


@pytest.mark.django_db
def test_unique_people_of_a_budget_programme():
    from avance.catalogs.planning.models import BudgetProgram

    program = BudgetProgram.objects.create(key="S010", name="PROABIM")
    funded = Activity.objects.create(year=2023, kind="training", title="A", budget_program=program)
    other = Activity.objects.create(year=2023, kind="training", title="B")
    everyone = people(12, seed=21)
    _import(_roster("Con programa 1", activity=funded), everyone[:6])
    _import(_roster("Con programa 2", activity=funded), everyone[3:9])
    _import(_roster("Sin programa", activity=other), everyone[9:])
    assert unique_people(budget_program=program)["total"] == 9


def _activity_with_figures(title, specs):
    activity = Activity.objects.create(year=2023, kind="training", title=title)
    measure, _c = Measure.objects.get_or_create(
        code="personas_capacitadas",
        defaults={"name": "Personas", "unit": "personas", "by_sex": True},
    )
    states, _c = Measure.objects.get_or_create(
        code="entidades_cubiertas", defaults={"name": "Entidades", "unit": "entidades"}
    )
    for name, params in specs:
        Figure.objects.create(
            activity=activity,
            name=name,
            measure=states if params.get("by") == "states" else measure,
            source="bound",
            binding="roster.count",
            binding_params=params,
        )
    return activity


@pytest.mark.django_db
def test_binding_updates_the_figure_when_the_roster_grows():
    roster = _roster("Créditos")
    activity = _activity_with_figures(
        "Créditos a mujeres",
        [
            ("creditos", {"roster": "Créditos"}),
            ("entidades", {"roster": "Créditos", "by": "states"}),
        ],
    )
    rows = people(40, seed=5, women_share=1.0)
    _import(roster, rows[:10])
    figures = list(activity.figures.select_related("measure", "activity"))
    first = resolve_figures(figures)
    _import(roster, rows[10:])
    second = resolve_figures(figures)
    by_name = {r.name: r for r in second.values()}
    assert [r.total for r in first.values()] == [10, 10]
    assert by_name["creditos"].parts == {
        "mujeres": 40,
        "hombres": 0,
        "otro": 0,
        "no_especificado": 0,
    }
    assert by_name["entidades"].total == 32
    context = activity_context(activity, second)
    segments, problems = render(
        "{{ creditos.mujeres }} créditos en {{ entidades }} entidades: {{ entidades | lista }}",
        context,
    )
    values = [s.text for s in segments if isinstance(s, Value)]
    assert problems == []
    assert values[:2] == ["40", "32"]
    assert values[2].startswith("Aguascalientes, Baja California") and values[2].endswith(
        " y Zacatecas"
    )


@pytest.mark.django_db
def test_binding_resolves_in_batch_whatever_the_number_of_activities():
    for name in ("R1", "R2", "R3", "R4"):
        _import(_roster(name), people(5, seed=hash(name) % 1000))

    def figures_of(names):
        ids = []
        for n in names:
            a = _activity_with_figures(
                f"Actividad {n}", [("p", {"roster": n}), ("e", {"roster": n, "by": "states"})]
            )
            ids.append(a.pk)
        return list(
            Figure.objects.filter(activity_id__in=ids).select_related("measure", "activity")
        )

    one = figures_of(["R1"])
    four = figures_of(["R1", "R2", "R3", "R4"])
    with CaptureQueriesContext(connection) as small:
        resolve_figures(one)
    with CaptureQueriesContext(connection) as large:
        resolved = resolve_figures(four)
    assert len(large.captured_queries) == len(small.captured_queries) == 2
    # From the imports' counts: the enrollments are not read.
    assert not [q for q in large.captured_queries if "people_enrollment" in q["sql"]]
    assert sorted(r.total for r in resolved.values() if r.name == "p") == [5, 5, 5, 5]


@pytest.mark.django_db
def test_binding_of_an_unknown_roster_counts_zero_not_nothing():
    activity = _activity_with_figures("Sin padrón", [("p", {"roster": "No existe"})])
    (resolved,) = resolve_figures(activity.figures.select_related("measure", "activity")).values()
    assert (resolved.total, resolved.parts["no_especificado"]) == (0, 0)


# --- suppression --------------------------------------------------------------------------


def subtraction_attack(published) -> set[tuple[int, int]]:
    """What an outsider recovers by repeatedly subtracting from published totals: any line
    (row or column, totals included) with exactly one unknown gives that unknown away."""
    grid = [list(row) for row in published.grid()]
    n_rows, n_cols = len(grid), len(grid[0])
    lines = [[(i, j) for j in range(n_cols - 1)] + [(i, n_cols - 1)] for i in range(n_rows)]
    lines += [[(i, j) for i in range(n_rows - 1)] + [(n_rows - 1, j)] for j in range(n_cols)]
    recovered = set()
    changed = True
    while changed:
        changed = False
        for line in lines:
            unknown = [p for p in line if grid[p[0]][p[1]] is None]
            if len(unknown) == 1:
                cell = unknown[0]
                grid[cell[0]][cell[1]] = 0  # its value is now known (which value: irrelevant)
                recovered.add(cell)
                changed = True
    return recovered


def linear_attack(published) -> set[tuple[int, int]]:
    """Hidden cells pinned down by any combination of the published equations (exact
    rational elimination, written independently of ``suppression.recoverable``)."""
    grid = published.grid()
    n_rows, n_cols = len(grid), len(grid[0])
    hidden = [(i, j) for i in range(n_rows) for j in range(n_cols) if grid[i][j] is None]
    if not hidden:
        return set()
    equations = []
    for i in range(n_rows):
        equations.append({(i, j): 1 for j in range(n_cols - 1)} | {(i, n_cols - 1): -1})
    for j in range(n_cols):
        equations.append({(i, j): 1 for i in range(n_rows - 1)} | {(n_rows - 1, j): -1})
    rows = [[Fraction(e.get(h, 0)) for h in hidden] for e in equations]

    # A cell is pinned iff its unit vector is in the row space: rank(A) == rank(A + e_k).
    def rank(matrix):
        m = [r[:] for r in matrix]
        rank_, col = 0, 0
        width = len(m[0]) if m else 0
        while rank_ < len(m) and col < width:
            pivot = next((r for r in range(rank_, len(m)) if m[r][col] != 0), None)
            if pivot is None:
                col += 1
                continue
            m[rank_], m[pivot] = m[pivot], m[rank_]
            for r in range(len(m)):
                if r != rank_ and m[r][col] != 0:
                    f = m[r][col] / m[rank_][col]
                    m[r] = [a - f * b for a, b in zip(m[r], m[rank_], strict=True)]
            rank_ += 1
            col += 1
        return rank_

    base = rank(rows)
    pinned = set()
    for k, cell in enumerate(hidden):
        unit = [Fraction(int(i == k)) for i in range(len(hidden))]
        if rank([*rows, unit]) == base:
            pinned.add(cell)
    return pinned


tables = st.integers(1, 4).flatmap(
    lambda r: st.integers(1, 4).flatmap(
        lambda c: st.lists(
            st.lists(st.integers(0, 25), min_size=c, max_size=c), min_size=r, max_size=r
        )
    )
)


@settings(max_examples=300, deadline=None)
@given(table=tables)
def test_suppression_cannot_be_undone_by_subtracting_published_totals(table):
    published = suppress(table, limit=5)
    grid = published.grid()
    real = [[*row, sum(row)] for row in table]
    real.append([sum(col) for col in zip(*[r for r in real], strict=True)])
    for i, row in enumerate(grid):
        for j, value in enumerate(row):
            assert value is None or value == real[i][j]  # what is shown is true
            if 0 < real[i][j] < 5:
                assert value is None  # every small cell is hidden
    assert subtraction_attack(published) == set()
    assert linear_attack(published) == set()


def test_suppression_keeps_a_table_without_small_cells_whole():
    published = suppress([[10, 20], [30, 40]], limit=5)
    assert published.grid() == [[10, 20, 30], [30, 40, 70], [40, 60, 100]]


def test_suppression_hides_a_complement_in_the_row_of_a_small_cell():
    assert public_breakdown({"mujeres": 127, "hombres": 3, "otro": 0}, limit=5) == {
        "mujeres": None,
        "hombres": None,
        "otro": 0,
        "total": 130,
    }


def test_suppression_threshold_comes_from_settings(settings):
    settings.AVANCE_SUPPRESSION_THRESHOLD = 10
    assert public_breakdown({"a": 7, "b": 8, "c": 20})["a"] is None
    settings.AVANCE_SUPPRESSION_THRESHOLD = 5
    assert public_breakdown({"a": 7, "b": 8, "c": 20}) == {"a": 7, "b": 8, "c": 20, "total": 35}


@pytest.mark.django_db
def test_published_counts_hide_small_cells_in_every_breakdown_and_keep_the_total():
    """1 «otro» among 30: hidden with a complement in the sex line; the two people of Chiapas
    hidden in the state line; the roster's total shown, the same in every breakdown."""
    from avance.publication.suppression import published_counts

    rng = random.Random(5)
    rows = [
        (generate_curp(rng, sex="M", birth=datetime.date(1990, 1, 1)), "", "09", "", "SEP")
        for _ in range(20)
    ]
    rows += [
        (generate_curp(rng, sex="H", birth=datetime.date(1980, 1, 1)), "", "15", "", "")
        for _ in range(7)
    ]
    rows += [
        (generate_curp(rng, sex="H", birth=datetime.date(1980, 1, 1)), "", "07", "", "")
        for _ in range(2)
    ]
    rows.append((generate_curp(rng, sex="X", birth=datetime.date(1985, 1, 1)), "", "15", "", ""))
    roster = _roster("Publicable")
    _import(roster, rows)
    counts = roster_counts(roster)
    published = published_counts(counts, limit=5)
    assert published["total"] == 30
    sex = published["by_sex"]
    assert sex["otro"] is None and sex["total"] == 30
    assert sum(1 for k, v in sex.items() if v is None) >= 2  # the «otro» cell and a complement
    state = published["by_state"]
    assert state["07"] is None and sum(1 for v in state.values() if v is None) >= 2
    for breakdown in ("by_sex", "by_state", "by_age", "by_organization"):
        shown = published[breakdown]
        assert shown["total"] == 30
        hidden = [k for k, v in shown.items() if v is None]
        # Subtracting what is shown from the total never isolates one hidden cell.
        assert len(hidden) != 1
    assert published["by_organization"] == {"SEP": 20, "": 10, "total": 30}


@pytest.mark.django_db
def test_published_counts_of_a_small_roster_hide_its_total_everywhere():
    from avance.publication.suppression import published_counts

    roster = _roster("Pequeño")
    _import(roster, people(3, seed=9))
    published = published_counts(roster_counts(roster), limit=5)
    assert published["total"] is None
    for breakdown in ("by_sex", "by_state", "by_age", "by_organization"):
        assert published[breakdown]["total"] is None
        assert all(v in (None, 0) for v in published[breakdown].values())
