"""Renderers: hostile text harmless in every format, records reflected, provenance, layout."""

from __future__ import annotations

import io
import re
import shutil
import subprocess

import docx
import lxml.html
import pytest
from django.core.management import call_command
from django.db import connection
from lxml import etree
from pypdf import PdfReader

from avance.capture.activities.models import Activity, Figure
from avance.documents.reports import renderers
from avance.documents.reports.document import build_public_account
from avance.documents.reports.renderers.html import document_html
from tests.builders import extract
from tests.builders.report_world import CONTROL, HOSTILE, NUL, YEAR, make_world

pytestmark = pytest.mark.django_db

FORMATS = ("md", "html", "pdf", "docx")
EXTRACTORS = {
    "md": extract.markdown_text,
    "html": extract.html_text,
    "pdf": extract.pdf_text,
    "docx": extract.docx_text,
}


def normalize(text: str) -> str:
    return " ".join(text.split())


def rendered_texts(**options) -> dict[str, str]:
    document = build_public_account(YEAR)
    return {
        fmt: normalize(EXTRACTORS[fmt](renderers.render(document, fmt, **options)[2]))
        for fmt in FORMATS
    }


# --- hostile text --------------------------------------------------------------------------


@pytest.fixture
def hostile():
    """Hostile text in a narrative, a footnote, the heading, an objective and a signatory."""
    control = CONTROL + (NUL if connection.vendor == "sqlite" else "")
    text = " | ".join(HOSTILE) + f" {control} {{{{ capacitadas.mujeres }}}}[^mala]"
    world = make_world(narrative=text)
    world.training.footnotes.create(key="mala", text=" ".join(HOSTILE) + control)
    world.edition.heading = f"ENCABEZADO <b>{HOSTILE[4]}</b>{control}"
    world.edition.save()
    world.edition.signatories.filter(role="elaboro").update(name=f"{HOSTILE[5]}{control}")
    world.training.objective.__class__.objects.filter(pk=world.training.objective_id).update(
        title=f"Objetivo {HOSTILE[6]} {control}"
    )
    return build_public_account(YEAR)


def test_hostile_narrative_reaches_no_data(hostile):
    training = Activity.objects.get(title="Capacitación").pk
    values = [(v.reference, v.text) for v in hostile.values() if v.resolved.activity_id == training]
    assert values == [("capacitadas.mujeres", "81,961")]
    problems = {p.reference for _id, p in hostile.problems}
    assert {"{{ ''.__class__.__mro__ }}", "{{ capacitadas.__dict__ }}", "{{ secreto }}"} <= problems


@pytest.mark.parametrize("fmt", FORMATS)
def test_hostile_text_printed_literally_without_control_characters(hostile, fmt):
    content = renderers.render(hostile, fmt)[2]
    text = normalize(EXTRACTORS[fmt](content))
    for piece in ("{{ ''.__class__.__mro__ }}", "{{ capacitadas.__dict__ }}", "{{ secreto }}"):
        assert piece in text
    for piece in ("<script>alert(1)</script>", "<img src=x onerror=alert(1)>"):
        assert piece in text
    assert '=HYPERLINK("http://x","y")' in text
    assert "**bold** [link](javascript:alert(1))" in text
    assert "81,961" in text
    assert "424242" not in text and "424,242" not in text
    assert re.search(r"[\x00-\x08\x0b\x0c\x0e-\x1f]", text) is None
    assert "BELESCVT" in text


def test_hostile_markdown_has_no_markup(hostile):
    text = renderers.render(hostile, "md")[2].decode("utf-8")
    assert "<script" not in text and "<img" not in text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in text
    assert "\\[link\\](javascript:alert(1))" in text  # escaped brackets: not a link
    assert "\\*\\*bold\\*\\*" in text
    assert "\x00" not in text


@pytest.mark.parametrize("standalone", [True, False])
def test_hostile_html_has_no_script_handler_or_foreign_link(hostile, standalone):
    markup = renderers.render(hostile, "html", standalone=standalone)[2].decode("utf-8")
    tree = lxml.html.fromstring(markup)
    assert tree.xpath("//script|//img|//iframe|//object|//embed") == []
    handlers = [a for el in tree.iter() for a in el.attrib if a.lower().startswith("on")]
    assert handlers == []
    hrefs = [a.get("href") for a in tree.iter("a")]
    allowed = re.compile(r"^(/actividades/\d+/#cifra-|#nota-|#llamada-|https?://)")
    assert [h for h in hrefs if not allowed.match(h)] == []
    assert "http://x" in hrefs  # a web address in a note is a link; «javascript:» is not
    assert "\x00" not in markup


