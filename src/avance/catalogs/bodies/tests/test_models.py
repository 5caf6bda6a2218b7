"""Coordination bodies: numbered sessions are unique per body and kind; unnumbered ones repeat."""

import datetime

import pytest
from django.db import IntegrityError, transaction

from avance.catalogs.bodies.models import Body, Session


@pytest.fixture
def body(db):
    return Body.objects.create(
        name="Sistema Nacional de Prevención, Atención, Sanción y Erradicación de la Violencia "
        "contra las Mujeres",
        acronym="SNPASEVM",
        kind="national_system",
    )


def test_session_number_unique_per_body_and_kind(body):
    Session.objects.create(body=body, kind="ordinary", number=49)
    with pytest.raises(IntegrityError), transaction.atomic():
        Session.objects.create(body=body, kind="ordinary", number=49)
    Session.objects.create(body=body, kind="extraordinary", number=49)
    assert body.sessions.count() == 2


def test_unnumbered_sessions_may_repeat(body):
    for _ in range(3):
        Session.objects.create(body=body, kind="ordinary")
    assert body.sessions.filter(number=None).count() == 3


def test_session_label_names_body_kind_number_and_date(body):
    undated = Session(body=body, kind="ordinary", number=50)
    dated = Session(body=body, kind="extraordinary", number=2, date=datetime.date(2023, 9, 14))
    assert str(undated) == "SNPASEVM ordinaria 50"
    assert str(dated) == "SNPASEVM extraordinaria 2 (2023-09-14)"


def test_body_without_acronym_is_named_in_full(db):
    red = Body.objects.create(name="Red Iberoamericana de Mujeres Mediadoras", kind="network")
    assert str(red) == "Red Iberoamericana de Mujeres Mediadoras"
