"""Renderers turn a ``Document`` into bytes of one format; none of them reads the database.

Each is registered by its format name and returns ``(filename, content_type, bytes)``.
"""

from __future__ import annotations

from collections.abc import Callable

from avance.reports.document import Document, collector_paused

Rendered = tuple[str, str, bytes]
RENDERERS: dict[str, Callable[..., Rendered]] = {}


def register(name: str):
    def wrap(function):
        RENDERERS[name] = function
        return function

    return wrap


def render(document: Document, fmt: str, **options) -> Rendered:
    # Import for registration side effects; each module registers itself.
    from avance.reports.renderers import markdown  # noqa: F401

    for module in ("html", "pdf", "docx"):
        try:
            __import__(f"avance.reports.renderers.{module}")
        except ModuleNotFoundError as error:
            if error.name != f"avance.reports.renderers.{module}":
                raise
    if fmt not in RENDERERS:
        raise ValueError(fmt)
    if fmt == "pdf":
        # WeasyPrint's layout makes reference cycles (its box trees): the collector stays on.
        return RENDERERS[fmt](document, **options)
    # The other renderers make strings from a document of up to a million objects: the
    # collector's passes over it would cost as much as the rendering (docs/performance.md).
    with collector_paused():
        return RENDERERS[fmt](document, **options)


def filename(document: Document, extension: str) -> str:
    return f"cuenta-publica-{document.year}-introduccion.{extension}"
