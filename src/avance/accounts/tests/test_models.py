import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError

from avance.accounts.models import Membership
from tests.builders.world import build_world, make_user


@pytest.fixture
def world(db):
    return build_world()


def test_analyst_membership_without_unit_is_refused_by_the_database(world):
    user = make_user("sin_unidad")
    with pytest.raises(IntegrityError):
        Membership.objects.create(user=user, role="analyst")


def test_membership_clean_rejects_scope_of_another_role(world):
    membership = Membership(user=world.users["reviewer"], role="reviewer", unit=world.unit)
    with pytest.raises(ValidationError) as error:
        membership.full_clean()
    assert list(error.value.message_dict) == ["unit"]


def test_user_with_two_roles_has_both_scopes(world):
    user = make_user(
        "doble",
        {"role": "analyst", "unit": world.unit},
        {"role": "liaison", "organization": world.agency},
    )
    assert user.has_perm("activities.change_activity", world.unit_activity) is True
    assert user.has_perm("activities.change_activity", world.agency_activity) is True
    assert user.has_perm("activities.change_activity", world.other_unit_activity) is False
