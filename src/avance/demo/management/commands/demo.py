"""``avance demo load``: the demonstration year 2023 (and, in demo mode, its accounts)."""

from __future__ import annotations

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from avance.catalogs.territory.models import Municipality
from avance.catalogs.territory.services import BUNDLED_CATALOG, BUNDLED_VERSION, load_municipalities
from avance.demo import network2023, year2023
from avance.demo.accounts import (
    DEMO_PASSWORD,
    create_demo_accounts,
    create_demo_captures,
    create_network_accounts,
)
from avance.demo.loader import DemoError, ensure_demo_admin, load_year
from avance.demo.rosters2023 import load_rosters


class Command(BaseCommand):
    help = "Datos de demostración: carga el ejercicio 2023 del informe de referencia."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True, metavar="ACCIÓN")
        sub.add_parser("load", help="Carga (o vuelve a cargar) el ejercicio 2023.")

    def handle(self, *args, **options):
        if not Municipality.objects.exists():
            load_municipalities(BUNDLED_CATALOG, version_date=BUNDLED_VERSION)
        try:
            with transaction.atomic():  # the year and its rosters, together or not at all
                counts = load_year(year2023)
                people = load_rosters()
                network = [load_year(data) for data in network2023.INSTITUTIONS]
        except DemoError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            f"Ejercicio {year2023.YEAR}: {counts['activities']} actividades, "
            f"{counts['figures']} cifras, {counts['footnotes']} notas."
        )
        for name, total in people.items():
            self.stdout.write(f"Padrón «{name}»: {total:,} personas (sintéticas).")
        for data, loaded in zip(network2023.INSTITUTIONS, network, strict=True):
            self.stdout.write(
                f"Red de demostración: {data.INSTITUTE[1]}, {loaded['activities']} actividades."
            )
        if settings.DEMO_MODE:
            username = ensure_demo_admin()
            self.stdout.write(f"Cuenta de demostración: {username} / avance-demo")
            for name, role in create_demo_accounts() + create_network_accounts():
                self.stdout.write(f"Cuenta de demostración: {name} / {DEMO_PASSWORD} ({role})")
            captures = create_demo_captures()
            self.stdout.write(
                f"Capturas de demostración (fuera del informe): {len(captures)} nuevas."
            )
        else:
            self.stdout.write(
                "Sin cuentas de demostración: solo se crean en modo demostración "
                "(AVANCE_DEMO=true)."
            )
