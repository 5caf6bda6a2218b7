"""Pasting from Word keeps what the report prints: text, lines, footnote calls; drops
formatting and invisible characters; returns the notes' texts apart."""

from __future__ import annotations

import io
import shutil
import subprocess

import pytest
from docx import Document

from avance.capture.activities.pasting import from_html, from_text

WORD = (
    "<html><body><!--StartFragment--><p class=MsoNormal><b>Se capacitó</b> a 81,961\u00a0mujeres"
    '<a style=\'mso-footnote-id:ftn1\' href="#_ftn1" name="_ftnref1"><span '
    "class=MsoFootnoteReference><![if !supportFootnotes]><span class=MsoFootnoteReference>[1]"
    "</span><![endif]></span></a> en 32 entidades.</p><div style='mso-element:footnote-list'>"
    "<div style='mso-element:footnote' id=ftn1><p class=MsoFootnoteText><a "
    'style=\'mso-footnote-id:ftn1\' href="#_ftnref1" name="_ftn1"><span '
    "class=MsoFootnoteReference>[1]</span></a> Listas de asistencia.</p></div></div>"
    "<style>p.MsoNormal{margin:0}</style></body></html>"
)
LIBREOFFICE = (
    '<p>Con nota<a class="sdfootnoteanc" name="sdfootnote1anc" href="#sdfootnote1sym">'
    '<sup>1</sup></a> final.</p><div id="sdfootnote1"><p class="sdfootnote-western">'
    '<a class="sdfootnotesym" name="sdfootnote1sym" href="#sdfootnote1anc">1</a>Nota.</p></div>'
)


def test_word_footnotes_become_calls_and_notes():
    pasted = from_html(WORD)
    assert pasted.text == "Se capacitó a 81,961 mujeres[^nota1] en 32 entidades."
    assert pasted.notes == [("nota1", "Listas de asistencia.")]


def test_libreoffice_footnotes_become_calls_and_notes():
    pasted = from_html(LIBREOFFICE)
    assert (pasted.text, pasted.notes) == ("Con nota[^nota1] final.", [("nota1", "Nota.")])


def test_lists_become_lines_and_invisible_characters_go():
    pasted = from_html("<ul><li>Uno\u200b</li><li>Dos\u00ad</li></ul><p>32 m<sup>2</sup></p>")
    assert pasted.text == "Uno\nDos\n32 m2"  # a superscript that is not a note stays text
    assert from_html("<p>Dato<sup>3/</sup> y otro<sup>[4]</sup>.</p>").text == (
        "Dato[^nota3] y otro[^nota4]."
    )
    assert from_text("a\u00adb\ufeff c\u202e").text == "ab c"
    assert from_html("<p>1<sup>er</sup> lugar</p>").text == "1er lugar"


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) not installed")
def test_a_real_docx_pasted_as_libreoffice_gives_it(tmp_path):
    """A DOCX made here (bold, italics, a list, the institute's superscript «1/» marks),
    turned into HTML by LibreOffice as a clipboard would carry it."""
    document = Document()
    paragraph = document.add_paragraph()
    paragraph.add_run("El Instituto ").bold = True
    paragraph.add_run("capacitó a 81,961 mujeres")
    mark = paragraph.add_run("1/")
    mark.font.superscript = True
    paragraph.add_run(" en línea.").italic = True
    document.add_paragraph("Primera sede", style="List Bullet")
    document.add_paragraph("Segunda sede", style="List Bullet")
    source = tmp_path / "pegado.docx"
    buffer = io.BytesIO()
    document.save(buffer)
    source.write_bytes(buffer.getvalue())
    subprocess.run(  # noqa: S603 - our own file, no shell
        ["soffice", "--headless", "--convert-to", "html", "--outdir", str(tmp_path), str(source)],  # noqa: S607
        check=True,
        capture_output=True,
        timeout=120,
    )
    markup = (tmp_path / "pegado.html").read_text(encoding="utf-8", errors="replace")
    pasted = from_html(markup)
    assert pasted.text.splitlines() == [
        "El Instituto capacitó a 81,961 mujeres[^nota1] en línea.",
        "Primera sede",
        "Segunda sede",
    ]
    assert "<" not in pasted.text and "\u00a0" not in pasted.text
