"""Who may do what, and where: a user's roles, each with its scope.

A user may hold several memberships (an analyst of two units, a reviewer who also signs).
Scope is part of the membership: analysts belong to a unit of the institute, liaisons to an
organisation (a federal agency, a state or municipal women's instance). Administrators,
reviewers and signatories work over the whole institute.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from avance.catalogs.directory.models import owning_institution


class Role(models.TextChoices):
    ADMINISTRATOR = "admin", _("Administración")
    ANALYST = "analyst", _("Analista de unidad")
    REVIEWER = "reviewer", _("Revisión")
    SIGNATORY = "signatory", _("Firmante del informe")
    LIAISON = "liaison", _("Enlace de organización")


class SignsAs(models.TextChoices):
    """The place of a signatory in the signature block (the signing itself is in reports)."""

    PREPARED = "elaboro", _("Elaboró")
    REVIEWED = "reviso", _("Revisó")
    AUTHORIZED = "autorizo", _("Autorizó")


class Membership(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name=_("usuario"),
    )
    institution = owning_institution("memberships", on_delete=models.CASCADE)
    role = models.CharField(_("papel"), max_length=12, choices=Role.choices)
    unit = models.ForeignKey(
        "directory.Unit",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="memberships",
        verbose_name=_("unidad"),
        help_text=_("Solo para analistas: la unidad cuyas actividades captura."),
    )
    organization = models.ForeignKey(
        "directory.Organization",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="memberships",
        verbose_name=_("organización"),
        help_text=_("Solo para enlaces: la organización cuyos registros ve e informa."),
    )
    signs_as = models.CharField(_("firma como"), max_length=8, choices=SignsAs.choices, blank=True)
    post = models.CharField(
        _("cargo"),
        max_length=255,
        blank=True,
        help_text=_("Para firmantes: el cargo que se imprime bajo el nombre."),
    )
    created_at = models.DateTimeField(_("alta"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["user", "role", "id"]
        verbose_name = _("papel de usuario")
        verbose_name_plural = _("papeles de usuario")
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(role="analyst") | models.Q(unit__isnull=False),
                name="membership_analyst_has_unit",
            ),
            models.CheckConstraint(
                condition=~models.Q(role="liaison") | models.Q(organization__isnull=False),
                name="membership_liaison_has_organization",
            ),
        ]

    def __str__(self) -> str:
        scope = self.unit or self.organization or self.get_signs_as_display() or ""
        label = self.get_role_display()
        return f"{self.user}: {label} {scope}".strip()

    def clean(self) -> None:
        errors = {}
        if self.role == Role.ANALYST and not self.unit_id:
            errors["unit"] = _("Un analista pertenece a una unidad.")
        if self.role == Role.LIAISON and not self.organization_id:
            errors["organization"] = _("Un enlace pertenece a una organización.")
        if self.role != Role.ANALYST and self.unit_id:
            errors["unit"] = _("Solo los analistas tienen unidad.")
        if self.role != Role.LIAISON and self.organization_id:
            errors["organization"] = _("Solo los enlaces tienen organización.")
        if self.role != Role.SIGNATORY and self.signs_as:
            errors["signs_as"] = _("Solo los firmantes firman.")
        if errors:
            raise ValidationError(errors)
