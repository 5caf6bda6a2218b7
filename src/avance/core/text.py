"""Small text helpers for markup written in Python."""

from __future__ import annotations

import html


def escape(value: object) -> str:
    """``django.utils.html.escape`` without its lazy-string wrapper and ``SafeString``: the
    same characters escaped (``& < > " '``, by the standard library), two to three times
    faster, for markup written in Python (the list's rows and selects, the HTML report's
    hundreds of thousands of pieces). The caller marks the assembled markup safe."""
    return html.escape(str(value))
