"""The rows of the activity list, written in Python.

Through the template engine a row of the list cost about 0.2 ms (a ``{% url %}`` tag, half a
dozen lookups and filters per cell); a page of 25 rows was a third of the page's time
(bench/pages.py, docs/performance.md «Páginas»). Every piece of text is escaped here.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe

from avance.core.text import escape

_ID_PLACEHOLDER = 987654321


def detail_path_maker() -> Callable[[int], str]:
    """A function from an activity's id to its page's path: one ``reverse()`` for many rows.

    The path with the id swapped in is what ``reverse()`` returns for that id (tested).
    """
    pattern = reverse("activities:detail", args=[_ID_PLACEHOLDER])
    before, _, after = pattern.partition(str(_ID_PLACEHOLDER))
    return lambda pk: f"{before}{int(pk)}{after}"


def list_rows_html(activities: Iterable) -> SafeString:
    """The ``<tr>`` of each activity of a list page (``label_rows`` has labelled them)."""
    path = detail_path_maker()
    out = []
    for activity in activities:
        objective = activity.objective
        objective_cell = (
            f'<abbr title="{escape(objective.title)}">{escape(objective.number)}</abbr>'
            if objective is not None
            else "—"
        )
        owner = activity.unit or activity.reporting_organization
        out.append(
            f'<tr><td><a href="{path(activity.pk)}">{escape(activity.title)}</a></td>'
            f"<td>{int(activity.year)}</td>"
            f"<td>{objective_cell}</td>"
            f"<td>{escape(activity.kind_label)}</td>"
            f"<td>{escape(owner) if owner else '—'}</td>"
            f'<td><span class="status status-{escape(activity.status)}">'
            f"{escape(activity.status_label)}</span></td></tr>\n"
        )
    # Every value above is escaped (or an int); the markup around it is ours.
    return mark_safe("".join(out))
