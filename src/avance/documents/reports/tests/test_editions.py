"""Editions: composition, signing in order, the frozen snapshot and its hash (services)."""

from __future__ import annotations

import hashlib
import json

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from avance.documents.reports import renderers, services
from avance.documents.reports.document import ReportError, build_public_account
from avance.documents.reports.models import (
    EditionItem,
    EditionStatus,
    FrozenEdition,
    FrozenFile,
    Signature,
)
from avance.documents.reports.renderers import pdf, render
from tests.builders.editions_world import build_edition_world, validated


@pytest.fixture
def ew(db):
    return build_edition_world()


def markdown(edition) -> str:
    return render(services.build_document(edition), "md")[2].decode("utf-8")


def current_hash(edition) -> str:
    return services.content_hash(edition=edition)


def sign(ew, role):
    return services.sign_edition(
        edition=ew.edition, user=ew.signers[role], content_sha256=current_hash(ew.edition)
    )


def item(ew, activity) -> EditionItem:
    return EditionItem.objects.get(edition=ew.edition, activity=activity)


# --- composition ---------------------------------------------------------------------------


def test_refresh_items_appends_validated_activities_in_record_order(ew):
    added = services.refresh_items(edition=ew.edition)
    items = list(ew.edition.items.order_by("position"))
    assert added == 3
    assert [i.activity_id for i in items] == [ew.first.pk, ew.second.pk, ew.third.pk]
    assert [i.included for i in items] == [True, True, True]
    late = validated(ew.world, "Actividad tardía", "Texto tardío.", position=0)
    assert services.refresh_items(edition=ew.edition) == 1
    assert ew.edition.items.order_by("position").last().activity_id == late.pk


def test_refresh_items_skips_activities_not_validated(ew):
    services.refresh_items(edition=ew.edition)
    composed = set(ew.edition.items.values_list("activity_id", flat=True))
    assert ew.world.unit_activity.pk not in composed  # a draft
    assert ew.world.submitted_activity.pk not in composed


def test_excluded_activity_is_not_in_the_document(ew):
    services.refresh_items(edition=ew.edition)
    assert "Se reunió la red de enlaces." in markdown(ew.edition)
    keep = [item(ew, ew.first).pk, item(ew, ew.third).pk]
    services.set_inclusion(edition=ew.edition, included=keep)
    text = markdown(ew.edition)
    assert "Se reunió la red de enlaces." not in text
    assert "Se capacitó a 250 personas (150 mujeres)." in text


def test_moving_an_item_changes_the_order_within_its_objective(ew):
    services.refresh_items(edition=ew.edition)
    before = markdown(ew.edition)
    assert before.index("Se capacitó") < before.index("Se reunió")
    moved = services.move_item(edition=ew.edition, item_id=item(ew, ew.second).pk, up=True)
    after = markdown(ew.edition)
    assert moved is True
    assert after.index("Se reunió") < after.index("Se capacitó")
    document = services.build_document(ew.edition)
    assert [[b.activity_id for b in s.bullets] for s in document.sections] == [
        [ew.second.pk, ew.first.pk],
        [ew.third.pk],
    ]


def test_moving_the_first_item_up_or_across_objectives_changes_nothing(ew):
    services.refresh_items(edition=ew.edition)
    positions = dict(ew.edition.items.values_list("pk", "position"))
    # The third activity is alone under objective 2: nothing above it there to swap with.
    assert services.move_item(edition=ew.edition, item_id=item(ew, ew.third).pk, up=True) is False
    assert services.move_item(edition=ew.edition, item_id=item(ew, ew.first).pk, up=True) is False
    assert dict(ew.edition.items.values_list("pk", "position")) == positions


def test_edition_without_composition_prints_every_validated_activity(ew):
    document = build_public_account(2023, edition=ew.edition)
    assert [[b.activity_id for b in s.bullets] for s in document.sections] == [
        [ew.first.pk, ew.second.pk],
        [ew.third.pk],
    ]


def test_introduction_is_editable_while_draft(ew):
    services.set_introduction(edition=ew.edition, text="  Durante {{ ejercicio }} trabajamos.  ")
    ew.edition.refresh_from_db()
    assert ew.edition.introduction == "Durante {{ ejercicio }} trabajamos."
    assert "Durante 2023 trabajamos." in markdown(ew.edition)


