"""Latency of the roster pages with 200 million enrollments, against the same pages with a few
thousand, under 20 concurrent clients (PostgreSQL).

    .venv/bin/python bench/rosters_page.py [--rows 200000000] [--small-rows 5000]
        [--rosters 40] [--imports 5] [--clients 20] [--duration 10] [--rounds 3] [--keep]

Throwaway PostgreSQL databases (created on the local server, dropped at the end unless
``--keep``) hold ``--rosters`` rosters of ``--imports`` imports each and an administrator.
The enrollments are generated in SQL (``generate_series``) straight into
``people_enrollment``, import after import, and each import's counts
(``people_importcount``) are computed from the very rows it inserted, in the same statement,
as an import writes them. The table is made UNLOGGED first: nothing of it is read by the
pages, and without the write-ahead log 200 million rows take minutes, not hours.

Two databases with the same rosters, imports and sessions: one with ``--small-rows``
enrollments, one with ``--rows``, each served by its own gunicorn on 127.0.0.1 (production
settings). ``--clients`` threads, each with its own session of the administrator, request
``/padrones/`` and one roster's page in turn (``bench/pages.py``'s client), for
``--duration`` seconds against one database then the other, ``--rounds`` times, so that both
meet the same load of the shared machine. Prints p50/p95 of each page with each size and the
ratio of the large one to the small one.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import pages  # bench/pages.py, beside this file: the load and its statistics

ROOT = Path(__file__).resolve().parent.parent
SERVER = pages.PG_SERVER

# One import's rows, with its counts, from generated numbers lo … hi - 1. Every value is a
# function of the number: 55 % women, 32 states, 55 birth years, 300 organisations.
GENERATE = """
WITH written AS (
    INSERT INTO people_enrollment (roster_id, pseudonym, curp_sex, birth_year, birth_state,
                                   sex, state, completed_on, organization, import_batch_id)
    SELECT %(roster)s, decode(lpad(to_hex(g), 64, '0'), 'hex'), s.sex, 1950 + g %% 55,
           lpad((1 + g %% 32)::text, 2, '0'), s.sex, lpad((1 + (g / 7) %% 32)::text, 2, '0'),
           date '2023-01-02' + (g %% 360)::int, 'Dependencia ' || (g %% 300), %(batch)s
    FROM generate_series(%(lo)s::bigint, %(hi)s::bigint - 1) AS g,
         LATERAL (SELECT CASE WHEN g %% 20 < 11 THEN 'M' ELSE 'H' END AS sex) AS s
    RETURNING sex, state, birth_year, organization
)
INSERT INTO people_importcount (batch_id, breakdown, key, people)
SELECT %(batch)s, 'sex', sex, count(*) FROM written GROUP BY sex
UNION ALL SELECT %(batch)s, 'state', state, count(*) FROM written GROUP BY state
UNION ALL SELECT %(batch)s, 'birth_year', birth_year::text, count(*) FROM written
          GROUP BY birth_year
UNION ALL SELECT %(batch)s, 'organization', organization, count(*) FROM written
          GROUP BY organization
