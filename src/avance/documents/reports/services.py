"""Editions of a report: composition, the signing workflow and the frozen snapshot.

    draft ──first signature (elaboró): freeze──► signing ──last signature (autorizó)──► signed

Every change of ``Edition.status`` happens here, inside a transaction that locks the edition
row. While an edition is a draft its composition (which validated activities are printed, in
what order within each objective) and its introduction may change. The first signature
freezes it: the document is built once more from the records, rendered to every format, and
stored as bytes together with its *canonical content* (``canonical_content``), whose SHA-256
each signature records. Later signatures sign that stored content, never the live records;
a signed edition's downloads are the stored bytes, identical forever.

Signing order is elaboró, then revisó, then autorizó, over the roles the edition has
signatories for (the reference report has no revisó). Only the user bound to a role's
``Signatory`` (``Signatory.user``) may sign it.
"""

from __future__ import annotations

import dataclasses
import datetime
import hashlib
import json
import logging
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone, translation
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from avance.capture.activities.models import Activity, ReviewStatus
from avance.catalogs.directory.models import default_institution
from avance.documents.reports import renderers
from avance.documents.reports.document import Document, ReportError, build_public_account
from avance.documents.reports.models import (
    SIGNING_ORDER,
    Edition,
    EditionItem,
    EditionStatus,
    FrozenEdition,
    FrozenFile,
    ReportTemplate,
    Signatory,
    Signature,
)
from avance.documents.reports.renderers import pdf
from avance.documents.reports.renderers.html import document_html
from avance.documents.reports.signals import edition_signed

logger = logging.getLogger(__name__)

CONTENT_SCHEMA = "avance.edition-content/1"
# The files a frozen edition keeps. The first four are the downloads; ``fragment`` is the
# same HTML without the page around it (shown inside our pages); ``preview-pdf`` carries the
# «unsigned» notice for signatories who read the PDF before the last signature.
DOWNLOAD_FORMATS = ("pdf", "docx", "md", "html")
FRAGMENT = "fragment"
PREVIEW_PDF = "preview-pdf"


def unsigned_notice() -> str:
    return _("Vista previa sin firmar")


class EditionError(ValidationError):
    """The edition is not in a state that allows the action; the message is for the user."""


class ContentChanged(EditionError):
    """The content to sign is not the content the signatory confirmed."""


# --- composition ---------------------------------------------------------------------------


def _require_draft(edition: Edition) -> None:
    if edition.status != EditionStatus.DRAFT:
        raise EditionError(
            _("La edición está «%(state)s»: su composición ya no se puede cambiar.")
            % {"state": edition.get_status_display()}
        )


def _locked(edition: Edition) -> Edition:
    """The edition's row, locked until the end of the surrounding transaction."""
    return Edition.objects.select_for_update().get(pk=edition.pk)


def _changed(current: Edition, user) -> None:
    """Record who changed the composition last: that person never signs it (four eyes)."""
    if user is not None:
        current.changed_by = user
        current.save(update_fields=["changed_by"])


def save_signatory(*, edition: Edition, signatory: Signatory, user) -> Signatory:
    """Name (or change) a place in the signature block of a draft edition. Naming who signs
    is part of the composition: whoever does it never signs it (four eyes). Raises
    EditionError unless the edition is a draft."""
    with transaction.atomic():
        current = _locked(edition)
        _require_draft(current)
        signatory.edition = current
        signatory.save()
        _changed(current, user)
    return signatory


