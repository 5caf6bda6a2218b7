"""Report editions: composition, signatories, signatures and the frozen snapshot.

State changes and every write that matters (composition, freezing, signing) go through
``reports/services.py``; ``Edition.status`` is never written elsewhere. Signatures and the
frozen snapshot are write-once: their ``save()`` refuses to update an existing row.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from avance.core.models import last_person


class ReportTemplate(models.TextChoices):
    PUBLIC_ACCOUNT = "public-account", _("Cuenta Pública: Introducción")


class EditionStatus(models.TextChoices):
    DRAFT = "draft", _("Borrador")
    SIGNING = "signing", _("En firma")
    SIGNED = "signed", _("Firmada")


class Edition(models.Model):
    """One document for one year: its composition, its signatories, its signatures.

    draft (composition editable) → signing (frozen at the first signature) → signed.
    """

    template = models.CharField(
        _("documento"),
        max_length=32,
        choices=ReportTemplate.choices,
        default=ReportTemplate.PUBLIC_ACCOUNT,
    )
    year = models.PositiveSmallIntegerField(_("ejercicio"))
    number = models.PositiveSmallIntegerField(_("edición"), default=1)
    institution = models.ForeignKey(
        "directory.Institution",
        on_delete=models.PROTECT,
        related_name="editions",
        verbose_name=_("institución"),
    )
    heading = models.CharField(_("encabezado"), max_length=255)
    introduction = models.TextField(_("introducción"))
    status = models.CharField(
        _("estado"),
        max_length=8,
        choices=EditionStatus.choices,
        default=EditionStatus.DRAFT,
        editable=False,
    )
    created_at = models.DateTimeField(_("creada"), auto_now_add=True)
    # Four eyes: whoever changed the composition last never signs it (services.sign_edition).
    changed_by = last_person(_("modificada por última vez por"))

    class Meta:
        ordering = ["-year", "template", "-number"]
        verbose_name = _("edición de informe")
        verbose_name_plural = _("ediciones de informe")
        constraints = [
            models.UniqueConstraint(
                fields=["institution", "template", "year", "number"],
                name="edition_unique_number",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_template_display()} {self.year} ({self.number})"


class SignatoryRole(models.TextChoices):
    PREPARED = "elaboro", _("Elaboró")
    REVIEWED = "reviso", _("Revisó")
    AUTHORIZED = "autorizo", _("Autorizó")


class Signatory(models.Model):
    """A person who signs the edition, with the post the document prints."""

    edition = models.ForeignKey(Edition, on_delete=models.CASCADE, related_name="signatories")
    role = models.CharField(_("firma como"), max_length=8, choices=SignatoryRole.choices)
    name = models.CharField(_("nombre con grado"), max_length=255)
    post = models.CharField(_("cargo"), max_length=255)
    position = models.PositiveSmallIntegerField(_("orden en el bloque de firmas"), default=0)
    user = models.ForeignKey(
        "auth.User",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("usuario"),
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("firmante")
        verbose_name_plural = _("firmantes")
        constraints = [
            models.UniqueConstraint(fields=["edition", "role"], name="signatory_unique_role")
        ]

    def __str__(self) -> str:
        return f"{self.get_role_display()}: {self.name}"


# The order in which the roles sign, whatever the order of the printed signature block.
SIGNING_ORDER: tuple[str, ...] = (
    SignatoryRole.PREPARED,
    SignatoryRole.REVIEWED,
    SignatoryRole.AUTHORIZED,
)


class EditionItem(models.Model):
    """One validated activity in an edition's composition: printed or left out, and where."""

    edition = models.ForeignKey(Edition, on_delete=models.CASCADE, related_name="items")
    activity = models.ForeignKey(
        "activities.Activity",
        on_delete=models.CASCADE,
        related_name="edition_items",
        verbose_name=_("actividad"),
    )
    included = models.BooleanField(_("se incluye"), default=True)
    position = models.PositiveIntegerField(_("orden"), default=0)

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("actividad de la edición")
        verbose_name_plural = _("actividades de la edición")
        constraints = [
            models.UniqueConstraint(fields=["edition", "activity"], name="edition_item_unique")
        ]

    def __str__(self) -> str:
        return f"{self.edition}: {self.activity_id} ({self.position})"


class WriteOnce(models.Model):
    """A row that is created once and never changed from the application."""

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise ValidationError(_("Este registro no se puede modificar."))
        super().save(*args, **kwargs)


class FrozenEdition(WriteOnce):
    """What was signed: the canonical content (hashed) and the rendered files, stored as bytes.

    ``content`` is the canonical JSON described in ``services.canonical_content`` (the
    document's Markdown and every printed figure with its provenance); ``content_sha256`` is
    its SHA-256, the hash every signature records.
    """

    edition = models.OneToOneField(Edition, on_delete=models.PROTECT, related_name="frozen")
    content = models.BinaryField(_("contenido canónico"))
    content_sha256 = models.CharField(_("SHA-256 del contenido"), max_length=64)
    frozen_at = models.DateTimeField(_("congelada"))
    frozen_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("edición congelada")
        verbose_name_plural = _("ediciones congeladas")

    def __str__(self) -> str:
        return f"{self.edition} · {self.content_sha256[:12]}"


class FrozenFile(WriteOnce):
    """One rendered file of a frozen edition, served byte for byte."""

    frozen = models.ForeignKey(FrozenEdition, on_delete=models.PROTECT, related_name="files")
    format = models.CharField(_("formato"), max_length=16)
    filename = models.CharField(_("nombre"), max_length=255)
    content_type = models.CharField(_("tipo"), max_length=100)
    content = models.BinaryField(_("contenido"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    size = models.PositiveIntegerField(_("tamaño en bytes"))

    class Meta:
        ordering = ["id"]
        verbose_name = _("archivo de edición congelada")
        verbose_name_plural = _("archivos de edición congelada")
        constraints = [
            models.UniqueConstraint(fields=["frozen", "format"], name="frozen_file_unique_format")
        ]

    def __str__(self) -> str:
        return self.filename


class Signature(WriteOnce):
    """A signature: who signed, in which role and post, when, and the hash of what they signed."""

    edition = models.ForeignKey(Edition, on_delete=models.PROTECT, related_name="signatures")
    role = models.CharField(_("firma como"), max_length=8, choices=SignatoryRole.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("usuario"),
    )
    name = models.CharField(_("nombre con grado"), max_length=255)
    post = models.CharField(_("cargo"), max_length=255)
    signed_at = models.DateTimeField(_("firmada"))
    content_sha256 = models.CharField(_("SHA-256 del contenido firmado"), max_length=64)

    class Meta:
        ordering = ["signed_at", "id"]
        verbose_name = _("firma")
        verbose_name_plural = _("firmas")
        constraints = [
            models.UniqueConstraint(fields=["edition", "role"], name="signature_unique_role")
        ]

    def __str__(self) -> str:
        return f"{self.get_role_display()}: {self.name}"
