"""A national installation: one institution's report beside everybody else's records, and the
network view of the national institute.

    .venv/bin/python bench/institutions.py                 # SQLite, then PostgreSQL if reachable
    .venv/bin/python bench/institutions.py --database sqlite --others 532 --activities 9700

Each database from scratch (a SQLite file in a temporary directory; a PostgreSQL database
created on the local server and dropped afterwards). First the national institute's year alone
(``tests.builders.synthetic.make_year``: 300 validated activities, five figures each) and the
time of its report (build + HTML render, median of ``--repeat`` rounds); then ``--others``
state and municipal institutions coordinated by it (a third state, the rest municipal, under
the states) with ``--activities`` validated activities of the same year among them, each with
a figure of people by sex; then the same report again. Printed: both medians and their ratio
(target: within ± 10 %, the report is unaffected by the others' data), and the national
institute's network view (the coordinated institutions' year and the sums of their validated
figures) in the same process: median time and queries.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PG_SERVER = os.environ.get("AVANCE_BENCH_POSTGRES", "postgresql://postgres@127.0.0.1:5432/postgres")
YEAR = 2023
NATIONAL_ACTIVITIES = 300
TOLERANCE = 0.10


def _median_seconds(function, repeat: int) -> float:
    samples = []
    for _round in range(repeat):
        started = time.perf_counter()
        function()
        samples.append(time.perf_counter() - started)
    return statistics.median(samples)


def leg(others: int, activities: int, repeat: int) -> dict:
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from avance.capture.activities.models import Activity
    from avance.catalogs.directory.models import Institution
    from avance.documents import network
    from avance.documents.reports.document import build_public_account
    from avance.documents.reports.renderers import render
    from tests.builders.synthetic import make_network, make_year

    call_command("migrate", verbosity=0, interactive=False)
    edition = make_year(YEAR, NATIONAL_ACTIVITIES)
    national = edition.institution

    def report():
        render(build_public_account(YEAR, institution_id=national.pk), "html")

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")  # planner statistics, as after the others' load below
    report()  # warm: imports, templates, translations
    alone = _median_seconds(report, repeat)

    started = time.perf_counter()
    make_network(national, others, activities, YEAR)
    loaded = time.perf_counter() - started
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    report()
    beside = _median_seconds(report, repeat)

    def view():
        nodes = network.coordinated(national.pk)
        network.members(nodes, YEAR)
        network.sums(nodes, YEAR)

    view()
    with CaptureQueriesContext(connection) as queries:
        view()
    return {
        "vendor": connection.vendor,
        "institutions": Institution.objects.count(),
        "activities": Activity.objects.count(),
        "load_seconds": loaded,
        "report_alone": alone,
        "report_beside_others": beside,
        "network_view": _median_seconds(view, repeat),
        "network_queries": len(queries.captured_queries),
    }


def run(kind: str, args) -> dict | None:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("AVANCE_", "DJANGO_"))}
    workdir = Path(tempfile.mkdtemp(prefix=f"avance-bench-institutions-{kind}-"))
    env.update(
        DJANGO_SETTINGS_MODULE="avance.settings",
        AVANCE_TESTING="1",
        AVANCE_DATA_DIR=str(workdir),
        PYTHONPATH=str(ROOT),
    )
    database = None
    if kind == "postgresql":
        import psycopg

        try:
            psycopg.connect(PG_SERVER, connect_timeout=3).close()
        except Exception:  # any failure means "no server here"
            print("[postgresql] no hay servidor: se omite")
            return None
        database = f"avance_bench_institutions_{os.getpid()}"
        with psycopg.connect(PG_SERVER, autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{database}"')
        parts = urllib.parse.urlsplit(PG_SERVER)
        env["DATABASE_URL"] = urllib.parse.urlunsplit(parts._replace(path=f"/{database}"))
    try:
        command = [sys.executable, __file__, "--leg", "--others", str(args.others)]
        command += ["--activities", str(args.activities), "--repeat", str(args.repeat)]
        out = subprocess.run(command, env=env, check=True, capture_output=True, text=True)
        return json.loads(out.stdout.strip().splitlines()[-1])
    finally:
        if database:
            import psycopg

            with psycopg.connect(PG_SERVER, autocommit=True) as conn:
                conn.execute(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", choices=("sqlite", "postgresql", "both"), default="both")
    parser.add_argument("--others", type=int, default=532, help="institutions besides it")
    parser.add_argument("--activities", type=int, default=9700, help="the others' activities")
    parser.add_argument("--repeat", type=int, default=15)
    parser.add_argument("--leg", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.leg:
        print(json.dumps(leg(args.others, args.activities, args.repeat)))
        return
    kinds = ("sqlite", "postgresql") if args.database == "both" else (args.database,)
    for kind in kinds:
        result = run(kind, args)
        if result is None:
            continue
        ratio = result["report_beside_others"] / result["report_alone"]
        verdict = "cumple" if abs(ratio - 1) <= TOLERANCE else "NO cumple"
        print(
            f"[{kind}] {result['institutions']} instituciones, {result['activities']:,} "
            f"actividades (carga {result['load_seconds']:.1f} s)\n"
            f"  informe del instituto nacional (HTML, 300 actividades): sola "
            f"{result['report_alone'] * 1000:.0f} ms, junto a las demás "
            f"{result['report_beside_others'] * 1000:.0f} ms: razón {ratio:.2f} "
            f"(meta 1 ± {TOLERANCE:.2f}: {verdict})\n"
            f"  vista de la red: {result['network_view'] * 1000:.0f} ms, "
            f"{result['network_queries']} consultas"
        )


if __name__ == "__main__":
    main()
