"""Four eyes: whoever submitted an activity or changed it last never validates it."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from avance.accounts.models import Membership, Role
from avance.capture.activities.models import Activity
from avance.review import services
from tests.builders.world import build_world, make_user


@pytest.fixture
def world(db):
    return build_world()


def _status(activity):
    return Activity.objects.values_list("status", flat=True).get(pk=activity.pk)


def _analyst_and_reviewer(world):
    user = make_user(
        "doble_papel",
        {"role": Role.ANALYST, "unit": world.unit},
        {"role": Role.REVIEWER},
    )
    return user


def test_analyst_who_is_also_reviewer_cannot_validate_what_they_submitted(world):
    both = _analyst_and_reviewer(world)
    services.submit_activity(activity=world.unit_activity, user=both)
    assert Activity.objects.get(pk=world.unit_activity.pk).submitted_by == both
    with pytest.raises(services.OwnWorkError, match="debe validarla otra persona"):
        services.validate_activity(activity=world.unit_activity, user=both)
    assert _status(world.unit_activity) == "submitted"
    services.validate_activity(activity=world.unit_activity, user=world.users["reviewer"])
    assert _status(world.unit_activity) == "validated"


def test_superuser_cannot_validate_what_they_submitted_or_changed_last(world):
    root = get_user_model().objects.create_superuser("raiz", password="una-clave-larga-1")
    services.submit_activity(activity=world.unit_activity, user=root)
    with pytest.raises(services.OwnWorkError):
        services.validate_activity(activity=world.unit_activity, user=root)
    Activity.objects.filter(pk=world.submitted_activity.pk).update(changed_by=root)
    with pytest.raises(services.OwnWorkError):
        services.validate_activity(activity=world.submitted_activity, user=root)
    assert _status(world.unit_activity) == _status(world.submitted_activity) == "submitted"


def test_a_reviewer_who_changed_the_activity_last_cannot_validate_it(world):
    reviewer = world.users["reviewer"]
    Activity.objects.filter(pk=world.submitted_activity.pk).update(changed_by=reviewer)
    with pytest.raises(services.OwnWorkError):
        services.validate_activity(activity=world.submitted_activity, user=reviewer)
    # Sending back is not validating: the reviewer may still return it with a comment.
    services.send_back_activity(
        activity=world.submitted_activity, user=reviewer, comment="Revise la cifra."
    )
    assert _status(world.submitted_activity) == "returned"


def test_the_editor_records_who_changed_the_activity(client, world):
    from avance.web.tests.test_activities import _payload

    analyst = world.users["analyst"]
    client.force_login(analyst)
    response = client.post(
        reverse("activities:edit", args=[world.unit_activity.pk]),
        _payload(world, title="Título corregido", **{"figures-0-name": "asistentes"}),
    )
    assert response.status_code == 302
    assert Activity.objects.get(pk=world.unit_activity.pk).changed_by == analyst


def test_detail_page_offers_no_validation_to_whoever_submitted(client, world):
    both = _analyst_and_reviewer(world)
    services.submit_activity(activity=world.unit_activity, user=both)
    client.force_login(both)
    page = client.get(reverse("activities:detail", args=[world.unit_activity.pk]))
    html = page.content.decode()
    assert reverse("activities:validate", args=[world.unit_activity.pk]) not in html
    assert "debe validarla otra persona" in html
    # Sending the form anyway changes nothing and says why.
    response = client.post(
        reverse("activities:validate", args=[world.unit_activity.pk]), follow=True
    )
    assert "debe validarla otra persona" in response.content.decode()
    assert _status(world.unit_activity) == "submitted"
    # Another reviewer sees the form.
    client.force_login(world.users["reviewer"])
    html = client.get(reverse("activities:detail", args=[world.unit_activity.pk])).content
    assert reverse("activities:validate", args=[world.unit_activity.pk]).encode() in html


def test_membership_roles_alone_do_not_bypass_four_eyes(world):
    reviewer = world.users["reviewer"]
    Membership.objects.create(user=reviewer, role=Role.ADMINISTRATOR)
    services.submit_activity(activity=world.unit_activity, user=reviewer)
    with pytest.raises(services.OwnWorkError):
        services.validate_activity(activity=world.unit_activity, user=reviewer)
