"""``avance institution list [--json]``: the institutions of the installation."""

from __future__ import annotations

import json

from django.core.management.base import BaseCommand
from django.utils import translation

from avance.catalogs.directory.models import Institution


class Command(BaseCommand):
    help = "Instituciones de la instalación (cada una con su propio ciclo)."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True, metavar="ACCIÓN")
        listing = sub.add_parser("list", help="Lista las instituciones.")
        listing.add_argument("--json", action="store_true", help="Imprime la lista en JSON.")

    def handle(self, *args, **options):
        with translation.override("es-mx"):
            rows = [
                {
                    "acronym": i.organization.acronym,
                    "name": i.organization.name,
                    "kind": i.kind,
                    "kind_label": str(i.get_kind_display()),
                    "coordinator": i.coordinator.organization.acronym if i.coordinator_id else None,
                }
                for i in Institution.objects.select_related(
                    "organization", "coordinator__organization"
                ).order_by("organization__acronym", "organization__name")
            ]
        if options["json"]:
            self.stdout.write(json.dumps(rows, ensure_ascii=False, indent=2))
            return
        if not rows:
            self.stdout.write("No hay instituciones registradas.")
            return
        width = max(len(r["acronym"] or "—") for r in rows)
        for r in rows:
            coordinator = f" · coordinada por {r['coordinator']}" if r["coordinator"] else ""
            self.stdout.write(
                f"{(r['acronym'] or '—'):<{width}}  {r['name']} ({r['kind_label']}){coordinator}"
            )
