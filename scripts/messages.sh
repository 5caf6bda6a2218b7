#!/usr/bin/env bash
# Rebuild the Spanish (Mexico) catalog: every user-facing string of the code, with its Spanish
# source as its translation (Spanish is the source language), plus the month names in
# lowercase that Mexican style writes (locale/es_MX/months.po, kept by hand). The Python code
# and the Django templates are extracted by Django's makemessages (GNU gettext is needed here
# only, never to run the application); the pages, Jinja2 templates (jinja2/ folders, decision
# 0013), by Babel with Jinja2's extractor.
set -euo pipefail
BIN=${VENV:-.venv}/bin
cd "$(dirname "$0")/../src/avance"
LC=locale/es_MX/LC_MESSAGES
PAGES=$(mktemp --suffix=.pot)
trap 'rm -f "$PAGES"' EXIT
AVANCE_TESTING=1 "../../$BIN/avance" makemessages -l es_MX --no-location --no-obsolete -v0 \
  --ignore=jinja2
"../../$BIN/pybabel" -q extract -F ../../scripts/jinja2-strings.cfg --no-location \
  --no-wrap -o "$PAGES" .
msgen --no-wrap "$PAGES" -o "$PAGES"
# Spanish is the source: every translation is its msgid. Emptied first, so that a string
# makemessages matched fuzzily to an older one takes its own text, not the older one's.
msgfilter --keep-header --no-wrap -i "$LC/django.po" -o "$LC/django.po" sed -e d
msgattrib --clear-fuzzy --clear-previous --no-wrap "$LC/django.po" -o "$LC/django.po"
msgen --no-wrap "$LC/django.po" -o "$LC/django.po"
msgcat --use-first --no-wrap locale/es_MX/months.po "$LC/django.po" "$PAGES" -o "$LC/django.po"
"../../$BIN/pybabel" compile -d locale -l es_MX -D django --use-fuzzy 2>&1 | grep -v "^compiling" || true
