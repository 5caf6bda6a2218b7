"""Accessibility, keyboard use and Content-Security-Policy of the main pages, in Chromium.

Every main page is opened by the role that uses it, signed in through the login form, on
the 2023 demonstration year. axe-core (bundled with axe-playwright-python, no network) runs on
each; a violation of impact «serious» or «critical» fails the test and is printed rule by
rule with the offending elements. The same pages must log no console error about the
Content-Security-Policy (which forbids inline script and style).

Pages of other issues (the report preview, the rosters) are checked once their URL exists;
until then their cases skip with that reason.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.urls import Resolver404, resolve

from avance.capture.activities.models import Activity, ActivityKind
from tests.browser.browser_checks import (
    ConsoleWatch,
    DemoSite,
    axe_violations,
    describe_violations,
    serious_violations,
)

# django_db: a transaction per test (rolled back) over the module's demonstration data.
pytestmark = [pytest.mark.e2e, pytest.mark.django_db]


@dataclass(frozen=True)
class PageCase:
    name: str
    user: str | None  # demonstration account, None: anonymous
    url: Callable[[DemoSite], str]
    prepare: Callable | None = None  # (page, site) → None, after the page loads
    optional: bool = False  # belongs to another issue: skipped while its URL does not exist
    status: int = 200


def _type_narrative(page, site: DemoSite) -> None:
    """Write in the narrative editor and wait for the live preview (figures and a warning)."""
    narrative = page.get_by_label(re.compile("^Redacción"))
    narrative.fill("")
    narrative.press_sequentially(
        "Se capacitó a {{ asistentes.mujeres }} mujeres; faltan {{ inexistente.total }}."
    )
    page.locator("#vista-previa .warning").wait_for()


def _filtered_list(site: DemoSite) -> str:
    objective = site.figures_activity.objective_id
    return site.path("activities:list") + f"?year=2023&objective={objective}&kind=training&q=a"


def _edition(site: DemoSite, rest: str) -> str:
    return f"{site.url}/informes/ediciones/{site.edition_pk}/{rest}"


PAGES = [
    PageCase("login", None, lambda s: s.path("accounts:login")),
    PageCase("published", None, lambda s: s.path("published:list")),
    PageCase("open-data-empty", None, lambda s: s.path("open_data:index")),
    PageCase("home-analyst", "analista", lambda s: s.path("core:home")),
    PageCase("home-reviewer", "revisora", lambda s: s.path("core:home")),
    PageCase("home-liaison", "enlace_federal", lambda s: s.path("core:home")),
    PageCase("home-signatory", "elaboro", lambda s: s.path("core:home")),
    PageCase("activity-list", "analista", lambda s: s.path("activities:list")),
    PageCase("activity-list-filtered", "analista", _filtered_list),
    PageCase("activity-list-page-2", "revisora", lambda s: s.path("activities:list") + "?pagina=2"),
    PageCase(
        "activity-detail",
        "analista",
        lambda s: s.path("activities:detail", s.figures_activity.pk),
    ),
    PageCase(
        "activity-detail-returned",
        "analista",
        lambda s: s.path("activities:detail", s.returned_activity.pk),
    ),
    PageCase(
        "activity-review",
        "revisora",
        lambda s: s.path("activities:detail", s.submitted_activity.pk),
    ),
    PageCase(
        "activity-create",
        "analista",
        lambda s: s.path("activities:create"),
        prepare=_type_narrative,
    ),
    PageCase(
        "activity-edit",
        "analista",
        lambda s: s.path("activities:edit", s.returned_activity.pk),
        prepare=lambda page, site: page.locator("#vista-previa .preview-body").wait_for(
            state="attached"
        ),
    ),
    PageCase(
        "activity-edit-liaison",
        "enlace_federal",
        lambda s: s.path("activities:create"),
    ),
    PageCase(
        "activity-history",
        "analista",
        lambda s: s.path("activities:history", s.returned_activity.pk),
    ),
    PageCase("report-preview", "elaboro", lambda s: s.url + "/informes/2023/", optional=True),
    PageCase("report-trace", "revisora", lambda s: s.url + "/informes/2023/rastro/", optional=True),
    PageCase("editions", "revisora", lambda s: s.url + "/informes/ediciones/", optional=True),
    PageCase("edition", "revisora", lambda s: _edition(s, ""), optional=True),
    PageCase("edition-compose", "revisora", lambda s: _edition(s, "componer/"), optional=True),
    PageCase("edition-preview", "elaboro", lambda s: _edition(s, "vista-previa/"), optional=True),
    PageCase("edition-sign", "elaboro", lambda s: _edition(s, "firmar/"), optional=True),
    PageCase("rosters", "analista", lambda s: s.url + "/padrones/", optional=True),
    PageCase("roster-create", "analista", lambda s: s.url + "/padrones/nuevo/", optional=True),
    PageCase("setup", "admin", lambda s: s.path("setup:index")),
    PageCase("setup-profile", "admin", lambda s: s.path("setup:profile")),
    PageCase("setup-agreements", "admin", lambda s: s.path("setup:list", "acuerdos")),
    PageCase("setup-new-body", "admin", lambda s: s.path("setup:create", "organos")),
    PageCase("setup-people", "admin", lambda s: s.path("setup:people")),
    PageCase("not-found", "analista", lambda s: s.url + "/no-existe/", status=404),
]


def _open(page_as, site: DemoSite, case: PageCase):
    """Open the case's page as its user; returns (page, console watch)."""
    if case.optional:
        path = case.url(site).removeprefix(site.url)
        try:
            resolve(path)
        except Resolver404:
            pytest.skip(f"{path} does not exist yet (another issue's page)")
    page = page_as(case.user)
    watch = ConsoleWatch(page)
    response = page.goto(case.url(site))
    assert response is not None
    assert response.status == case.status, f"{case.name}: HTTP {response.status}"
    if case.prepare:
        case.prepare(page, site)
    return page, watch


