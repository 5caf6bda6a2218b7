"""Planning: objectives numbered per institute and period; one allocation per programme-year."""

import datetime

import pytest
from django.db import IntegrityError, transaction

from avance.catalogs.directory.models import default_institution
from avance.catalogs.planning.models import BudgetAllocation, BudgetProgram, StrategicObjective


@pytest.fixture
def institute(db):
    return default_institution()


def test_objective_number_unique_per_institute_and_period(institute):
    StrategicObjective.objects.create(
        institution=institute, number=1, title="Coordinar", start_year=2020, end_year=2024
    )
    StrategicObjective.objects.create(
        institution=institute, number=1, title="Coordinar", start_year=2025, end_year=2030
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        StrategicObjective.objects.create(
            institution=institute, number=1, title="Otro", start_year=2020, end_year=2024
        )


@pytest.mark.django_db
def test_budget_program_one_allocation_per_year():
    program = BudgetProgram.objects.create(
        key="S010",
        name="Programa para el Adelanto, Bienestar e Igualdad de las Mujeres",
        acronym="PROABIM",
    )
    BudgetAllocation.objects.create(
        program=program, year=2023, rules_published=datetime.date(2022, 12, 26)
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        BudgetAllocation.objects.create(program=program, year=2023)
    assert str(program) == "S010 PROABIM"
    assert str(program.years.get()) == "S010 2023"
