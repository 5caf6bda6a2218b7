from django.db import models
from django.utils.translation import gettext_lazy as _


class BodyKind(models.TextChoices):
    NATIONAL_SYSTEM = "national_system", _("Sistema nacional")
    GROUP = "group", _("Grupo interinstitucional")
    OBSERVATORY = "observatory", _("Observatorio")
    NETWORK = "network", _("Red")
    OTHER = "other", _("Otro")


class Body(models.Model):
    """A coordination body: national system, inter-institutional group, observatory, network."""

    name = models.CharField(_("nombre"), max_length=255, unique=True)
    acronym = models.CharField(_("siglas"), max_length=40, blank=True)
    kind = models.CharField(_("tipo"), max_length=20, choices=BodyKind.choices)
    installed_on = models.DateField(_("instalado el"), null=True, blank=True)
    members = models.ManyToManyField(
        "directory.Organization", blank=True, related_name="bodies", verbose_name=_("integrantes")
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("órgano colegiado")
        verbose_name_plural = _("órganos colegiados")

    def __str__(self) -> str:
        return self.acronym or self.name


class SessionKind(models.TextChoices):
    ORDINARY = "ordinary", _("ordinaria")
    EXTRAORDINARY = "extraordinary", _("extraordinaria")
    INSTALLATION = "installation", _("de instalación")
    WORKING = "working", _("de trabajo")


class Session(models.Model):
    """A numbered session of a body (the XLIX ordinary session of the SNPASEVM …)."""

    body = models.ForeignKey(Body, on_delete=models.CASCADE, related_name="sessions")
    kind = models.CharField(_("tipo"), max_length=16, choices=SessionKind.choices)
    number = models.PositiveIntegerField(_("número"), null=True, blank=True)
    date = models.DateField(_("fecha"), null=True, blank=True)
    place = models.CharField(_("lugar"), max_length=255, blank=True)
    notes = models.TextField(_("notas"), blank=True)

    class Meta:
        ordering = ["body", "date", "number"]
        verbose_name = _("sesión")
        verbose_name_plural = _("sesiones")
        constraints = [
            models.UniqueConstraint(
                fields=["body", "kind", "number"],
                name="session_unique_number",
                condition=models.Q(number__isnull=False),
            )
        ]

    def __str__(self) -> str:
        number = f" {self.number}" if self.number else ""
        when = f" ({self.date:%Y-%m-%d})" if self.date else ""
        return f"{self.body} {self.get_kind_display()}{number}{when}"