@pytest.mark.parametrize("case", PAGES, ids=[c.name for c in PAGES])
def test_page_keeps_to_the_csp_and_has_no_serious_accessibility_violation(page_as, demo_site, case):
    page, watch = _open(page_as, demo_site, case)
    # Content-Security-Policy: sent, and nothing on the page is refused by it.
    policy = page.evaluate(
        "async () => (await fetch(location.href)).headers.get('content-security-policy')"
    )
    assert "script-src 'self'" in policy and "style-src 'self'" in policy
    assert watch.csp_errors == [], f"{case.name}: refused by the CSP: {watch.csp_errors}"
    # A page answered with another status than 200 (the 404 page) logs that status itself.
    errors = [e for e in watch.errors if f"status of {case.status} " not in e]
    assert errors == [], f"{case.name}: console errors: {errors}"
    # Spanish page with a plain-text title, and axe-core finds nothing serious or critical.
    assert page.locator("html").get_attribute("lang") == "es-mx"
    title = page.title()
    assert title.endswith(" · Avance") and "<" not in title and "\n" not in title, title
    violations = axe_violations(page)
    if os.environ.get("AVANCE_AXE_ALL"):
        print(f"\n== {case.name}\n{describe_violations(violations)}")
    serious = serious_violations(violations)
    assert serious == [], f"{case.name}: axe-core found\n{describe_violations(serious)}"


def test_open_data_with_the_demonstration_rosters_published(page_as, demo_site):
    """The open-data page with tables: a synthetic roster on the activity with figures and the
    2023 edition signed, for the time of the check."""
    from avance.capture.people.importing import import_roster
    from avance.capture.people.models import Roster
    from avance.documents.reports.models import Edition
    from tests.builders.rosters import csv_bytes, people

    roster = Roster.objects.create(
        name="Curso de prueba", kind="training", year=2023, activity=demo_site.figures_activity
    )
    import_roster(roster=roster, data=csv_bytes(people(40, seed=3)), file_name="prueba.csv")
    editions = Edition.objects.filter(pk=demo_site.edition_pk)
    status = editions.get().status
    editions.update(status="signed")
    try:
        case = PageCase("open-data", None, lambda s: s.path("open_data:index"))
        test_page_keeps_to_the_csp_and_has_no_serious_accessibility_violation(
            page_as, demo_site, case
        )
        page = page_as(None)
        page.goto(demo_site.path("open_data:index"))
        assert page.locator("section.padron-publicado table").count() == 4
    finally:
        editions.update(status=status)
        roster.delete()


def test_axe_reports_an_unlabelled_field(page_as, demo_site):
    """The check above can fail: a field without a label is a critical violation."""
    page = page_as(None)
    page.goto(demo_site.path("accounts:login"))
    page.evaluate("() => document.querySelector('label[for=id_username]').remove()")
    serious = serious_violations(axe_violations(page))
    assert [(v["id"], v["impact"]) for v in serious] == [("label", "critical")]
    assert serious[0]["nodes"][0]["target"] == ["#id_username"]


