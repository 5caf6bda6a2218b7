"""The formats of a report document: Markdown, HTML, PDF and DOCX.

Each is an exporter (``core.exporters.Exporter``) registered by its identifier; ``render``
returns a ``Rendered`` file (name, content type, bytes). None of them reads the database.
"""

from __future__ import annotations

from typing import Any

from avance.core.exporters import Exporter, Rendered
from avance.documents.reports.document import Document

EXPORTERS: dict[str, DocumentExporter] = {}


class DocumentExporter(Exporter):
    """A format of a report document; subclasses implement ``content``."""

    def content(self, document: Document, **options: Any) -> bytes:
        raise NotImplementedError

    def render(self, document: Document, **options: Any) -> Rendered:  # type: ignore[override]
        return Rendered(
            filename(document, self.extension),
            self.content_type,
            self.content(document, **options),
        )


def register(cls: type[DocumentExporter]) -> type[DocumentExporter]:
    EXPORTERS[cls.identifier] = cls()
    return cls


def render(document: Document, fmt: str, **options: Any) -> Rendered:
    """The document in format ``fmt`` (ValueError for an unknown format)."""
    if fmt not in EXPORTERS:
        raise ValueError(fmt)
    return EXPORTERS[fmt].render(document, **options)


def filename(document: Document, extension: str) -> str:
    return f"cuenta-publica-{document.year}-introduccion.{extension}"


# Each module registers its exporter.
from avance.documents.reports.renderers import docx, html, markdown, pdf  # noqa: E402, F401
