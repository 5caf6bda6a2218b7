"""Text helpers: what user text may hold, and escaping for markup written in Python."""

from __future__ import annotations

import html
import re

# Characters no stored text keeps: C0 controls but tab, line feed and carriage return (NUL
# among them; XML 1.0, hence DOCX, cannot hold them), DEL, the bidirectional embeddings,
# overrides and isolates (U+202A–U+202E, U+2066–U+2069: they can make a page or a document
# show text in another order than it is stored), and the non-characters U+FFFE, U+FFFF.
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u202a-\u202e\u2066-\u2069\ufffe\uffff]")


def clean_text(text: str | None) -> str:
    """``text`` without the characters of ``CONTROL``."""
    return CONTROL.sub("", text or "")


def escape(value: object) -> str:
    """HTML-escape ``value`` (``& < > " '``) for markup written in Python; the caller marks
    the assembled markup safe."""
    return html.escape(str(value))
