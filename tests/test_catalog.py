"""The es-MX catalog holds every user-facing string of the code (decision 0006)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po
from django.core.management import call_command
from django.test.utils import override_settings

SOURCE = Path(__file__).resolve().parents[1] / "src" / "avance"
CATALOG = SOURCE / "locale" / "es_MX" / "LC_MESSAGES" / "django.po"


def _key(message) -> str | tuple:
    return message.id if isinstance(message.id, str) else tuple(message.id)


def _ids(path: Path) -> set:
    with path.open("rb") as handle:
        return {_key(message) for message in read_po(handle) if message.id}


def _page_ids() -> set:
    """The strings of the pages (Jinja2 templates), extracted as scripts/messages.sh does."""
    messages = extract_from_dir(
        SOURCE,
        method_map=[("**/jinja2/**.html", "jinja2")],
        options_map={"**/jinja2/**.html": {"extensions": "jinja2.ext.i18n"}},
    )
    return {
        message if isinstance(message, str) else tuple(message) for _f, _l, message, *_ in messages
    }


def test_every_string_of_the_code_is_in_the_catalog(tmp_path, monkeypatch):
    if not shutil.which("xgettext"):
        pytest.skip(
            "GNU gettext (xgettext) is needed to extract the strings: apt-get install gettext"
        )
    copy = tmp_path / "avance"
    shutil.copytree(SOURCE, copy, ignore=shutil.ignore_patterns("tests", "__pycache__", "*.mo"))
    (copy / "locale" / "es_MX" / "LC_MESSAGES" / "django.po").unlink()
    monkeypatch.chdir(copy)
    with override_settings(LOCALE_PATHS=[copy / "locale"]):
        call_command(
            "makemessages",
            locale=["es_MX"],
            no_location=True,
            verbosity=0,
            ignore_patterns=["jinja2"],  # the pages: Jinja2, extracted below
        )
    extracted = _ids(copy / "locale" / "es_MX" / "LC_MESSAGES" / "django.po")
    pages = _page_ids()
    assert {"Mi trabajo pendiente", ("%(total)s actividad", "%(total)s actividades")} <= pages
    extracted |= pages
    missing = sorted(map(str, extracted - _ids(CATALOG)))
    assert missing == [], "run scripts/messages.sh; missing: " + "; ".join(missing[:10])


def test_every_entry_of_the_catalog_is_translated():
    with CATALOG.open("rb") as handle:
        catalog = read_po(handle)
    empty = [
        m.id
        for m in catalog
        if m.id and not (m.string if isinstance(m.string, str) else all(m.string))
    ]
    assert empty == []
    # The compiled catalog, which the application reads, is the same catalog.
    with CATALOG.with_suffix(".mo").open("rb") as handle:
        compiled = {_key(m) for m in read_mo(handle) if m.id}
    assert compiled == {_key(m) for m in catalog if m.id}


def test_every_translation_is_its_own_spanish_text():
    """Spanish is the source language: each string translates to itself (the hand-kept
    month names aside). A fuzzy match of makemessages, left in, would print another
    string's text (it once turned «archivo» into «marzo»)."""
    with (SOURCE / "locale" / "es_MX" / "months.po").open("rb") as handle:
        months = {_key(m) for m in read_po(handle) if m.id}
    with CATALOG.open("rb") as handle:
        catalog = read_po(handle)
    fuzzy = [m.id for m in catalog if m.id and m.fuzzy]
    assert fuzzy == []
    wrong = [
        m.id
        for m in catalog
        if m.id
        and _key(m) not in months
        and (m.string != m.id if isinstance(m.string, str) else list(m.string) != list(m.id))
    ]
    assert wrong == []
