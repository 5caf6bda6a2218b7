"""Time the public-account report on a synthetic year against its targets, on both databases.

    .venv/bin/python bench/report.py                       # 300 activities, SQLite and PostgreSQL
    .venv/bin/python bench/report.py --activities 1000 --formats html pdf --repeat 3

Targets (a year of a few dozen to a few hundred activities): HTML under 1 s and PDF under 10 s
for 300 activities, document built from the database and rendered. Each leg runs in a
subprocess with its own throwaway database: a SQLite file in a temporary directory, then a
PostgreSQL database created on ``--postgres`` (default: the local server) and dropped
afterwards; that leg is skipped with a message when no server answers. The year comes from
``tests.builders.synthetic.make_year`` (five figures per activity, one activity in three cites
a footnote). Per format it prints the medians over ``--repeat`` rounds of build +
render, of the render alone and of its CPU time, the output size, the queries, and the ratio
of the build + render median to the target (below 1 meets it).
"""

from __future__ import annotations

import argparse
import io
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
# Seconds allowed for build + render of a year of 300 activities (None: no target).
TARGETS = {"md": None, "html": 1.0, "pdf": 10.0, "docx": None}
POSTGRES = "postgres://postgres@127.0.0.1:5432/postgres"


def leg(activities: int, formats: list[str], repeat: int) -> dict:
    """Inside the subprocess: migrate, load the synthetic year, time each format."""
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from avance.capture.activities.models import Figure
    from avance.documents.reports.document import build_public_account
    from avance.documents.reports.renderers import render
    from tests.builders.synthetic import make_year

    call_command("migrate", verbosity=0, interactive=False)
    started = time.perf_counter()
    make_year(YEAR, activities)
    results: dict = {
        "vendor": connection.vendor,
        "load_seconds": time.perf_counter() - started,
        "figures": Figure.objects.filter(activity__year=YEAR).count(),
        "repeat": repeat,
    }
    # Warm up: imports (WeasyPrint and python-docx take seconds), templates, translations,
    # fonts; the timings below are of the work itself.
    document = build_public_account(YEAR)
    for fmt in formats:
        render(document, fmt)
    results["bullets"] = sum(len(s.bullets) for s in document.sections)
    results["footnotes"] = len(document.footnotes)
    results["values"] = len(document.values())
    samples: dict[str, list[dict]] = {fmt: [] for fmt in formats}
    for _round in range(repeat):
        for fmt in formats:
            document = None  # nothing of the previous render alive while this one runs
            with CaptureQueriesContext(connection) as queries:
                started = time.perf_counter()
                document = build_public_account(YEAR)
                built = time.perf_counter()
                cpu = time.process_time()
                _name, _type, content = render(document, fmt)
                done = time.perf_counter()
            samples[fmt].append(
                {
                    "seconds": done - started,
                    "build_seconds": built - started,
                    "render_seconds": done - built,
                    "render_cpu_seconds": time.process_time() - cpu,
                    "bytes": len(content),
                    "queries": len(queries.captured_queries),
                    "content": content if fmt == "pdf" else None,
                }
            )
    results["formats"] = {}
    for fmt, runs in samples.items():
        keys = ("seconds", "build_seconds", "render_seconds", "render_cpu_seconds")
        entry = {key: statistics.median(run[key] for run in runs) for key in keys}
        entry["bytes"] = runs[-1]["bytes"]
        entry["queries"] = max(run["queries"] for run in runs)
        if fmt == "pdf":
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
    """A throwaway database on the server: (its URL, a function that drops it), or None when
    no server answers."""
    import psycopg

    name = f"avance_bench_report_{os.getpid()}"
    server = server_url.replace("postgres://", "postgresql://", 1)
    try:
        with psycopg.connect(server, autocommit=True, connect_timeout=3) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
            conn.execute(f'CREATE DATABASE "{name}"')
    except psycopg.OperationalError as error:
        print(f"\n== PostgreSQL: skipped, no server at {server_url} ({error.__class__.__name__})")
        return None

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
        f"(loaded in {results['load_seconds']:.1f} s); medians of {results['repeat']} rounds"
    )
    header = f"{'format':<7}{'build+render s':>15}{'build s':>9}{'render s':>10}{'(CPU s)':>9}"
    print(f"{header}{'target s':>10}{'ratio':>7}{'size':>14}{'queries':>9}")
    for fmt, entry in results["formats"].items():
        target = TARGETS[fmt] if activities == 300 else None
        ratio = f"{entry['seconds'] / target:>7.2f}" if target else f"{'—':>7}"
        size = f"{entry['bytes']:,} B"
        extra = f"  ({entry['pages']} pages)" if "pages" in entry else ""
        print(
            f"{fmt:<7}{entry['seconds']:>15.2f}{entry['build_seconds']:>9.2f}"
            f"{entry['render_seconds']:>10.2f}{entry['render_cpu_seconds']:>9.2f}"
            f"{target if target else '—':>10}{ratio}{size:>14}{entry['queries']:>9}{extra}"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--activities", type=int, default=300)
    parser.add_argument("--formats", nargs="+", default=list(FORMATS), choices=FORMATS)
    parser.add_argument("--repeat", type=int, default=5, help="rounds; medians are printed")
    parser.add_argument("--postgres", default=os.environ.get("DATABASE_URL") or POSTGRES)
    parser.add_argument("--leg", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.leg:
        sys.path[:0] = [str(ROOT / "src"), str(ROOT)]  # avance, and tests.builders
        print(json.dumps(leg(args.activities, args.formats, args.repeat)))
        return
    print(f"Machine: {machine()}; load average {os.getloadavg()[0]:.1f} at start")
    if args.activities != 300:
        print("(the targets are for 300 activities: no ratio printed)")
    report("SQLite", run_leg(None, args.activities, args.formats, args.repeat), args.activities)
    database = _postgres_database(args.postgres)
    if database is not None:
        url, drop = database
        try:
            results = run_leg(url, args.activities, args.formats, args.repeat)
        finally:
            drop()
        report("PostgreSQL", results, args.activities)
    print(f"\nload average {os.getloadavg()[0]:.1f} at the end")


if __name__ == "__main__":
    main()
