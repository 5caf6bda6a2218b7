from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class OrganizationKind(models.TextChoices):
    INSTITUTE = "institute", _("Instituto (propio)")
    FEDERAL_AGENCY = "federal_agency", _("Dependencia o entidad federal")
    STATE_WOMEN_INSTANCE = "imef", _("Instancia de las mujeres en la entidad federativa (IMEF)")
    MUNICIPAL_WOMEN_INSTANCE = "imm", _("Instancia municipal de las mujeres (IMM)")
    STATE_GOVERNMENT = "state_government", _("Gobierno estatal")
    AUTONOMOUS_BODY = "autonomous", _("Organismo autónomo")
    INTERNATIONAL_BODY = "international", _("Organismo internacional")
    FOREIGN_GOVERNMENT = "foreign_government", _("Gobierno extranjero")
    COMPANY = "company", _("Empresa")
    CIVIL_SOCIETY = "civil_society", _("Sociedad civil")
    ACADEMIA = "academia", _("Academia")
    MEDIA = "media", pgettext_lazy("organization kind", "Medio de comunicación")


class Organization(models.Model):
    name = models.CharField(_("nombre"), max_length=255, unique=True)
    acronym = models.CharField(_("siglas"), max_length=40, blank=True)
    kind = models.CharField(_("tipo"), max_length=24, choices=OrganizationKind.choices)
    state = models.ForeignKey(
        "territory.State",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="organizations",
        verbose_name=_("entidad"),
    )
    description = models.TextField(_("descripción"), blank=True)
    website = models.URLField(_("sitio web"), blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("organización")
        verbose_name_plural = _("organizaciones")

    def __str__(self) -> str:
        return self.acronym or self.name

    @property
    def label(self) -> str:
        """How documents cite the organisation: its acronym when it has one."""
        return self.acronym or self.name


class Unit(models.Model):
    """A unit of the institute itself (a directorate, a coordination)."""

    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="units", verbose_name=_("instituto")
    )
    name = models.CharField(_("nombre"), max_length=255)
    acronym = models.CharField(_("siglas"), max_length=40, blank=True)
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("unidad superior"),
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("unidad")
        verbose_name_plural = _("unidades")
        constraints = [
            models.UniqueConstraint(fields=["organization", "name"], name="unit_unique_name")
        ]

    def __str__(self) -> str:
        return self.acronym or self.name