def refresh_items(*, edition: Edition, user=None) -> int:
    """Append the year's validated activities that the composition does not hold yet.

    New items are included and go after the existing ones, in the records' own order
    (objective, position, id). Returns how many were added. Side effects: EditionItem rows.
    Raises EditionError unless the edition is a draft.
    """
    with transaction.atomic():
        current = _locked(edition)
        _require_draft(current)
        known = set(current.items.values_list("activity_id", flat=True))
        start = current.items.aggregate(top=Max("position"))["top"] or 0
        new = [
            pk
            for pk in Activity.objects.filter(
                institution_id=current.institution_id,
                year=current.year,
                status=ReviewStatus.VALIDATED,
            )
            .order_by("objective__number", "position", "id")
            .values_list("pk", flat=True)
            if pk not in known
        ]
        EditionItem.objects.bulk_create(
            EditionItem(edition=current, activity_id=pk, position=start + offset)
            for offset, pk in enumerate(new, start=1)
        )
        if new:
            _changed(current, user)
    return len(new)


def open_edition(
    *,
    year: int,
    user,
    institution_id: int | None = None,
    template: str = ReportTemplate.PUBLIC_ACCOUNT,
) -> Edition:
    """Open the next edition of ``template`` for ``year`` (number 1, or the last one + 1).

    Heading, introduction and signatories (with their bound users) are copied from the
    year's latest edition, or from the latest edition of any year; the composition holds
    every validated activity of the year. Refused (EditionError) while the year has an
    edition that is not signed yet: one document is composed and signed at a time.
    Side effects: an Edition, its Signatory and EditionItem rows; a log line.
    """
    with transaction.atomic():
        if institution_id is None:
            institution_id = default_institution().pk
        editions = Edition.objects.select_for_update().filter(
            institution_id=institution_id, template=template
        )
        of_year = list(editions.filter(year=year).order_by("-number"))
        if any(e.status != EditionStatus.SIGNED for e in of_year):
            raise EditionError(
                _("El ejercicio %(year)s ya tiene una edición sin firmar; complétela primero.")
                % {"year": year}
            )
        model = of_year[0] if of_year else editions.order_by("-year", "-number").first()
        if model is not None:
            heading, introduction = model.heading, model.introduction
        else:
            heading, introduction = _("INTRODUCCIÓN"), ""
        edition = Edition.objects.create(
            template=template,
            year=year,
            number=(of_year[0].number + 1) if of_year else 1,
            institution_id=institution_id,
            heading=heading,
            introduction=introduction,
            changed_by=user,
        )
        if model is not None:
            Signatory.objects.bulk_create(
                Signatory(
                    edition=edition,
                    role=s.role,
                    name=s.name,
                    post=s.post,
                    position=s.position,
                    user_id=s.user_id,
                )
                for s in model.signatories.all()
            )
        refresh_items(edition=edition)  # the opener is already recorded
    logger.info("edition %s opened by %s", edition, user.get_username())
    return edition


def set_introduction(*, edition: Edition, user=None, text: str) -> None:
    """Replace the introduction of a draft edition (a narrative: it may cite {{ ejercicio }}).

    Side effects: Edition.introduction. Raises EditionError unless the edition is a draft.
    """
    with transaction.atomic():
        current = _locked(edition)
        _require_draft(current)
        current.introduction = text.strip()
        current.save(update_fields=["introduction"])
        _changed(current, user)
    edition.introduction = current.introduction


def set_inclusion(*, edition: Edition, user=None, included: Iterable[int]) -> None:
    """Print exactly the items whose ids are in ``included``; leave out the others.

    Side effects: EditionItem.included. Raises EditionError unless the edition is a draft.
    """
    wanted = set(included)
    with transaction.atomic():
        current = _locked(edition)
        _require_draft(current)
        current.items.filter(pk__in=wanted).update(included=True)
        current.items.exclude(pk__in=wanted).update(included=False)
        _changed(current, user)


