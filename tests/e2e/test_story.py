"""The whole story in a browser: capture, review, composition, signatures, a frozen PDF.

An analyst creates an activity with figures and submits it; a reviewer sends it back; the
analyst corrects it and submits it again; the reviewer validates it and adds it to the
year's edition; the three signatories sign in order; the downloaded PDF holds the activity's
figure, and a later change to the activity leaves the signed PDF byte for byte the same.
axe-core (bundled with axe-playwright-python, injected from a local file: no network) runs on
every page of the story and fails on serious or critical violations.

Debian's Chromium (root ``conftest.py``), pytest-django's ``live_server``. With
``AVANCE_SCREENSHOTS=DIR`` the main pages are also saved as PNG files into DIR (this is how
the edition pages of ``docs/screenshots/`` are made; see its README).
"""

from __future__ import annotations

import io
import os
import re
from pathlib import Path

import pytest
from django.urls import reverse
from pypdf import PdfReader

from avance.capture.activities.models import Activity, Figure
from avance.documents.reports import services
from avance.documents.reports.models import EditionStatus, Signature
from tests.builders.editions_world import build_edition_world
from tests.builders.world import PASSWORD

# A live server needs a transactional test, which ends by emptying every table. The rows
# that migrations load (states, measures) are serialized at set-up (serialized_rollback) and
# put back when this module ends, for the tests that run after it: pytest-django runs tests
# with module-scoped data (no django_db marker) after the transactional ones.
pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture(scope="module", autouse=True)
def _restore_migration_rows(django_db_setup, django_db_blocker):
    yield
    from django.db import connection

    contents = getattr(connection, "_test_serialized_contents", None)
    if contents:
        with django_db_blocker.unblock():
            connection.creation.deserialize_db_from_string(contents)


VIEWPORT = {"width": 1280, "height": 900}
TITLE = "Taller de liderazgo político para mujeres"
FAILING_IMPACTS = ("serious", "critical")
SHOTS = os.environ.get("AVANCE_SCREENSHOTS", "")
_axe = None
CHECKED: list[str] = []  # pages axe-core ran on


def axe_problems(page) -> list[str]:
    """Serious and critical axe-core violations of the current page, one line each."""
    global _axe
    if _axe is None:
        from axe_playwright_python.sync_playwright import Axe

        _axe = Axe()
    violations = _axe.run(page).response["violations"]
    return [
        f"{page.url}: [{v['impact']}] {v['id']}: {v['help']} — "
        + "; ".join(" ".join(map(str, n["target"])) for n in v["nodes"])
        for v in violations
        if v["impact"] in FAILING_IMPACTS
    ]


class Visit:
    """Pages opened as one user; every page gets an axe check (and, if asked, a screenshot)."""

    def __init__(
        self, browser, server_url: str, username: str, problems: list[str], password=PASSWORD
    ):
        self.context = browser.new_context(viewport=VIEWPORT, locale="es-MX", accept_downloads=True)
        self.page = self.context.new_page()
        self.url = server_url
        self.problems = problems
        self.page.goto(self.url + reverse("accounts:login"))
        self.page.get_by_label("Usuario").fill(username)
        self.page.get_by_label("Contraseña").fill(password)
        self.page.get_by_role("button", name="Entrar").click()
        self.page.wait_for_url(re.compile(re.escape(self.url) + r"/$"))

    def go(self, name: str, *args) -> None:
        self.page.goto(self.url + reverse(name, args=args))
        self.check()

    def check(self, screenshot: str = "") -> None:
        self.page.wait_for_load_state()
        self.problems.extend(axe_problems(self.page))
        CHECKED.append(self.page.url)
        if SHOTS and screenshot:
            Path(SHOTS).mkdir(parents=True, exist_ok=True)
            self.page.screenshot(path=str(Path(SHOTS) / f"{screenshot}.png"), full_page=True)

    def close(self) -> None:
        self.context.close()


def press(page, name: str) -> None:
    """Click a submit button and wait for the page the server answers with."""
    with page.expect_navigation():
        page.get_by_role("button", name=name).click()


def follow(page, name: str) -> None:
    """Follow a link and wait for the page it leads to."""
    with page.expect_navigation():
        page.get_by_role("link", name=name, exact=True).click()


def download(page, link_text: str) -> bytes:
    with page.expect_download() as info:
        page.get_by_role("link", name=link_text).click()
    return Path(info.value.path()).read_bytes()


def pdf_text(data: bytes) -> str:
    return " ".join(p.extract_text() for p in PdfReader(io.BytesIO(data)).pages)


