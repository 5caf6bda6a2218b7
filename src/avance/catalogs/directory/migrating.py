"""What the migrations that made a single-institute database multi-institution share: the
institution that existing records belong to. Historical models only (``apps``)."""

from __future__ import annotations

NATIONAL = "national"
KIND_OF_ORGANIZATION = {"institute": NATIONAL, "imef": "imef", "imm": "imm"}


def institution_for(apps, organization_id: int) -> int:
    """The institution of a directory entry, made the first time (its key is the entry's)."""
    Organization = apps.get_model("directory", "Organization")
    Institution = apps.get_model("directory", "Institution")
    if not Institution.objects.filter(pk=organization_id).exists():
        kind = Organization.objects.filter(pk=organization_id).values_list("kind", flat=True)[0]
        Institution.objects.create(
            organization_id=organization_id, kind=KIND_OF_ORGANIZATION.get(kind, "other")
        )
    return organization_id


def national_institution(apps) -> int:
    """The national institute: the first national institution, or the directory's own
    institute made one, or (a database with records but no institute) a new entry."""
    Organization = apps.get_model("directory", "Organization")
    Institution = apps.get_model("directory", "Institution")
    found = Institution.objects.filter(kind=NATIONAL).order_by("pk").first()
    if found is not None:
        return found.pk
    organization = Organization.objects.filter(kind="institute").order_by("pk").first()
    if organization is None:
        organization, _created = Organization.objects.get_or_create(
            name="Instituto Nacional de las Mujeres",
            defaults={"acronym": "INMUJERES", "kind": "institute"},
        )
    return institution_for(apps, organization.pk)