def test_console_watch_sees_a_blocked_inline_script(page_as, demo_site):
    """The check above can fail: an inline script added to a page is refused and reported."""
    page = page_as(None)
    watch = ConsoleWatch(page)
    page.goto(demo_site.path("accounts:login"))
    page.evaluate(
        """() => { const s = document.createElement('script');
                   s.textContent = 'window.inlineRan = true'; document.body.append(s); }"""
    )
    page.wait_for_function("() => true")
    assert page.evaluate("() => window.inlineRan === true") is False
    assert len(watch.csp_errors) == 1


def test_edit_page_live_preview_shows_the_saved_figures(page_as, demo_site):
    page = page_as("analista")
    page.goto(demo_site.path("activities:edit", demo_site.returned_activity.pk))
    page.locator("#vista-previa .preview-body").wait_for(state="attached")
    assert page.locator("#vista-previa mark.figure").all_inner_texts() == ["1,234", "567"]
    assert page.locator("#vista-previa .warning").count() == 0


# --- keyboard ------------------------------------------------------------------------------


def _focused(page) -> dict:
    return page.evaluate(
        """() => { const e = document.activeElement; const s = getComputedStyle(e);
                   const r = e.getBoundingClientRect();
                   return {tag: e.tagName.toLowerCase(), id: e.id, name: e.name || '',
                           type: e.type || '', text: (e.innerText || '').trim(),
                           outline: s.outlineStyle, outlineWidth: parseFloat(s.outlineWidth),
                           visible: r.width > 0 && r.height > 0 && r.bottom > 0
                                    && r.right > 0 && r.left < innerWidth
                                    && r.top < innerHeight}; }"""
    )


def _assert_focus_visible(state: dict) -> None:
    assert state["visible"], f"focused element off screen: {state}"
    assert state["outline"] != "none" and state["outlineWidth"] >= 2, f"no focus ring: {state}"


def test_skip_link_is_the_first_stop_visible_and_moves_focus_to_main(page_as, demo_site):
    page = page_as("analista")
    page.goto(demo_site.path("activities:list"))
    page.keyboard.press("Tab")
    state = _focused(page)
    assert (state["tag"], state["text"]) == ("a", "Saltar al contenido")
    _assert_focus_visible(state)
    page.keyboard.press("Enter")
    assert page.evaluate("() => document.activeElement.id") == "contenido"
    page.keyboard.press("Tab")  # the next stop is inside the main content, not the menu
    assert page.evaluate("() => document.activeElement.closest('main') !== null") is True


TAB_LIMIT = 400


def test_activity_form_can_be_filled_and_saved_with_the_keyboard_only(page_as, demo_site):
    """Tab through the editor, type into the required fields, save with Enter.

    Every stop must show a focus ring; selects are chosen with the arrow keys.
    """
    page = page_as("analista")
    page.goto(demo_site.path("activities:create"))
    page.locator("#vista-previa .preview-body").wait_for(state="attached")  # script ran
    title = "Taller de accesibilidad capturado con el teclado"
    typed = {
        "year": "2023",
        "title": title,
        "narrative": "Asistieron {{ asistentes.mujeres }} mujeres.",
        "figures-0-name": "asistentes",
        "figures-0-women": "12",
    }
    arrowed = {"kind", "objective", "unit", "figures-0-measure"}  # first real option: one ArrowDown
    seen: list[str] = []
    for _press in range(TAB_LIMIT):
        page.keyboard.press("Tab")
        state = _focused(page)
        _assert_focus_visible(state)
        name = state["name"]
        seen.append(name or state["text"])
        if name in typed:
            page.keyboard.press("ControlOrMeta+a")
            page.keyboard.type(typed.pop(name))
        elif name in arrowed and page.evaluate("() => document.activeElement.value") == "":
            page.keyboard.press("ArrowDown")
            arrowed.discard(name)
        elif state["tag"] == "button" and state["text"] == "Guardar":
            assert typed == {}, f"not reached before Guardar: {typed}"
            page.keyboard.press("Enter")
            break
    else:
        pytest.fail(f"Guardar not reached in {TAB_LIMIT} Tab presses; stops: {seen}")
    page.wait_for_url(re.compile(r"/actividades/\d+/$"))
    activity = Activity.objects.get(title=title)
    first_kind = ActivityKind.values[0]  # one ArrowDown from the empty choice
    assert (activity.year, activity.kind, activity.status) == (2023, first_kind, "draft")
    assert activity.objective is not None
    assert [(f.name, f.women) for f in activity.figures.all()] == [("asistentes", 12)]
    assert page.get_by_role("heading", level=1).inner_text() == title
