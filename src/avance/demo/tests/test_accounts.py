import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import override_settings

from avance.accounts.models import Membership
from avance.demo.accounts import (
    DEMO_ACCOUNTS,
    NETWORK_ACCOUNTS,
    DemoModeRequired,
    create_demo_accounts,
)


@pytest.mark.django_db
@override_settings(DEMO_MODE=False)
def test_create_demo_accounts_is_refused_outside_demo_mode():
    with pytest.raises(DemoModeRequired):
        create_demo_accounts()
    assert get_user_model().objects.count() == 0


@pytest.mark.django_db
@override_settings(DEMO_MODE=False)
def test_demo_load_outside_demo_mode_creates_no_account():
    call_command("demo", "load")
    assert get_user_model().objects.count() == 0


@pytest.mark.django_db
@override_settings(DEMO_MODE=True)
def test_demo_load_in_demo_mode_creates_one_account_per_role():
    call_command("demo", "load")
    users = get_user_model().objects.order_by("username")
    assert sorted(u.username for u in users) == sorted(
        ["admin", *(entry[0] for entry in DEMO_ACCOUNTS), *(e[0] for e in NETWORK_ACCOUNTS)]
    )
    national = Membership.objects.filter(institution__kind="national")
    roles = set(national.values_list("role", flat=True))
    assert roles == {"analyst", "reviewer", "signatory", "liaison"}
    # The network: every role of every level has an account.
    by_kind = {
        kind: set(Membership.objects.filter(institution__kind=kind).values_list("role", flat=True))
        for kind in ("imef", "imm")
    }
    assert by_kind == {
        "imef": {"admin", "analyst", "reviewer", "signatory"},
        "imm": {"admin", "analyst", "signatory"},
    }
    liaisons = Membership.objects.filter(role="liaison").select_related("organization")
    assert sorted(m.organization.kind for m in liaisons) == ["federal_agency", "imef"]


@pytest.mark.django_db
@override_settings(DEMO_MODE=True)
def test_demo_signatories_match_the_demo_edition():
    from avance.documents.reports.models import Signatory

    call_command("demo", "load")
    for signatory in Signatory.objects.select_related("user", "edition"):
        assert signatory.user is not None
        institution = signatory.edition.institution_id
        if signatory.edition.institution.kind == "national":
            assert signatory.user.username == signatory.role
        assert signatory.user.get_full_name() == signatory.name
        membership = Membership.objects.get(
            user=signatory.user, institution=institution, role="signatory"
        )
        assert (membership.signs_as, membership.post) == (signatory.role, signatory.post)


@pytest.mark.django_db
@override_settings(DEMO_MODE=True)
def test_demo_accounts_can_log_in(client):
    call_command("demo", "load")
    response = client.post("/cuenta/entrar/", {"username": "revisora", "password": "avance-demo"})
    assert response.status_code == 302