def test_hostile_pdf_renders_without_scripts(hostile):
    data = renderers.render(hostile, "pdf")[2]
    reader = PdfReader(io.BytesIO(data))
    root = reader.trailer["/Root"]
    assert "/OpenAction" not in root and "/AA" not in root
    assert "/JavaScript" not in root.get("/Names", {})
    assert len(reader.pages) >= 1


def test_hostile_docx_opens_with_text_not_fields(hostile):
    data = renderers.render(hostile, "docx")[2]
    docx.Document(io.BytesIO(data))  # python-docx reopens it
    parts = extract.docx_parts(data)
    for name, content in parts.items():
        if name.endswith((".xml", ".rels")):
            etree.fromstring(content)  # every XML part well-formed
    body = parts["word/document.xml"].decode("utf-8")
    assert "instrText" not in body and "fldSimple" not in body and "hyperlink" not in body
    assert "=HYPERLINK(&quot;http://x&quot;,&quot;y&quot;)" in body or '=HYPERLINK("' in body


# --- a record changes, the report changes --------------------------------------------------


def test_report_changes_when_a_figure_value_changes():
    world = make_world()
    before = rendered_texts()
    Figure.objects.filter(pk=world.trained.pk).update(women=81962, total=81962 + 65837)
    after = rendered_texts()
    for fmt in FORMATS:
        assert "81,961 mujeres" in before[fmt], fmt
        assert "81,962 mujeres" in after[fmt], fmt
        assert "81,961" not in after[fmt], fmt


def test_report_changes_when_a_state_is_added():
    world = make_world()
    before = rendered_texts()
    world.agreement.states.add(world.agreement.states.model.objects.get(code="20"))
    after = rendered_texts()
    for fmt in FORMATS:
        assert "tres estados" in before[fmt], fmt
        assert "Aguascalientes, Durango y Sonora" in before[fmt], fmt
        assert "cuatro estados" in after[fmt], fmt
        assert "Aguascalientes, Durango, Oaxaca y Sonora" in after[fmt], fmt


def test_report_changes_when_a_footnote_text_changes():
    world = make_world()
    world.note.text = "Entidades firmantes: {{ estados | lista }}."
    world.note.save()
    texts = rendered_texts()
    for fmt in FORMATS:
        assert "1/ Entidades firmantes: Aguascalientes, Durango y Sonora." in texts[fmt], fmt


# --- provenance ----------------------------------------------------------------------------


def test_html_links_every_figure_to_its_record():
    world = make_world()
    document = build_public_account(YEAR)
    tree = lxml.html.fromstring(str(document_html(document)))
    links = [(a.get("href"), a.text_content()) for a in tree.xpath("//a[@class='cifra']")]
    expected = [
        (f"/actividades/{v.resolved.activity_id}/#cifra-{v.resolved.name}", v.text)
        for v in document.values()
        if v.resolved.activity_id
    ]
    assert sorted(links) == sorted(expected)
    assert (f"/actividades/{world.training.pk}/#cifra-capacitadas", "81,961") in links
    titles = tree.xpath("//a[@class='cifra' and text()='81,961']/@title")
    assert titles == [
        "Personas capacitadas · Capturada — Listas de asistencia · {{ capacitadas.mujeres }}"
    ]
    # The one value without an activity is the edition's own year: marked, with its source.
    spans = tree.xpath("//span[@class='cifra']/@title")
    assert spans == ["año · Ejercicio de la edición · {{ ejercicio }}"]


def test_trace_command_prints_each_figure_with_its_source():
    world = make_world()
    out = io.StringIO()
    call_command("report", "public-account", "--year", str(YEAR), "--trace", stdout=out)
    lines = out.getvalue().splitlines()
    document = build_public_account(YEAR)
    assert len(lines) == len(document.values())
    figure = world.trained
    assert (
        f"   4. 81,961  ←  {{{{ capacitadas.mujeres }}}}  [actividad {world.training.pk}, "
        f"cifra {figure.pk}; Personas capacitadas]  Capturada — Listas de asistencia"
    ) in lines
    assert any(
        "Aguascalientes, Durango y Sonora" in line and "Entidades registradas" in line
        for line in lines
    )


# --- layout ------------------------------------------------------------------------------


