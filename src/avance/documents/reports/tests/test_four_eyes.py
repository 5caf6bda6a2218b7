"""Four eyes on editions: whoever changed the composition last never signs it."""

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from avance.accounts.models import Membership, Role
from avance.documents.reports import services
from avance.documents.reports.models import Edition, EditionStatus, Signature
from tests.builders.editions_world import build_edition_world


@pytest.fixture
def ew(db):
    return build_edition_world()


def _hash(edition):
    return services.sha256(services.canonical_content(edition, services.build_document(edition)))


def test_whoever_changed_the_composition_last_cannot_sign(ew):
    elaboro = ew.signers["elaboro"]
    Membership.objects.create(user=elaboro, role=Role.REVIEWER)  # may also compose
    services.set_introduction(edition=ew.edition, user=elaboro, text="Durante {{ ejercicio }}.")
    assert Edition.objects.get(pk=ew.edition.pk).changed_by == elaboro
    with pytest.raises(PermissionDenied, match="no puede firmarla"):
        services.sign_edition(edition=ew.edition, user=elaboro, content_sha256=_hash(ew.edition))
    assert not Signature.objects.filter(edition=ew.edition).exists()
    # Once someone else makes the last change, the same person may sign.
    services.refresh_items(edition=ew.edition, user=ew.users["reviewer"])
    services.set_inclusion(
        edition=ew.edition,
        user=ew.users["reviewer"],
        included=ew.edition.items.values_list("pk", flat=True),
    )
    services.sign_edition(edition=ew.edition, user=elaboro, content_sha256=_hash(ew.edition))
    assert Edition.objects.get(pk=ew.edition.pk).status == EditionStatus.SIGNING


def test_every_composition_change_records_who_made_it(ew):
    reviewer = ew.users["reviewer"]
    admin = ew.users["administrator"]
    added = services.refresh_items(edition=ew.edition, user=reviewer)
    assert added > 0
    assert Edition.objects.get(pk=ew.edition.pk).changed_by == reviewer
    # A refresh that adds nothing changes nothing, and records nobody.
    assert services.refresh_items(edition=ew.edition, user=admin) == 0
    assert Edition.objects.get(pk=ew.edition.pk).changed_by == reviewer
    moved = [
        services.move_item(edition=ew.edition, user=admin, item_id=item.pk, up=True)
        for item in ew.edition.items.order_by("position")
    ]
    assert any(moved)
    assert Edition.objects.get(pk=ew.edition.pk).changed_by == admin
    services.set_introduction(edition=ew.edition, user=reviewer, text="Texto.")
    assert Edition.objects.get(pk=ew.edition.pk).changed_by == reviewer


def test_sign_page_says_why_instead_of_offering_the_form(client, ew):
    elaboro = ew.signers["elaboro"]
    Edition.objects.filter(pk=ew.edition.pk).update(changed_by=elaboro)
    client.force_login(elaboro)
    url = reverse("reports:edition_sign", args=[ew.edition.pk])
    html = client.get(url).content.decode()
    assert "no puede firmarla" in html
    assert 'name="confirm"' not in html
    response = client.post(url, {"confirm": "1", "content_sha256": _hash(ew.edition)}, follow=True)
    assert response.status_code == 200
    assert "no puede firmarla" in response.content.decode()
    assert not Signature.objects.filter(edition=ew.edition).exists()