def move_item(*, edition: Edition, user=None, item_id: int, up: bool) -> bool:
    """Swap an item with its neighbour above (``up``) or below under the same objective.

    Returns False (and changes nothing) when the item is already first or last.
    Side effects: two EditionItem.position values. Raises EditionError unless draft,
    EditionItem.DoesNotExist when the item is not in the edition.
    """
    with transaction.atomic():
        current = _locked(edition)
        _require_draft(current)
        item = current.items.select_related("activity").get(pk=item_id)
        siblings = current.items.filter(activity__objective_id=item.activity.objective_id)
        if up:
            neighbour = (
                siblings.filter(position__lt=item.position).order_by("-position", "-id").first()
            )
        else:
            neighbour = (
                siblings.filter(position__gt=item.position).order_by("position", "id").first()
            )
        if neighbour is None:
            return False
        item.position, neighbour.position = neighbour.position, item.position
        EditionItem.objects.bulk_update([item, neighbour], ["position"])
        _changed(current, user)
    return True


# --- content and hash ----------------------------------------------------------------------


def build_document(edition: Edition) -> Document:
    """The edition's document from the live records, in the site's language."""
    with translation.override(settings.LANGUAGE_CODE):
        return build_public_account(edition.year, edition=edition)


def _jsonable(value: Any) -> Any:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: _jsonable(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    if isinstance(value, datetime.date):
        return value.isoformat()
    if value is None or isinstance(value, bool | int | float | str):
        return value
    return str(value)  # lazy translations and other text-like objects


def figures_with_provenance(document: Document) -> list[dict[str, Any]]:
    """Every figure the document prints, in reading order, with the record it comes from."""
    out = []
    for index, value in enumerate(document.values(), start=1):
        out.append(
            {
                "index": index,
                "text": value.text,
                "reference": value.reference,
                "resolved": _jsonable(value.resolved),
            }
        )
    return out


def canonical_content(edition: Edition, document: Document) -> bytes:
    """The bytes a signature covers: the document's Markdown and its figures, as JSON.

    One JSON object ``{"schema", "edition": {template, year, number}, "markdown",
    "figures"}`` serialised with sorted keys, no insignificant whitespace, UTF-8. The
    Markdown is the whole text as printed (introduction, bullets, footnotes, signature block);
    ``figures`` lists every printed figure with its reference and resolved provenance
    (figure and activity ids, measure, source, parts). No timestamp is included, so the same
    records always give the same hash: a signatory's confirmation page and the signing request
    compute the same value unless the records changed in between.
    """
    with translation.override(settings.LANGUAGE_CODE):
        _name, _type, markdown = renderers.render(document, "md")
        payload = {
            "schema": CONTENT_SCHEMA,
            "edition": {
                "template": edition.template,
                "year": edition.year,
                "number": edition.number,
            },
            "markdown": markdown.decode("utf-8"),
            "figures": figures_with_provenance(document),
        }
    return json.dumps(payload, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode(
        "utf-8"
    )


def sha256(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()


def content_hash(*, edition: Edition) -> str:
    """The hash the next signature will record: the frozen one, or the live records' one."""
    frozen = FrozenEdition.objects.filter(edition=edition).only("content_sha256").first()
    if frozen is not None:
        return frozen.content_sha256
    return sha256(canonical_content(edition, build_document(edition)))


# --- signing -------------------------------------------------------------------------------


def next_role(edition: Edition) -> str | None:
    """The role whose signature is due, or None when every signatory has signed."""
    signed = {s.role for s in edition.signatures.all()}
    present = {s.role for s in edition.signatories.all()}
    for role in SIGNING_ORDER:
        if role in present and role not in signed:
            return role
    return None


def signatory_due(edition: Edition) -> Signatory | None:
    """The signatory whose signature is due (signatories and signatures prefetched)."""
    role = next_role(edition)
    return next((s for s in edition.signatories.all() if s.role == role), None)


def _filename(document: Document, edition: Edition, extension: str) -> str:
    name = renderers.filename(document, extension)
    if edition.number > 1:
        stem, _dot, ext = name.rpartition(".")
        name = f"{stem}-edicion-{edition.number}.{ext}"
    return name


def _rendered_files(edition: Edition, document: Document) -> list[tuple[str, tuple]]:
    """Every file a frozen edition keeps, rendered from ``document``.

    Raises EditionError (Spanish, for the signatory) when a format cannot be generated: a
    signature never ends in a server error, and nothing is stored.
    """
    files = []
    with translation.override(settings.LANGUAGE_CODE):
        jobs = [(fmt, fmt, {}) for fmt in DOWNLOAD_FORMATS]
        # The PDF that signatories read before the last signature, marked as unsigned.
        jobs.append((PREVIEW_PDF, "pdf", {"watermark": unsigned_notice()}))
        for key, fmt, options in jobs:
            try:
                name, content_type, data = renderers.render(document, fmt, **options)
            except ReportError as error:
                raise EditionError(str(error)) from error
            except Exception as error:
                logger.exception("edition %s: %s could not be rendered", edition, key)
                raise EditionError(render_failure(fmt)) from error
            if key == PREVIEW_PDF:
                name = _filename(document, edition, "pdf")
            files.append((key, (name, content_type, data)))
        fragment = str(document_html(document)).encode("utf-8")
        files.append((FRAGMENT, ("fragment.html", "text/html; charset=utf-8", fragment)))
    return files


def render_failure(fmt: str) -> str:
    return _(
        "No se pudo generar el archivo %(format)s de la edición y no se firmó nada. "
        "Avise al equipo técnico con la hora de este mensaje."
    ) % {"format": fmt.upper()}


@dataclasses.dataclass(frozen=True)
class PrintCheck:
    """What printing an edition meets: ``errors`` would refuse its signature, ``notices`` say
    where it prints differently from the usual layout (and what to change)."""

    errors: list[str]
    notices: list[str]


def print_check(document: Document) -> PrintCheck:
    """Render every format of ``document`` as signing would, and say what it meets, in Spanish.

    Shown while composing (the draft's preview) and on the first signature's confirmation, so
    that nothing is learnt at signing. Notices: the objectives whose notes do not fit at the
    foot of their pages and print at the objective's end instead (renderers/pdf.py).
    """
    errors: list[str] = []
    notices: list[str] = []
    with translation.override(settings.LANGUAGE_CODE):
        for fmt in DOWNLOAD_FORMATS:
            try:
                if fmt == "pdf":
                    layout = pdf.lay_out(document)
                    layout.write_pdf()
                else:
                    renderers.render(document, fmt)
            except ReportError as error:
                errors.append(str(error))
            except Exception:
                logger.exception("print check: %s could not be rendered", fmt)
                errors.append(render_failure(fmt))
            else:
                if fmt == "pdf":
                    notices += [
                        _notes_at_end(document, index) for index in sorted(layout.notes_at_end)
                    ]
    return PrintCheck(errors, notices)


def _notes_at_end(document: Document, index: int) -> str:
    section = document.sections[index]
    return _(
        "Objetivo %(number)s («%(title)s»): sus notas no caben al pie de sus páginas, así que "
        "se imprimen al final del objetivo, con los mismos números. Para tenerlas al pie de "
        "página, acorte las notas de sus actividades o cite menos notas en ellas."
    ) % {"number": section.number, "title": Truncator(section.title).chars(60)}


def _freeze(*, edition: Edition, user, content_sha256: str) -> FrozenEdition:
    document = build_document(edition)
    if document.problems:
        raise EditionError(
            _("El documento tiene %(count)s referencias sin resolver; corríjalas antes de firmar.")
            % {"count": len(document.problems)}
        )
    content = canonical_content(edition, document)
    digest = sha256(content)
    if digest != content_sha256:
        raise ContentChanged(
            _("Los registros cambiaron desde que revisó el documento; revíselo de nuevo.")
        )
    files = _rendered_files(edition, document)
    frozen = FrozenEdition.objects.create(
        edition=edition,
        content=content,
        content_sha256=digest,
        frozen_at=timezone.now(),
        frozen_by=user,
    )
    FrozenFile.objects.bulk_create(
        FrozenFile(
            frozen=frozen,
            format=fmt,
            filename=_filename(document, edition, name.rpartition(".")[2])
            if fmt in DOWNLOAD_FORMATS
            else name,
            content_type=content_type,
            content=data,
            sha256=sha256(data),
            size=len(data),
        )
        for fmt, (name, content_type, data) in files
    )
    return frozen


def sign_edition(*, edition: Edition, user, content_sha256: str) -> Signature:
    """Sign the edition in the role that is due, as the user bound to that role.

    ``content_sha256`` is the hash the signatory was shown and confirmed. The first signature
    freezes the edition: it rebuilds the document from the records, refuses if that content's
    hash differs from the confirmed one (ContentChanged) or if the document has unresolved
    references, and stores the canonical content and the rendered files (FrozenEdition,
    FrozenFile). Later signatures check the stored content against its hash and the confirmed
    one. Side effects: a Signature (name and post of the signatory at signing time, time,
    hash); Edition.status → signing at the first signature, → signed at the last; a log line.
    Raises EditionError (signed already, no signatories, tampered snapshot), ContentChanged
    or PermissionDenied (the user is not bound to the role that is due).
    """
    with transaction.atomic():
        current = _locked(edition)
        if current.status == EditionStatus.SIGNED:
            raise EditionError(_("La edición ya está firmada."))
        role = next_role(current)
        if role is None:
            raise EditionError(_("La edición no tiene firmantes pendientes."))
        signatory = current.signatories.get(role=role)
        if current.changed_by_id is not None and current.changed_by_id == user.pk:
            raise PermissionDenied(
                _(
                    "Usted modificó por última vez la composición de esta edición: no puede "
                    "firmarla. Pida a otra persona que la revise o que haga el último cambio."
                )
            )
        if signatory.user_id is None or signatory.user_id != user.pk:
            raise PermissionDenied(
                _("Corresponde firmar a %(name)s (%(role)s).")
                % {"name": signatory.name, "role": signatory.get_role_display()}
            )
        if current.status == EditionStatus.DRAFT:
            frozen = _freeze(edition=current, user=user, content_sha256=content_sha256)
            current.status = EditionStatus.SIGNING
        else:
            frozen = FrozenEdition.objects.get(edition=current)
            if sha256(bytes(frozen.content)) != frozen.content_sha256:
                raise EditionError(_("El contenido congelado no coincide con su huella."))
            if frozen.content_sha256 != content_sha256:
                raise ContentChanged(_("La huella confirmada no es la del contenido congelado."))
        signature = Signature.objects.create(
            edition=current,
            role=role,
            user=user,
            name=signatory.name,
            post=signatory.post,
            signed_at=timezone.now(),
            content_sha256=frozen.content_sha256,
        )
        if next_role(current) is None:
            current.status = EditionStatus.SIGNED
        current.save(update_fields=["status"])
        if current.status == EditionStatus.SIGNED:
            edition_signed.send(sender=Edition, edition=current)
    edition.status = current.status
    logger.info(
        "edition %s signed as %s by %s (%s)",
        edition,
        role,
        user.get_username(),
        frozen.content_sha256,
    )
    return signature


def frozen_file(*, edition: Edition, fmt: str) -> FrozenFile:
    """A stored file of a frozen edition (FrozenFile.DoesNotExist when there is none)."""
    return FrozenFile.objects.get(frozen__edition=edition, format=fmt)


def signed_file(*, edition: Edition, fmt: str) -> FrozenFile:
    """A download of a signed edition, byte for byte as stored at the first signature.

    Raises EditionError when the edition is not signed, FrozenFile.DoesNotExist for an
    unknown format.
    """
    if edition.status != EditionStatus.SIGNED:
        raise EditionError(_("La edición aún no está firmada."))
    if fmt not in DOWNLOAD_FORMATS:
        raise FrozenFile.DoesNotExist(fmt)
    return frozen_file(edition=edition, fmt=fmt)
