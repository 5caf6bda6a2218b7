"""PDF edition: the print HTML laid out by WeasyPrint, with footnotes at the foot of the page.

Fonts are named explicitly ("DejaVu Sans", in the body and in the page's margin boxes) because
the glyphs of the report (❖ U+2756, ➤ U+27A4) are missing from most fonts. Rendering never
touches the network: the URL fetcher refuses anything but inline ``data:`` resources.

A long report (more than ``CHUNKED_FROM_BULLETS`` actions) is laid out in parts, one process
per core, and the parts' PDFs are joined with pypdf: WeasyPrint's layout is single-threaded and
costs about 0.1 CPU s per page (docs/performance.md, «PDF»). Each part starts on a new page,
cut between two actions; it numbers its notes from where the previous part stopped (the CSS
``footnote`` counter is reset to the number of notes before it) and its pages from the pages
before it: every part lays out its pages, reports their count to the parent, and prints its
footers «Página N de M» once the parent has sent it the pages before it and the total.
A short report is laid out in one pass, as before (its bytes do not change).

Every render, in one pass or in parts, lays out the page's footnote area one note at a time
(``pdf_footnotes``: a hook into WeasyPrint 70.0 that gives the same pages, checked by
``tests/test_pdf_footnotes.py``); WeasyPrint alone lays the whole area out again for every
note added to it.
"""

from __future__ import annotations

import io
import itertools
import multiprocessing
import os
from dataclasses import dataclass

from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from weasyprint import CSS, DEFAULT_OPTIONS, HTML
from weasyprint.formatting_structure.boxes import FootnoteAreaBox
from weasyprint.urls import URLFetcher

from avance.core.text import clean_text
from avance.documents.reports.document import Document, FootnoteCall, ReportError
from avance.documents.reports.renderers import DocumentExporter, pdf_footnotes, register
from avance.documents.reports.renderers.html import _Writer, document_html, stylesheet

# The footnote area laid out by note in every render (a WeasyPrint internal replaced; the
# stock method stays on another WeasyPrint version). See pdf_footnotes' docstring.
pdf_footnotes.install()

PAGE_SIZES = {"a4": "A4", "letter": "letter"}
# Below this many actions a report is laid out in one pass (a real year is a few dozen).
CHUNKED_FROM_BULLETS = 200
# How long the parent waits for a part (its page count, then its PDF), in seconds.
PART_TIMEOUT = 1800


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


def _stylesheets(page_size: str, extra: str = "") -> list[CSS]:
    sheets = [
        CSS(string=stylesheet("report-print.css"), url_fetcher=LocalOnlyFetcher()),
        CSS(string=page_css(page_size)),
    ]
    if extra:
        sheets.append(CSS(string=extra))
    return sheets


def _html(markup: str) -> HTML:
    return HTML(string=markup, base_url="about:blank", url_fetcher=LocalOnlyFetcher())


def pdf_bytes(
    document: Document,
    *,
    page_size: str = "A4",
    watermark: str | None = None,
    parts: int | None = None,
) -> bytes:
    """The PDF edition; a long document is laid out in ``parts`` processes (default: cores)."""
    if parts is None:
        parts = default_parts(document)
    if parts > 1:
        return chunked_pdf_bytes(document, page_size=page_size, watermark=watermark, parts=parts)
    markup = document_html(document, standalone=True, print_mode=True, watermark=watermark)
    return _checked_pdf(str(markup), _stylesheets(page_size), len(document.footnotes))


def printed_notes(rendered) -> int:
    """How many notes a laid-out document prints at the foot of its pages (a note split over
    two pages counts once)."""
    elements = set()
    for page in rendered.pages:
        for box in page._page_box.children:
            if isinstance(box, FootnoteAreaBox):
                elements.update(id(note.element) for note in box.children)
    return len(elements)


