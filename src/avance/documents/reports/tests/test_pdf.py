"""The PDF edition (renderers/pdf.py): one pass, page footers, every note printed.

The documents are built in memory (no database): sections of actions, notes called from them.
"""

from __future__ import annotations

import re
import shutil
import subprocess

import pytest

from avance.documents.reports import renderers
from avance.documents.reports.document import (
    Bullet,
    Document,
    Footnote,
    FootnoteCall,
    ReportError,
    Section,
    Signature,
)
from avance.documents.reports.renderers import pdf
from avance.figures.narrative import Text
from tests.builders import extract

FOOTER = re.compile(r"Página (\d+) de (\d+)")
NOTE_LINE = re.compile(r"^(\d+)/ Nota número (\d+)\.", re.MULTILINE)
WORDS = (
    "el Instituto capacitó a mujeres de tres estados de la República durante el ejercicio "
    "fiscal con el apoyo de organizaciones de la sociedad civil y de los gobiernos locales"
).split()


def long_document(
    bullets: int, *, sections: int = 3, notes_every: int = 3, calls: int = 1, note_words: int = 0
) -> Document:
    """``bullets`` actions over ``sections`` sections; every ``notes_every``-th calls ``calls``
    notes of «Nota número N.» and ``note_words`` more words."""
    notes: list[Footnote] = []
    built = [Section(number=n + 1, title=f"Objetivo prioritario {n + 1}") for n in range(sections)]
    for index in range(bullets):
        segments = [Text(f"Acción {index + 1:03d}: el Instituto capacitó a 81,961 mujeres")]
        if notes_every and index % notes_every == 0:
            for _call in range(calls):
                number = len(notes) + 1
                words = " ".join(WORDS[i % len(WORDS)] for i in range(note_words))
                text = f"Nota número {number}. {words}".strip()
                notes.append(Footnote(number, [Text(text)], activity_id=index))
                segments.append(FootnoteCall(number))
        segments.append(Text(" en tres estados de la República durante el ejercicio fiscal."))
        built[index * sections // bullets].bullets.append(
            Bullet(activity_id=index, title=f"A{index}", segments=segments)
        )
    return Document(
        title="Cuenta Pública",
        heading="INSTITUTO SINTÉTICO INTRODUCCIÓN",
        year=2023,
        introduction=[Text("El trabajo del Instituto en 2023.")],
        sections=built,
        footnotes=notes,
        signatures=[
            Signature(role="Autorizó", name="Dra. Autoriza", post="Titular"),
            Signature(role="Elaboró", name="C.P. Elabora", post="Dirección de Finanzas"),
        ],
        problems=[],
    )


def pages_text(data: bytes) -> list[str]:
    return extract.pdf_pages(data)


@pytest.fixture(scope="module")
def report():
    """A 90-action document (8 pages or so) with a few short notes a page."""
    document = long_document(90)
    layout = pdf.lay_out(document)
    return document, layout, layout.write_pdf()


def test_a_report_with_a_few_notes_a_page_prints_them_at_the_foot(report):
    document, layout, data = report
    assert layout.notes_at_end == frozenset()
    for text in pages_text(data):
        called = re.findall(r"mujeres(\d+)/", text)
        printed = [a for a, _b in NOTE_LINE.findall(text)]
        # Each page prints the notes it calls, after its text.
        assert called == printed
    assert len(document.footnotes) == 30


def test_pdf_numbers_its_pages(report):
    texts = pages_text(report[2])
    footers = [FOOTER.findall(text) for text in texts]
    assert len(texts) > 3
    assert footers == [[(str(n), str(len(texts)))] for n in range(1, len(texts) + 1)]


def test_pdf_prints_every_note_with_its_document_number(report):
    document, _layout, data = report
    numbers = [(int(a), int(b)) for a, b in NOTE_LINE.findall(extract.pdf_text(data))]
    assert numbers == [(n, n) for n in range(1, len(document.footnotes) + 1)]


