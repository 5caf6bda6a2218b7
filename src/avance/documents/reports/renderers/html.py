"""HTML edition: a full page for downloads, a fragment for the web preview, print HTML for PDF.

Every figure is a link to the record it comes from (``/actividades/<id>/#cifra-<name>``) with
its source in ``title``. All user text goes through ``escape`` before it is joined into markup;
the joined markup is the only thing marked safe. The renderers never read the database.
"""

from __future__ import annotations

import base64
import re
from collections.abc import Collection, Iterable
from functools import cache, lru_cache
from pathlib import Path

from django.template.loader import render_to_string
from django.urls import get_script_prefix, reverse
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from avance.core.text import clean_text, escape
from avance.documents.reports.document import Document, Footnote, FootnoteCall, Logo
from avance.documents.reports.renderers import DocumentExporter, register
from avance.figures import narrative

CSS_DIR = Path(__file__).resolve().parents[1] / "static" / "avance" / "css"
# Only web addresses become links; «javascript:», «data:» … stay plain text.
URL = re.compile(r"\bhttps?://[^\s<>\"'`{}|\\^]+", re.IGNORECASE)
# Punctuation that closes a sentence rather than belongs to the address.
URL_TRAILING = ".,;:!?)]»”’"


@cache
def stylesheet(name: str) -> str:
    """The text of one of our own stylesheets (``report.css``, ``report-print.css``)."""
    return (CSS_DIR / name).read_text(encoding="utf-8")


def value_title(value: narrative.Value) -> str:
    """Where a printed figure comes from, in one line (the link's ``title``)."""
    resolved = value.resolved
    pieces = []
    if resolved is not None:
        if resolved.measure:
            pieces.append(str(resolved.measure))
        if resolved.source:
            pieces.append(str(resolved.source))
    pieces.append("{{ %s }}" % value.reference)  # noqa: UP031 - braces are literal here
    return " · ".join(pieces)


def activity_link(activity_id: int, anchor: str = "") -> str:
    """The internal page of an activity (and one of its figures), where a value comes from."""
    path = _activity_path(activity_id, get_script_prefix())
    return f"{path}#{anchor}" if anchor else path


@lru_cache(maxsize=4096)
def _activity_path(activity_id: int, prefix: str) -> str:
    # The URLconf does not change while the process runs: one reverse() per activity (a
    # report repeats it for every figure and problem, at about 60 µs each).
    return reverse("activities:detail", args=[activity_id])


def _autolink(text: str) -> str:
    out = []
    position = 0
    for match in URL.finditer(text):
        url = match.group(0)
        trimmed = url.rstrip(URL_TRAILING)
        end = match.start() + len(trimmed)
        out.append(escape(text[position : match.start()]))
        out.append(
            f'<a href="{escape(trimmed)}" rel="noopener noreferrer nofollow">{escape(trimmed)}</a>'
        )
        position = end
    out.append(escape(text[position:]))
    return "".join(out)


class _Writer:
    """Turns segments into markup for one output: screen (links, notes at the end) or print."""

    def __init__(self, document: Document, *, print_mode: bool) -> None:
        self.print_mode = print_mode
        self.notes: dict[int, Footnote] = {note.number: note for note in document.footnotes}
        # Print: the notes of the section being written go at its end, not at the page's foot.
        self.at_end = False

    def value(self, value: narrative.Value) -> str:
        text = escape(value.text)
        if self.print_mode:
            # On paper a figure is plain text: an inline box per figure triples WeasyPrint's
            # layout time, and a PDF reader has no use for the link or its title.
            return text
        resolved = value.resolved
        title = escape(value_title(value))
        if resolved is None or not resolved.activity_id:
            return f'<span class="cifra" title="{title}">{text}</span>'
        link = escape(activity_link(resolved.activity_id, f"cifra-{resolved.name}"))
        return f'<a class="cifra" href="{link}" title="{title}">{text}</a>'

    def call(self, number: int) -> str:
        if self.print_mode and self.at_end:
            return f'<span class="llamada">{number}/</span>'
        if self.print_mode:
            # The note's text sits where it is called; CSS floats it to the foot of the page and
            # prints its number (``data-n``) at the call and before the note. The id lets the PDF
            # renderer find the note on the laid-out pages.
            text = self.segments(self.notes[number].segments, autolink=True)
            return f'<span class="nota-pie" id="nota-{number}" data-n="{number}">{text}</span>'
        label = escape(_("Nota %s") % number)
        return (
            f'<sup class="llamada"><a href="#nota-{number}" id="llamada-{number}" '
            f'aria-label="{label}">{number}/</a></sup>'
        )

    def segments(self, segments: Iterable, *, autolink: bool = False) -> str:
        out = []
        for segment in segments:
            if isinstance(segment, narrative.Text):
                out.append(_autolink(segment.text) if autolink else escape(segment.text))
            elif isinstance(segment, narrative.Value):
                out.append(self.value(segment))
            elif isinstance(segment, FootnoteCall):
                out.append(self.call(segment.number))
        return "".join(out).strip()

    def end_notes(self, bullets: Iterable) -> str:
        """Print: the notes called in ``bullets``, in order, as paragraphs (a section's end)."""
        numbers = [s.number for b in bullets for s in b.segments if isinstance(s, FootnoteCall)]
        return "".join(
            f'<p class="nota-final" id="nota-{number}">{number}/ '
            f"{self.segments(self.notes[number].segments, autolink=True)}</p>\n"
            for number in numbers
        )