def _checked_pdf(markup: str, sheets: list[CSS], notes: int) -> bytes:
    """Lay out and write a PDF, refusing one that leaves out a note.

    WeasyPrint can drop a note on a page crowded with notes (docs/open-work.md): a document of
    record must not lose one silently. The options are those ``HTML.write_pdf`` would pass.
    """
    options = {**DEFAULT_OPTIONS, "stylesheets": sheets, "uncompressed_pdf": False}
    rendered = _html(markup).render(**options)
    printed = printed_notes(rendered)
    if printed != notes:
        raise ReportError(
            _(
                "El PDF no pudo imprimir todas las notas al pie (%(printed)s de %(notes)s): "
                "alguna página tiene demasiadas notas. Acorte las notas o descargue el DOCX."
            )
            % {"printed": printed, "notes": notes}
        )
    return rendered.write_pdf(**{key: options[key] for key in DEFAULT_OPTIONS})


def default_parts(document: Document) -> int:
    """1 for a short report or a machine without fork; else one part per core, at most 2."""
    bullets = sum(len(section.bullets) for section in document.sections)
    if bullets <= CHUNKED_FROM_BULLETS:
        return 1
    if "fork" not in multiprocessing.get_all_start_methods():
        return 1
    return max(1, min(2, len(os.sched_getaffinity(0))))


# --- a long document in parts -------------------------------------------------------------


@dataclass
class Part:
    """One part of the document: its print HTML and where its notes start."""

    markup: str
    notes_before: int
    first: bool
    notes: int = 0  # the notes called in this part (checked after layout)


def _calls(segments) -> int:
    return sum(1 for segment in segments if isinstance(segment, FootnoteCall))


def split_document(document: Document, parts: int, *, watermark: str | None = None) -> list[Part]:
    """Cut the document between actions into ``parts`` pieces of about the same length.

    The heading and introduction go in the first part, the signatures in the last; a section's
    title stays with its first action, and a section cut in two prints its title once. Lengths
    are those of each action's print markup (an action with a note is longer on paper).
    """
    writer = _Writer(document, print_mode=True)
    # The document as a flat run of section titles and actions: (section, markup, notes).
    run: list[tuple[int, str | None, int]] = []
    for index, section in enumerate(document.sections):
        run.append((index, None, 0))
        for bullet in section.bullets:
            run.append((index, writer.segments(bullet.segments), _calls(bullet.segments)))
    total = sum(len(markup or "") for _i, markup, _n in run) or 1
    cuts = [0]
    done = 0
    for position, (_i, markup, _n) in enumerate(run):
        if len(cuts) < parts and position > cuts[-1] and done >= total * len(cuts) / parts:
            # Cut before this action, or before its section's title if it is the first one.
            cut = position - 1 if run[position - 1][1] is None else position
            if markup is not None and cut > cuts[-1]:
                cuts.append(cut)
        done += len(markup or "")
    cuts.append(len(run))
    clean_watermark = clean_text(watermark) if watermark else None
    notes_before = _calls(document.introduction)
    out = []
    for start, end in itertools.pairwise(cuts):
        sections: list[tuple] = []
        for index, markup, _n in run[start:end]:
            if markup is None:
                sections.append((document.sections[index], True, []))
                continue
            if not sections or sections[-1][0] is not document.sections[index]:
                sections.append((document.sections[index], False, []))
            sections[-1][2].append(mark_safe(markup))
        first = start == 0
        context = {
            "document": document,
            "first": first,
            "last": end == len(run),
            "introduction": mark_safe(writer.segments(document.introduction)) if first else "",
            "sections": sections,
            "watermark": clean_watermark if first else None,
        }
        markup = render_to_string("reports/document_print.html", context)
        notes = sum(n for _i, _m, n in run[start:end])
        if first:
            notes += _calls(document.introduction)
        out.append(Part(markup, notes_before, first, notes))
        notes_before += sum(n for _i, _m, n in run[start:end])
    return out


