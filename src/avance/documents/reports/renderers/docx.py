"""DOCX edition: a Word document a person can edit, with real footnotes at the foot of the page.

python-docx has no footnote API, so this module adds the footnotes part itself
(``/word/footnotes.xml`` with Word's separator and continuation-separator notes, related from
the document part). Each note is cited by its automatic number followed by a slash, «1/», as
in the printed report, and starts with the same mark (``w:footnoteRef`` and «/»): automatic
numbers read the same in Word and in LibreOffice, where a custom mark
(``w:customMarkFollows``) printed twice («1/1/»). The notes are numbered in the order they
are cited, as the automatic numbers count them. All text passes through ``clean_text``: XML
1.0 cannot hold most control characters, and a stray one would make the file unreadable.
"""

from __future__ import annotations

import io
from collections.abc import Iterable

from django.utils.translation import gettext_lazy as _
from docx import Document as new_docx
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.opc.constants import CONTENT_TYPE, RELATIONSHIP_TYPE
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt, RGBColor
from lxml import etree

from avance.core.text import clean_text
from avance.documents.reports.document import Document, FootnoteCall
from avance.documents.reports.renderers import DocumentExporter, register
from avance.figures import narrative

FONT = "Noto Sans"
# The report's glyphs (❖ U+2756, ➤ U+27A4) are not in Noto Sans: their runs name this font.
SYMBOLS_FONT = "Noto Sans Symbols2"
W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
XML_NS = "http://www.w3.org/XML/1998/namespace"
PAGE_SIZES = {"a4": (Cm(21.0), Cm(29.7)), "letter": (Cm(21.59), Cm(27.94))}
FOOTNOTE_SIZE = 16  # half-points: 8 pt


def _w(tag: str) -> str:
    return f"{{{W_NS}}}{tag}"


def clean(text: str) -> str:
    return clean_text(str(text))


def _set_font(style) -> None:
    """Name Noto Sans for every script of a style, replacing the template's theme fonts."""
    style.font.name = FONT
    rpr = style.element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attr in ("asciiTheme", "hAnsiTheme", "eastAsiaTheme", "cstheme"):
        fonts.attrib.pop(qn(f"w:{attr}"), None)
    for attr in ("ascii", "hAnsi", "eastAsia", "cs"):
        fonts.set(qn(f"w:{attr}"), FONT)


def _setup(doc, page_size: str) -> None:
    width, height = PAGE_SIZES[page_size.lower()]
    for section in doc.sections:
        section.page_width, section.page_height = width, height
        section.left_margin = section.right_margin = Cm(2.2)
        section.top_margin, section.bottom_margin = Cm(2.2), Cm(2.5)
    for name in ("Normal", "Heading 1", "Heading 2", "Title"):
        style = doc.styles[name]
        _set_font(style)
        style.font.color.rgb = RGBColor(0, 0, 0)
    doc.styles["Normal"].font.size = Pt(10)
    doc.styles["Heading 1"].font.size = Pt(11)
    doc.styles["Heading 2"].font.size = Pt(10)
    doc.core_properties.language = "es-MX"


def _footnote_reference(paragraph, number: int) -> None:
    """Cite footnote ``number``: its automatic number, then «/», both superscript."""
    reference = etree.SubElement(paragraph, _w("r"))
    etree.SubElement(etree.SubElement(reference, _w("rPr")), _w("vertAlign")).set(
        _w("val"), "superscript"
    )
    etree.SubElement(reference, _w("footnoteReference")).set(_w("id"), str(number))
    _run(paragraph, "/", superscript=True)


def _add_segments(paragraph, segments: Iterable) -> None:
    for segment in segments:
        if isinstance(segment, narrative.Text | narrative.Value):
            text = clean(segment.text)
            if text:
                # Plain lxml: python-docx's add_run costs ten times more per run.
                _run(paragraph._p, text)
        elif isinstance(segment, FootnoteCall):
            _footnote_reference(paragraph._p, segment.number)


def _trimmed(segments: list) -> list:
    """The segments without leading and trailing blanks (as the other formats print them)."""
    segments = list(segments)
    if segments and isinstance(segments[0], narrative.Text):
        segments[0] = narrative.Text(segments[0].text.lstrip())
    if segments and isinstance(segments[-1], narrative.Text):
        segments[-1] = narrative.Text(segments[-1].text.rstrip())
    return segments


def _run(parent, text: str, *, superscript: bool = False, size: int | None = None):
    run = etree.SubElement(parent, _w("r"))
    if superscript or size:
        rpr = etree.SubElement(run, _w("rPr"))
        if size:
            etree.SubElement(rpr, _w("sz")).set(_w("val"), str(size))
        if superscript:
            etree.SubElement(rpr, _w("vertAlign")).set(_w("val"), "superscript")
    t = etree.SubElement(run, _w("t"))
    t.text = text
    t.set(f"{{{XML_NS}}}space", "preserve")
    return run


