"""What the browser tests share: the demo site, signing in, axe-core, CSP messages.

The data is the 2023 demonstration year (``avance.demo``) with its demonstration accounts
(one per role, demo mode only), plus a little work in progress in the analyst's unit so that
the pages of pending work, review and history have something to show.

The fixtures (``conftest.py``) load it once per test module and serve it on a live server.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.urls import reverse

from avance.capture.activities.models import Activity, Figure, Footnote, Measure
from avance.catalogs.planning.models import StrategicObjective
from avance.catalogs.territory.models import Municipality
from avance.catalogs.territory.services import BUNDLED_CATALOG, BUNDLED_VERSION, load_municipalities
from avance.demo import year2023
from avance.demo.accounts import DEMO_PASSWORD, create_demo_accounts
from avance.demo.loader import ensure_demo_admin, load_year
from avance.documents.reports.models import Edition
from avance.review.services import send_back_activity, submit_activity

VIEWPORT = {"width": 1280, "height": 900}
# The demo activity whose figures the reference report prints (81,961 women trained).
FIGURES_TITLE = "Capacitación y certificación de personas servidoras públicas"


@dataclass
class DemoSite:
    url: str
    figures_activity: Activity  # demo, validated, with figures
    returned_activity: Activity  # analyst's unit, sent back with a comment, edited before
    submitted_activity: Activity  # analyst's unit, waiting for the reviewer
    edition_pk: int  # the demo's draft edition of the 2023 report

    def path(self, name: str, *args) -> str:
        return self.url + reverse(name, args=args)


def _work_in_progress() -> tuple[Activity, Activity]:
    """Drafts of the analyst's unit: one edited, submitted and sent back; one submitted."""
    users = get_user_model().objects
    analyst, reviewer = users.get(username="analista"), users.get(username="revisora")
    unit = analyst.memberships.get().unit
    objective = StrategicObjective.objects.order_by("number").first()
    measure = Measure.objects.get(code="personas_capacitadas")

    def draft(title: str, women: int, men: int) -> Activity:
        activity = Activity(
            year=2023,
            kind="training",
            title=title,
            objective=objective,
            unit=unit,
            narrative=(
                "La unidad impartió el taller a {{ asistentes.mujeres }} mujeres y "
                "{{ asistentes.hombres }} hombres.[^fuente]"
            ),
        )
        activity._history_user = analyst
        activity.save()
        Figure.objects.create(
            activity=activity,
            name="asistentes",
            measure=measure,
            women=women,
            men=men,
            total=women + men,
        )
        Footnote.objects.create(activity=activity, key="fuente", text="Listas de asistencia.")
        return activity

    returned = draft("Taller de presupuestos con perspectiva de género", 1234, 567)
    returned.title = "Taller de presupuestos públicos con perspectiva de género"
    returned._history_user = analyst
    returned._change_reason = "Corrección del título"
    returned.save()
    submit_activity(activity=returned, user=analyst)
    send_back_activity(
        activity=returned, user=reviewer, comment="Falta la fecha de inicio del taller."
    )
    submitted = draft("Curso de lenguaje incluyente para personal de la unidad", 48, 31)
    submit_activity(activity=submitted, user=analyst)
    draft("Jornada de sensibilización sobre cuidados", 20, 15)  # stays a draft
    returned.refresh_from_db()
    submitted.refresh_from_db()
    return returned, submitted


def build_demo_site(url: str) -> DemoSite:
    """Load the 2023 demonstration year, its accounts and some work in progress.

    Needs ``settings.DEMO_MODE`` on (the demonstration accounts are refused otherwise).
    """
    if not Municipality.objects.exists():
        load_municipalities(BUNDLED_CATALOG, version_date=BUNDLED_VERSION)
    load_year(year2023)
    ensure_demo_admin()
    create_demo_accounts()
    returned, submitted = _work_in_progress()
    return DemoSite(
        url=url,
        figures_activity=Activity.objects.get(year=2023, title=FIGURES_TITLE),
        returned_activity=returned,
        submitted_activity=submitted,
        edition_pk=Edition.objects.get(year=2023).pk,
    )


def log_in(page, site: DemoSite, username: str) -> None:
    """Sign in through the login form, as a person would."""
    page.goto(site.path("accounts:login"))
    page.get_by_label("Usuario").fill(username)
    page.get_by_label("Contraseña").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Entrar").click()
    page.wait_for_url(re.compile(re.escape(site.url) + r"/$"))


# --- axe-core ---------------------------------------------------------------------------

FAILING_IMPACTS = ("serious", "critical")
_axe = None


def axe_violations(page) -> list[dict]:
    """Run axe-core (bundled with axe-playwright-python: no network) on the current page."""
    global _axe
    if _axe is None:
        from axe_playwright_python.sync_playwright import Axe

        _axe = Axe()
    return _axe.run(page).response["violations"]


def describe_violations(violations: list[dict]) -> str:
    """One readable paragraph per rule: impact, rule, help, and each offending element."""
    lines = []
    for v in violations:
        lines.append(f"[{v['impact']}] {v['id']}: {v['help']} ({v['helpUrl']})")
        for node in v["nodes"]:
            target = " ".join(str(t) for t in node["target"])
            summary = (node.get("failureSummary") or "").replace("\n", " / ")
            lines.append(f"    {target}\n        {node['html'][:200]}\n        {summary}")
    return "\n".join(lines)


def serious_violations(violations: list[dict]) -> list[dict]:
    return [v for v in violations if v["impact"] in FAILING_IMPACTS]


# --- Content-Security-Policy --------------------------------------------------------------

CSP_MARKERS = ("Content Security Policy", "Content-Security-Policy")


class ConsoleWatch:
    """Collects the page's console errors and uncaught exceptions from the moment it is made."""

    def __init__(self, page):
        self.errors: list[str] = []
        page.on("console", self._console)
        page.on("pageerror", lambda error: self.errors.append(f"pageerror: {error}"))

    def _console(self, message) -> None:
        if message.type == "error":
            self.errors.append(message.text)

    @property
    def csp_errors(self) -> list[str]:
        return [e for e in self.errors if any(m in e for m in CSP_MARKERS)]
