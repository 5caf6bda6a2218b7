#!/usr/bin/env bash
# The whole suite: first on SQLite, then the database tests again on PostgreSQL when a server
# answers (DATABASE_URL, or the local server on 127.0.0.1:5432); skipped with a message if not.
set -uo pipefail
BIN=${VENV:-.venv}/bin
export AVANCE_TESTING=1
status=0

echo "== Capas (import-linter: cada capa importa solo las de abajo) =="
"$BIN/lint-imports" --no-cache || status=$?

echo "== Suite completa sobre SQLite =="
env -u DATABASE_URL "$BIN/pytest" -q -p no:cacheprovider "$@" || status=$?

PG_URL=${AVANCE_TEST_POSTGRES_URL:-${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/postgres}}
if "$BIN/python" - "$PG_URL" <<'PY'
import sys
import psycopg
try:
    psycopg.connect(sys.argv[1].replace("postgres://", "postgresql://", 1), connect_timeout=3).close()
except Exception as error:  # noqa: BLE001 - any failure means "no server here"
    print(f"PostgreSQL no responde ({error.__class__.__name__}): se omite esa pasada.")
    sys.exit(1)
PY
then
  echo "== Pruebas de base de datos sobre PostgreSQL ($PG_URL) =="
  # The browser checks (tests/browser) share the in-memory SQLite database with their live
  # server and run on the SQLite pass only; the end-to-end story runs on both.
  DATABASE_URL="$PG_URL" "$BIN/pytest" -q -p no:cacheprovider --ignore=tests/browser "$@" || status=$?
else
  echo "== PostgreSQL: OMITIDO (no hay servidor en $PG_URL) =="
fi
exit $status
