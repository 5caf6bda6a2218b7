"""Plain text of each rendered format, for tests that look for facts in the report.

Each function takes the rendered bytes and returns the text a reader sees, in reading order,
with footnote marks as ``N/`` and the notes after the body (DOCX) or at the foot of each page
(PDF), so that the same checks run on every format.
"""

from __future__ import annotations

import html
import io
import re
import subprocess
import zipfile

import lxml.html
from lxml import etree
from pypdf import PdfReader

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def markdown_text(data: bytes) -> str:
    """What a reader of the Markdown sees: marks and escapes resolved, notes as «N/»."""
    text = data.decode("utf-8")
    text = re.sub(r"<sup>(\d+)/</sup>", r"\1/", text)
    text = re.sub(r"(?<!\\)\*\*", "", text)
    text = re.sub(r"\\(.)", r"\1", text)
    return html.unescape(text)


def html_text(data: bytes) -> str:
    """Visible text of the report's ``<article>`` (not the page's stylesheet or title)."""
    tree = lxml.html.fromstring(data.decode("utf-8"))
    articles = tree.xpath("//article")
    root = articles[0] if articles else tree
    return "\n".join(part.text_content() for part in root.xpath(".//h1|.//h2|.//h3|.//p|.//li"))


def pdf_text(data: bytes) -> str:
    """Text of every page with pypdf, page after page (notes print at the foot of each)."""
    reader = PdfReader(io.BytesIO(data))
    return "\n".join(page.extract_text() or "" for page in reader.pages)


RUNNING = re.compile(r"^(?:Página \d+ de \d+|CUENTA PÚBLICA \d{4})$")
NOTE_START = re.compile(r"^\d+/ \S")


def pdf_reading_text(data: bytes) -> str:
    """The text as a reader follows it across pages: each page's body joined to the next
    (a sentence broken by a page break reads whole), without the running header and footer;
    then the notes of every page, one after the other."""
    body: list[str] = []
    notes: list[str] = []
    for page in pdf_pages(data):
        lines = [line for line in page.splitlines() if not RUNNING.match(line.strip())]
        start = next((i for i, line in enumerate(lines) if NOTE_START.match(line)), len(lines))
        body.extend(lines[:start])
        notes.extend(lines[start:])
    return "\n".join(body) + "\n" + "\n".join(notes)


def pdf_pages(data: bytes, *, raw: bool = False) -> list[str]:
    """Text of each page with poppler's ``pdftotext`` (fast; notes at the foot of each page).

    ``raw`` keeps the order the text is drawn in: a note's call stays joined to its word even
    where justification leaves a hairline before it, which the default reading order splits
    into two words."""
    options = ["-raw"] if raw else []
    result = subprocess.run(  # noqa: S603 - our own bytes, no shell
        ["pdftotext", *options, "-enc", "UTF-8", "-", "-"],  # noqa: S607 - poppler-utils, on PATH
        input=data,
        capture_output=True,
        check=True,
    )
    pages = result.stdout.decode("utf-8").split("\f")
    return pages[:-1] if pages and not pages[-1].strip() else pages


def _paragraph_text(paragraph, note: str = "") -> str:
    """The text a reader sees: a note's automatic number where it is cited
    (``footnoteReference``) and where the note starts (``footnoteRef``, the note's own)."""

    def shown(node) -> str:
        if node.tag == f"{W}t":
            return node.text or ""
        if node.tag == f"{W}footnoteReference":
            return node.get(f"{W}id")
        if node.tag == f"{W}footnoteRef":
            return note
        return "\t"

    tags = (f"{W}t", f"{W}tab", f"{W}footnoteReference", f"{W}footnoteRef")
    return "".join(shown(node) for node in paragraph.iter(*tags))


def docx_parts(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def docx_text(data: bytes) -> str:
    """Paragraphs of the body, then the text of each footnote (without Word's separators)."""
    parts = docx_parts(data)
    body = etree.fromstring(parts["word/document.xml"])
    lines = [_paragraph_text(p) for p in body.iter(f"{W}p")]
    if "word/footnotes.xml" in parts:
        notes = etree.fromstring(parts["word/footnotes.xml"])
        for note in notes.iter(f"{W}footnote"):
            if note.get(f"{W}type") in ("separator", "continuationSeparator"):
                continue
            number = note.get(f"{W}id")
            lines.append(" ".join(_paragraph_text(p, number) for p in note.iter(f"{W}p")))
    return "\n".join(lines)
