"""The error report of a roster import, as a list export (XLSX or CSV)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from django.utils.translation import gettext as _

from avance.core.exporters import ListExporter


class ImportErrorsExporter(ListExporter):
    """One row per reported problem: line, column, value (masked for a CURP), reason, kind."""

    sheet_title = "Errores"

    def __init__(self, errors: Iterable[Sequence], *, name: str = "errores-importacion"):
        self.errors = errors
        self.filename = name

    def headers(self) -> list[str]:
        return [_("Línea"), _("Columna"), _("Valor"), _("Motivo"), _("Tipo")]

    def rows(self) -> Iterable[Sequence]:
        return self.errors
