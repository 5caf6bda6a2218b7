"""Correcting validated work: a request with a reason, decided by another reviewer; reopening
sends the activity back to draft (reviewed again), refusing keeps it validated; every step is
in the review record and the activity's history."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from avance.capture.activities.models import Activity, ReopeningRequest, ReviewComment
from avance.review import services
from tests.builders import pages
from tests.builders.world import build_world, make_user


@pytest.fixture
def world(db):
    world = build_world()
    services.submit_activity(activity=world.unit_activity, user=world.users["analyst"])
    services.validate_activity(activity=world.unit_activity, user=world.users["reviewer"])
    world.second_reviewer = make_user(
        "revisora_dos", {"role": "reviewer", "institution": world.institute}
    )
    return world


def _status(activity):
    return Activity.objects.values_list("status", flat=True).get(pk=activity.pk)


def _actions(activity):
    return list(
        ReviewComment.objects.filter(activity=activity).values_list(
            "action", "from_status", "to_status"
        )
    )


def test_a_request_keeps_the_activity_validated_until_a_reviewer_reopens_it(world):
    activity, analyst = world.unit_activity, world.users["analyst"]
    request = services.request_reopening(
        activity=activity, user=analyst, reason="Falta una entidad federativa."
    )
    assert (request.status, request.requested_by) == ("pending", analyst)
    assert _status(activity) == "validated"

    step = services.reopen_activity(
        activity=activity, user=world.users["reviewer"], comment="Adelante."
    )
    assert (step.from_status, step.to_status) == ("validated", "draft")
    assert _status(activity) == "draft"
    request.refresh_from_db()
    assert (request.status, request.decided_by, request.answer) == (
        "reopened",
        world.users["reviewer"],
        "Adelante.",
    )
    assert _actions(activity)[-2:] == [
        ("reopen_asked", "validated", "validated"),
        ("reopened", "validated", "draft"),
    ]
    # The state change is in the activity's history, with who made it.
    latest = Activity.history.filter(id=activity.pk).latest("history_date")
    assert (latest.status, latest.history_user) == ("draft", world.users["reviewer"])
    # Back in the authors' hands: corrected, submitted and validated again.
    services.submit_activity(activity=activity, user=analyst)
    services.validate_activity(activity=activity, user=world.second_reviewer)
    assert _status(activity) == "validated"


def test_a_refusal_needs_a_reason_and_keeps_the_activity_validated(world):
    activity = world.unit_activity
    services.request_reopening(activity=activity, user=world.users["analyst"], reason="Cambio.")
    with pytest.raises(ValidationError):
        services.refuse_reopening(activity=activity, user=world.users["reviewer"], comment=" ")
    services.refuse_reopening(
        activity=activity, user=world.users["reviewer"], comment="Ya se informó así."
    )
    assert _status(activity) == "validated"
    assert ReopeningRequest.objects.get().status == "refused"
    # Another request may follow once the first is decided.
    services.request_reopening(activity=activity, user=world.users["analyst"], reason="Otro.")
    assert ReopeningRequest.objects.filter(status="pending").count() == 1


def test_whoever_asked_never_decides(world):
    activity, reviewer = world.unit_activity, world.users["reviewer"]
    services.request_reopening(activity=activity, user=reviewer, reason="Corregir la fecha.")
    with pytest.raises(services.OwnWorkError):
        services.reopen_activity(activity=activity, user=reviewer)
    assert _status(activity) == "validated"
    services.reopen_activity(activity=activity, user=world.second_reviewer)
    assert _status(activity) == "draft"


def test_one_pending_request_at_a_time_and_only_on_validated_work(world):
    activity = world.unit_activity
    services.request_reopening(activity=activity, user=world.users["analyst"], reason="Uno.")
    with pytest.raises(ValidationError):
        services.request_reopening(activity=activity, user=world.users["analyst"], reason="Dos.")
    with pytest.raises(ValidationError):
        services.request_reopening(
            activity=world.submitted_activity, user=world.users["analyst"], reason="Tres."
        )
    with pytest.raises(ValidationError):
        services.request_reopening(activity=activity, user=world.users["analyst"], reason="")
    with pytest.raises(services.TransitionError):
        services.reopen_activity(activity=world.submitted_activity, user=world.users["reviewer"])
    assert ReopeningRequest.objects.count() == 1


def test_who_may_ask_and_who_may_decide(world):
    activity = world.unit_activity
    for role in ("liaison", "signatory", "no_role"):
        with pytest.raises(PermissionDenied):
            services.request_reopening(activity=activity, user=world.users[role], reason="X.")
    # Any analyst of the institution may ask, not only the unit's: asking changes nothing.
    services.request_reopening(activity=activity, user=world.users["other_analyst"], reason="X.")
    for role in ("analyst", "administrator", "signatory"):
        with pytest.raises(PermissionDenied):
            services.reopen_activity(activity=activity, user=world.users[role])
    assert _status(activity) == "validated"


def test_the_pages_ask_decide_and_tell(client, world):
    activity = world.unit_activity
    detail = reverse("activities:detail", args=[activity.pk])
    client.force_login(world.users["analyst"])
    assert "Pedir reapertura" in pages.html(client.get(detail))
    response = client.post(
        reverse("activities:request_reopening", args=[activity.pk]), {"comment": ""}, follow=True
    )
    assert "Escriba qué debe corregirse y por qué." in pages.html(response)
    client.post(
        reverse("activities:request_reopening", args=[activity.pk]),
        {"comment": "Falta el municipio."},
    )
    page = pages.html(client.get(detail))
    assert "Falta el municipio." in page and "Reabrir (vuelve a borrador)" not in page

    client.force_login(world.users["reviewer"])
    home = pages.html(client.get(reverse("core:home")))
    assert "Solicitudes de reapertura" in home and activity.title in home
    response = client.post(
        reverse("activities:refuse_reopening", args=[activity.pk]), {"comment": ""}, follow=True
    )
    assert "Escriba por qué no se reabre." in pages.html(response)
    response = client.post(reverse("activities:reopen", args=[activity.pk]), follow=True)
    assert "La actividad volvió a borrador para corregirla." in pages.html(response)
    assert _status(activity) == "draft"
