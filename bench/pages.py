"""Latency of the main pages with 10,000 activities, under concurrent clients, on loopback.

    .venv/bin/python bench/pages.py                    # SQLite, then PostgreSQL if reachable
    .venv/bin/python bench/pages.py --database sqlite --clients 20 --duration 30

For each database: a throwaway database (a SQLite file in a temporary directory; a
PostgreSQL database created and dropped on the local server), the demonstration year plus
synthetic activities up to ``--activities``, a reviewer account; then the application is
served by gunicorn on 127.0.0.1 (production settings, DEBUG off) and ``--clients`` threads,
each logged in with its own session, request the pages in turn for ``--duration`` seconds.
Prints p50/p95/max latency per page, requests per second and errors, and each page's p95
as a multiple of a floor measured in the same run under the same load (``--floor`` seconds
of anonymous clients requesting the login page). ``--writes N`` adds N changes per second,
committed by another connection during the timed window (other users at work). Nothing leaves
127.0.0.1; the loop is bounded by the duration and stops by itself.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from pathlib import Path

TARGET_P95_MS = 250  # every main page, 20 clients, 2 cores (issue 12)

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
HOST = "127.0.0.1"
PG_SERVER = os.environ.get("AVANCE_BENCH_POSTGRES", "postgresql://postgres@127.0.0.1:5432/postgres")
USERNAME, PASSWORD = "bench_revisora", "bench-clave-larga-2026"

# --- setup (runs inside Django, in a subprocess) -------------------------------------------

REPORTED_YEAR = 2023
VALIDATED_IN_REPORTED_YEAR = 100  # plus the demonstration's own; the reference report has 23


def _shape(count: int):
    """(year, status) of each synthetic activity: ten years of records; past years validated,
    the reported year with a long report's worth validated and the rest in review, the
    current year in capture."""
    years = list(range(2015, 2025))
    validated_now = 0
    for i in range(count):
        year = years[i % len(years)]
        if year < REPORTED_YEAR:
            status = "validated" if i % 7 else "returned"
        elif year == REPORTED_YEAR:
            if validated_now < VALIDATED_IN_REPORTED_YEAR:
                status, validated_now = "validated", validated_now + 1
            else:
                status = ("draft", "submitted", "returned")[i % 3]
        else:
            status = ("draft", "submitted")[i % 2]
        yield year, status


def setup(activities: int, others: int, others_activities: int) -> dict:
    """Load the demo year and synthetic activities, and ``others`` institutions coordinated by
    the national institute with ``others_activities`` each; return the pages to request."""
    import django

    django.setup()
    import random

    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.db import transaction
    from django.urls import reverse

    from avance.accounts.models import Membership
    from avance.capture.activities.models import Activity, Figure, Measure, Partner
    from avance.catalogs.directory.models import Institution, Organization, Unit
    from avance.catalogs.planning.models import StrategicObjective
    from tests.builders.synthetic import make_network

    with open(os.devnull, "w") as quiet:
        call_command("demo", "load", stdout=quiet)
    rng = random.Random(2023)  # synthetic data, reproducible
    national = Institution.objects.get(organization__acronym="INMUJERES")
    objectives = list(StrategicObjective.objects.filter(institution=national))
    units = list(Unit.objects.filter(institution=national))
    organizations = list(Organization.objects.exclude(kind="institute"))
    measure = Measure.objects.get(code="personas_capacitadas")
    kinds = ["training", "meeting", "event", "session", "campaign", "agreement"]
    words = ["igualdad", "cuidados", "violencia", "autonomía", "paridad", "salud", "trabajo"]
    missing = max(0, activities - Activity.objects.filter(institution=national).count())
    institution = national.pk
    with transaction.atomic():
        created = Activity.objects.bulk_create(
            Activity(
                institution_id=institution,
                year=year,
                kind=kinds[i % len(kinds)],
                title=f"Acción {i} sobre {rng.choice(words)} y {rng.choice(words)}",
                objective=objectives[i % len(objectives)],
                unit=units[i % len(units)] if units else None,
                reporting_organization=(
                    organizations[(i // 10) % min(7, len(organizations))] if i % 10 == 0 else None
                ),
                narrative="Se capacitó a {{ capacitadas.mujeres }} mujeres y "
                "{{ capacitadas.hombres }} hombres en {{ estados | palabras }} entidades.",
                position=i,
                status=status,
            )
            for i, (year, status) in enumerate(_shape(missing))
        )
        Figure.objects.bulk_create(
            Figure(
                activity=a,
                name="capacitadas",
                measure=measure,
                total=300 + i,
                women=200 + i,
                men=100,
            )
            for i, a in enumerate(created)
        )
        Partner.objects.bulk_create(
            Partner(activity=a, organization=organizations[i % len(organizations)], role="ally")
            for i, a in enumerate(created)
        )
        through = Activity.states.through
        through.objects.bulk_create(
            through(activity_id=a.pk, state_id=f"{1 + i % 32:02d}") for i, a in enumerate(created)
        )
    if others:
        make_network(national, others, others * others_activities, REPORTED_YEAR)
    # Fresh planner statistics after a bulk load, as PostgreSQL's autovacuum would gather.
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    user = get_user_model().objects.create_user(USERNAME, password=PASSWORD)
    Membership.objects.create(user=user, role="reviewer")
    detail_ids = [a.pk for a in created[:: max(1, len(created) // 50)]][:50]
    objective = objectives[0].pk
    pages = {
        "home": [reverse("core:home")],
        "list": [reverse("activities:list"), reverse("activities:list") + "?pagina=200"],
        "list+filters": [
            reverse("activities:list")
            + f"?year=2023&objective={objective}&status=validated&kind=training",
            reverse("activities:list") + "?q=cuidados&state=09",
        ],
        "detail": [reverse("activities:detail", args=[pk]) for pk in detail_ids],
    }
    pages["report preview"] = [reverse("reports:preview", args=[2023])]
    pages["rosters"] = [reverse("people:list")]
    if others:
        pages["network"] = [reverse("network:index") + f"?ejercicio={REPORTED_YEAR}"]
    return {
        "activities": Activity.objects.count(),
        "institutions": Institution.objects.count(),
        "pages": pages,
        "login": reverse("accounts:login"),
    }


# --- the load ------------------------------------------------------------------------------


class Client:
    """One user: its own session cookie; a new connection per request (gunicorn's sync
    workers close the connection after each response)."""

    def __init__(self, port: int):
        self.port = port
        self.cookies: dict[str, str] = {}

    def request(self, method: str, path: str, body: str | None = None) -> tuple[int, bytes]:
        connection = http.client.HTTPConnection(HOST, self.port, timeout=30)
        headers = {"Host": f"{HOST}:{self.port}"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if body is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Referer"] = f"http://{HOST}:{self.port}{path}"
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            content = response.read()
            for header, value in response.getheaders():
                if header.lower() == "set-cookie":
                    name, _, rest = value.partition("=")
                    self.cookies[name.strip()] = rest.split(";", 1)[0]
            return response.status, content
        finally:
            connection.close()

    def login(self, path: str) -> None:
        status, page = self.request("GET", path)
        token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page)
        if status != 200 or not token:
            raise RuntimeError(f"login page: HTTP {status}")
        body = urllib.parse.urlencode(
            {
                "username": USERNAME,
                "password": PASSWORD,
                "csrfmiddlewaretoken": token.group(1).decode(),
            }
        )
        status, _ = self.request("POST", path, body)
        if status != 302 or "sessionid" not in self.cookies:
            raise RuntimeError(f"login failed: HTTP {status}")


def run_load(
    port: int, pages: dict, login: str | None, clients: int, duration: float, on_start=None
) -> dict:
    """``clients`` threads request ``pages`` in turn for ``duration`` seconds; each logs in
    first through ``login`` (``None``: anonymous clients)."""
    users = [Client(port) for _ in range(clients)]
    for user in users:
        if login is not None:
            user.login(login)
    for paths in pages.values():  # warm every worker's caches a little
        for path in paths[:3]:
            users[0].request("GET", path)
    if on_start is not None:
        on_start()  # after logins and warm-up: measure the timed window only
    results: dict[str, list[float]] = {name: [] for name in pages}
    errors: dict[str, int] = dict.fromkeys(pages, 0)
    lock = threading.Lock()
    start = time.perf_counter()
    deadline = start + duration
    order = list(pages)

    def work(index: int, user: Client) -> None:
        step = index
        while time.perf_counter() < deadline:
            name = order[step % len(order)]
            paths = pages[name]
            path = paths[(step // len(order)) % len(paths)]
            step += 1
            began = time.perf_counter()
            try:
                status, _ = user.request("GET", path)
                ok = status == 200
            except OSError:
                ok = False
            elapsed = time.perf_counter() - began
            with lock:
                results[name].append(elapsed)
                if not ok:
                    errors[name] += 1

    threads = [threading.Thread(target=work, args=(i, u)) for i, u in enumerate(users)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    wall = time.perf_counter() - start
    return {"results": results, "errors": errors, "wall": wall}


def cpu_seconds(pid: int) -> float:
    """CPU time (user + system) of a process and its children, from /proc (Linux only)."""
    total = 0.0
    ticks = os.sysconf("SC_CLK_TCK")
    pids = [pid]
    try:
        children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
        pids += [int(child) for child in children]
    except OSError:
        return float("nan")
    for each in pids:
        try:
            fields = Path(f"/proc/{each}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += (int(fields[11]) + int(fields[12])) / ticks
    return total


def database_server_cpu() -> float:
    """CPU time (user + system) of every PostgreSQL server process on this machine, from /proc
    (the local server the benchmark talks to; Linux only)."""
    total = 0.0
    ticks = os.sysconf("SC_CLK_TCK")
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            if (entry / "comm").read_text().strip() != "postgres":
                continue
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += (int(fields[11]) + int(fields[12])) / ticks
    return total


def percentile(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    if len(values) == 1:
        return values[0]
    return statistics.quantiles(values, n=100, method="inclusive")[q - 1]


def report(label: str, outcome: dict, activities: int, clients: int) -> bool:
    results, errors, wall = outcome["results"], outcome["errors"], outcome["wall"]
    total = sum(len(v) for v in results.values())
    print(f"\n## {label}: {activities:,} actividades, {clients} clientes, {wall:.1f} s")
    floor = outcome.get("floor")
    floor_p95 = float("nan")
    if floor is not None:
        values = floor["results"]["floor"]
        floor_p95 = percentile(values, 95) * 1000
        print(
            f"suelo (página de entrada, anónima, misma carga): {len(values):,} peticiones, "
            f"p50 {percentile(values, 50) * 1000:.0f} ms, p95 {floor_p95:.0f} ms, "
            f"{len(values) / floor['wall']:,.0f} peticiones/s, errores {floor['errors']['floor']}"
        )
    print(
        f"{'página':<16}{'peticiones':>11}{'p50 ms':>9}{'p95 ms':>9}{'máx ms':>9}{'errores':>9}"
        f"{'p95 × suelo':>13}{'p95 / objetivo':>16}"
    )
    ok = True
    for name, values in results.items():
        p50, p95 = percentile(values, 50) * 1000, percentile(values, 95) * 1000
        print(
            f"{name:<16}{len(values):>11,}{p50:>9.0f}{p95:>9.0f}"
            f"{max(values, default=0) * 1000:>9.0f}{errors[name]:>9}{p95 / floor_p95:>13.1f}"
            f"{p95 / TARGET_P95_MS:>16.2f}"
        )
        ok = ok and p95 < TARGET_P95_MS and errors[name] == 0
    if outcome.get("writes"):
        print(f"cambios de otra conexión durante la medición: {outcome['writes']:,}")
    every = [v for values in results.values() for v in values]
    print(
        f"{'todas':<16}{total:>11,}{percentile(every, 50) * 1000:>9.0f}"
        f"{percentile(every, 95) * 1000:>9.0f}{max(every, default=0) * 1000:>9.0f}"
        f"{sum(errors.values()):>9}"
    )
    print(
        f"peticiones/s: {total / wall:,.0f}   objetivo p95 < {TARGET_P95_MS} ms y sin errores: "
        f"{'cumplido' if ok else 'NO cumplido'}"
    )
    if total and "server_cpu" in outcome:
        print(
            f"CPU del servidor: {outcome['server_cpu'] * 1000 / total:.1f} ms por petición; "
            f"carga media 1 min: "
            f"{outcome['load'][0]:.2f} → {outcome['load'][1]:.2f}, {os.cpu_count()} núcleos"
        )
        if "db_cpu" in outcome:
            print(
                f"CPU del servidor PostgreSQL: {outcome['db_cpu'] * 1000 / total:.1f} ms por "
                "petición (todos sus procesos en esta máquina)"
            )
    return ok


class Writer:
    """Other users' changes during the timed window: ``per_second`` updates of one activity
    each, committed by a connection of their own (none when 0). Any committed change makes
    the application's per-process caches (the preview, the open data, the sessions and the
    list's catalogs) read their rows again."""

    def __init__(self, kind: str, env: dict, workdir: Path, per_second: float, duration: float):
        self.kind, self.env, self.workdir = kind, env, workdir
        self.per_second, self.duration = per_second, duration
        self.done = 0
        self.thread: threading.Thread | None = None

    def _connect(self):
        if self.kind == "postgresql":
            import psycopg

            return psycopg.connect(self.env["DATABASE_URL"], autocommit=True)
        import sqlite3

        return sqlite3.connect(self.workdir / "avance.sqlite3", isolation_level=None, timeout=30)

    def _run(self) -> None:
        connection = self._connect()
        try:
            began = time.perf_counter()
            while (elapsed := time.perf_counter() - began) < self.duration:
                connection.execute(
                    "UPDATE activities_activity SET position = position + 1 "
                    "WHERE id = (SELECT MIN(id) FROM activities_activity)"
                )
                self.done += 1
                time.sleep(max(0.0, self.done / self.per_second - elapsed))
        finally:
            connection.close()

    def start(self) -> None:
        if self.per_second > 0:
            self.thread = threading.Thread(target=self._run, daemon=True)
            self.thread.start()

    def join(self) -> int:
        if self.thread is not None:
            self.thread.join()
        return self.done


