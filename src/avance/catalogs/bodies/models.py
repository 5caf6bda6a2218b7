"""Coordination bodies of an institution, their members, numbered sessions and the agreements
taken in them, with their follow-up."""

from django.db import models
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from avance.catalogs.directory.models import owning_institution


class BodyKind(models.TextChoices):
    NATIONAL_SYSTEM = "national_system", _("Sistema nacional")
    STATE_SYSTEM = "state_system", _("Sistema estatal")
    MUNICIPAL_SYSTEM = "municipal_system", _("Sistema municipal")
    GROUP = "group", _("Grupo interinstitucional")
    OBSERVATORY = "observatory", _("Observatorio")
    NETWORK = "network", _("Red")
    OTHER = "other", _("Otro")


class Body(models.Model):
    """A coordination body an institution takes part in or leads: national system,
    inter-institutional group, observatory, network. Each institution keeps its own (a state
    system is the state instance's), so a narrative's figure names one within its institution."""

    institution = owning_institution("bodies")
    name = models.CharField(_("nombre"), max_length=255)
    acronym = models.CharField(_("siglas"), max_length=40, blank=True)
    kind = models.CharField(_("tipo"), max_length=20, choices=BodyKind.choices)
    installed_on = models.DateField(_("instalado el"), null=True, blank=True)
    members = models.ManyToManyField(
        "directory.Organization", blank=True, related_name="bodies", verbose_name=_("integrantes")
    )
    history = HistoricalRecords(m2m_fields=[members])

    class Meta:
        ordering = ["name"]
        verbose_name = _("órgano colegiado")
        verbose_name_plural = _("órganos colegiados")
        constraints = [
            models.UniqueConstraint(
                fields=["institution", "name"],
                name="body_unique_name",
                violation_error_message=_("Ya existe un órgano con este nombre."),
            )
        ]

    def __str__(self) -> str:
        return self.acronym or self.name


class SessionKind(models.TextChoices):
    ORDINARY = "ordinary", _("ordinaria")
    EXTRAORDINARY = "extraordinary", _("extraordinaria")
    INSTALLATION = "installation", _("de instalación")
    WORKING = "working", _("de trabajo")


class Session(models.Model):
    """A numbered session of a body (the XLIX ordinary session of the SNPASEVM …)."""

    body = models.ForeignKey(
        Body, on_delete=models.CASCADE, related_name="sessions", verbose_name=_("órgano")
    )
    kind = models.CharField(_("tipo"), max_length=16, choices=SessionKind.choices)
    number = models.PositiveIntegerField(_("número"), null=True, blank=True)
    date = models.DateField(_("fecha"), null=True, blank=True)
    place = models.CharField(_("lugar"), max_length=255, blank=True)
    notes = models.TextField(_("notas"), blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["body", "date", "number"]
        verbose_name = _("sesión")
        verbose_name_plural = _("sesiones")
        constraints = [
            models.UniqueConstraint(
                fields=["body", "kind", "number"],
                name="session_unique_number",
                condition=models.Q(number__isnull=False),
                violation_error_message=_("Ese órgano ya tiene una sesión de ese tipo y número."),
            )
        ]

    def __str__(self) -> str:
        number = f" {self.number}" if self.number else ""
        when = f" ({self.date:%Y-%m-%d})" if self.date else ""
        return f"{self.body} {self.get_kind_display()}{number}{when}"

    @property
    def label(self) -> str:
        """The session as a page names it, its date the Mexican way («26 de septiembre de
        2023»); ``str()`` stays what documents and traces print."""
        number = f" {self.number}" if self.number else ""
        when = f" ({date_format(self.date, 'DATE_FORMAT')})" if self.date else ""
        return f"{self.body} {self.get_kind_display()}{number}{when}"


class AgreementStatus(models.TextChoices):
    PENDING = "pending", _("pendiente")
    IN_PROGRESS = "in_progress", _("en proceso")
    DONE = "done", _("cumplido")
    CANCELLED = "cancelled", _("cancelado")


class Agreement(models.Model):
    """An agreement taken in a session, and where its follow-up stands."""

    session = models.ForeignKey(
        Session, on_delete=models.CASCADE, related_name="agreements", verbose_name=_("sesión")
    )
    key = models.CharField(
        _("clave"), max_length=40, help_text=_("Por ejemplo: ACU-XLIX-01 o 3/2023.")
    )
    text = models.TextField(_("acuerdo"))
    responsible = models.CharField(_("responsable"), max_length=255, blank=True)
    due_on = models.DateField(_("fecha compromiso"), null=True, blank=True)
    status = models.CharField(
        _("estado"),
        max_length=16,
        choices=AgreementStatus.choices,
        default=AgreementStatus.PENDING,
    )
    follow_up = models.TextField(_("seguimiento"), blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["session__date", "session__number", "key"]
        verbose_name = _("acuerdo")
        verbose_name_plural = _("acuerdos")
        constraints = [
            models.UniqueConstraint(
                fields=["session", "key"],
                name="agreement_unique_key",
                violation_error_message=_("Esa sesión ya tiene un acuerdo con esa clave."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.key} ({self.session})"

    @property
    def session_label(self) -> str:
        return self.session.label
