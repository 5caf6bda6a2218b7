"""Edition pages: permissions on every view, composition forms, signing, frozen downloads."""

from __future__ import annotations

import io
import re

from django.urls import reverse
from django.utils.html import strip_tags
from docx import Document as read_docx
from pypdf import PdfReader

from avance.documents.reports import services
from avance.documents.reports.models import EditionItem, EditionStatus, Signature

NOTICE = "Vista previa sin firmar"


def login(client, user):
    client.force_login(user)
    return client


def shown_digest(page) -> str:
    """The content hash the sign page shows."""
    return re.search(r'<code class="hash" id="huella">([^<]*)</code>', page.content.decode())[1]


def posted_digest(page) -> str:
    """The content hash the sign page's form posts."""
    return re.search(r'name="content_sha256" value="([^"]*)"', page.content.decode())[1]


def sign_through_pages(client, ew, role):
    login(client, ew.signers[role])
    page = client.get(reverse("reports:edition_sign", args=[ew.edition.pk]))
    assert page.status_code == 200
    digest = posted_digest(page)
    response = client.post(
        reverse("reports:edition_sign", args=[ew.edition.pk]),
        {"content_sha256": digest, "confirm": "1"},
    )
    assert response.status_code == 302
    return digest


def sign_all(client, ew):
    return [sign_through_pages(client, ew, role) for role in ("elaboro", "reviso", "autorizo")]


def markdown_of(edition) -> str:
    from avance.documents.reports.renderers import render

    return render(services.build_document(edition), "md")[2].decode("utf-8")


def pdf_text(data: bytes) -> str:
    return " ".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def docx_text(data: bytes) -> str:
    return "\n".join(p.text for p in read_docx(io.BytesIO(data)).paragraphs)


# --- permissions (the matrix of every URL is tests/test_permissions.py) ---------------


def test_signatories_of_later_roles_are_told_their_turn_has_not_come(client, ew):
    detail = reverse("reports:edition", args=[ew.edition.pk])
    sign = reverse("reports:edition_sign", args=[ew.edition.pk])
    for role in ("reviso", "autorizo"):
        login(client, ew.signers[role])
        response = client.get(sign)
        assert (response.status_code, response.url) == (302, detail)
    sign_through_pages(client, ew, "elaboro")
    login(client, ew.signers["autorizo"])
    response = client.get(sign, follow=True)
    assert response.redirect_chain == [(detail, 302)]
    assert "Aún no es su turno: antes firma Revisó" in response.content.decode()
    login(client, ew.signers["reviso"])
    assert client.get(sign).status_code == 200


def test_post_by_the_wrong_signatory_signs_nothing(client, ew):
    login(client, ew.signers["reviso"])
    response = client.post(
        reverse("reports:edition_sign", args=[ew.edition.pk]),
        {"content_sha256": services.content_hash(edition=ew.edition), "confirm": "1"},
    )
    assert response.status_code == 302
    assert Signature.objects.count() == 0


def test_compose_is_refused_once_the_edition_is_in_signature(client, ew):
    sign_through_pages(client, ew, "elaboro")
    login(client, ew.users["administrator"])
    url = reverse("reports:edition_compose", args=[ew.edition.pk])
    response = client.post(url, {"action": "inclusion"})
    assert response.status_code == 302
    assert list(EditionItem.objects.filter(included=False)) == []


def test_unknown_edition_answers_404(client, ew):
    login(client, ew.users["administrator"])
    assert client.get(reverse("reports:edition", args=[ew.edition.pk + 100])).status_code == 404


# --- composition pages ---------------------------------------------------------------------


def test_compose_page_lists_items_by_objective_with_move_buttons(client, ew):
    login(client, ew.users["reviewer"])
    response = client.get(reverse("reports:edition_compose", args=[ew.edition.pk]))
    html = response.content.decode()
    groups = [
        (
            int(number),
            [
                EditionItem.objects.get(pk=pk).activity_id
                for pk in re.findall(r'<li id="elemento-(\d+)"', items)
            ],
        )
        for number, items in re.findall(
            r"<legend>➤ (\d+)\..*?</legend>(.*?)</fieldset>", html, re.S
        )
    ]
    assert groups == [
        (1, [ew.first.pk, ew.second.pk]),
        (2, [ew.third.pk]),
    ]
    assert html.count('form="mover"') == 6
    assert 'name="included"' in html


