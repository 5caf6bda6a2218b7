"""Provenance: every figure a document prints, with the record it comes from."""

from __future__ import annotations

from django.utils.translation import gettext as _

from avance.reports.document import Document


def trace_lines(document: Document) -> list[str]:
    lines = []
    for index, value in enumerate(document.values(), start=1):
        resolved = value.resolved
        if resolved is None:
            continue
        where = []
        if resolved.activity_id:
            where.append(_("actividad %s") % resolved.activity_id)
        if resolved.figure_id:
            where.append(_("cifra %s") % resolved.figure_id)
        lines.append(
            f"{index:>4}. {value.text}  ←  {{{{ {value.reference} }}}}  "
            f"[{', '.join(where)}; {resolved.measure}]  {resolved.source}"
        )
    return lines