def logo_image(logo: Logo | None) -> dict[str, str] | None:
    """The logo as print HTML places it: inline (the PDF's fetcher takes only ``data:``); its
    printed size is a rule of the print stylesheet (``logo_css``), not a style attribute."""
    if logo is None:
        return None
    encoded = base64.b64encode(logo.data).decode("ascii")
    return {"src": f"data:{logo.content_type};base64,{encoded}"}


def logo_css(logo: Logo | None) -> str:
    """The printed size of the logo (our own numbers), for the print stylesheet."""
    if logo is None:
        return ""
    return f".membrete-logo {{ width: {logo.width_mm:.2f}mm; height: {logo.height_mm:.2f}mm; }}"


def problems_html(document: Document) -> SafeString:
    """The ``<li>`` of each reference that did not resolve, linked to its activity."""
    introduction = escape(_("Introducción"))
    out = []
    for activity_id, problem in document.problems:
        where = introduction
        if activity_id:
            label = escape(_("Actividad %s") % activity_id)
            where = f'<a href="{escape(activity_link(activity_id))}">{label}</a>'

        out.append(
            f"<li>{where}: <code>{escape(problem.reference)}</code> — "
            f"{escape(problem.message)}</li>\n"
        )
    # Every value is escaped above; the markup is ours.
    return mark_safe("".join(out))


def document_html(
    document: Document,
    *,
    standalone: bool = False,
    print_mode: bool = False,
    watermark: str | None = None,
    notes_at_end: Collection[int] = (),
) -> SafeString:
    """The document as HTML: a full page (``standalone``) or a fragment for a page of ours.

    ``print_mode`` gives the markup WeasyPrint lays out (renderers/pdf.py): each note where it
    is called, floated to the foot of the page, except in the sections whose indexes are in
    ``notes_at_end``, which print their notes after their last action.
    """
    writer = _Writer(document, print_mode=print_mode)
    glyph = "❖ " if print_mode else '<span class="glifo" aria-hidden="true">❖</span> '
    sections = []
    for index, section in enumerate(document.sections):
        writer.at_end = print_mode and index in notes_at_end
        bullets = "".join(
            f"<li>{glyph}{writer.segments(b.segments)}</li>\n" for b in section.bullets
        )
        end = writer.end_notes(section.bullets) if writer.at_end else ""
        # Every piece was escaped by the writer, so the joined markup is safe to mark.
        sections.append((section, mark_safe(bullets), mark_safe(end)))
    notes = ""
    if not print_mode:
        # The numbers are plain digits (a template would localise «1,000» into the ids and
        # break the links to notes).
        notes = mark_safe(
            "".join(
                f'<p class="nota" id="nota-{note.number}"><a class="marca" '
                f'href="#llamada-{note.number}">{note.number}/</a> '
                f"{writer.segments(note.segments, autolink=True)}</p>\n"
                for note in document.footnotes
            )
        )
    context = {
        "document": document,
        "introduction": mark_safe(writer.segments(document.introduction)),
        "sections": sections,
        "notes": notes,
        "standalone": standalone,
        "print_mode": print_mode,
        "watermark": clean_text(watermark) if watermark else None,
        "heading_level": 1 if (standalone or print_mode) else 2,
        # On paper only, with the masthead: a page of ours stays light.
        "logo": logo_image(document.logo) if print_mode else None,
        # Our own stylesheet (a file in the package, never user text).
        "css": mark_safe(stylesheet("report.css")) if standalone and not print_mode else "",
    }
    return mark_safe(render_to_string("reports/document.html", context))


@register
class HtmlExporter(DocumentExporter):
    identifier = "html"
    verbose_name = _("HTML")
    extension = "html"
    content_type = "text/html; charset=utf-8"

    def content(
        self, document: Document, *, standalone: bool = True, watermark: str | None = None, **_o
    ) -> bytes:
        return document_html(document, standalone=standalone, watermark=watermark).encode("utf-8")