def test_compose_page_posts_exclusion_move_and_introduction(client, ew):
    login(client, ew.users["administrator"])
    url = reverse("reports:edition_compose", args=[ew.edition.pk])
    keep = EditionItem.objects.exclude(activity=ew.second).values_list("pk", flat=True)
    client.post(url, {"action": "inclusion", "included": [str(pk) for pk in keep]})
    third = EditionItem.objects.get(activity=ew.second)
    assert third.included is False
    second_item = EditionItem.objects.get(activity=ew.second)
    response = client.post(url, {"action": "move", "up": str(second_item.pk)})
    assert response.url == f"{url}#elemento-{second_item.pk}"
    client.post(url, {"action": "introduction", "introduction": "Año {{ ejercicio }}."})
    preview = client.get(reverse("reports:edition_preview", args=[ew.edition.pk]))
    text = preview.content.decode()
    assert '<p class="introduccion">Año <span class="cifra"' in text
    ew.edition.refresh_from_db()
    assert "Año 2023." in markdown_of(ew.edition)
    assert "Se reunió la red" not in text
    document = services.build_document(ew.edition)
    assert [b.activity_id for b in document.sections[0].bullets] == [ew.first.pk]


def test_compose_page_keeps_items_whose_ids_pass_a_thousand(client, ew):
    # Ids are written as the form posts them back (1234), never as numbers (1,234).
    item = EditionItem.objects.get(activity=ew.second)
    EditionItem.objects.filter(pk=item.pk).update(id=1234)
    login(client, ew.users["administrator"])
    url = reverse("reports:edition_compose", args=[ew.edition.pk])
    page = client.get(url).content.decode()
    assert 'id="elemento-1234"' in page
    shown = re.findall(r'name="included" value="([^"]+)"', page)
    assert "1234" in shown
    client.post(url, {"action": "inclusion", "included": shown})
    assert EditionItem.objects.get(pk=1234).included is True
    response = client.post(url, {"action": "move", "up": "1234"})
    assert response.url == f"{url}#elemento-1234"


def test_compose_refresh_adds_newly_validated_activities(client, ew):
    from tests.builders.editions_world import validated

    late = validated(ew.world, "Nueva actividad validada", "Texto nuevo.")
    login(client, ew.users["administrator"])
    url = reverse("reports:edition_compose", args=[ew.edition.pk])
    page = client.get(url).content.decode()
    assert "Hay 1 actividad validada que aún no está en la composición." in page
    client.post(url, {"action": "refresh"})
    assert EditionItem.objects.filter(edition=ew.edition, activity=late).exists()


def test_open_edition_page_opens_the_next_number_after_signing(client, ew):
    sign_all(client, ew)
    login(client, ew.users["reviewer"])
    response = client.post(reverse("reports:edition_open"), {"year": "2023"})
    following = ew.edition.__class__.objects.get(year=2023, number=2)
    assert response.url == reverse("reports:edition_compose", args=[following.pk])


# --- previews ------------------------------------------------------------------------------


def test_unsigned_preview_says_so_in_html_pdf_and_docx(client, ew):
    login(client, ew.users["analyst"])
    page = client.get(reverse("reports:edition_preview", args=[ew.edition.pk])).content.decode()
    assert NOTICE in page
    assert "Se capacitó a" in page
    pdf = client.get(reverse("reports:edition_preview_file", args=[ew.edition.pk, "pdf"]))
    assert NOTICE.upper() in pdf_text(pdf.content).upper()
    docx = client.get(reverse("reports:edition_preview_file", args=[ew.edition.pk, "docx"]))
    assert NOTICE.upper() in docx_text(docx.content).upper()
    html = client.get(reverse("reports:edition_preview_file", args=[ew.edition.pk, "html"]))
    assert NOTICE in html.content.decode()


def test_preview_in_signature_is_frozen_and_still_marked_unsigned(client, ew):
    sign_through_pages(client, ew, "elaboro")
    ew.first.figures.update(total=999, women=900)
    login(client, ew.users["analyst"])
    page = client.get(reverse("reports:edition_preview", args=[ew.edition.pk])).content.decode()
    assert NOTICE in page
    assert "Se capacitó a 250 personas" in strip_tags(page)
    pdf = client.get(reverse("reports:edition_preview_file", args=[ew.edition.pk, "pdf"]))
    text = pdf_text(pdf.content)
    assert NOTICE.upper() in text.upper()
    assert "250" in text


