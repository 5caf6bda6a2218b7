"""Renderers turn a ``Document`` into bytes of one format; none of them reads the database.

Each is registered by its format name and returns ``(filename, content_type, bytes)``.
"""

from __future__ import annotations

from collections.abc import Callable

from avance.documents.reports.document import Document

Rendered = tuple[str, str, bytes]
RENDERERS: dict[str, Callable[..., Rendered]] = {}


def register(name: str):
    def wrap(function):
        RENDERERS[name] = function
        return function

    return wrap


def render(document: Document, fmt: str, **options) -> Rendered:
    # Import for registration side effects; each module registers itself.
    from avance.documents.reports.renderers import markdown  # noqa: F401

    for module in ("html", "pdf", "docx"):
        try:
            __import__(f"avance.documents.reports.renderers.{module}")
        except ModuleNotFoundError as error:
            if error.name != f"avance.documents.reports.renderers.{module}":
                raise
    if fmt not in RENDERERS:
        raise ValueError(fmt)
    return RENDERERS[fmt](document, **options)


def filename(document: Document, extension: str) -> str:
    return f"cuenta-publica-{document.year}-introduccion.{extension}"
