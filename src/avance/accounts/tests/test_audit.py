import pytest
from django.contrib import admin
from django.test import RequestFactory

from avance.capture.activities.models import Activity, Figure, Footnote, Partner

HISTORICAL = [m.history.model for m in (Activity, Figure, Footnote, Partner)]


@pytest.mark.parametrize("model", HISTORICAL, ids=lambda m: m.__name__)
def test_audit_trail_is_read_only_in_the_admin(admin_user, model):
    model_admin = admin.site._registry[model]
    request = RequestFactory().get("/admin/")
    request.user = admin_user
    assert (
        model_admin.has_view_permission(request),
        model_admin.has_add_permission(request),
        model_admin.has_change_permission(request),
        model_admin.has_delete_permission(request),
    ) == (True, False, False, False)


def test_no_admin_edits_the_audit_trail():
    for model, model_admin in admin.site._registry.items():
        if model.__name__.startswith("Historical"):
            assert model_admin.has_add_permission(None) is False, model.__name__


@pytest.mark.django_db
def test_audit_trail_change_page_refuses_posts(admin_client):
    from tests.builders.world import build_world

    world = build_world()
    record = Activity.history.filter(id=world.unit_activity.pk).first()
    opts = record._meta
    url = f"/admin/{opts.app_label}/{opts.model_name}/{record.pk}/change/"
    response = admin_client.post(url, {"title": "reescrito"})
    assert response.status_code == 403
    record.refresh_from_db()
    assert record.title == "Capacitación de la unidad A"