def test_capture_review_compose_sign_and_freeze(browser, live_server):
    ew = build_edition_world()
    services.refresh_items(edition=ew.edition)  # composed as opened, before the new activity
    problems: list[str] = []

    # 1. The analyst captures an activity with a figure and sends it to review.
    analyst = Visit(browser, live_server.url, "analista_a", problems)
    analyst.check()
    analyst.go("activities:list")
    analyst.check()
    analyst.go("activities:create")
    page = analyst.page
    page.locator("#id_year").fill("2023")
    page.locator("#id_kind").select_option("training")
    page.locator("#id_title").fill(TITLE)
    page.locator("#id_objective").select_option(str(ew.world.objective.pk))
    page.locator("#id_unit").select_option(str(ew.world.unit.pk))
    page.locator("#id_narrative").fill(
        "El taller reunió a {{ asistentes.mujeres }} mujeres y {{ asistentes.hombres }} hombres."
    )
    page.locator("#id_figures-0-name").fill("asistentes")
    page.locator("#id_figures-0-measure").select_option(str(ew.world.measure.pk))
    page.locator("#id_figures-0-total").fill("1801")
    page.locator("#id_figures-0-women").fill("1234")
    page.locator("#id_figures-0-men").fill("567")
    analyst.check()
    page.get_by_role("button", name="Guardar").click()
    page.wait_for_url(re.compile(r"/actividades/\d+/$"))
    activity = Activity.objects.get(title=TITLE)
    press(page, "Enviar a revisión")
    activity.refresh_from_db()
    assert activity.status == "submitted"

    # 2. The reviewer sends it back with a comment.
    reviewer = Visit(browser, live_server.url, "revisora", problems)
    reviewer.go("activities:detail", activity.pk)
    reviewer.check()
    # By its form: the validate and send-back forms both name their field «comment».
    reviewer.page.locator("form[action$='/devolver/'] textarea").fill(
        "El total no coincide con la lista de asistencia: son 568 hombres."
    )
    press(reviewer.page, "Devolver con observaciones")
    activity.refresh_from_db()
    assert activity.status == "returned"

    # 3. The analyst corrects the figure and submits again.
    analyst.go("activities:edit", activity.pk)
    analyst.page.locator("#id_figures-0-total").fill("1802")
    analyst.page.locator("#id_figures-0-men").fill("568")
    analyst.page.get_by_role("button", name="Guardar").click()
    analyst.page.wait_for_url(re.compile(rf"/actividades/{activity.pk}/$"))
    press(analyst.page, "Enviar a revisión")
    activity.refresh_from_db()
    assert activity.status == "submitted"
    assert list(Figure.objects.filter(activity=activity).values_list("women", "men")) == [
        (1234, 568)
    ]

    # 4. The reviewer validates it and adds it to the edition, first under its objective.
    reviewer.go("activities:detail", activity.pk)
    press(reviewer.page, "Validar")
    activity.refresh_from_db()
    assert activity.status == "validated"
    reviewer.go("reports:editions")
    follow(reviewer.page, "Cuenta Pública: Introducción")
    follow(reviewer.page, "Componer")
    reviewer.check()
    press(reviewer.page, "Agregarlas al final")
    for _step in range(2):  # below the two activities already under objective 1
        press(reviewer.page, f"Subir: {TITLE}")
    reviewer.check("edition-compose")
    labels = reviewer.page.locator("fieldset").first.locator("li label").all_inner_texts()
    assert labels[0] == TITLE
    reviewer.go("reports:edition_preview", ew.edition.pk)
    assert reviewer.page.get_by_text("Vista previa sin firmar").first.is_visible()
    assert "1,234" in reviewer.page.locator(".document-preview").inner_text()
    reviewer.check("edition-preview")

    # 5. The three signatories sign in order, each confirming the hash shown.
    shown = []
    for username in ("firmante", "firmante_reviso", "firmante_autorizo"):
        signer = Visit(browser, live_server.url, username, problems)
        signer.go("reports:edition", ew.edition.pk)
        follow(signer.page, "Firmar")
        signer.check("edition-sign" if username == "firmante" else "")
        shown.append(signer.page.locator("#huella").inner_text())
        signer.page.get_by_label(re.compile("Confirmo que firmo")).check()
        press(signer.page, "Firmar")
        signer.close()
    ew.edition.refresh_from_db()
    assert ew.edition.status == EditionStatus.SIGNED
    recorded = list(Signature.objects.order_by("signed_at").values_list("role", "content_sha256"))
    assert recorded == [("elaboro", shown[0]), ("reviso", shown[0]), ("autorizo", shown[0])]
    assert shown == [shown[0]] * 3

    # 6. The signed PDF holds the figure; a later change to the activity does not alter it.
    reviewer.go("reports:edition", ew.edition.pk)
    reviewer.check("edition-signed")
    pdf_name = "cuenta-publica-2023-introduccion.pdf"
    signed_pdf = download(reviewer.page, pdf_name)
    text = pdf_text(signed_pdf)
    assert "1,234 mujeres y 568 hombres" in text
    Figure.objects.filter(activity=activity).update(total=2000, women=1432, men=568)
    reviewer.go("reports:preview", 2023)  # the live report shows the change …
    assert "1,432" in reviewer.page.locator("main").inner_text()
    reviewer.go("reports:edition", ew.edition.pk)
    assert download(reviewer.page, pdf_name) == signed_pdf  # … the signed edition does not
    analyst.close()
    reviewer.close()
    assert len(CHECKED) >= 15
    assert problems == []
