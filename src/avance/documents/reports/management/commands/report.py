"""``avance report public-account --year 2023 --format md|html|pdf|docx --output FILE``."""

from __future__ import annotations

import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import translation

from avance.catalogs.directory.models import Institution, find_institution
from avance.documents.reports import renderers
from avance.documents.reports.document import ReportError, build_public_account
from avance.documents.reports.trace import trace_lines

FORMATS = ("md", "html", "pdf", "docx")


class Command(BaseCommand):
    help = "Genera un informe a partir de los registros (por ahora: public-account)."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="document", required=True, metavar="DOCUMENTO")
        account = sub.add_parser(
            "public-account",
            help="Introducción de la Cuenta Pública del ejercicio.",
        )
        account.add_argument("--year", type=int, required=True, help="Ejercicio (año).")
        account.add_argument("--format", choices=FORMATS, default="md", help="Formato.")
        account.add_argument(
            "--output", "-o", help="Archivo de salida; sin él, Markdown y HTML van a la consola."
        )
        account.add_argument(
            "--trace",
            action="store_true",
            help="Imprime cada cifra del documento con su origen.",
        )
        account.add_argument(
            "--strict",
            action="store_true",
            help="Falla si alguna referencia de la redacción no se puede resolver.",
        )
        account.add_argument(
            "--institution",
            metavar="SIGLAS",
            help="Siglas o nombre de la institución (por omisión, el instituto nacional).",
        )

    def handle(self, *args, **options):
        with translation.override("es-mx"):
            try:
                institution = find_institution(options.get("institution"))
                document = build_public_account(options["year"], institution_id=institution.pk)
            except (ReportError, Institution.DoesNotExist) as error:
                raise CommandError(str(error)) from error
            for activity_id, problem in document.problems:
                where = f"actividad {activity_id}" if activity_id else "introducción"
                self.stderr.write(f"aviso ({where}): {problem.reference}: {problem.message}")
            if options["strict"] and document.problems:
                raise CommandError("La redacción tiene referencias sin resolver.")
            if options["trace"]:
                for line in trace_lines(document):
                    self.stdout.write(line)
            fmt = options["format"]
            _name, _type, content = renderers.render(document, fmt)
            output = options.get("output")
            if output:
                path = Path(output)
                tmp = path.with_name(f".{path.name}.tmp")
                tmp.write_bytes(content)
                tmp.replace(path)  # never leave a half-written document behind
                self.stderr.write(f"{path} ({len(content):,} bytes)")
            elif not options["trace"]:
                if fmt in ("pdf", "docx"):
                    raise CommandError("PDF y DOCX necesitan --output ARCHIVO.")
                sys.stdout.write(content.decode("utf-8"))
