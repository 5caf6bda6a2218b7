"""The demonstration captures: every demo account lands on a home page with work to do, and
the public-account report of 2023 is the same with or without them."""

from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import override_settings
from django.urls import reverse

from avance.capture.activities.models import Activity, ReviewComment
from avance.demo.accounts import (
    DEMO_ACCOUNTS,
    DEMO_CAPTURE_PREFIX,
    DEMO_CAPTURES,
    DemoModeRequired,
    create_demo_captures,
    demo_capture_title,
)
from avance.documents.reports.document import build_public_account
from avance.documents.reports.models import Edition
from avance.documents.reports.renderers import render
from tests.builders import pages

pytestmark = pytest.mark.django_db


def _demo_load() -> str:
    out = StringIO()
    call_command("demo", "load", stdout=out)
    return out.getvalue()


def _captures():
    return Activity.objects.filter(title__startswith=DEMO_CAPTURE_PREFIX)


@pytest.fixture
def demo():
    with override_settings(DEMO_MODE=True):
        _demo_load()
        yield


def test_demo_captures_unvalidated_leave_the_public_account_report_unchanged(demo):
    rows = {
        (a.title, a.year, a.status, a.created_by.username)
        for a in _captures().select_related("created_by")
    }
    assert rows == {
        (demo_capture_title(title), 2023, "submitted" if submit else "draft", username)
        for username, _kind, title, _narrative, submit in DEMO_CAPTURES
    }
    steps = ReviewComment.objects.filter(activity__in=_captures())
    assert [(s.action, s.author.username) for s in steps] == [("submitted", "analista")]

    with_captures = render(build_public_account(2023), "md")[2]
    _captures().delete()
    without_captures = render(build_public_account(2023), "md")[2]
    assert with_captures == without_captures
    assert DEMO_CAPTURE_PREFIX.encode() not in with_captures


def test_demo_account_homes_list_their_work_and_a_reload_adds_nothing(client, demo):
    with override_settings(DEMO_MODE=True):
        output = _demo_load()  # a second load: the captures are there already
    assert "Capturas de demostración (fuera del informe): 0 nuevas." in output
    assert _captures().count() == len(DEMO_CAPTURES)

    listed = {}
    for username, *_rest in DEMO_ACCOUNTS:
        client.force_login(get_user_model().objects.get(username=username))
        work = pages.home_work(client.get(reverse("core:home")))
        listed[username] = sorted(text for links in work.values() for _pk, text in links or [])
        client.logout()
    drafts = {}  # the home page lists drafts to its author, submissions to the reviewer
    for username, _kind, title, _narrative, submit in DEMO_CAPTURES:
        if not submit:
            drafts.setdefault(username, []).append(demo_capture_title(title))
    submitted = [demo_capture_title(t) for _u, _k, t, _n, submit in DEMO_CAPTURES if submit]
    edition = [str(Edition.objects.get(year=2023, institution__kind="national"))]
    assert listed == {
        "analista": drafts["analista"],
        "revisora": submitted,
        "elaboro": edition,
        # The reference edition is signed by Autorizó and Elaboró only: no Revisó to await.
        "reviso": [],
        "autorizo": edition,
        "enlace_federal": drafts["enlace_federal"],
        "enlace_imef": drafts["enlace_imef"],
    }


@override_settings(DEMO_MODE=False)
def test_demo_captures_are_refused_outside_demo_mode():
    with pytest.raises(DemoModeRequired):
        create_demo_captures()
    assert _captures().count() == 0
