"""Small-cell suppression for counts shown outside the institute.

A table of counts is published with its row totals, column totals and grand total. Cells
with 1 ≤ n < threshold (``settings.AVANCE_SUPPRESSION_THRESHOLD``, default 5) are hidden
(primary suppression; zeros are shown: they describe nobody). Then, until nothing changes,
every hidden cell whose value could still be recovered exactly from the published numbers
(by adding and subtracting rows, columns and totals) gets a complement: the smallest visible
cell of its row or column (a total if nothing else is left) is hidden too (secondary
suppression). Recoverability is decided exactly: a hidden cell is recoverable when its
unit vector lies in the span of the table's linear constraints restricted to hidden cells
(rational Gaussian elimination), which also catches patterns where each line has two hidden
cells but a chain of lines still pins one down.

What this does not promise: hiding the *range* a hidden cell must lie in (interval
disclosure). The published totals bound it; the threshold keeps that range wide.
Authorised users inside the institute see the real values (``counts.py``).
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

from django.conf import settings

from avance.capture.people.counts import RosterCounts


def threshold() -> int:
    return int(getattr(settings, "AVANCE_SUPPRESSION_THRESHOLD", 5))


@dataclass
class Published:
    """A table as published: ``None`` where a value is hidden."""

    cells: list[list[int | None]]
    row_totals: list[int | None]
    column_totals: list[int | None]
    total: int | None

    def grid(self) -> list[list[int | None]]:
        """The augmented grid: cells with the row totals as last column and the column
        totals (and grand total) as last row."""
        rows = [[*row, t] for row, t in zip(self.cells, self.row_totals, strict=True)]
        return [*rows, [*self.column_totals, self.total]]


def _augment(table: list[list[int]], *, column_totals: bool) -> list[list[int]]:
    columns = len(table[0]) if table else 0
    rows = [[*row, sum(row)] for row in table]
    if not column_totals:
        return rows
    totals = [sum(row[j] for row in table) for j in range(columns)]
    return [*rows, [*totals, sum(totals)]]


Equation = list[tuple[int, int, int]]


def constraints(n_rows: int, n_cols: int, *, column_totals: bool = True) -> list[Equation]:
    """Linear equations of the augmented grid: each line's cells minus its total = 0."""
    equations = [
        [(i, j, 1) for j in range(n_cols - 1)] + [(i, n_cols - 1, -1)] for i in range(n_rows)
    ]
    if column_totals:
        equations += [
            [(i, j, 1) for i in range(n_rows - 1)] + [(n_rows - 1, j, -1)] for j in range(n_cols)
        ]
    return equations


def recoverable(hidden: set[tuple[int, int]], equations: list[Equation]) -> set[tuple[int, int]]:
    """Hidden cells whose value the published ones determine through ``equations``."""
    if not hidden:
        return set()
    order = sorted(hidden)
    index = {cell: k for k, cell in enumerate(order)}
    matrix = []
    for equation in equations:
        row = [Fraction(0)] * len(order)
        for i, j, coefficient in equation:
            if (i, j) in index:
                row[index[(i, j)]] += coefficient
        if any(row):
            matrix.append(row)
    # Reduced row echelon form; a variable is determined iff it is a pivot whose row has no
    # other non-zero entry (no free variable enters its expression).
    pivots: list[int] = []
    r = 0
    for c in range(len(order)):
        pivot = next((k for k in range(r, len(matrix)) if matrix[k][c] != 0), None)
        if pivot is None:
            continue
        matrix[r], matrix[pivot] = matrix[pivot], matrix[r]
        lead = matrix[r][c]
        matrix[r] = [value / lead for value in matrix[r]]
        for k in range(len(matrix)):
            if k != r and matrix[k][c] != 0:
                factor = matrix[k][c]
                matrix[k] = [a - factor * b for a, b in zip(matrix[k], matrix[r], strict=True)]
        pivots.append(c)
        r += 1
        if r == len(matrix):
            break
    determined = set()
    for row_number, c in enumerate(pivots):
        row = matrix[row_number]
        if all(value == 0 for k, value in enumerate(row) if k != c):
            determined.add(order[c])
    return determined


