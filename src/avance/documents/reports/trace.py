"""Provenance: every figure a document prints, with the record it comes from.

Used by ``avance report … --trace`` (one line per figure) and by the trace page (a table).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import reverse
from django.utils.translation import gettext as _

from avance.documents.reports.document import Document


@dataclass(frozen=True)
class TraceRow:
    index: int
    text: str
    reference: str
    activity_id: int | None
    figure_id: int | None
    name: str
    measure: str
    source: str

    @property
    def url(self) -> str:
        """The figure's row on its activity's page, or "" for a value of the edition itself."""
        if not self.activity_id:
            return ""
        return reverse("activities:detail", args=[self.activity_id]) + f"#cifra-{self.name}"


def trace_rows(document: Document) -> list[TraceRow]:
    rows = []
    for index, value in enumerate(document.values(), start=1):
        resolved = value.resolved
        if resolved is None:
            continue
        rows.append(
            TraceRow(
                index=index,
                text=value.text,
                reference=value.reference,
                activity_id=resolved.activity_id,
                figure_id=resolved.figure_id,
                name=resolved.name,
                measure=str(resolved.measure),
                source=str(resolved.source),
            )
        )
    return rows


def trace_lines(document: Document) -> list[str]:
    lines = []
    for row in trace_rows(document):
        where = []
        if row.activity_id:
            where.append(_("actividad %s") % row.activity_id)
        if row.figure_id:
            where.append(_("cifra %s") % row.figure_id)
        if not where:
            where.append(_("edición"))
        lines.append(
            f"{row.index:>4}. {row.text}  ←  {{{{ {row.reference} }}}}  "
            f"[{', '.join(where)}; {row.measure}]  {row.source}"
        )
    return lines
