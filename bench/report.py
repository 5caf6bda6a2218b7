"""Time the public-account report on a synthetic year: build, then render each format.

    .venv/bin/python bench/report.py                      # SQLite, then PostgreSQL if set
    .venv/bin/python bench/report.py --activities 10000 --formats md html pdf docx
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres .venv/bin/python bench/report.py

Each leg runs in a subprocess with its own throwaway database: a SQLite file in a temporary
directory, and, when ``DATABASE_URL`` is set, a PostgreSQL database created on that server and
dropped afterwards. The year holds ``--activities`` validated activities with five figures
each (entered with sex parts, and bound to states, sessions, partners and a body's members),
narratives citing them through formats, and one footnote each (written with bulk_create, see
``avance/reports/tests/synthetic.py``). Prints, per format, the median over ``--repeat``
rounds of the seconds of ``build_public_account`` + render, activities per second, the output
size, the number of database queries, and the ratio to a baseline timed in the same process
in each round: reading the rows the report is made of, as tuples, with nothing done to them.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
YEAR = 2023
FORMATS = ("md", "html", "pdf", "docx")


def read_rows(year: int) -> int:
    """Read the year's rows that the report is made of, as tuples; return how many."""
    from avance.capture.activities.models import Activity, Figure, Footnote, Partner

    validated = {"activity__year": year, "activity__status": "validated"}
    tables = [
        Activity.objects.filter(year=year, status="validated").values_list(
            "pk", "title", "narrative", "objective_id", "start_date", "end_date"
        ),
        Figure.objects.filter(**validated).values_list(
            "pk",
            "name",
            "activity_id",
            "measure_id",
            "binding",
            "binding_params",
            "total",
            "women",
            "men",
            "other",
            "unspecified",
            "note",
        ),
        Footnote.objects.filter(**validated).values_list("activity_id", "key", "text"),
        Partner.objects.filter(**validated).values_list("activity_id", "role", "organization_id"),
        Activity.states.through.objects.filter(**validated).values_list("activity_id", "state_id"),
        Activity.sessions.through.objects.filter(**validated).values_list(
            "activity_id", "session_id"
        ),
    ]
    return sum(len(list(rows)) for rows in tables)


def leg(activities: int, formats: list[str], repeat: int) -> dict:
    """Inside the subprocess: migrate, load the synthetic year, time each format."""
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from avance.documents.reports.document import build_public_account, collector_paused
    from avance.documents.reports.renderers import render
    from tests.builders.synthetic import make_year

    call_command("migrate", verbosity=0, interactive=False)
    started = time.perf_counter()
    make_year(YEAR, activities)
    load_seconds = time.perf_counter() - started
    from avance.capture.activities.models import Figure

    figures = Figure.objects.filter(activity__year=YEAR).count()
    # Warm up: import every renderer (WeasyPrint and python-docx take seconds to import) and
    # fill the caches (templates, translations); the timings below are of the work itself.
    import dataclasses

    import avance.documents.reports.renderers.docx
    import avance.documents.reports.renderers.html
    import avance.documents.reports.renderers.pdf  # noqa: F401

    sample = build_public_account(YEAR)
    sample = dataclasses.replace(
        sample, sections=[dataclasses.replace(s, bullets=s.bullets[:10]) for s in sample.sections]
    )
    for fmt in formats:  # each renderer once on a small document: templates, URLs, fonts
        render(sample, fmt)
    del sample

    results = {"vendor": connection.vendor, "load_seconds": load_seconds, "figures": figures}
    with CaptureQueriesContext(connection) as queries:
        started = time.perf_counter()
        document = build_public_account(YEAR)
        build_seconds = time.perf_counter() - started
    results["build_seconds"] = build_seconds
    results["build_queries"] = len(queries.captured_queries)
    results["bullets"] = sum(len(s.bullets) for s in document.sections)
    results["footnotes"] = len(document.footnotes)
    results["values"] = len(document.values())
    results["repeat"] = repeat
    # The baseline, timed in this process next to each format: reading the rows the report is
    # made of (activities, figures, footnotes, partners, states and sessions of the year), as
    # tuples, with nothing done to them. The ratios are steadier than the seconds on a shared
    # machine: both sides slow down together.
    baselines = []
    results["formats"] = {}
    samples: dict[str, list[dict]] = {fmt: [] for fmt in formats}
    for _round in range(repeat):
        document = None  # nothing of the previous round alive while the baseline reads
        with collector_paused():  # as the build runs (reports.document.collector_paused)
            started = time.perf_counter()
            read_rows(YEAR)
            baselines.append(time.perf_counter() - started)
        for fmt in formats:
            with CaptureQueriesContext(connection) as queries:
                started, cpu = time.perf_counter(), time.process_time()
                document = build_public_account(YEAR)
                built = time.perf_counter()
                _name, _type, content = render(document, fmt)
                done = time.perf_counter()
            samples[fmt].append(
                {
                    "seconds": done - started,
                    "cpu_seconds": time.process_time() - cpu,
                    "render_seconds": done - built,
                    "bytes": len(content),
                    "queries": len(queries.captured_queries),
                    "content": content if fmt == "pdf" else None,
                }
            )
    results["baseline_seconds"] = statistics.median(baselines)
    for fmt, runs in samples.items():
        entry = {
            key: statistics.median(run[key] for run in runs)
            for key in ("seconds", "cpu_seconds", "render_seconds")
        }
        entry["bytes"] = runs[-1]["bytes"]
        entry["queries"] = max(run["queries"] for run in runs)
        entry["ratio"] = entry["seconds"] / results["baseline_seconds"]
        if fmt == "pdf":
            import io

            from pypdf import PdfReader

            entry["pages"] = len(PdfReader(io.BytesIO(runs[-1]["content"])).pages)
        results["formats"][fmt] = entry
    return results


