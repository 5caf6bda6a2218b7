import pytest
from django.core.management import call_command
from django.test import override_settings

from avance.catalogs.bodies.models import Agreement, Body


@pytest.mark.django_db
@override_settings(DEMO_MODE=False)
def test_each_demo_institution_keeps_its_own_bodies_and_agreements():
    call_command("demo", "load")
    call_command("demo", "load")  # loading again changes nothing
    by_institution = {
        (b.institution.acronym, b.acronym): b.sessions.count()
        for b in Body.objects.select_related("institution__organization")
    }
    assert by_institution[("IEM-DEMO", "SEIMH-DEMO")] == 2
    assert {i for i, _b in by_institution} == {"INMUJERES", "IEM-DEMO"}
    state = Agreement.objects.filter(session__body__acronym="SEIMH-DEMO")
    assert sorted(state.values_list("key", "status")) == [
        ("SEIMH/1/01", "done"),
        ("SEIMH/2/01", "in_progress"),
    ]
