"""Report pages: preview, downloads and trace behind login; a year without edition is a 404."""

from __future__ import annotations

import io

import docx
import lxml.html
import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from pypdf import PdfReader

from tests.builders.report_world import YEAR, make_world

pytestmark = pytest.mark.django_db

DOWNLOADS = [
    ("md", "text/markdown; charset=utf-8", "md"),
    ("html", "text/html; charset=utf-8", "html"),
    ("pdf", "application/pdf", "pdf"),
    (
        "docx",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "docx",
    ),
]


@pytest.fixture
def user_client(client):
    from avance.accounts.models import Membership, Role

    user = get_user_model().objects.create_user("lectora", password="una-clave-de-prueba")
    Membership.objects.create(user=user, role=Role.REVIEWER)  # the institute's roles read it
    client.force_login(user)
    return client


URLS = [
    ("reports:preview", (YEAR,)),
    ("reports:trace", (YEAR,)),
    *[("reports:download", (YEAR, fmt)) for fmt, _type, _ext in DOWNLOADS],
]


@pytest.mark.parametrize(("name", "args"), URLS)
def test_report_page_sends_anonymous_to_login(client, name, args):
    make_world()
    url = reverse(name, args=args)
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('accounts:login')}?next={url}"


def test_preview_shows_unsigned_notice_document_and_downloads(user_client):
    make_world()
    response = user_client.get(reverse("reports:preview", args=[YEAR]))
    assert response.status_code == 200
    tree = lxml.html.fromstring(response.content.decode())
    assert tree.xpath("string(//p[@class='aviso-preliminar']/strong)") == "Vista previa sin firmar."
    assert len(tree.xpath("//article[@class='informe']")) == 1
    links = tree.xpath("//nav[@class='descargas']//a/@href")
    assert links == [
        *[reverse("reports:download", args=[YEAR, fmt]) for fmt, _t, _e in DOWNLOADS],
        reverse("reports:trace", args=[YEAR]),
    ]
    assert tree.xpath("//section[@class='problemas']") == []


def test_preview_lists_unresolved_references(user_client):
    make_world(narrative="Capacitó a {{ capacitadas.nadie }} personas.")
    response = user_client.get(reverse("reports:preview", args=[YEAR]))
    tree = lxml.html.fromstring(response.content.decode())
    items = [
        " ".join(li.text_content().split())
        for li in tree.xpath("//section[@class='problemas']//li")
    ]
    assert len(items) == 1
    assert "{{ capacitadas.nadie }}" in items[0]
    assert "no tiene la parte «nadie»" in items[0]
    world_activity = tree.xpath("//section[@class='problemas']//li/a")[0]
    activity_id = int(world_activity.text.split()[-1])
    assert world_activity.get("href") == reverse("activities:detail", args=[activity_id])


def test_preview_escapes_a_hostile_unresolved_reference(user_client):
    make_world(narrative='Capacitó a {{ capacitadas.nadie }} <script>alert("x")</script>.')
    html = user_client.get(reverse("reports:preview", args=[YEAR])).content.decode()
    assert "<script>alert" not in html


@pytest.mark.parametrize(("fmt", "content_type", "extension"), DOWNLOADS)
def test_download_is_an_attachment_of_its_format(user_client, fmt, content_type, extension):
    make_world()
    response = user_client.get(reverse("reports:download", args=[YEAR, fmt]))
    assert response.status_code == 200
    assert response["Content-Type"] == content_type
    assert response["Content-Disposition"] == (
        f'attachment; filename="cuenta-publica-{YEAR}-introduccion.{extension}"'
    )
    content = response.content
    if fmt == "pdf":
        text = PdfReader(io.BytesIO(content)).pages[0].extract_text()
        assert "VISTA PREVIA SIN FIRMAR" in text
    elif fmt == "docx":
        assert docx.Document(io.BytesIO(content)).paragraphs[0].text == "VISTA PREVIA SIN FIRMAR"
    else:
        assert "81,961" in content.decode("utf-8")


def test_trace_page_lists_each_figure_with_its_record(user_client):
    world = make_world()
    response = user_client.get(reverse("reports:trace", args=[YEAR]))
    assert response.status_code == 200
    tree = lxml.html.fromstring(response.content.decode())
    rows = tree.xpath("//table[@class='rastro']/tbody/tr")
    # The edition's year, «tres» estados and their list in the note, the two trained counts.
    assert [row.xpath("string(td[2])") for row in rows] == [
        "2041",
        "tres",
        "Aguascalientes, Durango y Sonora",
        "81,961",
        "65,837",
    ]
    link = f"/actividades/{world.training.pk}/#cifra-capacitadas"
    cells = [
        [" ".join(td.text_content().split()) for td in row.xpath("td")]
        for row in rows
        if row.xpath(f".//a[@href='{link}']")
    ]
    assert [c[1:5] for c in cells] == [
        [
            "81,961",
            "capacitadas.mujeres",
            "Personas capacitadas",
            "Capturada — Listas de asistencia",
        ],
        [
            "65,837",
            "capacitadas.hombres",
            "Personas capacitadas",
            "Capturada — Listas de asistencia",
        ],
    ]


@pytest.mark.parametrize(
    ("name", "args"),
    [
        ("reports:preview", (1999,)),
        ("reports:trace", (1999,)),
        ("reports:download", (1999, "pdf")),
        ("reports:download", (YEAR, "exe")),
    ],
)
def test_year_without_edition_or_unknown_format_is_404_with_message(user_client, name, args):
    make_world()
    response = user_client.get(reverse(name, args=args))
    assert response.status_code == 404
    tree = lxml.html.fromstring(response.content.decode())
    message = tree.xpath("string(//p[@role='alert'])")
    assert message.startswith(("No hay una edición del informe para 1999", "Formato no disponible"))


def test_a_pdf_that_cannot_be_written_is_explained_not_a_server_error(user_client, monkeypatch):
    from avance.documents.reports.document import ReportError
    from avance.documents.reports.renderers import pdf

    make_world()

    def refuse(*args, **kwargs):
        raise ReportError("El PDF no pudo imprimir todas las notas al pie (1 de 2).")

    monkeypatch.setattr(pdf, "lay_out", refuse)
    response = user_client.get(reverse("reports:download", args=[YEAR, "pdf"]))
    assert response.status_code == 422
    assert "no pudo imprimir todas las notas" in response.content.decode()