def _count_queries(edition) -> int:
    with CaptureQueriesContext(connection) as queries:
        build_public_account(2023, edition=edition)
    return len(queries.captured_queries)


def test_composed_document_runs_the_same_number_of_queries_whatever_its_size(ew):
    services.refresh_items(edition=ew.edition)
    small = _count_queries(ew.edition)
    for index in range(12):
        validated(
            ew.world,
            f"Actividad extra {index}",
            "Se capacitó a {{ capacitadas.total }} personas.",
            position=10 + index,
            name="capacitadas",
            total=index + 1,
            women=index + 1,
            men=0,
        )
    services.refresh_items(edition=ew.edition)
    services.set_inclusion(
        edition=ew.edition, included=ew.edition.items.values_list("pk", flat=True)[:10]
    )
    large = _count_queries(ew.edition)
    assert len(services.build_document(ew.edition).sections[0].bullets) == 9
    assert large == small


# --- opening -------------------------------------------------------------------------------


def test_open_edition_refused_while_the_year_has_an_unsigned_one(ew):
    with pytest.raises(ValidationError):
        services.open_edition(year=2023, user=ew.users["administrator"])


def test_open_first_edition_of_a_new_year_copies_the_latest_edition(ew):
    validated(ew.world, "Otro año", "Texto.")  # 2023; nothing validated in 2024
    edition = services.open_edition(year=2024, user=ew.users["administrator"])
    assert (edition.year, edition.number, edition.status) == (2024, 1, EditionStatus.DRAFT)
    assert edition.introduction == ew.edition.introduction
    assert sorted((s.role, s.user_id) for s in edition.signatories.all()) == sorted(
        (role, user.pk) for role, user in ew.signers.items()
    )
    assert edition.items.count() == 0


# --- signing -------------------------------------------------------------------------------


def test_reviewed_before_prepared_is_refused(ew):
    with pytest.raises(PermissionDenied):
        sign(ew, "reviso")
    with pytest.raises(PermissionDenied):
        sign(ew, "autorizo")
    assert Signature.objects.count() == 0
    ew.edition.refresh_from_db()
    assert ew.edition.status == EditionStatus.DRAFT


def test_a_user_not_bound_to_the_role_cannot_sign(ew):
    for intruder in ("administrator", "reviewer", "analyst"):
        with pytest.raises(PermissionDenied):
            services.sign_edition(
                edition=ew.edition,
                user=ew.users[intruder],
                content_sha256=current_hash(ew.edition),
            )
    assert Signature.objects.count() == 0


def test_a_role_without_a_bound_user_cannot_be_signed(ew):
    ew.edition.signatories.filter(role="elaboro").update(user=None)
    with pytest.raises(PermissionDenied):
        sign(ew, "elaboro")


def test_signing_in_order_records_person_post_time_and_the_same_hash(ew):
    services.refresh_items(edition=ew.edition)
    expected = hashlib.sha256(
        services.canonical_content(ew.edition, services.build_document(ew.edition))
    ).hexdigest()
    first = sign(ew, "elaboro")
    ew.edition.refresh_from_db()
    assert ew.edition.status == EditionStatus.SIGNING
    sign(ew, "reviso")
    ew.edition.refresh_from_db()
    assert ew.edition.status == EditionStatus.SIGNING
    sign(ew, "autorizo")
    ew.edition.refresh_from_db()
    assert ew.edition.status == EditionStatus.SIGNED
    signatures = list(Signature.objects.filter(edition=ew.edition).order_by("signed_at", "id"))
    assert [(s.role, s.user_id, s.name, s.post) for s in signatures] == [
        ("elaboro", ew.signers["elaboro"].pk, "C.P. Elabora Prueba", "Director de Finanzas"),
        ("reviso", ew.signers["reviso"].pk, "Mtra. Revisa Prueba", "Directora de Planeación"),
        (
            "autorizo",
            ew.signers["autorizo"].pk,
            "Dra. Autoriza Prueba",
            "Titular de Administración",
        ),
    ]
    assert [s.content_sha256 for s in signatures] == [expected, expected, expected]
    assert first.signed_at <= signatures[1].signed_at <= signatures[2].signed_at
    assert ew.edition.frozen.content_sha256 == expected