# --- orchestration -------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def wait_for(port: int, process: subprocess.Popen, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError("the server exited early")
        try:
            with socket.create_connection((HOST, port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError("the server did not start")


def postgres_reachable() -> bool:
    try:
        import psycopg

        psycopg.connect(PG_SERVER, connect_timeout=3).close()
        return True
    except Exception:  # any failure means "no server here"
        return False


def bench_one(kind: str, args) -> bool:
    workdir = Path(tempfile.mkdtemp(prefix=f"avance-bench-{kind}-"))
    env = {k: v for k, v in os.environ.items() if not k.startswith(("AVANCE_", "DJANGO_"))}
    env.update(
        DJANGO_SETTINGS_MODULE="avance.settings",
        AVANCE_SECRET_KEY="bench-" + os.urandom(16).hex(),
        AVANCE_DATA_DIR=str(workdir),
        AVANCE_SSL_REDIRECT="false",  # plain HTTP on loopback; everything else as production
        AVANCE_LOGIN_THROTTLE="false",  # 20 logins from one address in a second
        AVANCE_PSEUDONYM_KEY=os.urandom(24).hex(),  # the demo rosters need one (≥ 32 chars)
        AVANCE_DB_CONN_MAX_AGE="60",
        PYTHONPATH=str(ROOT),  # the setup builds the network with tests.builders
    )
    env.pop("DATABASE_URL", None)
    database = None
    if kind == "postgresql":
        import psycopg

        database = f"avance_bench_{os.getpid()}"
        with psycopg.connect(PG_SERVER, autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{database}"')
        parts = urllib.parse.urlsplit(PG_SERVER)
        env["DATABASE_URL"] = urllib.parse.urlunsplit(parts._replace(path=f"/{database}"))
    server = None
    try:
        subprocess.run([BIN / "avance", "migrate", "-v0", "--no-input"], env=env, check=True)
        began = time.perf_counter()
        out = subprocess.run(
            [
                sys.executable,
                __file__,
                "--setup",
                "--activities",
                str(args.activities),
                "--others",
                str(args.others),
                "--others-activities",
                str(args.others_activities),
            ],
            env=env,
            check=False,
            capture_output=True,
            text=True,
        )
        if out.returncode != 0:
            raise RuntimeError(f"[{kind}] la preparación falló:\n{out.stderr[-3000:]}")
        info = json.loads(out.stdout.strip().splitlines()[-1])
        print(
            f"[{kind}] datos listos en {time.perf_counter() - began:.1f} s "
            f"({info['institutions']} instituciones)"
        )
        port = free_port()
        server = subprocess.Popen(
            [
                BIN / "gunicorn",
                "avance.wsgi:application",
                "--preload",
                "--bind",
                f"{HOST}:{port}",
                "--workers",
                str(args.workers),
                "--threads",
                str(args.threads),
                "--backlog",
                "256",
                "--log-level",
                "warning",
            ],
            env=env,
            cwd=workdir,
        )
        if args.pages:
            wanted = [name.strip() for name in args.pages.split(",")]
            info["pages"] = {k: v for k, v in info["pages"].items() if k in wanted}
        wait_for(port, server)
        mark: dict[str, float] = {}

        writer = Writer(kind, env, workdir, args.writes, args.duration)

        def on_start() -> None:
            mark["load"], mark["cpu"] = os.getloadavg()[0], cpu_seconds(server.pid)
            mark["db_cpu"] = database_server_cpu()
            writer.start()

        # The floor, in the same run and under the same load: anonymous clients request the
        # login page (the whole middleware stack, a session-less template with a form). Each
        # page's p95 is also printed as a multiple of the floor's, steadier than milliseconds
        # on a shared machine.
        floor = run_load(port, {"floor": [info["login"]]}, None, args.clients, args.floor)
        outcome = run_load(
            port, info["pages"], info["login"], args.clients, args.duration, on_start
        )
        outcome["floor"] = floor
        outcome["writes"] = writer.join()
        outcome["server_cpu"] = cpu_seconds(server.pid) - mark["cpu"]
        if kind == "postgresql":
            # Ended processes (a backend closed during the window) are not counted.
            outcome["db_cpu"] = database_server_cpu() - mark["db_cpu"]
        outcome["load"] = (mark["load"], os.getloadavg()[0])
        label = f"{kind} (gunicorn, {args.workers} procesos × {args.threads} hilos)"
        return report(label, outcome, info["activities"], args.clients)
    finally:
        if server is not None:
            server.terminate()
            server.wait(timeout=30)
        if database:
            import psycopg

            with psycopg.connect(PG_SERVER, autocommit=True) as conn:
                conn.execute(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
        shutil.rmtree(workdir, ignore_errors=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--activities", type=int, default=10_000)
    parser.add_argument(
        "--others",
        type=int,
        default=0,
        help="state and municipal institutions coordinated by the national one (a national "
        "installation: 532); adds the network page to the mix",
    )
    parser.add_argument(
        "--others-activities", type=int, default=10, help="validated activities of each other"
    )
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--duration", type=float, default=30.0)
    parser.add_argument(
        "--floor", type=float, default=10.0, help="seconds of the floor phase (the login page)"
    )
    parser.add_argument("--workers", type=int, default=(os.cpu_count() or 1) * 2 + 1)
    parser.add_argument("--threads", type=int, default=1, help="gunicorn threads per worker")
    parser.add_argument(
        "--writes",
        type=float,
        default=0.0,
        help="changes per second committed by another connection during the timed window",
    )
    parser.add_argument("--database", choices=["sqlite", "postgresql", "both"], default="both")
    parser.add_argument(
        "--pages",
        default="",
        help="only these pages, comma-separated (home, list, list+filters, detail, "
        "report preview, rosters, network); all by default",
    )
    parser.add_argument("--setup", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.setup:
        print(json.dumps(setup(args.activities, args.others, args.others_activities)))
        return 0
    kinds = ["sqlite", "postgresql"] if args.database == "both" else [args.database]
    ok = True
    for kind in kinds:
        if kind == "postgresql" and not postgres_reachable():
            print(f"[postgresql] no responde en {PG_SERVER}: se omite.")
            continue
        ok = bench_one(kind, args) and ok
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
