"""The session, user and scope kept per process (accounts/identity.py): reused only while the
database is unchanged, and never past a logout, a new password, a deactivation, a role
withdrawn or the session's expiry. Transactional: inside a test's transaction nothing is
kept, as in the application."""

from __future__ import annotations

import datetime

import pytest
from django.contrib.sessions.models import Session
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from avance.accounts import identity
from avance.accounts.models import Membership, Role
from avance.accounts.testing import PASSWORD, make_user
from avance.core import stamped_cache
from avance.core.testing import restore_generations

IDENTITY_TABLES = ("django_session", "auth_user", "accounts_membership")


@pytest.fixture
def reviewer(transactional_db):
    restore_generations()  # an earlier transactional test may have emptied every table
    identity.entries.clear()
    stamped_cache.clear()
    user = make_user("revisora_identidad", {"role": Role.REVIEWER})
    client = Client()
    client.force_login(user)
    yield user, client
    identity.entries.clear()


def _get(client, name="activities:list"):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse(name))
    read = [
        table
        for query in queries.captured_queries
        for table in IDENTITY_TABLES
        if f'FROM "{table}"' in query["sql"]
    ]
    return response, read


def _twin(client) -> Client:
    """Another browser holding the same session cookie (a second tab, or a stolen cookie)."""
    twin = Client()
    twin.cookies = client.cookies
    return twin


def test_a_second_request_reads_no_identity_rows(reviewer):
    _user, client = reviewer
    first, read = _get(client)
    assert first.status_code == 200 and read == list(IDENTITY_TABLES)
    again, read = _get(client)
    assert again.status_code == 200 and read == []
    assert again.context["user"].username == "revisora_identidad"
    assert again.context["user"] is not first.context["user"]  # an instance per request


def test_a_logout_elsewhere_ends_the_session_here(reviewer):
    _user, client = reviewer
    twin = _twin(client)
    assert _get(client)[0].status_code == 200  # kept by this process
    assert twin.post(reverse("accounts:logout")).status_code == 302  # the row is deleted
    response, _read = _get(client)
    assert response.status_code == 302 and reverse("accounts:login") in response["Location"]


def test_a_role_withdrawn_applies_on_the_next_request(reviewer):
    user, client = reviewer
    assert _get(client)[0].status_code == 200
    Membership.objects.filter(user=user).delete()
    response, read = _get(client)
    assert "accounts_membership" in read
    assert response.status_code == 403


def test_a_deactivated_user_is_signed_out(reviewer):
    user, client = reviewer
    assert _get(client)[0].status_code == 200
    type(user).objects.filter(pk=user.pk).update(is_active=False)
    assert _get(client)[0].status_code == 302


def test_a_new_password_ends_the_old_sessions(reviewer):
    user, client = reviewer
    assert _get(client)[0].status_code == 200
    user.set_password(PASSWORD + "-nueva")
    user.save()
    assert _get(client)[0].status_code == 302


def test_an_expired_session_is_not_served_from_memory(reviewer, monkeypatch):
    _user, client = reviewer
    assert _get(client)[0].status_code == 200
    assert _get(client)[1] == []  # kept
    expiry = Session.objects.get().expire_date
    later = expiry + datetime.timedelta(seconds=1)
    monkeypatch.setattr(timezone, "now", lambda: later)  # time passes; the data does not change
    assert _get(client)[0].status_code == 302


def test_a_change_to_users_or_sessions_rereads_the_rows(reviewer):
    _user, client = reviewer
    _get(client)
    make_user("otra_persona")  # another user: the group's counter moves (core/models.py)
    assert _get(client)[1] == list(IDENTITY_TABLES)
    assert _get(client)[1] == []


def test_records_saved_by_others_leave_the_rows_kept(reviewer):
    from avance.activities.models import Activity

    _user, client = reviewer
    _get(client)
    Activity.objects.create(year=2023, kind="event", title="Guardada por otra persona")
    response, read = _get(client)
    assert read == [] and "Guardada por otra persona" in response.content.decode()


def test_without_the_counter_the_whole_database_stamp_is_used(reviewer):
    from avance.activities.models import Activity
    from avance.core.models import Generation

    _user, client = reviewer
    Generation.objects.filter(name="identity").delete()  # as after a test database flush
    _get(client)
    assert _get(client)[1] == []  # still kept
    Activity.objects.create(year=2023, kind="event", title="Otra")
    assert _get(client)[1] == list(IDENTITY_TABLES)  # any change now moves the stamp


@pytest.mark.django_db
def test_nothing_is_kept_inside_a_transaction(client):
    identity.entries.clear()
    client.force_login(make_user("en_transaccion", {"role": Role.REVIEWER}))
    for _ in range(2):
        response, read = _get(client)
        assert response.status_code == 200 and read == list(IDENTITY_TABLES)
    assert len(identity.entries) == 0


def test_a_unit_renamed_shows_on_the_next_page(transactional_db):
    """Units are outside the «identity» group: the kept memberships must not carry them."""
    from avance.directory.models import Organization, Unit

    restore_generations()
    identity.entries.clear()
    institute = Organization.objects.create(name="Instituto", kind="institute")
    unit = Unit.objects.create(organization=institute, name="Unidad de Origen", acronym="")
    client = Client()
    client.force_login(make_user("analista_identidad", {"role": Role.ANALYST, "unit": unit}))
    assert "Unidad de Origen" in _get(client, "core:home")[0].content.decode()
    Unit.objects.filter(pk=unit.pk).update(name="Unidad Renombrada")
    response, read = _get(client, "core:home")
    assert read == []  # still kept: the unit is not one of its tables
    assert "Unidad Renombrada" in response.content.decode()
    identity.entries.clear()
