from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from avance.catalogs.directory.models import owning_institution


class StrategicObjective(models.Model):
    """One of an institution's strategic objectives: the ➤ headings of the annual report."""

    institution = models.ForeignKey(
        "directory.Institution",
        on_delete=models.PROTECT,
        related_name="objectives",
        verbose_name=_("institución"),
    )
    number = models.PositiveSmallIntegerField(_("número"))
    title = models.TextField(_("enunciado"))
    programme = models.CharField(
        _("programa institucional"),
        max_length=255,
        blank=True,
        help_text=_("Por ejemplo: Programa Institucional 2020-2024 del INMUJERES."),
    )
    start_year = models.PositiveSmallIntegerField(_("desde el año"))
    end_year = models.PositiveSmallIntegerField(_("hasta el año"))
    history = HistoricalRecords()

    class Meta:
        ordering = ["number"]
        verbose_name = _("objetivo estratégico")
        verbose_name_plural = _("objetivos estratégicos")
        constraints = [
            models.UniqueConstraint(
                fields=["institution", "number", "start_year"],
                name="objective_unique_number",
                violation_error_message=_(
                    "Ya existe un objetivo con este número que empieza ese año."
                ),
            )
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.title}"


class BudgetProgram(models.Model):
    """A budget programme (Pp) keyed by modality letter and number, e.g. S010."""

    key = models.CharField(_("clave"), max_length=8, unique=True)
    name = models.CharField(_("nombre"), max_length=255)
    acronym = models.CharField(_("siglas"), max_length=40, blank=True)
    description = models.TextField(_("descripción"), blank=True)

    class Meta:
        ordering = ["key"]
        verbose_name = _("programa presupuestario")
        verbose_name_plural = _("programas presupuestarios")

    def __str__(self) -> str:
        return f"{self.key} {self.acronym or self.name}"


class BudgetAllocation(models.Model):
    """An institution's amounts of a budget programme for one fiscal year (pesos); any of
    them may be unknown at first."""

    institution = owning_institution("allocations", on_delete=models.CASCADE)
    program = models.ForeignKey(
        BudgetProgram,
        on_delete=models.CASCADE,
        related_name="years",
        verbose_name=_("programa presupuestario"),
    )
    year = models.PositiveSmallIntegerField(_("ejercicio"))
    approved = models.DecimalField(
        _("aprobado"), max_digits=16, decimal_places=2, null=True, blank=True
    )
    modified = models.DecimalField(
        _("modificado"), max_digits=16, decimal_places=2, null=True, blank=True
    )
    accrued = models.DecimalField(
        _("devengado"), max_digits=16, decimal_places=2, null=True, blank=True
    )
    paid = models.DecimalField(_("pagado"), max_digits=16, decimal_places=2, null=True, blank=True)
    exercised = models.DecimalField(
        _("ejercido"), max_digits=16, decimal_places=2, null=True, blank=True
    )
    rules_published = models.DateField(
        _("publicación de reglas de operación"), null=True, blank=True
    )
    name_in_year = models.CharField(_("nombre en el ejercicio"), max_length=255, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["program", "year"]
        verbose_name = _("asignación anual")
        verbose_name_plural = _("asignaciones anuales")
        constraints = [
            models.UniqueConstraint(
                fields=["institution", "program", "year"],
                name="allocation_unique_year",
                violation_error_message=_("Ese programa ya tiene montos en ese ejercicio."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.program.key} {self.year}"