def test_signed_preview_has_no_unsigned_notice(client, ew):
    sign_all(client, ew)
    login(client, ew.users["analyst"])
    page = client.get(reverse("reports:edition_preview", args=[ew.edition.pk])).content.decode()
    assert NOTICE not in page
    download = client.get(reverse("reports:edition_download", args=[ew.edition.pk, "pdf"]))
    assert NOTICE.upper() not in pdf_text(download.content).upper()


# --- signing and downloads -----------------------------------------------------------------


def test_sign_page_shows_the_hash_that_is_recorded(client, ew):
    login(client, ew.signers["elaboro"])
    page = client.get(reverse("reports:edition_sign", args=[ew.edition.pk]))
    digest = shown_digest(page)
    assert re.fullmatch(r"[0-9a-f]{64}", digest)
    assert posted_digest(page) == digest
    hashes = sign_all(client, ew)
    assert hashes == [digest, digest, digest]
    assert list(Signature.objects.values_list("content_sha256", flat=True)) == [digest] * 3
    ew.edition.refresh_from_db()
    assert ew.edition.status == EditionStatus.SIGNED


def test_sign_without_confirmation_does_not_sign(client, ew):
    login(client, ew.signers["elaboro"])
    client.post(
        reverse("reports:edition_sign", args=[ew.edition.pk]),
        {"content_sha256": services.content_hash(edition=ew.edition)},
    )
    assert Signature.objects.count() == 0


def test_signed_downloads_are_byte_identical_after_a_figure_changes(client, ew):
    sign_all(client, ew)
    login(client, ew.users["reviewer"])
    before = {}
    for fmt in services.DOWNLOAD_FORMATS:
        response = client.get(reverse("reports:edition_download", args=[ew.edition.pk, fmt]))
        assert response.status_code == 200
        before[fmt] = response.content
    assert "250" in pdf_text(before["pdf"])
    ew.first.figures.update(total=777, women=700, men=77)
    ew.first.title = "Título cambiado"
    ew.first.narrative = "Otra redacción: {{ capacitadas.total }}."
    ew.first.save()
    after = {
        fmt: client.get(reverse("reports:edition_download", args=[ew.edition.pk, fmt])).content
        for fmt in services.DOWNLOAD_FORMATS
    }
    assert after == before
    assert "777" in pdf_text(_live_pdf(ew))  # the records did change


def _live_pdf(ew) -> bytes:
    from avance.documents.reports.renderers import render

    return render(services.build_document(ew.edition), "pdf")[2]


def test_download_headers_carry_the_stored_hash(client, ew):
    sign_all(client, ew)
    login(client, ew.users["reviewer"])
    response = client.get(reverse("reports:edition_download", args=[ew.edition.pk, "docx"]))
    ew.edition.refresh_from_db()
    stored = services.signed_file(edition=ew.edition, fmt="docx")
    assert response["X-Content-SHA256"] == stored.sha256
    assert response["Content-Disposition"] == f'attachment; filename="{stored.filename}"'


def test_detail_page_lists_signatures_and_downloads_once_signed(client, ew):
    sign_all(client, ew)
    login(client, ew.users["analyst"])
    response = client.get(reverse("reports:edition", args=[ew.edition.pk]))
    html = response.content.decode()
    link = re.escape(reverse("reports:edition_download", args=[ew.edition.pk, "FORMAT"]))
    link = link.replace("FORMAT", r"(\w+)")
    formats = re.findall(f'<a href="{link}" download>', html)
    assert formats == ["pdf", "docx", "md", "html"]
    assert html.count(ew.edition.frozen.content_sha256) == 4  # the edition and 3 signatures
    assert "C.P. Elabora Prueba" in html


# --- published editions (public) -----------------------------------------------------------


def test_published_page_lists_only_signed_editions_to_anyone(client, ew):
    url = reverse("published:list")
    empty = client.get(url)
    assert empty.status_code == 200
    assert "Aún no hay informes firmados" in empty.content.decode()
    sign_all(client, ew)
    client.logout()
    page = client.get(url).content.decode()
    ew.edition.refresh_from_db()
    for fmt in ("pdf", "docx", "md"):
        assert reverse("published:download", args=[ew.edition.pk, fmt]) in page
        assert services.signed_file(edition=ew.edition, fmt=fmt).sha256 in page
    assert reverse("published:download", args=[ew.edition.pk, "html"]) not in page


