"""The back office keeps the catalogs: every registered page opens, and what must stay
read-only (shipped keys, INEGI catalog, review status, history) cannot be written there."""

from __future__ import annotations

import pytest
from django.apps import apps
from django.contrib import admin
from django.urls import reverse

from avance.capture.activities.models import Activity, Figure, Measure, ReviewStatus
from avance.catalogs.territory.models import CatalogVersion, Municipality, State
from avance.catalogs.territory.services import BUNDLED_CATALOG, BUNDLED_VERSION, load_municipalities
from avance.demo import year2023
from avance.demo.loader import load_year

CATALOG_APPS = ("territory", "directory", "planning", "bodies", "activities")
READ_ONLY_CATALOGS = (Municipality, CatalogVersion)


def registered(app_label: str) -> list:
    return [m for m in admin.site._registry if m._meta.app_label == app_label]


@pytest.fixture
def demo(db):
    load_municipalities(BUNDLED_CATALOG, version_date=BUNDLED_VERSION)
    load_year(year2023)


@pytest.fixture
def staff(admin_client):
    return admin_client


@pytest.mark.parametrize("app_label", CATALOG_APPS)
def test_admin_registers_each_catalog(app_label):
    names = {m.__name__ for m in registered(app_label) if not m.__name__.startswith("Historical")}
    expected = {
        "territory": {"State", "Municipality", "CatalogVersion"},
        "directory": {"Organization", "Unit"},
        "planning": {"StrategicObjective", "BudgetProgram"},
        "bodies": {"Body", "Session"},
        "activities": {"Activity", "Measure"},
    }[app_label]
    assert expected <= names


def _pages(model):
    base = f"admin:{model._meta.app_label}_{model._meta.model_name}"
    obj = model.objects.order_by("pk").first()
    pages = [reverse(f"{base}_changelist")]
    if obj is not None:
        pages.append(reverse(f"{base}_change", args=[obj.pk]))
    return pages


@pytest.mark.parametrize("app_label", CATALOG_APPS)
def test_admin_pages_open_for_an_administrator(demo, staff, app_label):
    statuses = {}
    for model in registered(app_label):
        for url in _pages(model):
            statuses[url] = staff.get(url).status_code
    assert statuses
    assert set(statuses.values()) == {200}


@pytest.mark.parametrize("model", READ_ONLY_CATALOGS)
def test_admin_inegi_catalog_is_view_only(demo, staff, model):
    base = f"admin:{model._meta.app_label}_{model._meta.model_name}"
    obj = model.objects.first()
    assert staff.get(reverse(f"{base}_add")).status_code == 403
    assert staff.post(reverse(f"{base}_change", args=[obj.pk]), {}).status_code == 403
    assert staff.post(reverse(f"{base}_delete", args=[obj.pk])).status_code == 403


def test_admin_state_keys_cannot_change(db, staff):
    url = reverse("admin:territory_state_change", args=["09"])
    data = {
        "code": "99",
        "name": "Otro",
        "curp_code": "XX",
        "common_name": "CDMX",
        "abbreviation": "CDMX",
    }
    assert staff.post(url, data).status_code == 302
    state = State.objects.get(pk="09")
    assert (state.name, state.curp_code, state.common_name) == ("Ciudad de México", "DF", "CDMX")
    assert staff.get(reverse("admin:territory_state_add")).status_code == 403


def test_admin_history_is_read_only(rf, admin_user):
    historical = [m for m in apps.get_models() if m.__name__.startswith("Historical")]
    assert historical, "django-simple-history keeps the activities' history"
    request = rf.get("/")
    request.user = admin_user
    writable = [
        m.__name__
        for m in historical
        if admin.site.is_registered(m)
        and any(
            (
                admin.site._registry[m].has_add_permission(request),
                admin.site._registry[m].has_change_permission(request),
                admin.site._registry[m].has_delete_permission(request),
            )
        )
    ]
    assert writable == []


def _inline_management(prefix: str, total: int = 0) -> dict[str, str]:
    return {
        f"{prefix}-TOTAL_FORMS": str(total),
        f"{prefix}-INITIAL_FORMS": "0",
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }


def _activity_form(objective_pk: int, **extra) -> dict[str, str]:
    data = {
        "year": "2024",
        "kind": "event",
        "title": "Actividad capturada en la administración",
        "objective": str(objective_pk),
        "position": "1",
        "narrative": "Se capacitó a {{ capacitadas.mujeres }} mujeres.",
        "status": ReviewStatus.VALIDATED,  # ignored: the status is not a form field
    }
    for prefix in ("partners", "figures", "footnotes", "evidence"):
        data.update(_inline_management(prefix))
    data.update(extra)
    return data


def test_admin_activity_with_entered_figure_records_who(demo, staff, admin_user):
    objective = Activity.objects.filter(year=2023).first().objective
    measure = Measure.objects.get(code="personas_capacitadas")
    data = _activity_form(
        objective.pk,
        **{
            **_inline_management("figures", 1),
            "figures-0-name": "capacitadas",
            "figures-0-measure": str(measure.pk),
            "figures-0-source": "entered",
            "figures-0-binding": "",
            "figures-0-binding_params": "{}",
            "figures-0-women": "10",
            "figures-0-men": "5",
            "figures-0-total": "15",
        },
    )
    response = staff.post(reverse("admin:activities_activity_add"), data)
    assert response.status_code == 302
    activity = Activity.objects.get(year=2024)
    assert (activity.status, activity.created_by) == (ReviewStatus.DRAFT, admin_user)
    figure = Figure.objects.get(activity=activity)
    assert (figure.total, figure.women, figure.men, figure.entered_by) == (15, 10, 5, admin_user)


def test_admin_figure_parts_must_match_total(demo, staff):
    objective = Activity.objects.filter(year=2023).first().objective
    measure = Measure.objects.get(code="personas_capacitadas")
    data = _activity_form(
        objective.pk,
        **{
            **_inline_management("figures", 1),
            "figures-0-name": "capacitadas",
            "figures-0-measure": str(measure.pk),
            "figures-0-source": "entered",
            "figures-0-binding_params": "{}",
            "figures-0-women": "10",
            "figures-0-men": "5",
            "figures-0-total": "16",
        },
    )
    response = staff.post(reverse("admin:activities_activity_add"), data)
    assert response.status_code == 200
    assert "no coincide con el total" in response.content.decode()
    assert Activity.objects.filter(year=2024).count() == 0


def test_admin_figure_without_measure_is_a_form_error(demo, staff):
    objective = Activity.objects.filter(year=2023).first().objective
    data = _activity_form(
        objective.pk,
        **{
            **_inline_management("figures", 1),
            "figures-0-name": "capacitadas",
            "figures-0-measure": "",
            "figures-0-source": "entered",
            "figures-0-binding_params": "{}",
            "figures-0-total": "3",
        },
    )
    response = staff.post(reverse("admin:activities_activity_add"), data)
    assert response.status_code == 200
    assert Activity.objects.filter(year=2024).count() == 0


def test_admin_activity_status_is_read_only(demo, staff):
    activity = Activity.objects.filter(year=2023).first()
    response = staff.get(reverse("admin:activities_activity_change", args=[activity.pk]))
    assert 'name="status"' not in response.content.decode()
