"""Roster import benchmark: 1,000,000 synthetic rows, end to end, SQLite and PostgreSQL.

    .venv/bin/python bench/roster_import.py [--rows 1000000] [--baseline-rows 20000]

Generates a CSV of synthetic people (valid CURPs from ``people.curp.generate_curp``, seeded),
then, each leg in its own process with a throwaway database:

* ``sqlite``   — ``import_roster`` end to end (read, validate, pseudonymise, de-duplicate,
  write) into a fresh SQLite file;
* ``postgres`` — the same into a throwaway PostgreSQL database (``DATABASE_URL`` names the
  server, default ``postgres://postgres@127.0.0.1:5432/postgres``); in the same run, the
  first ``--baseline-rows`` rows with django-import-export (the reference to beat) and the
  validated rows loaded with a bare ``COPY`` into a table without indexes (the limit; also
  timed in the binary format the importer uses).

Prints rows/s of each, the ratios against the targets, and the peak memory of each leg.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SERVER = "postgres://postgres@127.0.0.1:5432/postgres"
TARGETS = {"pg_rows_per_s": 100_000, "vs_baseline": 50, "vs_copy": 1 / 3, "peak_mb": 1536}


def generate(path: Path, rows: int, seed: int = 20231) -> None:
    sys.path.insert(0, str(ROOT / "src"))
    import datetime

    from avance.capture.people.curp import generate_curp

    rng = random.Random(seed)
    start = datetime.date(2023, 1, 2)
    with path.open("w", encoding="utf-8") as out:
        out.write("CURP,Sexo,Entidad,Fecha de conclusión,Dependencia\n")
        for i in range(rows):
            sex = "M" if rng.random() < 0.55 else "H"
            curp = generate_curp(rng, sex=sex)
            when = start + datetime.timedelta(days=i % 360)
            out.write(
                f"{curp},{'Mujer' if sex == 'M' else 'Hombre'},{rng.randint(1, 32):02d},"
                f"{when:%d/%m/%Y},Dependencia {i % 300}\n"
            )


def _setup_django(env: dict[str, str]) -> None:
    os.environ.update(env)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "avance.settings")
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _end_to_end(path: Path, name: str = "Banco de pruebas") -> dict:
    from avance.capture.people.importing import import_roster
    from avance.capture.people.models import Roster

    stages: dict[str, float] = {}
    t0 = time.perf_counter()

    def progress(stage: str, done: int, total: int) -> None:
        stages.setdefault(stage, time.perf_counter() - t0)

    roster = Roster.objects.create(name=name, kind="training", year=2023)
    data = path.read_bytes()
    result = import_roster(roster=roster, data=data, file_name=path.name, progress=progress)
    seconds = time.perf_counter() - t0
    assert result.imported == result.rows, result.as_json()
    return {
        "rows": result.rows,
        "seconds": seconds,
        "rows_per_s": result.rows / seconds,
        "stages_started_at": {k: round(v, 2) for k, v in stages.items()},
    }


def leg_sqlite(path: Path) -> dict:
    with tempfile.TemporaryDirectory() as directory:
        _setup_django({"AVANCE_TESTING": "1", "AVANCE_DATA_DIR": directory, "DATABASE_URL": ""})
        out = {"end_to_end": _end_to_end(path)}
        out["second_roster"] = _end_to_end(path, "Banco de pruebas, mismas personas")
    out["peak_mb"] = _peak_mb()
    return out


def _baseline(path: Path, rows: int) -> dict:
    """django-import-export, the way a Django project would write this import with it."""
    import polars as pl
    import tablib
    from import_export import fields, resources, widgets

    from avance.capture.people.curp import birth_date, validate_curp
    from avance.capture.people.importing.pseudonyms import hasher
    from avance.capture.people.models import Enrollment, Roster

    roster = Roster.objects.create(name="Línea base", kind="training", year=2023)
    pseudonym = hasher()
    sexes = {"Mujer": "M", "Hombre": "H"}

    class EnrollmentResource(resources.ModelResource):
        completed_on = fields.Field(
            attribute="completed_on",
            column_name="Fecha de conclusión",
            widget=widgets.DateWidget("%d/%m/%Y"),
        )
        organization = fields.Field(attribute="organization", column_name="Dependencia")
        state = fields.Field(attribute="state", column_name="Entidad")

        class Meta:
            model = Enrollment
            fields = ("completed_on", "organization", "state")
            import_id_fields = ()
            skip_diff = True

        def before_import_row(self, row, **kwargs):
            curp = validate_curp(row["CURP"])
            if sexes[row["Sexo"]] != curp[10]:
                raise ValueError("sexo")
            row["person"] = {
                "pseudonym": pseudonym(curp),
                "curp_sex": curp[10],
                "birth_year": birth_date(curp).year,
                "birth_state": curp[11:13],
            }

        def import_instance(self, instance, row, **kwargs):
            super().import_instance(instance, row, **kwargs)
            instance.roster = roster
            for name, value in row["person"].items():
                setattr(instance, name, value)
            instance.sex = sexes[row["Sexo"]]

    frame = pl.read_csv(path, n_rows=rows, infer_schema=False)
    dataset = tablib.Dataset(headers=frame.columns)
    for row in frame.iter_rows():
        dataset.append(row)
    t0 = time.perf_counter()
    result = EnrollmentResource().import_data(dataset, dry_run=False, raise_errors=True)
    seconds = time.perf_counter() - t0
    assert not result.has_errors() and Enrollment.objects.filter(roster=roster).count() == rows
    return {"rows": rows, "seconds": seconds, "rows_per_s": rows / seconds}


def _bare_copy(path: Path) -> dict:
    """The validated, pseudonymised rows loaded with one COPY into a table with no index:
    in CSV (the limit the targets are measured against) and, as a second limit, in the
    binary format the importer itself sends (the payload PostgreSQL writes for the same
    rows with ``COPY … TO STDOUT``). Both payloads are built before the clock starts."""
    import polars as pl
    from django.db import connection

    from avance.capture.people.importing.pseudonyms import pseudonym_key
    from avance.capture.people.importing.reading import read_table
    from avance.capture.people.importing.validation import validate
    from avance.capture.people.importing.writing import entries_frame

    rows = entries_frame(validate(read_table(path.read_bytes())).valid, key=pseudonym_key())
    csv = rows.with_columns(
        (pl.lit("\\x") + pl.col("pseudonym").bin.encode("hex")).alias("pseudonym")
    ).write_csv(include_header=False)
    out = {}
    with connection.cursor() as cursor:
        payload, kind = csv.encode("utf-8"), "csv"
        for name in ("bare_copy", "bare_copy_binary"):
            cursor.execute(
                f"CREATE TABLE {name} (pseudonym bytea, curp_sex varchar(1), "
                "birth_year smallint, birth_state varchar(2), sex varchar(1), state varchar(2), "
                "completed_on date, organization varchar(255))"
            )
            t0 = time.perf_counter()
            with cursor.cursor.copy(f"COPY {name} FROM STDIN WITH (FORMAT {kind})") as copy:
                step = 8 * 1024 * 1024
                for offset in range(0, len(payload), step):
                    copy.write(payload[offset : offset + step])
            seconds = time.perf_counter() - t0
            out[name] = {
                "rows": rows.height,
                "seconds": seconds,
                "rows_per_s": rows.height / seconds,
            }
            if kind == "csv":
                with cursor.cursor.copy("COPY bare_copy TO STDOUT (FORMAT binary)") as copy:
                    payload, kind = b"".join(bytes(block) for block in copy), "binary"
    return out


def leg_postgres(path: Path, baseline_rows: int) -> dict:
    import psycopg

    server = os.environ.get("DATABASE_URL") or DEFAULT_SERVER
    name = f"avance_bench_{os.getpid()}"
    with psycopg.connect(server, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        url = server.rsplit("/", 1)[0] + "/" + name
        with tempfile.TemporaryDirectory() as directory:
            _setup_django(
                {"AVANCE_TESTING": "1", "AVANCE_DATA_DIR": directory, "DATABASE_URL": url}
            )
            out = {"end_to_end": _end_to_end(path), "peak_mb_after_import": _peak_mb()}
            # The same people again in another roster: every person exists already, so the
            # rows go through the staging table and an INSERT of those not in the roster yet
            # (the general path).
            out["second_roster"] = _end_to_end(path, "Banco de pruebas, mismas personas")
            out.update(_bare_copy(path))
            out["baseline"] = _baseline(path, baseline_rows)
            from django.db import connections

            connections.close_all()
    finally:
        with psycopg.connect(server, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
    out["peak_mb"] = _peak_mb()
    return out


def run_leg(leg: str, path: Path, baseline_rows: int) -> dict:
    command = [sys.executable, __file__, "--leg", leg, "--file", str(path)]
    command += ["--baseline-rows", str(baseline_rows)]
    done = subprocess.run(command, check=True, capture_output=True, text=True, cwd=ROOT)
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--baseline-rows", type=int, default=20_000)
    parser.add_argument("--leg", choices=["sqlite", "postgres"])
    parser.add_argument("--file")
    parser.add_argument("--only", choices=["sqlite", "postgres"])
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT / "src"))
    if args.leg:
        path = Path(args.file)
        if args.leg == "sqlite":
            result = leg_sqlite(path)
        else:
            result = leg_postgres(path, args.baseline_rows)
        print(json.dumps(result))
        return

    with tempfile.TemporaryDirectory() as directory:
        path = Path(directory) / "roster.csv"
        t0 = time.perf_counter()
        generate(path, args.rows)
        size = path.stat().st_size
        print(
            f"Generated {args.rows:,} rows ({size / 1e6:,.1f} MB) in "
            f"{time.perf_counter() - t0:,.1f} s"
        )
        results = {}
        for leg in ("sqlite", "postgres"):
            if args.only and leg != args.only:
                continue
            results[leg] = run_leg(leg, path, args.baseline_rows)
            print(f"{leg}: {json.dumps(results[leg])}")

    print()
    print(f"{'method':<48} {'rows':>10} {'seconds':>9} {'rows/s':>10}")
    lines = []
    if "sqlite" in results:
        lines.append(("SQLite, end to end", results["sqlite"]["end_to_end"]))
        lines.append(
            ("SQLite, same people into a second roster", results["sqlite"]["second_roster"])
        )
    if "postgres" in results:
        pg = results["postgres"]
        lines += [
            ("PostgreSQL, end to end", pg["end_to_end"]),
            ("PostgreSQL, same people into a second roster", pg["second_roster"]),
            ("PostgreSQL, django-import-export (baseline)", pg["baseline"]),
            ("PostgreSQL, bare COPY of the validated rows", pg["bare_copy"]),
            ("PostgreSQL, the same in the binary format", pg["bare_copy_binary"]),
        ]
    for label, figures in lines:
        print(
            f"{label:<48} {figures['rows']:>10,} {figures['seconds']:>9.2f} "
            f"{figures['rows_per_s']:>10,.0f}"
        )
    for leg, figures in results.items():
        print(f"peak memory ({leg} process): {figures['peak_mb']:,.0f} MB")
    if "postgres" in results:
        pg = results["postgres"]
        speed = pg["end_to_end"]["rows_per_s"]
        vs_baseline = speed / pg["baseline"]["rows_per_s"]
        vs_copy = speed / pg["bare_copy"]["rows_per_s"]
        vs_binary = speed / pg["bare_copy_binary"]["rows_per_s"]
        second = pg["second_roster"]["rows_per_s"]
        peak = max(r["peak_mb"] for r in results.values())
        print()
        checks = [
            (
                "PostgreSQL end to end ≥ 100,000 rows/s",
                speed >= TARGETS["pg_rows_per_s"],
                f"{speed:,.0f}",
            ),
            (
                "≥ 50× django-import-export",
                vs_baseline >= TARGETS["vs_baseline"],
                f"{vs_baseline:,.0f}×",
            ),
            (
                "≥ 1/3 of bare COPY",
                vs_copy >= TARGETS["vs_copy"],
                f"{vs_copy:.2f} (of the binary bare COPY: {vs_binary:.2f})",
            ),
            (
                "second roster (existing people) ≥ 100,000 rows/s",
                second >= TARGETS["pg_rows_per_s"],
                f"{second:,.0f} ({second / pg['bare_copy']['rows_per_s']:.2f} of COPY)",
            ),
            ("peak memory < 1.5 GB", peak < TARGETS["peak_mb"], f"{peak:,.0f} MB"),
        ]
        for label, ok, value in checks:
            print(f"{'OK  ' if ok else 'MISS'} {label}: {value}")


if __name__ == "__main__":
    main()