def _part_css(part: Part, watermark: str | None) -> str:
    """Where this part's notes start; the watermark for the pages of a part without it."""
    css = f"html {{ counter-reset: footnote {part.notes_before}; }}"
    if watermark and not part.first:
        # The first part sets the string from its watermark paragraph; the others print it.
        text = _css_string(clean_text(watermark))
        css += f" @page {{ @top-center {{ content: {text}; }} }}"
    return css


def _lay_out_part(markup: str, css: list[str], notes: int, connection) -> None:
    """In a child process: lay out one part, number its pages as told, send back its PDF.

    Sends the part's page count, waits for ``(pages before it, pages in all)``, and sends the
    PDF bytes (or ``("error", message)``). WeasyPrint builds the page margin boxes (the
    footers) after the whole part is paginated, from each page's counters: the hook below
    adds the pages before the part to ``page`` and sets ``pages`` to the document's total.
    The hook is installed in this child only (a forked copy of the parent).
    """
    try:
        import weasyprint.layout

        make_margin_boxes = weasyprint.layout.make_margin_boxes
        numbering: list[int] = []

        def numbered_margin_boxes(context, page, state):
            quote_depth, counters, scopes, groups = state
            if not numbering:
                connection.send(("pages", counters["pages"][-1]))
                numbering.extend(connection.recv())
            before, total = numbering
            counters = {
                **counters,
                "page": [value + before for value in counters["page"]],
                "pages": [total],
            }
            return make_margin_boxes(context, page, [quote_depth, counters, scopes, groups])

        weasyprint.layout.make_margin_boxes = numbered_margin_boxes
        sheets = [CSS(string=stylesheet("report-print.css"), url_fetcher=LocalOnlyFetcher())]
        sheets += [CSS(string=text) for text in css]
        connection.send(("pdf", _checked_pdf(markup, sheets, notes)))
    except BaseException as error:  # reported to the parent, which raises
        connection.send(("error", f"{type(error).__name__}: {error}"))
    finally:
        connection.close()


def _receive(connection, what: str):
    if not connection.poll(PART_TIMEOUT):
        raise RuntimeError(f"PDF part: no {what} after {PART_TIMEOUT} s")
    kind, value = connection.recv()
    if kind == "error":
        raise RuntimeError(f"PDF part failed: {value}")
    if kind != what:
        raise RuntimeError(f"PDF part: expected {what}, got {kind}")
    return value


def chunked_pdf_bytes(
    document: Document, *, page_size: str = "A4", watermark: str | None = None, parts: int = 2
) -> bytes:
    """Lay out the document in ``parts`` child processes at once and join their PDFs.

    Side effects: forks ``parts`` processes (ended before returning).
    """
    from pypdf import PdfReader, PdfWriter

    pieces = split_document(document, parts, watermark=watermark)
    context = multiprocessing.get_context("fork")
    base_css = page_css(page_size)
    children = []
    try:
        for piece in pieces:
            parent_end, child_end = context.Pipe()
            css = [base_css, _part_css(piece, watermark)]
            process = context.Process(
                target=_lay_out_part, args=(piece.markup, css, piece.notes, child_end), daemon=True
            )
            process.start()
            child_end.close()
            children.append((process, parent_end))
        counts = [_receive(connection, "pages") for _p, connection in children]
        before = 0
        for (_process, connection), count in zip(children, counts, strict=True):
            connection.send((before, sum(counts)))
            before += count
        datas = [_receive(connection, "pdf") for _p, connection in children]
    finally:
        for process, connection in children:
            connection.close()
            process.join(timeout=5)
            if process.is_alive():
                process.kill()
                process.join()
    writer = PdfWriter()
    for data in datas:
        writer.append(PdfReader(io.BytesIO(data)))
    metadata = PdfReader(io.BytesIO(datas[0])).metadata
    if metadata:
        writer.add_metadata(dict(metadata))
    output = io.BytesIO()
    writer.write(output)
    return output.getvalue()


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