def test_first_signature_freezes_content_and_files_with_their_hashes(ew):
    services.refresh_items(edition=ew.edition)
    sign(ew, "elaboro")
    frozen = FrozenEdition.objects.get(edition=ew.edition)
    content = bytes(frozen.content)
    assert hashlib.sha256(content).hexdigest() == frozen.content_sha256
    payload = json.loads(content)
    assert payload["schema"] == services.CONTENT_SCHEMA
    assert payload["edition"] == {"template": "public-account", "year": 2023, "number": 1}
    assert "Se capacitó a 250 personas (150 mujeres)." in payload["markdown"]
    assert [(f["text"], f["resolved"]["activity_id"]) for f in payload["figures"]] == [
        ("2023", None),
        ("250", ew.first.pk),
        ("150", ew.first.pk),
    ]
    files = {f.format: f for f in FrozenFile.objects.filter(frozen=frozen)}
    assert sorted(files) == sorted([*services.DOWNLOAD_FORMATS, "fragment", "preview-pdf"])
    for stored in files.values():
        data = bytes(stored.content)
        assert (stored.sha256, stored.size) == (hashlib.sha256(data).hexdigest(), len(data))
    assert bytes(files["md"].content).decode("utf-8") == payload["markdown"]
    assert bytes(files["pdf"].content).startswith(b"%PDF-")


def test_composition_is_frozen_after_the_first_signature(ew):
    services.refresh_items(edition=ew.edition)
    sign(ew, "elaboro")
    with pytest.raises(ValidationError):
        services.set_inclusion(edition=ew.edition, included=[])
    with pytest.raises(ValidationError):
        services.set_introduction(edition=ew.edition, text="Otra")
    with pytest.raises(ValidationError):
        services.refresh_items(edition=ew.edition)
    with pytest.raises(ValidationError):
        services.move_item(edition=ew.edition, item_id=item(ew, ew.second).pk, up=True)


def test_first_signature_refused_when_records_changed_after_confirmation(ew):
    confirmed = current_hash(ew.edition)
    ew.first.figures.update(total=251, women=151)
    with pytest.raises(services.ContentChanged):
        services.sign_edition(
            edition=ew.edition, user=ew.signers["elaboro"], content_sha256=confirmed
        )
    assert not FrozenEdition.objects.filter(edition=ew.edition).exists()


def test_later_signature_must_confirm_the_frozen_hash(ew):
    sign(ew, "elaboro")
    with pytest.raises(services.ContentChanged):
        services.sign_edition(
            edition=ew.edition, user=ew.signers["reviso"], content_sha256="0" * 64
        )
    assert Signature.objects.filter(edition=ew.edition).count() == 1


def test_later_signatures_sign_the_frozen_content_not_the_records(ew):
    sign(ew, "elaboro")
    frozen_hash = ew.edition.frozen.content_sha256
    ew.first.figures.update(total=999, women=900)
    assert current_hash(ew.edition) == frozen_hash
    signature = sign(ew, "reviso")
    assert signature.content_sha256 == frozen_hash


def test_signed_edition_refuses_more_signatures(ew):
    for role in ("elaboro", "reviso", "autorizo"):
        sign(ew, role)
    with pytest.raises(ValidationError):
        services.sign_edition(
            edition=ew.edition,
            user=ew.signers["autorizo"],
            content_sha256=ew.edition.frozen.content_sha256,
        )


def test_document_with_unresolved_references_cannot_be_frozen(ew):
    ew.second.narrative = "Se citó {{ inexistente.total }}."
    ew.second.save()
    with pytest.raises(ValidationError):
        sign(ew, "elaboro")
    ew.edition.refresh_from_db()
    assert ew.edition.status == EditionStatus.DRAFT


def test_frozen_rows_cannot_be_changed(ew):
    signature = sign(ew, "elaboro")
    frozen = ew.edition.frozen
    for record in (signature, frozen, frozen.files.first()):
        with pytest.raises(ValidationError):
            record.save()


