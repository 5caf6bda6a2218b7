"""The 2023 report generated from the demonstration records holds every fact of the reference.

The demonstration year is loaded once per module inside a transaction that is rolled back at
the end; the report is rendered in every format of ``FORMATS`` and its text extracted by the
function registered for that format in ``EXTRACTORS`` (bytes → plain text). To cover a new
format, add its extractor there and its name to ``FORMATS``; every test then runs for it.
"""

from __future__ import annotations

import html
import random
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import polars as pl
import pytest
from django.db import transaction

from avance.capture.people.curp import generate_curp
from avance.capture.people.importing import import_frame
from avance.capture.people.models import Roster
from avance.catalogs.territory.services import BUNDLED_CATALOG, BUNDLED_VERSION, load_municipalities
from avance.demo import year2023
from avance.demo.loader import load_year
from avance.demo.rosters2023 import load_rosters
from avance.documents.reports.document import Document, FootnoteCall, build_public_account
from avance.documents.reports.renderers import render
from tests import reference_facts as ref
from tests.builders import extract


def markdown_text(data: bytes) -> str:
    """Plain text of the Markdown edition: marks and escapes removed, notes as «N/»."""
    text = data.decode("utf-8")
    text = re.sub(r"<sup>(\d+)/</sup>", r"\1/", text)
    text = re.sub(r"(?<!\\)\*\*", "", text)
    text = re.sub(r"\\(.)", r"\1", text)
    return html.unescape(text)


# format → function that turns the rendered bytes into plain text
EXTRACTORS: dict[str, Callable[[bytes], str]] = {
    "md": markdown_text,
    "html": extract.html_text,
    "pdf": extract.pdf_reading_text,
    "docx": extract.docx_text,
}
FORMATS = ["md", "html", "pdf", "docx"]

# Every test is marked so that pytest-django sets up the test database even when only tests
# of the module-scoped report are selected (they read it through ``django_db_blocker``).
pytestmark = pytest.mark.django_db


def normalize(text: str) -> str:
    """Collapse every run of whitespace (line breaks of a layout) to one space."""
    return " ".join(text.split())


@dataclass
class Rendered:
    document: Document
    texts: dict[str, str]


def _load_demo() -> None:
    load_municipalities(BUNDLED_CATALOG, version_date=BUNDLED_VERSION)
    load_year(year2023)
    load_rosters()  # the person counts are bound to the demonstration rosters


@pytest.fixture(scope="module")
def report(django_db_setup, django_db_blocker) -> Rendered:
    with django_db_blocker.unblock(), transaction.atomic():
        _load_demo()
        document = build_public_account(2023)
        texts = {fmt: normalize(EXTRACTORS[fmt](render(document, fmt)[2])) for fmt in FORMATS}
        transaction.set_rollback(True)
    return Rendered(document, texts)


def _note_marks(number: int) -> str:
    return rf"(?<![\d/]){number}/"


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("fact", ref.FACTS)
def test_report_holds_fact(report, fmt, fact):
    assert fact in report.texts[fmt]


@pytest.mark.parametrize("fmt", FORMATS)
def test_report_glyphs_one_per_objective_and_action(report, fmt):
    text = report.texts[fmt]
    assert text.count(ref.OBJECTIVE_GLYPH) == len(ref.OBJECTIVES)
    assert text.count(ref.ACTION_GLYPH) == sum(ref.ACTIONS_PER_OBJECTIVE)


@pytest.mark.parametrize("fmt", FORMATS)
def test_report_objectives_in_order_after_their_glyph(report, fmt):
    text = report.texts[fmt]
    positions = [text.index(title) for title in ref.OBJECTIVES]
    assert positions == sorted(positions)
    for position in positions:
        assert text[:position].rstrip().endswith(ref.OBJECTIVE_GLYPH)