def test_pdf_holds_glyphs_notes_and_signatures_with_notes_at_the_foot():
    make_world()
    data = renderers.render(build_public_account(YEAR), "pdf")[2]
    text = normalize(extract.pdf_text(data))
    assert text.count("➤") == 2 and text.count("❖") == 2
    assert "estados,1/" in text  # the call, printed as 1/
    # The note is laid out at the foot of the page: after the signature block, not inline.
    assert text.index("1/ Aguascalientes, Durango y Sonora.") > text.index("Finanzas")
    assert "Página 1 de 1" in text


def test_pdf_embeds_noto_sans_and_its_symbols_for_the_glyphs():
    pdffonts = shutil.which("pdffonts")
    if not pdffonts:
        pytest.skip("pdffonts (poppler-utils) is not installed")
    make_world()
    data = renderers.render(build_public_account(YEAR), "pdf")[2]
    result = subprocess.run(  # noqa: S603 - our own binary path and bytes, no shell
        [pdffonts, "-"], input=data, capture_output=True, check=True
    )
    rows = [line.split() for line in result.stdout.decode().splitlines()[2:]]
    assert rows, "the PDF lists its fonts"
    families = {row[0].partition("+")[2] for row in rows}  # without the subset's tag
    assert {"Noto-Sans", "Noto-Sans-Bold", "Noto-Sans-Symbols2"} <= families  # ❖ ➤
    assert all(family.startswith("Noto-Sans") for family in families), families
    assert all(row[-5] == "yes" for row in rows)  # the «emb» column


@pytest.mark.parametrize("size", ["A4", "letter"])
def test_pdf_page_size(size):
    make_world()
    data = renderers.render(build_public_account(YEAR), "pdf", page_size=size)[2]
    box = PdfReader(io.BytesIO(data)).pages[0].mediabox
    expected = {"A4": (595, 842), "letter": (612, 792)}[size]
    assert (round(float(box.width)), round(float(box.height))) == expected


@pytest.mark.parametrize("fmt", ["html", "pdf", "docx"])
def test_watermark_printed_at_the_top(fmt):
    make_world()
    data = renderers.render(build_public_account(YEAR), fmt, watermark="Vista previa sin firmar")
    text = normalize(EXTRACTORS[fmt](data[2]))
    assert text.casefold().startswith("vista previa sin firmar")


def test_docx_has_real_footnotes_numbered_with_a_slash():
    make_world()
    data = renderers.render(build_public_account(YEAR), "docx")[2]
    parts = extract.docx_parts(data)
    w = extract.W
    notes = etree.fromstring(parts["word/footnotes.xml"]).findall(f"{w}footnote")
    assert [(n.get(f"{w}type"), n.get(f"{w}id")) for n in notes] == [
        ("separator", "-1"),
        ("continuationSeparator", "0"),
        (None, "1"),
    ]
    body = etree.fromstring(parts["word/document.xml"])
    references = body.findall(f".//{w}footnoteReference")
    # Automatic numbers (Word and LibreOffice print them alike), each followed by «/».
    assert [(r.get(f"{w}id"), r.get(f"{w}customMarkFollows")) for r in references] == [("1", None)]
    after = references[0].getparent().getnext()
    assert after.find(f"{w}t").text == "/"
    note = notes[-1]
    assert note.find(f".//{w}footnoteRef") is not None
    assert "".join(t.text for t in note.iter(f"{w}t")).startswith("/ ")
    assert "footnotes.xml" in parts["word/_rels/document.xml.rels"].decode()
    assert "wordprocessingml.footnotes+xml" in parts["[Content_Types].xml"].decode()
    reopened = docx.Document(io.BytesIO(data))
    assert reopened.styles["Normal"].font.name == "Noto Sans"
    glyphs = [r for p in reopened.paragraphs for r in p.runs if r.text[:1] in ("➤", "❖")]
    assert len(glyphs) == 4 and {r.font.name for r in glyphs} == {"Noto Sans Symbols2"}
    headings = [p.text for p in reopened.paragraphs if p.style.name == "Heading 2"]
    assert headings == ["➤ Coordinar la política", "➤ Orientar el quehacer"]
    assert all(r.bold for p in reopened.paragraphs if p.style.name == "Heading 2" for r in p.runs)


def test_signatures_in_the_editions_order_in_every_format():
    make_world()
    texts = rendered_texts()
    for fmt in FORMATS:
        text = texts[fmt]
        first = text.index("Autorizó: Dra. Ana Autoriza")
        assert first < text.index("Titular") < text.index("Elaboró: C.P. Luis Elabora"), fmt


def test_activity_of_another_year_or_draft_is_not_printed():
    make_world()
    Activity.objects.filter(title="Capacitación").update(status="draft")
    texts = rendered_texts()
    for fmt in FORMATS:
        assert "81,961" not in texts[fmt]
