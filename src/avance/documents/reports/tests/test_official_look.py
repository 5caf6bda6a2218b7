"""What a reader of the public account expects on paper: the institution's logo and the
masthead («CUENTA PÚBLICA 2041», branch, entity and institution), page numbers, and note marks
that read «1/» once, in the PDF and in the DOCX as LibreOffice prints it; a signed edition
keeps the logo it was signed with."""

from __future__ import annotations

import hashlib
import io
import logging
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from lxml import etree
from pypdf import PdfReader

from avance.catalogs.directory.logos import LogoImage
from avance.catalogs.directory.models import default_institution
from avance.documents.reports import renderers, services
from avance.documents.reports.document import Logo, build_public_account, printed_logo
from avance.documents.reports.models import FrozenFile
from avance.documents.reports.renderers.html import document_html
from tests.builders import extract, images
from tests.builders.editions_world import build_edition_world, sign_in_order
from tests.builders.report_world import YEAR, make_world

pytestmark = pytest.mark.django_db
EMU_PER_MM = 36000
WP = "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}"


@pytest.fixture
def world():
    built = make_world()
    institution = default_institution()
    institution.branch, institution.entity_key = "Ramo 47 Entidades no Sectorizadas", "HHE"
    institution.save()
    return built


@pytest.fixture
def media(settings, tmp_path) -> Path:
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def set_logo(data: bytes, name: str = "logo.png", institution=None):
    institution = institution or default_institution()
    institution.logo.save(name, ContentFile(data))  # saves the institution
    return institution


def pdf_images(data: bytes) -> list[list[tuple[int, int]]]:
    """The pixel size of each image, page by page."""
    return [[i.image.size for i in page.images] for page in PdfReader(io.BytesIO(data)).pages]


def test_the_masthead_names_the_document_branch_and_entity(world):
    document = build_public_account(YEAR)
    assert document.masthead == (
        f"CUENTA PÚBLICA {YEAR}",
        "Ramo 47 Entidades no Sectorizadas",
        "HHE Instituto Nacional de las Mujeres",
    )


def test_the_pdf_carries_the_masthead_and_numbers_its_pages(world):
    pages = extract.pdf_pages(renderers.render(build_public_account(YEAR), "pdf")[2])
    first = pages[0]
    for line in ("Ramo 47 Entidades no Sectorizadas", "HHE Instituto Nacional de las Mujeres"):
        assert line in first
    for number, page in enumerate(pages, start=1):
        assert f"CUENTA PÚBLICA {YEAR}" in page  # at the top of every page
        assert f"Página {number} de {len(pages)}" in page


def test_the_docx_carries_the_masthead(world):
    text = extract.docx_text(renderers.render(build_public_account(YEAR), "docx")[2])
    assert text.index(f"CUENTA PÚBLICA {YEAR}") < text.index("Ramo 47") < text.index("HHE")


SOFFICE = shutil.which("soffice")


