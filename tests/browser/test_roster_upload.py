"""A roster file uploaded from its page in Chromium: the script's path (upload with progress,
then the import's page), and the error shown on the page when the file cannot be read."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.django_db(transaction=False)


@pytest.fixture
def roster(demo_site):
    from avance.accounts.models import Membership
    from avance.capture.people.models import Roster

    unit = Membership.objects.get(user__username="analista").unit  # the roster is its unit's
    roster = Roster.objects.create(
        name="Curso subido en el navegador", kind="training", year=2023, unit=unit
    )
    yield roster
    roster.delete()


def _upload(page, demo_site, roster, name: str, content: bytes):
    page.goto(demo_site.path("people:detail", roster.pk))
    page.set_input_files(
        "#roster-upload input[type=file]",
        files=[{"name": name, "mimeType": "text/csv", "buffer": content}],
    )
    # The upload is held until the page has been looked at: a small file is imported and the
    # page left for the import's before an unheld check could see the progress box.
    action = page.locator("#roster-upload").evaluate("form => form.action")
    held = []
    page.route(action, lambda route: held.append(route))
    with page.expect_response(
        lambda r: (
            r.request.method == "POST"
            and r.request.headers.get("x-requested-with") == "XMLHttpRequest"
        )
    ) as answer:
        page.click("#roster-upload button[type=submit]")
        # While it goes, the progress box is shown and the button cannot be pressed twice.
        expect(page.locator(".upload-progress")).to_be_visible()
        expect(page.locator("#roster-upload button[type=submit]")).to_be_disabled()
        for _ in range(500):  # the route's handler runs while Playwright waits
            if held:
                break
            page.wait_for_timeout(20)
        assert held, "the upload never reached the server"
        held[0].continue_()
    page.unroute(action)
    return answer.value


def test_a_file_uploaded_with_the_script_lands_on_its_import(page_as, demo_site, roster):
    from tests.builders.rosters import csv_bytes, people

    page = page_as("analista")
    rows = people(40, seed=11)
    rows.append(rows[0])  # a repetition, reported on the import's page
    response = _upload(page, demo_site, roster, "curso.csv", csv_bytes(rows))
    assert response.status == 200  # its body, {"redirect": …}, is followed by the script
    page.wait_for_url(re.compile(r"/padrones/importaciones/\d+/$"))
    facts = page.locator("dl.facts").inner_text().split("\n")
    assert facts[:8] == ["Filas", "41", "Importadas", "40", "Rechazadas", "0", "Repetidas", "1"]
    assert "aparece antes en la línea 2" in page.locator("table").inner_text()
    from avance.capture.people.models import Enrollment

    assert Enrollment.objects.filter(roster=roster).count() == 40


def test_a_file_that_cannot_be_read_is_explained_on_the_page(page_as, demo_site, roster):
    page = page_as("analista")
    response = _upload(page, demo_site, roster, "roto.csv", b"\x00\x01\x02 no es un CSV")
    assert response.status != 200
    status = page.locator(".upload-status")
    status.wait_for()
    assert status.inner_text() == (
        "El archivo contiene bytes nulos: no parece un CSV (¿es un archivo binario?)."
    )
    assert page.locator("#roster-upload button[type=submit]").is_enabled()
