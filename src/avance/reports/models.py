from django.db import models
from django.utils.translation import gettext_lazy as _


class ReportTemplate(models.TextChoices):
    PUBLIC_ACCOUNT = "public-account", _("Cuenta Pública: Introducción")


class EditionStatus(models.TextChoices):
    DRAFT = "draft", _("Borrador")
    SIGNING = "signing", _("En firma")
    SIGNED = "signed", _("Firmada")


class Edition(models.Model):
    """One document for one year: its introduction, its signatories and (later) its signatures."""

    template = models.CharField(
        _("documento"),
        max_length=32,
        choices=ReportTemplate.choices,
        default=ReportTemplate.PUBLIC_ACCOUNT,
    )
    year = models.PositiveSmallIntegerField(_("ejercicio"))
    number = models.PositiveSmallIntegerField(_("edición"), default=1)
    institute = models.ForeignKey(
        "directory.Organization",
        on_delete=models.PROTECT,
        related_name="editions",
        verbose_name=_("instituto"),
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

    class Meta:
        ordering = ["-year", "template", "-number"]
        verbose_name = _("edición de informe")
        verbose_name_plural = _("ediciones de informe")
        constraints = [
            models.UniqueConstraint(
                fields=["template", "year", "number"], name="edition_unique_number"
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

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("firmante")
        verbose_name_plural = _("firmantes")
        constraints = [
            models.UniqueConstraint(fields=["edition", "role"], name="signatory_unique_role")
        ]

    def __str__(self) -> str:
        return f"{self.get_role_display()}: {self.name}"