def test_edition_without_signatories_cannot_be_signed(db):
    ew = build_edition_world(with_signatories=False)
    with pytest.raises(ValidationError):
        services.sign_edition(
            edition=ew.edition, user=ew.signers["elaboro"], content_sha256=current_hash(ew.edition)
        )


def test_signing_follows_only_the_roles_the_edition_has(ew):
    # The reference report has no «revisó»: autorizó follows elaboró directly.
    ew.edition.signatories.filter(role="reviso").delete()
    sign(ew, "elaboro")
    sign(ew, "autorizo")
    ew.edition.refresh_from_db()
    assert ew.edition.status == EditionStatus.SIGNED


def test_new_edition_after_signing_reflects_later_changes(ew):
    for role in ("elaboro", "reviso", "autorizo"):
        sign(ew, role)
    ew.first.figures.update(total=300, women=200)
    following = services.open_edition(year=2023, user=ew.users["administrator"])
    assert (following.number, following.status) == (2, EditionStatus.DRAFT)
    assert "Se capacitó a 300 personas (200 mujeres)." in markdown(following)
    signed_md = bytes(services.signed_file(edition=ew.edition, fmt="md").content).decode()
    assert "Se capacitó a 250 personas (150 mujeres)." in signed_md
    assert [s.user_id for s in following.signatories.order_by("position")] == [
        ew.signers["autorizo"].pk,
        ew.signers["elaboro"].pk,
        ew.signers["reviso"].pk,
    ]


# --- never a server error at signing -------------------------------------------------------


@pytest.mark.parametrize(
    ("fmt", "error", "message"),
    [
        ("docx", RuntimeError("lxml"), "No se pudo generar el archivo DOCX de la edición"),
        ("pdf", ReportError("El PDF no pudo imprimir la nota 1/."), "El PDF no pudo imprimir"),
    ],
)
def test_a_format_that_cannot_be_generated_refuses_the_signature_in_spanish(
    ew, monkeypatch, fmt, error, message
):
    services.refresh_items(edition=ew.edition)
    confirmed = current_hash(ew.edition)

    def fail(document, **options):
        raise error

    if fmt == "pdf":  # the layout itself, which the PDF exporter and print_check call
        monkeypatch.setattr(pdf, "lay_out", fail)
    else:
        monkeypatch.setattr(renderers.EXPORTERS[fmt], "content", fail)
    with pytest.raises(services.EditionError, match=message):
        services.sign_edition(
            edition=ew.edition, user=ew.signers["elaboro"], content_sha256=confirmed
        )
    ew.edition.refresh_from_db()
    assert ew.edition.status == EditionStatus.DRAFT
    assert not FrozenEdition.objects.filter(edition=ew.edition).exists()
    assert not Signature.objects.filter(edition=ew.edition).exists()
    # The same is said while composing, before anyone signs.
    check = services.print_check(services.build_document(ew.edition))
    assert len(check.errors) == 1 and message in check.errors[0]


def test_print_check_of_a_usual_edition_has_nothing_to_say(ew):
    services.refresh_items(edition=ew.edition)
    assert services.print_check(services.build_document(ew.edition)) == services.PrintCheck([], [])


def test_print_check_names_the_objective_whose_notes_print_at_its_end(ew, monkeypatch):
    ew.third.footnotes.create(key="n", text="Una nota.")
    ew.third.narrative += "[^n]"
    ew.third.save()
    services.refresh_items(edition=ew.edition)
    document = services.build_document(ew.edition)
    real = pdf.missing_notes
    # WeasyPrint leaving note 1 out of its page, on the first layout only.
    calls = []

    def missing(pages, numbers):
        calls.append(1)
        return [1] if len(calls) == 1 else real(pages, numbers)

    monkeypatch.setattr(pdf, "missing_notes", missing)
    check = services.print_check(document)
    assert check.errors == []
    assert check.notices == [
        "Objetivo 2 («Objetivo dos»): sus notas no caben al pie de sus páginas, así que se "
        "imprimen al final del objetivo, con los mismos números. Para tenerlas al pie de "
        "página, acorte las notas de sus actividades o cite menos notas en ellas."
    ]
