# Avance — the targets read like a README.
#   make demo    install everything, load the 2023 demonstration year, serve on :8000 (gunicorn)
#   make test    install what tests need and run the whole suite (SQLite, then PostgreSQL)
PYTHON ?= python3
VENV   ?= .venv
PORT   ?= 8000
BIN    := $(VENV)/bin
DEMO_DIR ?= var/demo
# gunicorn's sync workers, one Python process each (its documentation suggests 2 × cores + 1).
WORKERS ?= 3
export PYTHONDONTWRITEBYTECODE := 1

.PHONY: demo test test-sqlite test-postgres install system-deps venv lint fmt bench serve clean lock

# System packages (Debian/Ubuntu): WeasyPrint's libraries and fonts, poppler for PDF checks,
# LibreOffice to read the DOCX as its users do, Chromium for browser tests. Skipped when
# everything is already there.
system-deps:
	@./scripts/system-deps.sh

$(BIN)/python:
	$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || \
	  (echo "Avance necesita Python 3.11 o posterior (PYTHON=...)"; exit 1)
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip uv

venv: $(BIN)/python

install: system-deps venv
	$(BIN)/uv pip install --quiet --python $(BIN)/python -r requirements.lock
	$(BIN)/uv pip install --quiet --python $(BIN)/python --no-deps -e .

demo: install
	mkdir -p $(DEMO_DIR)
	AVANCE_DEMO=true AVANCE_DATA_DIR=$(DEMO_DIR) $(BIN)/avance migrate --no-input -v0
	AVANCE_DEMO=true AVANCE_DATA_DIR=$(DEMO_DIR) $(BIN)/avance demo load
	@echo "Avance: http://127.0.0.1:$(PORT)/  (cuentas de demostración en README.md)"
	AVANCE_DEMO=true AVANCE_DATA_DIR=$(DEMO_DIR) AVANCE_DB_CONN_MAX_AGE=60 \
	  $(BIN)/gunicorn avance.wsgi --preload --bind 127.0.0.1:$(PORT) --workers $(WORKERS) \
	  --access-logfile - --error-logfile -

test: install
	./scripts/run-tests.sh

lint: venv
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

fmt: venv
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

bench: install
	$(BIN)/python bench/report.py

lock: venv
	$(BIN)/uv pip compile pyproject.toml --extra dev --python-version 3.11 -o requirements.lock

clean:
	rm -rf $(VENV) var build *.egg-info .pytest_cache
