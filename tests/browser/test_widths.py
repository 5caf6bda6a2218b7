"""Every main page fits a phone (390 px) and a laptop (1,280 px): the page itself never
scrolls sideways; a wide table scrolls inside its own box."""

from __future__ import annotations

import pytest

from tests.browser.test_accessibility import PAGES, _open

pytestmark = [pytest.mark.e2e, pytest.mark.django_db]

WIDTHS = {"telefono": (390, 844), "laptop": (1280, 800)}


@pytest.mark.parametrize("width", WIDTHS, ids=list(WIDTHS))
@pytest.mark.parametrize("case", PAGES, ids=[c.name for c in PAGES])
def test_the_page_is_no_wider_than_the_window(page_as, demo_site, case, width):
    page, _watch = _open(page_as, demo_site, case)
    w, h = WIDTHS[width]
    page.set_viewport_size({"width": w, "height": h})
    wide = page.evaluate(
        "() => [document.documentElement.scrollWidth, window.innerWidth,"
        " [...document.querySelectorAll('body *')]"
        "   .filter(e => e.getBoundingClientRect().right > window.innerWidth + 1"
        "     && !e.closest('.table-scroll'))"
        "   .slice(0, 5).map(e => e.tagName + (e.id ? '#' + e.id : '') + '.' + e.className)]"
    )
    scroll_width, inner_width, culprits = wide
    assert scroll_width <= inner_width, f"{case.name} at {w} px: {scroll_width} px {culprits}"


def test_the_check_can_fail(page_as, demo_site):
    page = page_as("analista")
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(demo_site.path("core:home"))
    page.evaluate("() => { document.querySelector('main').style.minWidth = '900px'; }")
    assert page.evaluate("() => document.documentElement.scrollWidth") > 390