@pytest.mark.skipif(
    SOFFICE is None,
    reason="LibreOffice (soffice) no está instalado: make test lo instala "
    "(libreoffice-writer-nogui)",
)
def test_libreoffice_prints_each_note_mark_once(world, tmp_path):
    source = tmp_path / "informe.docx"
    source.write_bytes(renderers.render(build_public_account(YEAR), "docx")[2])
    profile = tmp_path / "perfil"  # a profile of its own: parallel runs do not share one
    subprocess.run(  # noqa: S603 - our own file, converted by LibreOffice
        [
            SOFFICE,
            f"-env:UserInstallation=file://{profile}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(source),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    text = extract.pdf_text((tmp_path / "informe.pdf").read_bytes())
    assert "1/1/" not in text.replace(" ", "")
    assert re.search(r"1/\s*Aguascalientes", text)  # the note starts with its mark
    assert len(re.findall(r"(?<![0-9])1/", text)) == 2  # cited once, printed once
    assert f"CUENTA PÚBLICA {YEAR}" in text
    assert "Página 1 de" in text


# --- the logo ------------------------------------------------------------------------------


def test_without_a_logo_the_documents_print_no_image(world):
    document = build_public_account(YEAR)
    assert document.logo is None
    assert pdf_images(renderers.render(document, "pdf")[2]) == [[]]
    parts = extract.docx_parts(renderers.render(document, "docx")[2])
    assert not [name for name in parts if name.startswith("word/media/")]
    assert b"<w:drawing>" not in parts["word/document.xml"]


def printed_ppi(data: bytes, tmp_path) -> list[tuple[int, int]]:
    """Each image's printed resolution (x, y pixels per inch), as poppler's ``pdfimages``
    reads it from where the page draws the image."""
    path = tmp_path / "document.pdf"
    path.write_bytes(data)
    listing = subprocess.run(  # noqa: S603 - our own file, no shell
        ["pdfimages", "-list", str(path)],  # noqa: S607 - poppler-utils, on PATH
        capture_output=True,
        text=True,
        check=True,
    ).stdout.splitlines()[2:]
    return [(int(row.split()[12]), int(row.split()[13])) for row in listing]


def test_the_logo_heads_the_first_page_of_the_pdf_at_18_mm(world, media, tmp_path):
    set_logo(images.image_bytes(300, 100))
    document = build_public_account(YEAR)
    assert document.logo == Logo(document.logo.data, "image/png", 54.0, 18.0)
    markup = str(document_html(document, print_mode=True))
    logo = markup.index('<img class="membrete-logo" src="data:image/png;base64,')
    assert logo < markup.index(f"CUENTA PÚBLICA {YEAR}")  # above the masthead
    assert "style=" not in markup[logo : markup.index(">", logo)]  # sized by the stylesheet
    assert "membrete-logo" not in str(document_html(document))  # the web preview stays light
    pdf = renderers.render(document, "pdf")[2]
    assert pdf_images(pdf) == [[(300, 100)]]
    if shutil.which("pdfimages"):
        # 300 × 100 pixels printed 54 × 18 mm: 141 pixels per inch both ways.
        assert printed_ppi(pdf, tmp_path) == [(141, 141)]


def test_a_wide_logo_is_printed_narrower_than_the_text():
    wide = printed_logo(LogoImage(b"", "image/png", 2000, 100))
    assert (wide.width_mm, wide.height_mm) == (120.0, 6.0)
    tall = printed_logo(LogoImage(b"", "image/jpeg", 100, 400))
    assert (tall.width_mm, tall.height_mm) == (4.5, 18.0)


def test_the_logo_heads_the_docx_as_an_inline_picture(world, media):
    data = images.image_bytes(300, 100, fmt="JPEG")
    set_logo(data, "logo.jpg")
    parts = extract.docx_parts(renderers.render(build_public_account(YEAR), "docx")[2])
    media_parts = [name for name in parts if name.startswith("word/media/")]
    assert len(media_parts) == 1 and parts[media_parts[0]] == data
    body = etree.fromstring(parts["word/document.xml"]).find(f"{extract.W}body")
    first, second = body.findall(f"{extract.W}p")[:2]
    extent = first.find(f".//{WP}inline/{WP}extent")
    assert (int(extent.get("cx")), int(extent.get("cy"))) == (54 * EMU_PER_MM, 18 * EMU_PER_MM)
    assert "".join(second.itertext()) == f"CUENTA PÚBLICA {YEAR}"  # the masthead follows


def test_a_logo_file_gone_from_the_disk_leaves_the_documents_printable(world, media, caplog):
    institution = set_logo(images.image_bytes())
    (Path(media) / institution.logo.name).unlink()
    with caplog.at_level(logging.WARNING):
        document = build_public_account(YEAR)
    assert document.logo is None
    assert "logo" in caplog.text
    assert renderers.render(document, "pdf")[2].startswith(b"%PDF-")


def test_a_signed_edition_keeps_its_files_when_the_logo_changes(media):
    ew = build_edition_world()
    set_logo(images.image_bytes(300, 100), institution=ew.world.institute)
    services.refresh_items(edition=ew.edition)
    sign_in_order(ew)
    ew.edition.refresh_from_db()
    frozen = {
        f.format: bytes(f.content) for f in FrozenFile.objects.filter(frozen__edition=ew.edition)
    }
    assert pdf_images(frozen["pdf"]) == [[(300, 100)]]  # signed with the first logo

    set_logo(images.image_bytes(200, 200, fmt="JPEG"), "logo.jpg", institution=ew.world.institute)
    live = renderers.render(services.build_document(ew.edition), "pdf")[2]
    assert pdf_images(live) == [[(200, 200)]]  # the records now print the new logo …
    stored = {f.format: f for f in FrozenFile.objects.filter(frozen__edition=ew.edition)}
    assert {fmt: bytes(f.content) for fmt, f in stored.items()} == frozen  # … the edition not
    assert all(f.sha256 == hashlib.sha256(frozen[fmt]).hexdigest() for fmt, f in stored.items())
    for fmt in ("pdf", "docx"):
        assert bytes(services.signed_file(edition=ew.edition, fmt=fmt).content) == frozen[fmt]