def test_published_download_is_the_signed_file_byte_for_byte_without_login(client, ew):
    sign_all(client, ew)
    login(client, ew.users["reviewer"])
    inside = client.get(reverse("reports:edition_download", args=[ew.edition.pk, "pdf"]))
    client.logout()
    outside = client.get(reverse("published:download", args=[ew.edition.pk, "pdf"]))
    assert outside.status_code == 200
    assert outside.content == inside.content
    assert outside["X-Content-SHA256"] == inside["X-Content-SHA256"]
    assert outside["Content-Disposition"].startswith("attachment;")
    # The HTML edition links to internal records: not published; unknown formats neither.
    for fmt in ("html", "fragment", "preview-pdf", "xlsx"):
        url = reverse("published:download", args=[ew.edition.pk, fmt])
        assert client.get(url).status_code == 404


def test_unsigned_edition_is_not_published(client, ew):
    url = reverse("published:download", args=[ew.edition.pk, "pdf"])
    assert client.get(url).status_code == 404  # draft
    sign_through_pages(client, ew, "elaboro")  # frozen, in signature, not signed
    client.logout()
    assert client.get(url).status_code == 404
    assert client.post(reverse("published:list")).status_code == 405


# --- what printing meets, said while composing, never a server error at signing ----------------


def _break_docx(monkeypatch):
    from avance.documents.reports import renderers

    def fail(document, **options):
        raise RuntimeError("python-docx")

    monkeypatch.setattr(renderers.EXPORTERS["docx"], "content", fail)


def test_a_format_that_cannot_be_generated_is_shown_while_composing_and_blocks_the_sign_form(
    client, ew, monkeypatch
):
    _break_docx(monkeypatch)
    login(client, ew.users["analyst"])
    preview = client.get(reverse("reports:edition_preview", args=[ew.edition.pk]))
    text = strip_tags(preview.content.decode())
    assert "La edición no se puede imprimir así" in text
    assert "No se pudo generar el archivo DOCX de la edición" in text
    login(client, ew.signers["elaboro"])
    page = client.get(reverse("reports:edition_sign", args=[ew.edition.pk]))
    body = page.content.decode()
    assert "No se pudo generar el archivo DOCX" in body
    assert 'name="confirm"' not in body


def test_a_signature_whose_files_cannot_be_generated_answers_a_message_not_a_500(
    client, ew, monkeypatch
):
    login(client, ew.signers["elaboro"])
    digest = posted_digest(client.get(reverse("reports:edition_sign", args=[ew.edition.pk])))
    _break_docx(monkeypatch)
    response = client.post(
        reverse("reports:edition_sign", args=[ew.edition.pk]),
        {"content_sha256": digest, "confirm": "1"},
        follow=True,
    )
    assert response.status_code == 200
    assert "No se pudo generar el archivo DOCX de la edición y no se firmó nada" in strip_tags(
        response.content.decode()
    )
    ew.edition.refresh_from_db()
    assert (ew.edition.status, Signature.objects.count()) == (EditionStatus.DRAFT, 0)


def test_a_live_preview_file_that_cannot_be_generated_is_explained(client, ew, monkeypatch):
    from avance.documents.reports.document import ReportError
    from avance.documents.reports.renderers import pdf

    def refuse(*args, **kwargs):
        raise ReportError("El PDF no pudo imprimir la nota 1/ (objetivo 1).")

    monkeypatch.setattr(pdf, "lay_out", refuse)
    login(client, ew.users["analyst"])
    response = client.get(
        reverse("reports:edition_preview_file", args=[ew.edition.pk, "pdf"]), follow=True
    )
    assert response.status_code == 200
    assert "El PDF no pudo imprimir la nota 1/" in response.content.decode()


def test_preview_of_a_usual_draft_has_no_print_notice(client, ew):
    login(client, ew.users["analyst"])
    body = client.get(reverse("reports:edition_preview", args=[ew.edition.pk])).content.decode()
    assert "Cómo se imprime" not in body and "no se puede imprimir así" not in body