def suppress(
    table: list[list[int]], *, limit: int | None = None, column_totals: bool = True
) -> Published:
    """Publishable version of ``table`` (rows × columns of counts) with its totals.

    ``column_totals=False`` publishes only the row totals (a single breakdown and its total).
    """
    limit = threshold() if limit is None else limit
    if not table or not table[0]:
        return Published(cells=[], row_totals=[], column_totals=[], total=0)
    grid = _augment(table, column_totals=column_totals)
    n_rows, n_cols = len(grid), len(grid[0])
    equations = constraints(n_rows, n_cols, column_totals=column_totals)
    hidden = {(i, j) for i in range(n_rows) for j in range(n_cols) if 0 < grid[i][j] < limit}
    while True:
        exposed = recoverable(hidden, equations)
        if not exposed:
            break
        choices = [_complement(cell, grid, hidden, totals_row=column_totals) for cell in exposed]
        choices = [choice for choice in choices if choice[1] not in hidden]
        if not choices:
            break  # everything is hidden already
        hidden.add(min(choices)[1])
    shown = [
        [None if (i, j) in hidden else grid[i][j] for j in range(n_cols)] for i in range(n_rows)
    ]
    if not column_totals:
        return Published(
            cells=[row[:-1] for row in shown],
            row_totals=[row[-1] for row in shown],
            column_totals=[],
            total=shown[0][-1] if len(shown) == 1 else None,
        )
    return Published(
        cells=[row[:-1] for row in shown[:-1]],
        row_totals=[row[-1] for row in shown[:-1]],
        column_totals=shown[-1][:-1],
        total=shown[-1][-1],
    )


def _complement(
    cell: tuple[int, int], grid: list[list[int]], hidden: set, *, totals_row: bool
) -> tuple[tuple, tuple[int, int]]:
    """(cost, cell) of the cell to hide next to protect ``cell``: a visible one of its row or
    column — interior before totals, one that closes a cycle of hidden cells first, then
    non-zero before zero, then the smallest; any visible cell when the lines are full."""
    i, j = cell
    n_rows, n_cols = len(grid), len(grid[0])
    line = [(i, c) for c in range(n_cols)] + [(r, j) for r in range(n_rows)]
    candidates = [p for p in line if p not in hidden and p != cell]
    if not candidates:
        candidates = [(r, c) for r in range(n_rows) for c in range(n_cols) if (r, c) not in hidden]
    if not candidates:
        return ((), cell)

    def closes_a_cycle(p: tuple[int, int]) -> bool:
        # A complement in the cell's row pairs best with a column that already hides
        # something (and vice versa): together they form a cycle no subtraction opens.
        if p[0] == i:
            return any((r, p[1]) in hidden for r in range(n_rows) if r != i)
        return any((p[0], c) in hidden for c in range(n_cols) if c != j)

    def cost(p: tuple[int, int]) -> tuple:
        is_total = (totals_row and p[0] == n_rows - 1) or p[1] == n_cols - 1
        value = grid[p[0]][p[1]]
        return (is_total, not closes_a_cycle(p), value == 0, value, p)

    best = min(candidates, key=cost)
    return (cost(best), best)


def public_breakdown(parts: dict[str, int], *, limit: int | None = None) -> dict[str, int | None]:
    """One breakdown (e.g. by sex) with its total, suppressed: {"total": …, part: …}."""
    names = list(parts)
    published = suppress([[parts[name] for name in names]], limit=limit, column_totals=False)
    out: dict[str, int | None] = dict(zip(names, published.cells[0], strict=True))
    out["total"] = published.total
    return out


def published_counts(counts: RosterCounts, *, limit: int | None = None) -> dict:
    """``counts`` as they may be shown outside the institute: every breakdown (sex, state,
    age group, organisation) with small cells suppressed (``suppression.public_breakdown``);
    a hidden cell is ``None``.

    Each breakdown is suppressed on its own line with the roster's total; the total is hidden
    only when it is itself small, and then in every breakdown (all its cells are small too), so
    no breakdown reveals what another hides.
    """

    def line(parts: dict[str, int]) -> dict[str, int | None]:
        # The cells of a breakdown add up to the roster's total: people without a state, an
        # organisation or a valid age are cells of their own («»).
        return public_breakdown(parts, limit=limit) if parts else {"total": counts.total}

    organizations = dict(counts.by_organization)  # the 50 largest
    others = counts.total - sum(organizations.values())
    if organizations and others > 0:
        organizations[""] = others  # other organisations, or none given
    out = {
        "by_sex": line(counts.by_sex),
        "by_state": line({key or "": n for key, _name, n in counts.by_state}),
        "by_age": line(dict(counts.by_age)),
        "by_organization": line(organizations),
    }
    totals = {breakdown["total"] for breakdown in out.values()}
    total = None if None in totals else counts.total
    for breakdown in out.values():
        breakdown["total"] = total
    return {"total": total, **out}
