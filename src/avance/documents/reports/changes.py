"""What changed between an edition and the signed edition before it: the paragraphs of text
added and removed, and the printed figures whose value changed, appeared or disappeared.

Both sides are canonical contents (``services.canonical_content``): the previous edition's as
frozen at its first signature, this edition's as frozen, or built from the live records while
it is a draft. Paragraphs are compared as whole units (blank-line separated Markdown), as a
reader compares two versions of a report; figures by the record they come from.
"""

from __future__ import annotations

import difflib
import json
from dataclasses import dataclass

from avance.documents.reports import services
from avance.documents.reports.models import Edition, EditionStatus, FrozenEdition


@dataclass(frozen=True)
class Paragraph:
    kind: str  # "added" or "removed"
    text: str


@dataclass(frozen=True)
class FigureChange:
    reference: str
    before: str  # "" when the figure is new
    after: str  # "" when the figure is no longer printed


@dataclass(frozen=True)
class Changes:
    previous: Edition
    paragraphs: list[Paragraph]
    figures: list[FigureChange]

    @property
    def none(self) -> bool:
        return not self.paragraphs and not self.figures


def previous_signed(edition: Edition) -> Edition | None:
    """The latest signed edition of the same document, year and institution before this one."""
    return (
        Edition.objects.filter(
            institution_id=edition.institution_id,
            template=edition.template,
            year=edition.year,
            number__lt=edition.number,
            status=EditionStatus.SIGNED,
        )
        .order_by("-number")
        .first()
    )


def _paragraphs(markdown: str) -> list[str]:
    return [" ".join(p.split()) for p in markdown.split("\n\n") if p.strip()]


def _figures(content: dict) -> dict[str, str]:
    # A reference can be printed more than once (a figure cited twice): its values joined.
    out: dict[str, list[str]] = {}
    for figure in content.get("figures", []):
        out.setdefault(str(figure.get("reference", "")), []).append(str(figure.get("text", "")))
    return {reference: " · ".join(texts) for reference, texts in out.items()}


def compare(before: dict, after: dict) -> tuple[list[Paragraph], list[FigureChange]]:
    """The paragraphs and figures that differ from ``before`` to ``after`` (canonical
    contents, decoded), in reading order."""
    old, new = _paragraphs(before.get("markdown", "")), _paragraphs(after.get("markdown", ""))
    paragraphs: list[Paragraph] = []
    matcher = difflib.SequenceMatcher(a=old, b=new, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag in ("replace", "delete"):
            paragraphs.extend(Paragraph("removed", text) for text in old[i1:i2])
        if tag in ("replace", "insert"):
            paragraphs.extend(Paragraph("added", text) for text in new[j1:j2])
    old_figures, new_figures = _figures(before), _figures(after)
    figures = [
        FigureChange(reference, old_figures.get(reference, ""), value)
        for reference, value in new_figures.items()
        if old_figures.get(reference) != value
    ]
    figures += [
        FigureChange(reference, value, "")
        for reference, value in old_figures.items()
        if reference not in new_figures
    ]
    return paragraphs, figures


def current_content(edition: Edition) -> bytes:
    """The edition's canonical content: frozen at its first signature, else from the records."""
    frozen = FrozenEdition.objects.filter(edition=edition).only("content").first()
    if frozen is not None:
        return bytes(frozen.content)
    return services.canonical_content(edition, services.build_document(edition))


def changes_since_previous(edition: Edition) -> Changes | None:
    """What ``edition`` changes from the signed edition before it; None when there is none."""
    previous = previous_signed(edition)
    if previous is None:
        return None
    before = json.loads(current_content(previous))
    paragraphs, figures = compare(before, json.loads(current_content(edition)))
    return Changes(previous, paragraphs, figures)
