#!/usr/bin/env bash
# Rebuild the Spanish (Mexico) catalog: every user-facing string of the code, extracted by
# Django's makemessages (GNU gettext is needed here only, never to run the application), with
# its Spanish source as its translation (Spanish is the source language), plus the month
# names in lowercase that Mexican style writes (locale/es_MX/months.po, kept by hand).
set -euo pipefail
BIN=${VENV:-.venv}/bin
cd "$(dirname "$0")/../src/avance"
LC=locale/es_MX/LC_MESSAGES
AVANCE_TESTING=1 "../../$BIN/avance" makemessages -l es_MX --no-location --no-obsolete -v0
msgen --no-wrap "$LC/django.po" -o "$LC/django.po"
msgcat --use-first --no-wrap locale/es_MX/months.po "$LC/django.po" -o "$LC/django.po"
"../../$BIN/pybabel" compile -d locale -l es_MX -D django --use-fuzzy 2>&1 | grep -v "^compiling" || true
