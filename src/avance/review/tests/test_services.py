import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from avance.capture.activities.models import Activity, ReviewComment
from avance.review import services
from tests.builders.world import build_world


@pytest.fixture
def world(db):
    return build_world()


def _status(activity):
    return Activity.objects.values_list("status", flat=True).get(pk=activity.pk)


def test_submit_activity_moves_draft_to_submitted_and_records_step(world):
    analyst = world.users["analyst"]
    step = services.submit_activity(activity=world.unit_activity, user=analyst)
    assert _status(world.unit_activity) == "submitted"
    assert (step.action, step.from_status, step.to_status, step.author) == (
        "submitted",
        "draft",
        "submitted",
        analyst,
    )


def test_submit_activity_refuses_another_units_analyst(world):
    with pytest.raises(PermissionDenied):
        services.submit_activity(activity=world.unit_activity, user=world.users["other_analyst"])
    assert _status(world.unit_activity) == "draft"


def test_submit_activity_refuses_an_already_submitted_activity(world):
    with pytest.raises(services.TransitionError):
        services.submit_activity(activity=world.submitted_activity, user=world.users["analyst"])


def test_validate_activity_by_reviewer(world):
    services.validate_activity(
        activity=world.submitted_activity, user=world.users["reviewer"], comment="Correcta."
    )
    assert _status(world.submitted_activity) == "validated"
    assert ReviewComment.objects.get(activity=world.submitted_activity).comment == "Correcta."


def test_validate_activity_refuses_analyst(world):
    with pytest.raises(PermissionDenied):
        services.validate_activity(activity=world.submitted_activity, user=world.users["analyst"])
    assert _status(world.submitted_activity) == "submitted"


def test_validate_activity_refuses_a_draft(world):
    with pytest.raises(services.TransitionError):
        services.validate_activity(activity=world.unit_activity, user=world.users["reviewer"])


def test_send_back_activity_requires_a_comment(world):
    with pytest.raises(ValidationError):
        services.send_back_activity(
            activity=world.submitted_activity, user=world.users["reviewer"], comment="  "
        )
    assert _status(world.submitted_activity) == "submitted"


def test_review_cycle_send_back_correct_resubmit_validate(world):
    activity = world.unit_activity
    analyst, reviewer = world.users["analyst"], world.users["reviewer"]
    services.submit_activity(activity=activity, user=analyst)
    services.send_back_activity(activity=activity, user=reviewer, comment="Falta la fuente.")
    assert _status(activity) == "returned"
    services.submit_activity(activity=activity, user=analyst)
    services.validate_activity(activity=activity, user=reviewer)
    steps = ReviewComment.objects.filter(activity=activity).order_by("id")
    assert [(s.action, s.author.username) for s in steps] == [
        ("submitted", "analista_a"),
        ("returned", "revisora"),
        ("submitted", "analista_a"),
        ("validated", "revisora"),
    ]
    assert [s.comment for s in steps] == ["", "Falta la fuente.", "", ""]


def test_transitions_record_who_in_the_history(world):
    services.validate_activity(activity=world.submitted_activity, user=world.users["reviewer"])
    record = world.submitted_activity.history.order_by("-history_id").first()
    assert (record.status, record.history_user, record.history_change_reason) == (
        "validated",
        world.users["reviewer"],
        "Validación",
    )


def test_status_is_not_a_form_field():
    from avance.web.activities.forms import ActivityForm

    assert "status" not in ActivityForm.base_fields
    assert Activity._meta.get_field("status").editable is False
