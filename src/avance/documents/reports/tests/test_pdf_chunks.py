"""PDF of a long report laid out in parts (renderers/pdf.py): one document to the reader.

The documents are built in memory (no database): three sections, a note on every third action.
"""

from __future__ import annotations

import io
import re
import shutil
import subprocess

import pytest
from pypdf import PdfReader

from avance.documents.reports import renderers
from avance.documents.reports.document import (
    Bullet,
    Document,
    Footnote,
    FootnoteCall,
    Section,
    Signature,
)
from avance.documents.reports.renderers import pdf
from avance.figures.narrative import Text
from tests.builders import extract

FOOTER = re.compile(r"Página (\d+) de (\d+)")
NOTE_LINE = re.compile(r"^(\d+)/ Nota número (\d+)\.", re.MULTILINE)


def long_document(bullets: int, *, sections: int = 3, notes_every: int = 3) -> Document:
    """``bullets`` actions over ``sections`` sections; every ``notes_every`` calls a note."""
    notes: list[Footnote] = []
    built = [Section(number=n + 1, title=f"Objetivo prioritario {n + 1}") for n in range(sections)]
    for index in range(bullets):
        segments = [Text(f"Acción {index + 1:03d}: el Instituto capacitó a 81,961 mujeres")]
        if notes_every and index % notes_every == 0:
            number = len(notes) + 1
            notes.append(Footnote(number, [Text(f"Nota número {number}.")], activity_id=index))
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
    return [page.extract_text() or "" for page in PdfReader(io.BytesIO(data)).pages]


@pytest.fixture(scope="module")
def parted():
    """A 90-action document (8 pages or so) laid out in one pass and in two parts."""
    document = long_document(90)
    return (
        document,
        pdf.pdf_bytes(document, parts=1),
        pdf.pdf_bytes(document, parts=2),
    )


def test_default_parts_one_pass_for_short_reports():
    assert pdf.default_parts(long_document(pdf.CHUNKED_FROM_BULLETS)) == 1


def test_default_parts_split_long_reports_on_a_multicore_machine():
    cores = len(__import__("os").sched_getaffinity(0))
    expected = 2 if cores >= 2 else 1
    assert pdf.default_parts(long_document(pdf.CHUNKED_FROM_BULLETS + 1)) == expected


def test_split_document_keeps_titles_with_their_first_action_and_balances_parts():
    document = long_document(90)
    parts = pdf.split_document(document, 2)
    assert len(parts) == 2
    first, second = (part.markup for part in parts)
    # Every action once, in order, across the parts.
    actions = [int(n) for n in re.findall(r"❖ Acción (\d+):", first + second)]
    assert actions == list(range(1, 91))
    # Each section title once; the heading and introduction in the first part only,
    # the signatures in the last only.
    titles = re.findall(r"➤</span> (Objetivo prioritario \d)", first + second)
    assert titles == ["Objetivo prioritario 1", "Objetivo prioritario 2", "Objetivo prioritario 3"]
    assert (first.count("INTRODUCCIÓN"), second.count("INTRODUCCIÓN")) == (1, 0)
    assert (first.count("firma-rol"), second.count("firma-rol")) == (0, 2)
    # Notes: the second part's counter starts after the notes called in the first.
    assert parts[0].notes_before == 0
    assert parts[1].notes_before == first.count('class="nota-pie"')
    assert abs(len(first) - len(second)) < len(first) // 5


def test_split_document_cuts_before_a_section_title_not_after_it():
    # Actions of one length: the middle of the document is the second section's start.
    document = long_document(40, sections=2, notes_every=0)
    first, second = (part.markup for part in pdf.split_document(document, 2))
    assert "Objetivo prioritario 2" not in first
    assert "❖ Acción 021:" in second.split("Objetivo prioritario 2")[1]


def test_pdf_in_parts_numbers_pages_across_the_document(parted):
    _document, _single, data = parted
    texts = pages_text(data)
    footers = [FOOTER.findall(text) for text in texts]
    assert footers == [[(str(n), str(len(texts)))] for n in range(1, len(texts) + 1)]


def test_pdf_in_parts_prints_every_note_with_its_document_number(parted):
    document, single, data = parted
    numbers = [(int(a), int(b)) for a, b in NOTE_LINE.findall("\n".join(pages_text(data)))]
    expected = [(n, n) for n in range(1, len(document.footnotes) + 1)]
    assert numbers == expected
    # The same notes, numbered the same way, as the one-pass PDF.
    assert NOTE_LINE.findall("\n".join(pages_text(single))) == NOTE_LINE.findall(
        "\n".join(pages_text(data))
    )


def test_pdf_in_parts_holds_the_same_text_as_one_pass(parted):
    _document, single, data = parted

    def body(raw: bytes) -> str:
        text = FOOTER.sub("", extract.pdf_text(raw))
        text = NOTE_LINE.sub("", text)
        return re.sub(r"\d+/", "", " ".join(text.split()))

    words = body(data).split()
    assert words == body(single).split()
    joined = " ".join(words)
    assert joined.count("➤") == 3 and joined.count("❖") == 90
    assert joined.startswith("INSTITUTO SINTÉTICO INTRODUCCIÓN")
    assert joined.endswith("Elaboró: C.P. Elabora Dirección de Finanzas")


def test_pdf_in_parts_prints_the_watermark_on_every_page():
    data = pdf.pdf_bytes(long_document(60), parts=2, watermark="Vista previa sin firmar")
    texts = pages_text(data)
    assert len(texts) >= 3
    assert [text.count("Vista previa sin firmar") >= 1 for text in texts] == [True] * len(texts)


def test_pdf_in_parts_embeds_dejavu_sans(parted):
    pdffonts = shutil.which("pdffonts")
    if not pdffonts:
        pytest.skip("pdffonts (poppler-utils) is not installed")
    result = subprocess.run(  # noqa: S603 - our own binary path and bytes, no shell
        [pdffonts, "-"], input=parted[2], capture_output=True, check=True
    )
    rows = [line.split() for line in result.stdout.decode().splitlines()[2:]]
    assert rows and all("DejaVu-Sans" in row[0] for row in rows)
    assert all(row[-5] == "yes" for row in rows)  # embedded


def test_render_pdf_short_report_is_the_one_pass_pdf():
    document = long_document(20)
    assert renderers.render(document, "pdf")[2] == pdf.pdf_bytes(document, parts=1)


def test_html_note_ids_and_links_stay_plain_digits_past_a_thousand():
    """Note 1,000 is «nota-1000» in its id and in its call's link (no localised separator)."""
    from avance.documents.reports.renderers.html import document_html

    markup = str(document_html(long_document(3000, notes_every=3)))
    assert 'id="nota-1000"' in markup
    assert 'href="#nota-1000"' in markup
    assert 'href="#llamada-1000"' in markup
    assert "nota-1,000" not in markup