def test_pdf_is_the_same_bytes_for_the_same_document(report):
    document, _layout, data = report
    assert renderers.render(document, "pdf")[2] == data


def test_pdf_prints_the_watermark_on_every_page():
    data = pdf.pdf_bytes(long_document(60), watermark="Vista previa sin firmar")
    texts = pages_text(data)
    assert len(texts) >= 3
    assert [text.count("Vista previa sin firmar") >= 1 for text in texts] == [True] * len(texts)


def test_notes_left_out_of_a_page_are_printed_at_the_end_of_their_section(monkeypatch):
    """WeasyPrint leaves out a note (simulated: note 4, called in the second section): that
    section prints its notes after its last action, with their numbers; the others keep
    theirs at the foot of the page."""
    document = long_document(12, sections=3, notes_every=2)
    real = pdf.missing_notes
    passes = []

    def missing(pages, numbers):
        passes.append(len(passes))
        found = real(pages, numbers)
        return [*found, 4] if len(passes) == 1 else found

    monkeypatch.setattr(pdf, "missing_notes", missing)
    layout = pdf.lay_out(document)
    assert (layout.notes_at_end, len(passes)) == (frozenset({1}), 2)
    text = " ".join(extract.pdf_text(layout.write_pdf()).split())
    second = text.split("Objetivo prioritario 2")[1].split("➤ Objetivo prioritario 3")[0]
    # Notes 3 and 4 are called in the second section and printed after its last action.
    assert re.search(
        r"Acción 005: .*mujeres3/ .*Acción 007: .*mujeres4/ .*fiscal\. "
        r"3/ Nota número 3\. 4/ Nota número 4\.$",
        second.strip(),
    )
    numbers = [int(b) for a, b in NOTE_LINE.findall(extract.pdf_text(layout.write_pdf()))]
    # On the first page the second section's end comes before the page's foot (notes 1, 2).
    assert numbers == [3, 4, 1, 2, 5, 6]


def test_a_note_missing_even_in_the_flow_of_the_text_is_refused_in_spanish(monkeypatch):
    monkeypatch.setattr(pdf, "missing_notes", lambda pages, numbers: [1])
    with pytest.raises(ReportError, match=r"El PDF no pudo imprimir la nota 1/ \(objetivo 1\)"):
        pdf.lay_out(long_document(6))


def test_a_note_left_out_of_the_pages_is_found_missing(report):
    document, layout, _data = report
    numbers = [note.number for note in document.footnotes]
    assert pdf.missing_notes(layout.pages, numbers) == []
    assert pdf.missing_notes(layout.pages, [*numbers, len(numbers) + 1]) == [len(numbers) + 1]


def test_pdf_embeds_noto_sans(report):
    pdffonts = shutil.which("pdffonts")
    if not pdffonts:
        pytest.skip("pdffonts (poppler-utils) is not installed")
    result = subprocess.run(  # noqa: S603 - our own binary path and bytes, no shell
        [pdffonts, "-"], input=report[2], capture_output=True, check=True
    )
    rows = [line.split() for line in result.stdout.decode().splitlines()[2:]]
    assert rows and all(row[0].partition("+")[2].startswith("Noto-Sans") for row in rows)
    assert all(row[-5] == "yes" for row in rows)  # embedded


def test_html_note_ids_and_links_stay_plain_digits_past_a_thousand():
    """Note 1,000 is «nota-1000» in its id and in its call's link (no localised separator)."""
    from avance.documents.reports.renderers.html import document_html

    markup = str(document_html(long_document(3000, notes_every=3)))
    assert 'id="nota-1000"' in markup
    assert 'href="#nota-1000"' in markup
    assert 'href="#llamada-1000"' in markup
    assert "nota-1,000" not in markup
    printed = str(document_html(long_document(3000, notes_every=3), print_mode=True))
    assert 'id="nota-1000" data-n="1000"' in printed
