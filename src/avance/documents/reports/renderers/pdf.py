"""PDF edition: the print HTML laid out by WeasyPrint in one pass, every footnote printed.

Fonts are named explicitly, in the body and in the page's margin boxes: Noto Sans, the
official typeface, then Noto Sans Symbols2 for the glyphs of the report that Noto Sans lacks
(❖ U+2756, ➤ U+27A4), then DejaVu Sans. Rendering never touches the network: the URL fetcher
refuses anything but inline ``data:`` resources (the institution's logo comes inline).

Notes float to the foot of the page that calls them (CSS ``float: footnote``). WeasyPrint can
leave a note out of a page crowded with notes (decision 0011), so every layout is checked
through its public API: each note carries the id ``nota-N``, and it is printed when a page's
``anchors`` hold that id inside the page. When a note is missing, the sections (objectives)
that call a missing note print their notes after their last action instead, with the same
numbers, and the document is laid out again; notes in the flow of the text cannot be left out,
so this ends at the latest when every section prints its notes at its end. The output depends
only on the document and the options: the same document gives the same bytes.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _
from weasyprint import CSS, HTML
from weasyprint import Document as Laid
from weasyprint.urls import URLFetcher

from avance.documents.reports.document import Document, FootnoteCall, Logo, ReportError
from avance.documents.reports.renderers import DocumentExporter, register
from avance.documents.reports.renderers.html import document_html, logo_css, stylesheet

PAGE_SIZES = {"a4": "A4", "letter": "letter"}


class LocalOnlyFetcher(URLFetcher):
    """Refuse every resource that is not inline: no network access while rendering."""

    def __init__(self) -> None:
        super().__init__(allowed_protocols={"data"}, allow_redirects=False, timeout=1)

    def fetch(self, url, headers=None):
        if not url.startswith("data:"):
            raise ValueError(f"recurso externo rechazado: {url[:80]}")
        return super().fetch(url, headers)


def _css_string(text: str) -> str:
    """A CSS string literal holding ``text`` verbatim (quotes, backslashes, newlines escaped)."""
    escaped = "".join(
        ch if ch.isalnum() or ch in " .,:;-_()/áéíóúüñÁÉÍÓÚÜÑ" else f"\\{ord(ch):x} " for ch in text
    )
    return f'"{escaped}"'


def page_css(page_size: str) -> str:
    size = PAGE_SIZES.get(page_size.lower())
    if size is None:
        raise ValueError(page_size)
    before, between = _("Página %(page)s de %(pages)s").split("%(page)s")
    between = between.split("%(pages)s")[0]
    return (
        f"@page {{ size: {size}; @bottom-center {{ content: {_css_string(before)} counter(page) "
        f"{_css_string(between)} counter(pages); }} }}"
    )


def _stylesheets(page_size: str, logo: Logo | None = None) -> list[CSS]:
    return [
        CSS(string=stylesheet("report-print.css"), url_fetcher=LocalOnlyFetcher()),
        CSS(string=page_css(page_size) + logo_css(logo)),
    ]


@dataclass(frozen=True)
class Layout:
    """A laid-out PDF edition and the sections (indexes) that print their notes at their end."""

    pages: Laid
    notes_at_end: frozenset[int]

    def write_pdf(self) -> bytes:
        return self.pages.write_pdf()


def note_sections(document: Document) -> dict[int, int]:
    """Each note's number → the index of the section whose action calls it."""
    return {
        segment.number: index
        for index, section in enumerate(document.sections)
        for bullet in section.bullets
        for segment in bullet.segments
        if isinstance(segment, FootnoteCall)
    }


def missing_notes(pages: Laid, numbers) -> list[int]:
    """The notes of ``numbers`` that no page prints: no page has the anchor ``nota-N`` inside
    its bounds (``Page.anchors``: each id's box, x1 y1 x2 y2 in CSS pixels)."""
    printed = set()
    for page in pages.pages:
        for name, (x1, y1, x2, y2) in page.anchors.items():
            if -1 <= x1 <= x2 <= page.width + 1 and -1 <= y1 <= y2 <= page.height + 1:
                printed.add(name)
    return [number for number in numbers if f"nota-{number}" not in printed]


def lay_out(document: Document, *, page_size: str = "A4", watermark: str | None = None) -> Layout:
    """Lay the document out with every note printed (see the module's docstring).

    Raises ReportError (Spanish) only if a note is missing even in the flow of the text.
    """
    sheets = _stylesheets(page_size, document.logo)
    sections = note_sections(document)
    at_end: set[int] = set()
    while True:
        markup = document_html(
            document, standalone=True, print_mode=True, watermark=watermark, notes_at_end=at_end
        )
        pages = HTML(
            string=str(markup), base_url="about:blank", url_fetcher=LocalOnlyFetcher()
        ).render(stylesheets=sheets)
        missing = missing_notes(pages, sections)
        if not missing:
            return Layout(pages, frozenset(at_end))
        crowded = {sections[number] for number in missing} - at_end
        if not crowded:
            raise ReportError(
                _(
                    "El PDF no pudo imprimir la nota %(number)s/ (objetivo %(section)s). "
                    "Revise el texto de esa nota o descargue el DOCX."
                )
                % {
                    "number": missing[0],
                    "section": document.sections[sections[missing[0]]].number,
                }
            )
        at_end |= crowded


def pdf_bytes(document: Document, *, page_size: str = "A4", watermark: str | None = None) -> bytes:
    """The PDF edition: every note at the foot of its page, or at the end of its section."""
    return lay_out(document, page_size=page_size, watermark=watermark).write_pdf()


@register
class PdfExporter(DocumentExporter):
    identifier = "pdf"
    verbose_name = _("PDF")
    extension = "pdf"
    content_type = "application/pdf"

    def content(
        self, document: Document, *, page_size: str = "A4", watermark: str | None = None, **_o
    ) -> bytes:
        return pdf_bytes(document, page_size=page_size, watermark=watermark)
