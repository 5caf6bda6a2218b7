"""``avance roster import FILE --roster NAME …`` and ``avance roster stats NAME``."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.views.decorators.debug import sensitive_variables

from avance.capture.people import services
from avance.capture.people.counts import roster_counts
from avance.capture.people.exports import ImportErrorsExporter
from avance.capture.people.importing import RosterImportError
from avance.capture.people.models import Roster, RosterKind
from avance.catalogs.directory.models import Institution, find_institution
from avance.publication.open_data import cell_label
from avance.publication.suppression import published_counts


class _Bar:
    """A tqdm progress bar per stage, only when stderr is a terminal."""

    def __init__(self, enabled: bool):
        self.enabled = enabled
        self.bar = None
        self.stage = None

    def __call__(self, stage: str, done: int, total: int) -> None:
        if not self.enabled:
            return
        from tqdm import tqdm

        if stage != self.stage:
            self.close()
            self.stage = stage
            unit = " bytes" if stage == "lectura" else " filas"
            # A stage without a count shows its name only.
            shape = {} if total else {"bar_format": "{desc}…"}
            self.bar = tqdm(
                total=total or None, desc=stage.capitalize(), unit=unit, leave=False, **shape
            )
        self.bar.n = done
        self.bar.refresh()

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()
            self.bar = None


INSTITUTION_HELP = "Siglas o nombre de la institución (por omisión, el instituto nacional)."


def _institution(options) -> Institution:
    try:
        return find_institution(options.get("institution"))
    except Institution.DoesNotExist as error:
        raise CommandError(str(error)) from error


class Command(BaseCommand):
    help = "Padrones de personas: importa un archivo (CSV o XLSX) o muestra sus conteos."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True, metavar="ACCIÓN")
        load = sub.add_parser("import", help="Importa un archivo CSV o XLSX a un padrón.")
        load.add_argument("file", metavar="ARCHIVO")
        load.add_argument("--roster", required=True, metavar="NOMBRE", help="Nombre del padrón.")
        load.add_argument(
            "--kind",
            choices=RosterKind.values,
            help="Tipo del padrón, si hay que crearlo (por omisión: other).",
        )
        load.add_argument("--activity", type=int, metavar="ID", help="Actividad del padrón.")
        load.add_argument("--year", type=int, help="Ejercicio (por omisión, el de la actividad).")
        load.add_argument(
            "--skip-invalid",
            action="store_true",
            help="Importa las filas válidas y reporta las demás (si no, nada se importa).",
        )
        load.add_argument("--json", action="store_true", help="Imprime el resultado en JSON.")
        load.add_argument("--institution", metavar="SIGLAS", help=INSTITUTION_HELP)
        load.add_argument(
            "--errors", metavar="ARCHIVO", help="Escribe el reporte de errores (.csv o .xlsx)."
        )
        stats = sub.add_parser("stats", help="Conteos de un padrón.")
        stats.add_argument("name", metavar="NOMBRE")
        stats.add_argument("--json", action="store_true")
        stats.add_argument("--institution", metavar="SIGLAS", help=INSTITUTION_HELP)
        stats.add_argument(
            "--public",
            action="store_true",
            help="Conteos publicables: celdas pequeñas suprimidas (AVANCE_SUPPRESSION_THRESHOLD).",
        )

    def handle(self, *args, **options):
        if options["action"] == "import":
            return self._import(options)
        return self._stats(options)

    @sensitive_variables()  # the file's CURPs stay out of error reports
    def _import(self, options) -> None:
        path = Path(options["file"])
        errors_path = Path(options["errors"]) if options.get("errors") else None
        if errors_path and errors_path.suffix.lower() not in (".csv", ".xlsx"):
            raise CommandError("El reporte de errores debe terminar en .csv o .xlsx.")
        try:
            data = services.read_bounded(path)
        except RosterImportError as error:
            raise CommandError(error.message) from None
        bar = _Bar(sys.stderr.isatty())  # on stderr: stdout keeps only the JSON
        try:
            # A new roster is created with its import, in one transaction: a file that
            # cannot be read or is rejected leaves no empty roster behind.
            roster, result = services.import_into_named_roster(
                name=options["roster"],
                kind=options.get("kind"),
                activity_id=options.get("activity"),
                year=options.get("year"),
                data=data,
                file_name=path.name,
                skip_invalid=options["skip_invalid"],
                institution_id=_institution(options).pk,
                progress=bar,
            )
        except (RosterImportError, services.RosterError) as error:
            raise CommandError(error.message) from None
        finally:
            bar.close()
        if errors_path and result.errors is not None:
            fmt = "xlsx" if errors_path.suffix.lower() == ".xlsx" else "csv"
            exporter = ImportErrorsExporter(result.errors.iter_rows())
            errors_path.write_bytes(exporter.render(fmt).content)
        if options["json"]:
            self.stdout.write(json.dumps(result.as_json(), ensure_ascii=False))
        else:
            self.stdout.write(
                f"{roster.name}: {result.rows:,} filas; {result.imported:,} importadas, "
                f"{result.rejected:,} rechazadas, {result.duplicates:,} repetidas."
            )
        if result.status == "repeated":
            self.stderr.write(
                "El mismo archivo ya se había importado a este padrón: no se agregó nada."
            )
        if result.status == "rejected":
            raise CommandError(
                f"{result.rejected:,} filas con errores: no se importó ninguna. Revise el "
                "reporte (--errors ARCHIVO) o use --skip-invalid para importar solo las válidas."
            )

    def _stats(self, options) -> None:
        institution = _institution(options)
        roster = Roster.objects.filter(institution=institution, name=options["name"]).first()
        if roster is None:
            raise CommandError(f"No existe el padrón «{options['name']}».")
        counts = roster_counts(roster)
        if options["public"]:
            published = published_counts(counts)
            if options["json"]:
                self.stdout.write(json.dumps(published, ensure_ascii=False))
                return
            self.stdout.write(f"{roster.name} — conteos publicables (celdas pequeñas: «*»)")
            for title, key in (
                ("Por sexo", "by_sex"),
                ("Por entidad de residencia", "by_state"),
                ("Por grupo de edad", "by_age"),
                ("Por organización", "by_organization"),
            ):
                self.stdout.write(f"  {title}:")
                for cell, n in published[key].items():
                    label = cell_label(key, cell)
                    self.stdout.write(f"    {label}: {'*' if n is None else f'{n:,}'}")
            return
        if options["json"]:
            self.stdout.write(json.dumps(counts.as_json(), ensure_ascii=False))
            return
        self.stdout.write(f"{roster.name} ({roster.get_kind_display()}, {roster.year})")
        self.stdout.write(f"  Personas: {counts.total:,}")
        for part, n in counts.by_sex.items():
            self.stdout.write(f"    {part}: {n:,}")
        self.stdout.write(
            f"  Entidades de residencia: {sum(1 for k, _n, _c in counts.by_state if k)}"
        )
        for label, n in counts.by_age:
            self.stdout.write(f"    {label}: {n:,}")
