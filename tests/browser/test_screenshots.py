"""Screenshots of the main pages for docs/screenshots/ (1280×900 and 390×844, demonstration
data).

Written only when AVANCE_SCREENSHOTS=1 (``scripts/screenshots.py`` sets it), so the normal
suite never rewrites the files; otherwise every case skips with that reason. Pages of other
issues (the report, the rosters) are taken once their URL exists.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from django.urls import Resolver404, resolve

from tests.browser.browser_checks import DemoSite

pytestmark = [pytest.mark.e2e, pytest.mark.screenshots, pytest.mark.django_db]

OUTPUT = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
ENABLED = os.environ.get("AVANCE_SCREENSHOTS") == "1"


def _form_with_preview(page, site: DemoSite) -> None:
    """Capture a figure and a narrative citing it; the live preview prints it formatted."""
    page.locator("#id_title").fill("Capacitación de personas servidoras públicas")
    page.locator("#id_figures-0-name").fill("capacitadas")
    page.locator("#id_figures-0-measure").select_option(label="Personas capacitadas")
    page.locator("#id_figures-0-women").fill("81961")
    page.locator("#id_figures-0-men").fill("65837")
    narrative = page.locator("#id_narrative")
    narrative.fill(
        "Mediante cursos en línea y presenciales, el Instituto capacitó a "
        "{{ capacitadas.mujeres }} mujeres y {{ capacitadas.hombres }} hombres de la APF "
        "({{ capacitadas.total }} en total) y a {{ certificadas.mujeres }} más."
    )
    page.locator("#vista-previa mark.figure", has_text="81,961").wait_for()
    page.evaluate("() => document.querySelector('.preview').scrollIntoView({block: 'end'})")


def _scroll_to(selector: str):
    def prepare(page, site):
        page.evaluate(f"() => document.querySelector({selector!r}).scrollIntoView()")

    return prepare


# name, account, URL, preparation (or None), belongs to another issue
SHOTS = [
    ("login", None, lambda s: s.path("accounts:login"), None, False),
    ("home", "analista", lambda s: s.path("core:home"), None, False),
    ("activity-list", "analista", lambda s: s.path("activities:list"), None, False),
    ("activity-form", "analista", lambda s: s.path("activities:create"), _form_with_preview, False),
    (
        "activity-detail",
        "analista",
        lambda s: s.path("activities:detail", s.figures_activity.pk),
        _scroll_to("#cifras"),
        False,
    ),
    (
        "review",
        "revisora",
        lambda s: s.path("activities:detail", s.submitted_activity.pk),
        None,
        False,
    ),
    (
        "history",
        "analista",
        lambda s: s.path("activities:history", s.returned_activity.pk),
        None,
        False,
    ),
    ("report-preview", "elaboro", lambda s: s.url + "/informes/2023/", None, True),
    ("roster-upload", "analista", lambda s: s.url + "/padrones/", None, True),
    ("setup", "admin", lambda s: s.path("setup:index"), None, False),
]
# The file's prefix by window: a laptop («page-») and a phone («phone-»).
WINDOWS = {"page": None, "phone": {"width": 390, "height": 844}}


@pytest.mark.skipif(not ENABLED, reason="writes docs/screenshots/: set AVANCE_SCREENSHOTS=1")
@pytest.mark.parametrize("window", WINDOWS, ids=list(WINDOWS))
@pytest.mark.parametrize(
    ("name", "user", "url", "prepare", "optional"), SHOTS, ids=[s[0] for s in SHOTS]
)
def test_screenshot(page_as, demo_site, name, user, url, prepare, optional, window):
    address = url(demo_site)
    if optional:
        try:
            resolve(address.removeprefix(demo_site.url))
        except Resolver404:
            pytest.skip(f"{address} does not exist yet (another issue's page)")
    page = page_as(user)
    if WINDOWS[window]:
        page.set_viewport_size(WINDOWS[window])
    response = page.goto(address)
    assert response is not None and response.status == 200
    if prepare:
        prepare(page, demo_site)
    OUTPUT.mkdir(parents=True, exist_ok=True)
    target = OUTPUT / f"{window}-{name}.png"
    page.screenshot(path=str(target))
    assert target.stat().st_size > 10_000
