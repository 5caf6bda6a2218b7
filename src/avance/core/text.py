"""Small text helpers for markup written in Python."""

from __future__ import annotations

import html


def escape(value: object) -> str:
    """``django.utils.html.escape`` without its lazy-string wrapper and ``SafeString``: the
    same characters escaped (``& < > " '``, by the standard library), about twice as fast,
    for pages that escape a few hundred values (the list's rows and selects). The caller
    marks the assembled markup safe."""
    return html.escape(str(value))
