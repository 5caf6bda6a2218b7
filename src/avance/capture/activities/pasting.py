"""Text pasted from Word (or LibreOffice) into a narrative: what the report can print is kept,
the rest is dropped.

A narrative is plain text with figure and footnote marks (``figures.narrative``), so bold,
italics, fonts and tables are dropped; paragraphs and list items become lines; a footnote
mark — Word's or LibreOffice's footnote reference, or the «1/» the institute writes as a
superscript — becomes a footnote call ``[^nota1]``, and the notes' texts are returned apart, to be
added as the activity's footnotes. Characters nobody sees (zero-width spaces, soft hyphens,
byte-order marks, bidirectional marks) are removed and non-breaking spaces become spaces.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

from avance.core.text import clean_text

INVISIBLE = re.compile(r"[\u00ad\u200b-\u200f\u2060\ufeff\u061c]")
HTML_SPACE = re.compile(r"[\r\n\t]+")
SPACES = re.compile(r"[ \t\u00a0\u2007\u202f]+")
# A footnote mark's text: «1», «1/», «[1]», « 12 / ».
MARK = re.compile(r"^\s*\[?\s*(\d{1,3})\s*\]?\s*/?\s*$")
WRITTEN_MARK = re.compile(r"^\s*(?:\[\s*(\d{1,3})\s*\]|(\d{1,3})\s*/)\s*$")
BLOCKS = {"p", "div", "li", "br", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote"}
DROPPED = {"style", "script", "title", "head", "xml", "template"}
MAX_CHARS = 100_000


def note_key(number: str) -> str:
    """The footnote key of a pasted mark («1/» → ``nota1``: a key starts with a letter)."""
    return f"nota{int(number)}"


@dataclass
class Pasted:
    text: str
    notes: list[tuple[str, str]] = field(default_factory=list)  # (key, text), in order


def _is_note_anchor(attrs: dict) -> bool:
    """Word's and LibreOffice's footnote references link to the note (``#_ftn1``,
    ``#sdfootnote1sym``)."""
    href = attrs.get("href") or ""
    style = attrs.get("style") or ""
    return href.startswith(("#_ftn", "#sdfootnote")) or "mso-footnote-id" in style


def _is_note_body(tag: str, attrs: dict) -> bool:
    """The notes themselves, at the end of the pasted HTML."""
    ident = attrs.get("id") or ""
    style = attrs.get("style") or ""
    return tag == "div" and (
        re.fullmatch(r"sdfootnote\d+|ftn\d+", ident) is not None or "mso-element:footnote" in style
    )


class _Reader(HTMLParser):
    """Reads pasted HTML into the narrative's text and the notes' texts. Each open element
    has a role: dropped (styles, scripts), a note's body, a footnote mark (a reference or a
    superscript), a block (a line of its own) or none."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.notes: dict[str, list[str]] = {}
        self.stack: list[tuple[str, str, str]] = []  # (tag, role, note key)
        self.mark: list[str] = []
        self.mark_is_reference = False

    def _has(self, role: str) -> bool:
        return any(r == role for _t, r, _k in self.stack)

    def _note(self) -> str | None:
        return next((k for _t, r, k in reversed(self.stack) if r == "note"), None)

    def _out(self) -> list[str]:
        key = self._note()
        return self.parts if key is None else self.notes.setdefault(key, [])

    def handle_starttag(self, tag, attrs):
        if tag == "br":
            self._out().append("\n")
            return
        attrs = dict(attrs)
        role, key = "", ""
        if tag in DROPPED:
            role = "drop"
        elif _is_note_body(tag, attrs):
            role = "note"
            number = re.search(r"\d+", attrs.get("id") or "")
            key = note_key(number.group(0) if number else str(len(self.notes) + 1))
        elif tag == "sup" or (tag == "a" and _is_note_anchor(attrs)):
            if not self._has("mark"):
                self.mark_is_reference = tag == "a"
            role = "mark"
        elif tag in BLOCKS:
            role = "block"
            self._out().append("\n")
        self.stack.append((tag, role, key))

    def handle_startendtag(self, tag, attrs):
        if tag == "br":
            self._out().append("\n")

    def handle_endtag(self, tag):
        # Close up to the last element of this name (HTML from Word leaves some unclosed).
        index = next(
            (i for i in range(len(self.stack) - 1, -1, -1) if self.stack[i][0] == tag), None
        )
        if index is None:
            return
        closed, self.stack = self.stack[index:], self.stack[:index]
        for _tag, role, _key in reversed(closed):
            if role == "block":
                self._out().append("\n")
            elif role == "mark" and not self._has("mark"):
                self._end_mark()

    def _end_mark(self) -> None:
        text, self.mark = "".join(self.mark), []
        # A note reference links to its note; a bare superscript is a mark only when written
        # as the institute writes one («1/», «[1]»), not «m²» or «1.er».
        found = (MARK if self.mark_is_reference else WRITTEN_MARK).match(text)
        if found is None:
            self._out().append(text)  # a superscript that is not a note (1.er, m²)
        elif self._note() is None:
            number = next(group for group in found.groups() if group)
            self.parts.append(f"[^{note_key(number)}]")
        # inside a note's body its own mark is dropped

    def handle_data(self, data):
        if self._has("drop"):
            return
        data = HTML_SPACE.sub(" ", data)  # a line break in the source is a space in HTML
        if self._has("mark"):
            self.mark.append(data)
        else:
            self._out().append(data)

    def handle_comment(self, data):
        return  # Word's conditional comments and fragment markers


def _lines(text: str) -> str:
    text = INVISIBLE.sub("", clean_text(text))
    lines = [SPACES.sub(" ", line).strip() for line in text.splitlines()]
    return "\n".join(line for line in lines if line)


def from_html(markup: str) -> Pasted:
    """What a narrative keeps of pasted HTML (see the module's docstring)."""
    reader = _Reader()
    reader.feed(markup[:MAX_CHARS])
    reader.close()
    text = _lines("".join(reader.parts))
    notes = []
    for key, parts in reader.notes.items():
        body = _lines(" ".join("".join(parts).split("\n")))
        body = re.sub(r"^\[?\d{1,3}\]?\s*/?\s*", "", body)  # the note's own mark
        if body:
            notes.append((key, body))
    return Pasted(text, notes)


def from_text(text: str) -> Pasted:
    """What a narrative keeps of pasted plain text: the invisible characters removed."""
    return Pasted(_lines(text[:MAX_CHARS]))
