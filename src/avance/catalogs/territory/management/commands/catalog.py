"""``avance catalog load-municipalities FILE --version-date 2025-10-01``."""

from __future__ import annotations

import datetime
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from avance.catalogs.territory.services import (
    BUNDLED_CATALOG,
    BUNDLED_VERSION,
    CatalogError,
    load_municipalities,
)


def _version(value: str) -> datetime.date:
    for fmt in ("%Y-%m-%d", "%Y-%m"):
        try:
            return datetime.datetime.strptime(value, fmt).date()
        except ValueError:
            continue
    raise CommandError(f"Fecha de versión no válida: {value!r} (use AAAA-MM-DD o AAAA-MM).")


class Command(BaseCommand):
    help = "Catálogos oficiales: carga de municipios del INEGI."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True, metavar="ACCIÓN")
        load = sub.add_parser(
            "load-municipalities",
            help="Carga o actualiza los municipios desde el archivo del INEGI (CSV).",
        )
        load.add_argument(
            "file", nargs="?", help="Archivo CSV; sin él, el catálogo incluido (INEGI 2025-10)."
        )
        load.add_argument(
            "--version-date", help="Fecha de la versión del catálogo (AAAA-MM-DD o AAAA-MM)."
        )

    def handle(self, *args, **options):
        if options["file"]:
            path = Path(options["file"])
            if not path.is_file():
                raise CommandError(f"No existe el archivo {path}.")
            if not options["version_date"]:
                raise CommandError("Indique --version-date: la fecha de la versión del catálogo.")
            version_date = _version(options["version_date"])
        else:
            path = BUNDLED_CATALOG
            version_date = (
                _version(options["version_date"]) if options["version_date"] else BUNDLED_VERSION
            )
        try:
            result = load_municipalities(path, version_date=version_date)
        except CatalogError as error:
            raise CommandError(str(error)) from error
        version = result.version
        if result.unchanged:
            self.stdout.write(
                f"Sin cambios: el archivo ya se cargó como versión {version.version_date} "
                f"({version.rows:,} municipios)."
            )
        else:
            self.stdout.write(
                f"Catálogo {version.version_date}: {version.rows:,} municipios "
                f"({version.created:,} altas, {version.updated:,} cambios)."
            )
