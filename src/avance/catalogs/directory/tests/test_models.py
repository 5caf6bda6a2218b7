"""Organisations: the kinds the work refers to, and how documents cite them."""

import pytest
from django.db import IntegrityError, transaction

from avance.catalogs.directory.models import (
    Organization,
    OrganizationKind,
    Unit,
    default_institution,
)


def test_organization_kinds_cover_the_catalog():
    assert set(OrganizationKind.values) >= {
        "institute",
        "federal_agency",
        "imef",
        "imm",
        "autonomous",
        "international",
        "foreign_government",
        "company",
        "civil_society",
        "academia",
        "media",
    }


def test_organization_label_is_acronym_or_name():
    assert Organization(name="Secretaría de Relaciones Exteriores", acronym="SRE").label == "SRE"
    assert Organization(name="Huairou Commission", acronym="").label == "Huairou Commission"


@pytest.mark.django_db
def test_unit_name_unique_within_its_institution():
    institute = default_institution()
    Unit.objects.create(institution=institute, name="Unidad de Administración y Finanzas")
    with pytest.raises(IntegrityError), transaction.atomic():
        Unit.objects.create(institution=institute, name="Unidad de Administración y Finanzas")