"""


def _setup(rosters: int, imports: int, clients: int) -> dict:
    """The rosters, their import records, the administrator and one session of it per client
    (Django, this process)."""
    import django

    django.setup()
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.test import Client
    from django.urls import reverse
    from django.utils import timezone

    from avance.capture.people.models import Roster, RosterImport
    from avance.catalogs.directory.models import Institution, Organization, Unit

    call_command("migrate", verbosity=0)
    user = get_user_model().objects.create_superuser(pages.USERNAME, password=pages.PASSWORD)
    sessions = []
    for _ in range(clients):  # logged in here: the load measures the pages, not the logins
        browser = Client()
        browser.force_login(user)
        sessions.append(
            {settings.SESSION_COOKIE_NAME: browser.cookies[settings.SESSION_COOKIE_NAME].value}
        )
    institute = Institution.objects.create(
        organization=Organization.objects.create(name="Instituto", kind="institute"),
        kind="national",
    )
    unit = Unit.objects.create(institution=institute, name="Unidad de padrones")
    now = timezone.now()
    batches = []
    for r in range(rosters):
        roster = Roster.objects.create(
            name=f"Padrón {r + 1:03d}", kind="training", year=2023, unit=unit
        )
        for i in range(imports):
            batch = RosterImport.objects.create(
                roster=roster,
                file_name=f"parte-{i + 1}.csv",
                sha256=f"{r:032x}{i:032x}",
                status="imported",
                started_at=now,
                finished_at=now,
            )
            batches.append((roster.pk, batch.pk))
    first = batches[0][0]
    return {
        "batches": batches,
        "sessions": sessions,
        "pages": {
            "/padrones/": [reverse("people:list")],
            "/padrones/<id>/": [reverse("people:detail", args=[first])],
        },
    }


def _fill(url: str, batches: list[tuple[int, int]], rows: int) -> float:
    """Empty the enrollments and counts, then generate ``rows`` enrollments spread evenly over
    ``batches`` (two connections at a time); returns the seconds it took."""
    import psycopg

    began = time.perf_counter()
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("TRUNCATE people_enrollment, people_importcount")
        conn.execute("ALTER TABLE people_enrollment SET UNLOGGED")
    share, extra = divmod(rows, len(batches))
    work, lo = [], 0
    for index, (roster, batch) in enumerate(batches):
        hi = lo + share + (index < extra)
        work.append({"roster": roster, "batch": batch, "lo": lo, "hi": hi})
        lo = hi
    done = [0]
    lock = threading.Lock()

    def worker() -> None:
        with psycopg.connect(url, autocommit=True) as conn:
            while True:
                with lock:
                    if not work:
                        return
                    step = work.pop(0)
                conn.execute(GENERATE, step)
                with lock:
                    done[0] += step["hi"] - step["lo"]
                    if rows >= 10_000_000:
                        print(
                            f"  {done[0]:,} filas ({time.perf_counter() - began:,.0f} s)",
                            flush=True,
                        )

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(
            "UPDATE people_rosterimport i SET rows = c.n, imported = c.n FROM (SELECT batch_id, "
            "sum(people) AS n FROM people_importcount WHERE breakdown = 'sex' GROUP BY batch_id) c "
            "WHERE c.batch_id = i.id"
        )
        conn.execute("SELECT brin_summarize_new_values('people_enrollment_roster_brin')")
        conn.execute("ANALYZE people_enrollment")
        conn.execute("ANALYZE people_importcount")
        conn.execute("ANALYZE people_rosterimport")
        counted = conn.execute("SELECT count(*) FROM people_enrollment").fetchone()[0]
        counts = conn.execute("SELECT count(*) FROM people_importcount").fetchone()[0]
        size = conn.execute(
            "SELECT pg_size_pretty(pg_total_relation_size('people_enrollment'))"
        ).fetchone()[0]
    assert counted == rows, (counted, rows)
    print(f"  {counted:,} inscripciones ({size}), {counts:,} filas de conteos")
    return time.perf_counter() - began


def _measure(port: int, info: dict, duration: float) -> dict[str, list[float]]:
    """Each client (one session each) requests the pages in turn for ``duration`` seconds;
    the seconds of every request, by page."""
    paths = [(name, urls[0]) for name, urls in info["pages"].items()]
    results: dict[str, list[float]] = {name: [] for name, _path in paths}
    failures: list[str] = []
    lock = threading.Lock()
    users = []
    for cookies in info["sessions"]:
        user = pages.Client(port)
        user.cookies = dict(cookies)
        for _name, path in paths:  # warm-up, not timed
            user.request("GET", path)
        users.append(user)
    deadline = time.perf_counter() + duration

    def work(index: int, user) -> None:
        step = index
        while time.perf_counter() < deadline:
            name, path = paths[step % len(paths)]
            step += 1
            began = time.perf_counter()
            status, _body = user.request("GET", path)
            with lock:
                results[name].append(time.perf_counter() - began)
                if status != 200:
                    failures.append(f"{path}: HTTP {status}")

    threads = [threading.Thread(target=work, args=pair) for pair in enumerate(users)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if failures:
        raise RuntimeError(f"{len(failures)} peticiones fallaron: {failures[:3]}")
    return results


def _serve(env: dict, url: str, workers: int, workdir: Path) -> tuple[subprocess.Popen, int]:
    port = pages.free_port()
    server = subprocess.Popen(
        [
            pages.BIN / "gunicorn",
            "avance.wsgi:application",
            "--bind",
            f"{pages.HOST}:{port}",
            "--workers",
            str(workers),
            "--backlog",
            "256",
            "--timeout",
            "120",
            "--log-level",
            "warning",
        ],
        env={**env, "DATABASE_URL": url},
        cwd=workdir,
    )
    pages.wait_for(port, server)
    return server, port


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=200_000_000)
    parser.add_argument("--small-rows", type=int, default=5_000)
    parser.add_argument("--rosters", type=int, default=40)
    parser.add_argument("--imports", type=int, default=5)
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--duration", type=float, default=10.0, help="seconds of one round")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--workers", type=int, default=(os.cpu_count() or 1) * 2 + 1)
    parser.add_argument("--keep", action="store_true", help="keep the databases afterwards")
    args = parser.parse_args()
    import psycopg

    parts = urllib.parse.urlsplit(SERVER)
    names = {label: f"avance_rosters_page_{label}_{os.getpid()}" for label in ("small", "large")}
    urls = {
        label: urllib.parse.urlunsplit(parts._replace(path=f"/{name}"))
        for label, name in names.items()
    }
    sizes = {"small": args.small_rows, "large": args.rows}
    workdir = Path(tempfile.mkdtemp(prefix="avance-rosters-page-"))
    env = {k: v for k, v in os.environ.items() if not k.startswith(("AVANCE_", "DJANGO_"))}
    env.update(
        DJANGO_SETTINGS_MODULE="avance.settings",
        AVANCE_SECRET_KEY="bench-" + os.urandom(16).hex(),
        AVANCE_DATA_DIR=str(workdir),
        AVANCE_SSL_REDIRECT="false",  # plain HTTP on loopback; everything else as production
        AVANCE_PSEUDONYM_KEY=os.urandom(24).hex(),
        AVANCE_DB_CONN_MAX_AGE="60",
        DATABASE_URL=urls["small"],
    )
    with psycopg.connect(SERVER, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{names["small"]}"')
    servers = []
    try:
        os.environ.update(env)
        sys.path.insert(0, str(ROOT / "src"))
        info = _setup(args.rosters, args.imports, args.clients)
        from django.db import connections

        connections.close_all()
        # The same rosters, imports and sessions in both databases.
        with psycopg.connect(SERVER, autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{names["large"]}" TEMPLATE "{names["small"]}"')
        ports = {}
        for label in ("small", "large"):
            print(f"[{label}] generando {sizes[label]:,} inscripciones…", flush=True)
            seconds = _fill(urls[label], info["batches"], sizes[label])
            print(f"[{label}] listas en {seconds:,.0f} s", flush=True)
            server, ports[label] = _serve(env, urls[label], args.workers, workdir)
            servers.append(server)
        # Rounds in turn, so that both sizes meet the same load of the shared machine.
        results = {label: {page: [] for page in info["pages"]} for label in sizes}
        for round_ in range(args.rounds):
            for label in sizes:
                print(f"ronda {round_ + 1}, {label}: {args.clients} clientes, "
                      f"{args.duration:.0f} s", flush=True)  # fmt: skip
                for page, values in _measure(ports[label], info, args.duration).items():
                    results[label][page] += values
        print()
        print(f"{'página':<18}{'inscripciones':>15}{'peticiones':>12}{'p50 ms':>9}{'p95 ms':>9}")
        for page in info["pages"]:
            for label in sizes:
                values = results[label][page]
                print(
                    f"{page:<18}{sizes[label]:>15,}{len(values):>12,}"
                    f"{pages.percentile(values, 50) * 1000:>9.1f}"
                    f"{pages.percentile(values, 95) * 1000:>9.1f}"
                )
            small, large = results["small"][page], results["large"][page]
            print(
                f"{'':<18}grande / pequeño: p50 × "
                f"{pages.percentile(large, 50) / pages.percentile(small, 50):.2f}, p95 × "
                f"{pages.percentile(large, 95) / pages.percentile(small, 95):.2f}"
            )
        return 0
    finally:
        for server in servers:
            server.terminate()
            server.wait(timeout=30)
        from django.db import connections

        connections.close_all()
        if not args.keep:
            with psycopg.connect(SERVER, autocommit=True) as conn:
                for name in names.values():
                    conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
