"""Markdown edition: for review and diffing; footnotes listed at the end of the document."""

from __future__ import annotations

import re

from django.utils.translation import gettext_lazy as _

from avance.documents.reports.document import Document, FootnoteCall
from avance.documents.reports.renderers import DocumentExporter, register
from avance.figures import narrative

# Characters that would turn user text into markup in a Markdown viewer, escaped with a
# backslash or (for HTML-significant ones) as entities.
_MD_SPECIAL = re.compile(r"([\\`*_\[\]#|~])")


# Any character ``escape`` changes: most pieces of a report have none (one C-level search).
_MD_ANY = re.compile(r"[&<>\\`*_\[\]#|~]")


def escape(text: str) -> str:
    if not _MD_ANY.search(text):
        return text
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return _MD_SPECIAL.sub(r"\\\1", text)


def segments_md(segments) -> str:
    out = []
    text_type, value_type = narrative.Text, narrative.Value
    for segment in segments:
        kind = type(segment)
        if kind is text_type or kind is value_type:
            out.append(escape(segment.text))
        elif isinstance(segment, narrative.Text | narrative.Value):
            out.append(escape(segment.text))
        elif isinstance(segment, FootnoteCall):
            out.append(f"<sup>{segment.number}/</sup>")
    return "".join(out).strip()


@register
class MarkdownExporter(DocumentExporter):
    identifier = "md"
    verbose_name = _("Markdown")
    extension = "md"
    content_type = "text/markdown; charset=utf-8"

    def content(self, document: Document, **_options) -> bytes:
        lines = [f"### {escape(document.heading)}", "", segments_md(document.introduction), ""]
        for section in document.sections:
            lines += [f"➤ **{escape(section.title)}**", ""]
            lines += [f"- ❖ {segments_md(bullet.segments)}" for bullet in section.bullets]
            lines.append("")
        if document.footnotes:
            lines += ["---", ""]
            for note in document.footnotes:
                lines += [f"<sup>{note.number}/</sup> {segments_md(note.segments)}", ""]
        for signature in document.signatures:
            lines += [
                "---",
                "",
                f"{escape(signature.role)}: {escape(signature.name)}  ",
                escape(signature.post),
                "",
            ]
        text = "\n".join(lines).rstrip() + "\n"
        return text.encode("utf-8")