def run_leg(database_url: str | None, activities: int, formats: list[str], repeat: int) -> dict:
    with tempfile.TemporaryDirectory(prefix="avance-bench-report-") as data_dir:
        env = {
            **os.environ,
            "AVANCE_TESTING": "1",
            "AVANCE_DATA_DIR": data_dir,
            "DJANGO_SETTINGS_MODULE": "avance.settings",
        }
        env.pop("DATABASE_URL", None)
        if database_url:
            env["DATABASE_URL"] = database_url
        command = [sys.executable, __file__, "--leg", "--activities", str(activities)]
        command += ["--formats", *formats, "--repeat", str(repeat)]
        output = subprocess.run(command, env=env, check=True, capture_output=True, text=True)
        return json.loads(output.stdout.strip().splitlines()[-1])


def _postgres_database(server_url: str):
    """Create a throwaway database on the server; return (its URL, a function that drops it)."""
    import psycopg

    name = f"avance_bench_report_{os.getpid()}"
    server = server_url.replace("postgres://", "postgresql://", 1)
    with psycopg.connect(server, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')

    def drop() -> None:
        with psycopg.connect(server, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    base = server_url.rsplit("/", 1)[0]
    return f"{base}/{name}", drop


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return f"{cpu}, {os.cpu_count()} CPU, Python {platform.python_version()}, {platform.system()}"


def report(label: str, results: dict, activities: int) -> None:
    print(
        f"\n== {label}: {results['bullets']:,} activities, {results['figures']:,} figures, "
        f"{results['values']:,} printed values, {results['footnotes']:,} footnotes "
        f"(loaded in {results['load_seconds']:.1f} s)"
    )
    print(
        f"build_public_account: {results['build_seconds']:.2f} s, "
        f"{results['build_queries']} queries"
    )
    print(
        f"baseline (reading the year's rows as tuples, same process): "
        f"{results['baseline_seconds']:.3f} s; medians of {results['repeat']} rounds below"
    )
    header = f"{'format':<7}{'build+render s':>16}{'(CPU s)':>9}{'render s':>10}{'act/s':>10}"
    print(f"{header}{'× baseline':>12}{'size':>14}{'queries':>9}")
    for fmt, entry in results["formats"].items():
        size = f"{entry['bytes']:,} B"
        extra = f"  ({entry['pages']} pages)" if "pages" in entry else ""
        print(
            f"{fmt:<7}{entry['seconds']:>16.2f}{entry['cpu_seconds']:>9.2f}"
            f"{entry['render_seconds']:>10.2f}"
            f"{activities / entry['seconds']:>10,.0f}{entry['ratio']:>12.1f}"
            f"{size:>14}{entry['queries']:>9}{extra}"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--activities", type=int, default=10_000)
    parser.add_argument("--formats", nargs="+", default=list(FORMATS), choices=FORMATS)
    parser.add_argument(
        "--repeat", type=int, default=3, help="rounds per format; the median is printed"
    )
    parser.add_argument("--leg", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.leg:
        sys.path.insert(0, str(ROOT / "src"))
        print(json.dumps(leg(args.activities, args.formats, args.repeat)))
        return
    print(f"Machine: {machine()}; load average {os.getloadavg()[0]:.1f} at start")
    report("SQLite", run_leg(None, args.activities, args.formats, args.repeat), args.activities)
    server = os.environ.get("DATABASE_URL")
    if server:
        url, drop = _postgres_database(server)
        try:
            results = run_leg(url, args.activities, args.formats, args.repeat)
        finally:
            drop()
        report("PostgreSQL", results, args.activities)
    else:
        print("\nPostgreSQL: omitted (set DATABASE_URL to a server to run that leg)")


if __name__ == "__main__":
    main()
