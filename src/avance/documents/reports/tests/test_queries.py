"""A report costs the same number of queries for 5 activities as for 50."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from avance.documents.reports.document import build_public_account
from avance.documents.reports.renderers import render
from tests.builders.synthetic import make_year

pytestmark = pytest.mark.django_db


def _build_and_render(year: int) -> int:
    document = build_public_account(year)
    render(document, "html")
    return sum(len(section.bullets) for section in document.sections)


def test_report_queries_do_not_grow_with_activities(django_assert_num_queries):
    make_year(2031, 5)
    with CaptureQueriesContext(connection) as small:
        assert _build_and_render(2031) == 5
    make_year(2032, 50)
    with django_assert_num_queries(len(small.captured_queries)):
        assert _build_and_render(2032) == 50


def test_synthetic_report_resolves_every_reference():
    make_year(2033, 6)
    document = build_public_account(2033)
    assert document.problems == []
    assert len(document.footnotes) == 2  # one activity in three cites a note
    assert len(document.values()) == 6 * 9 + 2 * 2 + 1  # nine a bullet, two a note, one intro
