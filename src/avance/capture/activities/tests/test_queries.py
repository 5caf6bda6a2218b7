import pytest

from avance.capture.activities.queries import activities_for, editable_by
from tests.builders.world import build_world


@pytest.fixture
def world(db):
    return build_world()


def _titles(queryset):
    return sorted(queryset.values_list("title", flat=True))


ALL = [
    "Actividad de la unidad B",
    "Actividad enviada",
    "Capacitación de la unidad A",
    "Informe de la Instancia B",
    "Informe de la Secretaría A",
]


@pytest.mark.parametrize("role", ["administrator", "analyst", "reviewer", "signatory"])
def test_activities_for_institute_roles_is_everything(world, role):
    assert _titles(activities_for(world.users[role])) == ALL


def test_activities_for_liaison_is_its_organizations_only(world):
    assert _titles(activities_for(world.users["liaison"])) == ["Informe de la Secretaría A"]
    assert _titles(activities_for(world.users["other_liaison"])) == ["Informe de la Instancia B"]


def test_activities_for_user_without_role_is_empty(world):
    assert _titles(activities_for(world.users["no_role"])) == []


def test_activities_for_anonymous_is_empty(world):
    from django.contrib.auth.models import AnonymousUser

    assert _titles(activities_for(AnonymousUser())) == []


def test_activities_for_inactive_user_is_empty(world):
    user = world.users["reviewer"]
    user.is_active = False
    assert _titles(activities_for(user)) == []


def test_editable_by_analyst_is_its_units_only(world):
    assert _titles(editable_by(world.users["analyst"])) == [
        "Actividad enviada",
        "Capacitación de la unidad A",
    ]
    assert _titles(editable_by(world.users["reviewer"])) == []


def test_analyst_may_change_own_unit_but_not_another(world):
    analyst = world.users["analyst"]
    assert analyst.has_perm("activities.change_activity", world.unit_activity) is True
    assert analyst.has_perm("activities.change_activity", world.other_unit_activity) is False
    assert analyst.has_perm("activities.view_activity", world.other_unit_activity) is True


def test_submitted_activity_is_not_editable(world):
    assert (
        world.users["analyst"].has_perm("activities.change_activity", world.submitted_activity)
        is False
    )


def test_scope_is_read_in_one_query_per_user_object(world, django_assert_num_queries):
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.get(pk=world.users["analyst"].pk)
    with django_assert_num_queries(1):
        for _ in range(5):
            user.has_perm("activities.change_activity", world.unit_activity)
            user.has_perm("activities.view_activity")