@pytest.mark.parametrize("fmt", FORMATS)
def test_report_footnotes_numbered_in_reading_order(report, fmt):
    text = report.texts[fmt]
    first = [re.search(_note_marks(n), text) for n, _facts in ref.FOOTNOTES]
    assert all(first), "every note mark 1/ … 7/ is printed"
    starts = [m.start() for m in first]
    assert starts == sorted(starts)
    assert re.search(_note_marks(len(ref.FOOTNOTES) + 1), text) is None


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize(
    ("number", "facts"), ref.FOOTNOTES, ids=[f"{n}/" for n, _ in ref.FOOTNOTES]
)
def test_report_footnote_text(report, fmt, number, facts):
    """Some «N/» mark is followed, before the next note's mark, by every fact of note N."""
    text = report.texts[fmt]
    following = re.compile(_note_marks(number + 1))
    windows = []
    for mark in re.finditer(_note_marks(number), text):
        end = following.search(text, mark.end())
        windows.append(text[mark.end() : end.start() if end else len(text)])
    assert any(all(fact in window for fact in facts) for window in windows)


@pytest.mark.parametrize("fmt", FORMATS)
def test_report_signature_block_in_reference_order(report, fmt):
    text = report.texts[fmt]
    positions = []
    for role, name, post in ref.SIGNATURES:
        block = [text.index(role), text.index(name), text.index(post)]
        assert block == sorted(block)
        positions.extend(block)
    assert positions == sorted(positions)
    assert positions[0] > text.index(ref.OBJECTIVES[-1])


def test_document_has_no_unresolved_reference(report):
    assert report.document.problems == []


def test_document_footnote_calls_numbered_across_objectives(report):
    calls = [
        segment.number
        for section in report.document.sections
        for bullet in section.bullets
        for segment in bullet.segments
        if isinstance(segment, FootnoteCall)
    ]
    assert calls == [n for n, _facts in ref.FOOTNOTES]
    assert [note.number for note in report.document.footnotes] == calls


def test_document_actions_per_objective(report):
    assert tuple(len(s.bullets) for s in report.document.sections) == ref.ACTIONS_PER_OBJECTIVE


def test_report_changes_when_a_record_changes():
    _load_demo()
    # «capacitadas» is bound to the training roster: one more woman in it, one more in print.
    roster = Roster.objects.get(name="Capacitación de la APF 2023")
    woman = generate_curp(random.Random("una más"), sex="M")
    table = pl.DataFrame({"CURP": [woman], "Sexo": ["Mujer"]})
    assert import_frame(roster=roster, table=table, file_name="una-mas.csv").imported == 1
    text = normalize(markdown_text(render(build_public_account(2023), "md")[2]))
    assert "81,962 mujeres y 65,837 hombres" in text
    assert "81,961" not in text


# --- the facts themselves come from the reference ------------------------------------------

SEED = Path(__file__).resolve().parents[1] / ".." / "shared" / "seeds" / "000_eb6e64a710ffc541.txt"
# Facts the generated report prints in another (Mexican, house-style) form than the seed.
SEED_SPELLING = {
    "26 de diciembre de 2022": "26/12/2022",
    "Santo Domingo, República Dominicana": "Santo Domingo República Dominicana",
}


@pytest.fixture(scope="module")
def seed_text() -> str:
    if not SEED.is_file():
        pytest.skip(f"reference report not found at {SEED}")
    text = SEED.read_text(encoding="utf-8")
    text = re.sub(r"<sup>(\d+)/</sup>", r"\1/", text).replace("**", "")
    return normalize(text)


def test_reference_facts_are_phrases_of_the_seed(seed_text):
    phrases = [*ref.FACTS, *ref.OBJECTIVES, *(f for _n, fs in ref.FOOTNOTES for f in fs)]
    missing = [f for f in phrases if SEED_SPELLING.get(f, f).casefold() not in seed_text.casefold()]
    assert missing == []


def test_reference_facts_cover_every_number_of_the_seed(seed_text):
    without_links = re.sub(r"https?://\S+", "", seed_text)
    numbers = set(re.findall(r"\d+(?:,\d{3})*(?:/\d+/\d+)?", without_links))
    facts = " ".join([*ref.FACTS, *SEED_SPELLING.values()])
    notes = {f"{n}" for n, _facts in ref.FOOTNOTES}  # the note marks 1/ … 7/
    uncovered = sorted(
        n for n in numbers - notes if not re.search(rf"(?<![\d,]){n}(?![\d,])", facts)
    )
    assert uncovered == []


def test_signatures_are_the_seeds(seed_text):
    for role, name, post in ref.SIGNATURES:
        assert f"{role}: {name} {post}" in seed_text
