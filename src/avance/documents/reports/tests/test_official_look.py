"""What a reader of the public account expects on paper: the masthead («CUENTA PÚBLICA
2041», branch, entity and institution), page numbers, and note marks that read «1/» once, in
the PDF and in the DOCX as LibreOffice prints it."""

from __future__ import annotations

import re
import shutil
import subprocess

import pytest

from avance.catalogs.directory.models import default_institution
from avance.documents.reports import renderers
from avance.documents.reports.document import build_public_account
from tests.builders import extract
from tests.builders.report_world import YEAR, make_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    built = make_world()
    institution = default_institution()
    institution.branch, institution.entity_key = "Ramo 47 Entidades no Sectorizadas", "HHE"
    institution.save()
    return built


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