def footnotes_xml(document: Document) -> bytes:
    """The ``/word/footnotes.xml`` part: Word's two separators, then one note per number."""
    root = etree.Element(_w("footnotes"), nsmap={"w": W_NS})
    for number, kind in ((-1, "separator"), (0, "continuationSeparator")):
        note = etree.SubElement(root, _w("footnote"))
        note.set(_w("type"), kind)
        note.set(_w("id"), str(number))
        p = etree.SubElement(note, _w("p"))
        ppr = etree.SubElement(p, _w("pPr"))
        spacing = etree.SubElement(ppr, _w("spacing"))
        spacing.set(_w("after"), "0")
        spacing.set(_w("line"), "240")
        spacing.set(_w("lineRule"), "auto")
        r = etree.SubElement(p, _w("r"))
        etree.SubElement(r, _w(kind))
    for note in document.footnotes:
        element = etree.SubElement(root, _w("footnote"))
        element.set(_w("id"), str(note.number))
        p = etree.SubElement(element, _w("p"))
        ppr = etree.SubElement(p, _w("pPr"))
        spacing = etree.SubElement(ppr, _w("spacing"))
        spacing.set(_w("after"), "0")
        mark = etree.SubElement(p, _w("r"))
        mark_pr = etree.SubElement(mark, _w("rPr"))
        etree.SubElement(mark_pr, _w("sz")).set(_w("val"), str(FOOTNOTE_SIZE))
        etree.SubElement(mark_pr, _w("vertAlign")).set(_w("val"), "superscript")
        etree.SubElement(mark, _w("footnoteRef"))
        _run(p, "/", superscript=True, size=FOOTNOTE_SIZE)
        text = "".join(
            clean(s.text) for s in note.segments if isinstance(s, narrative.Text | narrative.Value)
        ).strip()
        _run(p, f" {text}", size=FOOTNOTE_SIZE)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def _add_footnotes_part(doc, document: Document) -> None:
    part = Part(
        PackURI("/word/footnotes.xml"),
        CONTENT_TYPE.WML_FOOTNOTES,
        footnotes_xml(document),
        doc.part.package,
    )
    doc.part.relate_to(part, RELATIONSHIP_TYPE.FOOTNOTES)
    # Word lists the separator notes in the settings; they go before <w:compat> (schema order).
    settings = doc.settings.element
    footnote_pr = OxmlElement("w:footnotePr")
    for number in ("-1", "0"):
        ref = OxmlElement("w:footnote")
        ref.set(qn("w:id"), number)
        footnote_pr.append(ref)
    compat = settings.find(qn("w:compat"))
    if compat is not None:
        compat.addprevious(footnote_pr)
    else:
        settings.append(footnote_pr)


def _field(paragraph, instruction: str) -> None:
    """A Word field (PAGE, NUMPAGES) that the reader's program fills in."""
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), instruction)
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "1"
    run.append(text)
    field.append(run)
    paragraph._p.append(field)


def _masthead(doc, document: Document) -> None:
    """The logo and the masthead above the text, the masthead's first line at the top of every
    page, and «Página N de M» at the foot of every page."""
    if document.logo is not None:
        logo = doc.add_paragraph()
        logo.alignment = WD_ALIGN_PARAGRAPH.CENTER
        logo.paragraph_format.space_after = Pt(8)
        logo.add_run().add_picture(
            io.BytesIO(document.logo.data),
            width=Mm(document.logo.width_mm),
            height=Mm(document.logo.height_mm),
        )
    for index, line in enumerate(document.masthead):
        p = doc.add_paragraph()
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        p.paragraph_format.space_after = Pt(0 if index < len(document.masthead) - 1 else 12)
        run = p.add_run(clean(line))
        run.bold = True
        run.font.size = Pt(11 if index == 0 else 9)
    section = doc.sections[0]
    if document.masthead:
        header = section.header.paragraphs[0]
        header.text = clean(document.masthead[0])
        header.runs[0].font.size = Pt(7.5)
    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    before, _sep, rest = str(_("Página %(page)s de %(pages)s")).partition("%(page)s")
    between = rest.split("%(pages)s")[0]
    footer.add_run(before)
    _field(footer, "PAGE")
    footer.add_run(between)
    _field(footer, "NUMPAGES")


def docx_bytes(document: Document, *, page_size: str = "A4", watermark: str | None = None) -> bytes:
    doc = new_docx()
    _setup(doc, page_size)
    if watermark:
        p = doc.add_paragraph()
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        run = p.add_run(clean(watermark).upper())
        run.bold = True
        run.font.color.rgb = RGBColor(0xA4, 0x16, 0x1A)
    _masthead(doc, document)
    doc.add_heading(clean(document.heading), level=1)
    intro = doc.add_paragraph()
    intro.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    _add_segments(intro, _trimmed(document.introduction))
    for section in document.sections:
        heading = doc.add_heading(level=2)
        glyph = heading.add_run("➤")
        glyph.bold, glyph.font.name = True, SYMBOLS_FONT
        heading.add_run(f" {clean(section.title)}").bold = True
        for bullet in section.bullets:
            p = doc.add_paragraph()
            p.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
            fmt = p.paragraph_format
            # A hanging indent: the ❖ in the margin, wrapped lines aligned with the text.
            fmt.left_indent, fmt.first_line_indent = Cm(0.75), Cm(-0.75)
            fmt.tab_stops.add_tab_stop(Cm(0.75))
            p.add_run("❖\t").font.name = SYMBOLS_FONT
            _add_segments(p, _trimmed(bullet.segments))
            last = p
    if document.signatures and document.sections and document.sections[-1].bullets:
        # The signature block never starts a page alone: the last action goes with it.
        last.paragraph_format.keep_with_next = True
    for signature in document.signatures:
        p = doc.add_paragraph()
        p.paragraph_format.space_before = Pt(18)
        p.paragraph_format.keep_with_next = True
        p.add_run(f"{clean(signature.role)}: ").bold = True
        p.add_run(clean(signature.name))
        post = doc.add_paragraph(clean(signature.post))
        post.paragraph_format.keep_with_next = signature is not document.signatures[-1]
    if document.footnotes:
        _add_footnotes_part(doc, document)
    doc.core_properties.title = clean(f"{document.title} {document.year}")
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


@register
class DocxExporter(DocumentExporter):
    identifier = "docx"
    verbose_name = _("Word (DOCX)")
    extension = "docx"
    content_type = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"

    def content(
        self, document: Document, *, page_size: str = "A4", watermark: str | None = None, **_o
    ) -> bytes:
        return docx_bytes(document, page_size=page_size, watermark=watermark)
