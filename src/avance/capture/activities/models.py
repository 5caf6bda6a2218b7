from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models.functions import Concat, Replace, Upper
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from avance.catalogs.directory.models import owning_institution
from avance.core.models import last_person

# The list's text search compares upper-case text with the accents of Spanish vowels removed,
# so that «autonomia» finds «Autonomía». ñ stays a letter of its own (upper-cased to Ñ).
# SQLite's UPPER() changes ASCII letters only, hence both cases of each accented letter.
SEARCH_FOLDS = (
    ("á", "A"), ("é", "E"), ("í", "I"), ("ó", "O"), ("ú", "U"), ("ü", "U"), ("ñ", "Ñ"),
    ("Á", "A"), ("É", "E"), ("Í", "I"), ("Ó", "O"), ("Ú", "U"), ("Ü", "U"),
)  # fmt: skip
_PYTHON_FOLDS = str.maketrans({accented.upper(): plain for accented, plain in SEARCH_FOLDS})


def search_key(text: str) -> str:
    """``text`` as ``Activity.search_text`` holds it: what the list's search looks for."""
    return text.upper().translate(_PYTHON_FOLDS)


def _search_expression():
    text = models.TextField()
    expression = Upper(Concat("title", models.Value("\n"), "narrative", output_field=text))
    for accented, plain in SEARCH_FOLDS:
        expression = Replace(
            expression, models.Value(accented), models.Value(plain), output_field=text
        )
    return expression


class ActivityKind(models.TextChoices):
    SESSION = "session", _("Sesión de órgano colegiado")
    MEETING = "meeting", _("Reunión de trabajo")
    AGREEMENT = "agreement", _("Firma de convenio o compromiso")
    EVENT = "event", _("Evento")
    TRAINING = "training", _("Capacitación")
    CERTIFICATION = "certification", _("Certificación")
    GRANT = "grant", _("Subsidio o fondo")
    CREDIT = "credit", _("Crédito")
    CAMPAIGN = "campaign", _("Campaña")
    AWARD = "award", _("Premio o concurso")
    PUBLICATION = "publication", _("Publicación")
    PILOT = "pilot", _("Pilotaje")
    NETWORK = "network", _("Red o grupo")
    ALERT_FOLLOW_UP = "alert_follow_up", _("Seguimiento de alertas de género")
    PROGRAMME_FOLLOW_UP = "programme_follow_up", _("Seguimiento de programa")
    OTHER = "other", _("Otra")


class ReviewStatus(models.TextChoices):
    DRAFT = "draft", _("Borrador")
    SUBMITTED = "submitted", _("Enviada a revisión")
    RETURNED = "returned", _("Devuelta con observaciones")
    VALIDATED = "validated", _("Validada")


class Activity(models.Model):
    """One action of the institute's year, as the report tells it (a ❖ bullet)."""

    institution = owning_institution("activities")
    year = models.PositiveSmallIntegerField(_("ejercicio"), db_index=True)
    kind = models.CharField(_("tipo"), max_length=24, choices=ActivityKind.choices)
    title = models.CharField(_("título"), max_length=300)
    start_date = models.DateField(_("fecha de inicio"), null=True, blank=True)
    end_date = models.DateField(_("fecha de término"), null=True, blank=True)
    objective = models.ForeignKey(
        "planning.StrategicObjective",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="activities",
        verbose_name=_("objetivo estratégico"),
    )
    budget_program = models.ForeignKey(
        "planning.BudgetProgram",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="activities",
        verbose_name=_("programa presupuestario"),
    )
    unit = models.ForeignKey(
        "directory.Unit",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="activities",
        verbose_name=_("unidad responsable"),
    )
    reporting_organization = models.ForeignKey(
        "directory.Organization",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="reported_activities",
        verbose_name=_("organización que informa"),
        help_text=_("Vacío cuando la informa el propio instituto."),
    )
    narrative = models.TextField(
        _("redacción"),
        blank=True,
        help_text=_(
            "Cite las cifras por nombre, por ejemplo {{ capacitadas.mujeres }}, "
            "y las notas al pie con [^clave]."
        ),
    )
    position = models.PositiveIntegerField(_("orden"), default=0)
    status = models.CharField(
        _("estado de revisión"),
        max_length=12,
        choices=ReviewStatus.choices,
        default=ReviewStatus.DRAFT,
        editable=False,
    )
    sessions = models.ManyToManyField(
        "bodies.Session", blank=True, related_name="activities", verbose_name=_("sesiones")
    )
    states = models.ManyToManyField(
        "territory.State", blank=True, related_name="activities", verbose_name=_("entidades")
    )
    municipalities = models.ManyToManyField(
        "territory.Municipality",
        blank=True,
        related_name="activities",
        verbose_name=_("municipios"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("creada"), auto_now_add=True)
    updated_at = models.DateTimeField(_("modificada"), auto_now=True)
    # Four eyes: neither of these people may validate the activity (review/services.py).
    submitted_by = last_person(_("enviada por"))
    changed_by = last_person(_("modificada por última vez por"))
    # Title and narrative as the search compares them (``search_key``), computed and stored
    # by the database on every write, bulk ones included: the search reads one prepared
    # column instead of upper-casing two for every row.
    search_text = models.GeneratedField(
        expression=_search_expression(), output_field=models.TextField(), db_persist=True
    )
    # Each historical record also keeps the activity's sessions, states and municipalities.
    history = HistoricalRecords(
        m2m_fields=["sessions", "states", "municipalities"], excluded_fields=["search_text"]
    )

    class Meta:
        ordering = ["year", "objective__number", "position", "id"]
        verbose_name = _("actividad")
        verbose_name_plural = _("actividades")
        indexes = [
            models.Index(fields=["year", "status"], name="activity_year_status"),
            # The activity list (newest first) and the home page's pending work (most
            # recently changed first) read these in order instead of sorting every row.
            models.Index(fields=["-year", "-id"], name="activity_year_id"),
            models.Index(fields=["status", "-updated_at"], name="activity_status_updated"),
        ]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValidationError(
                {"end_date": _("La fecha de término es anterior a la de inicio.")}
            )


class PartnerRole(models.TextChoices):
    ORGANIZER = "organizer", _("Organizadora")
    CO_ORGANIZER = "co_organizer", _("Coorganizadora")
    COORDINATOR = "coordinator", _("Coordinadora")
    PARTICIPANT = "participant", _("Participante")
    FUNDER = "funder", _("Financiadora")
    HOST = "host", _("Sede o anfitriona")
    ALLY = "ally", _("Aliada")
    SUPPORT = "support", _("Apoyo")


class Partner(models.Model):
    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="partners")
    organization = models.ForeignKey(
        "directory.Organization",
        on_delete=models.PROTECT,
        related_name="partnerships",
        verbose_name=_("organización"),
    )
    role = models.CharField(_("papel"), max_length=16, choices=PartnerRole.choices)
    position = models.PositiveSmallIntegerField(_("orden"), default=0)
    history = HistoricalRecords()

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("participante")
        verbose_name_plural = _("participantes")
        constraints = [
            models.UniqueConstraint(
                fields=["activity", "organization", "role"],
                name="partner_unique_role",
                violation_error_message=_("Esta organización ya participa con este papel."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.organization} ({self.get_role_display()})"


KEY_VALIDATOR = RegexValidator(
    r"^[a-z_][a-z0-9_]{0,39}$",
    _("Use minúsculas sin acentos, dígitos y guion bajo; empiece con una letra."),
)


class Footnote(models.Model):
    """A note of an activity, cited in its narrative as [^key]; numbered across the document."""

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="footnotes")
    key = models.CharField(_("clave"), max_length=40, validators=[KEY_VALIDATOR])
    text = models.TextField(_("texto"))
    history = HistoricalRecords()

    class Meta:
        ordering = ["id"]
        verbose_name = _("nota al pie")
        verbose_name_plural = _("notas al pie")
        constraints = [
            models.UniqueConstraint(
                fields=["activity", "key"],
                name="footnote_unique_key",
                violation_error_message=_("Ya hay una nota con esta clave en la actividad."),
            )
        ]

    def __str__(self) -> str:
        return f"[^{self.key}]"


class Evidence(models.Model):
    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="evidence")
    url = models.URLField(_("enlace"), max_length=1000)
    description = models.CharField(_("descripción"), max_length=255, blank=True)

    class Meta:
        ordering = ["id"]
        verbose_name = _("evidencia")
        verbose_name_plural = _("evidencias")

    def __str__(self) -> str:
        return self.description or self.url


class Measure(models.Model):
    """A catalog entry of what can be measured: people trained, sessions held, states covered."""

    code = models.CharField(_("clave"), max_length=40, unique=True, validators=[KEY_VALIDATOR])
    name = models.CharField(_("nombre"), max_length=120)
    unit = models.CharField(_("unidad"), max_length=60)
    by_sex = models.BooleanField(_("se desagrega por sexo"), default=False)
    parts_sum_to_total = models.BooleanField(_("las partes suman el total"), default=True)
    description = models.TextField(_("descripción"), blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("medida")
        verbose_name_plural = _("medidas")

    def __str__(self) -> str:
        return self.name


class FigureSource(models.TextChoices):
    ENTERED = "entered", _("Capturada")
    BOUND = "bound", _("Calculada de registros")


SEX_PARTS = ("women", "men", "other", "unspecified")


# The fields a person edits on a figure, in the order forms show them (admin and web form).
FIGURE_FIELDS = (
    "name",
    "measure",
    "source",
    "binding",
    "binding_params",
    "total",
    "women",
    "men",
    "other",
    "unspecified",
    "note",
)


def whole_number(value):
    """``value`` when it is a whole number (or ``None``); a ValidationError otherwise.

    A figure counts people, sessions, states: a fraction is a capture error, and Django's
    integer fields would silently truncate it (12.7 → 12).
    """
    if value is None or isinstance(value, int):
        return value
    try:
        number = Decimal(str(value).strip()) if isinstance(value, str) else Decimal(value)
    except (InvalidOperation, TypeError, ValueError):
        return value  # not a number at all: the integer field reports it
    if not number.is_finite() or number != number.to_integral_value():
        raise ValidationError(
            _("Una cifra es un número entero: «%(value)s» no lo es (no se redondea)."),
            code="fraction",
            params={"value": value},
        )
    return int(number)


class WholeNumberField(models.PositiveBigIntegerField):
    """A count that refuses fractions on every path (forms, admin, code, bulk writes)."""

    def to_python(self, value):
        return super().to_python(whole_number(value))

    def get_prep_value(self, value):
        return super().get_prep_value(whole_number(value))


class Figure(models.Model):
    """One measured value of an activity, cited by name in its narrative.

    Its source is either *entered* (a person typed it once, with a note on where it comes
    from) or *bound* (computed from records every time it is read; see ``figures.py``).
    """

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="figures")
    name = models.CharField(_("nombre"), max_length=40, validators=[KEY_VALIDATOR])
    measure = models.ForeignKey(
        Measure, on_delete=models.PROTECT, related_name="figures", verbose_name=_("medida")
    )
    source = models.CharField(
        _("origen"), max_length=8, choices=FigureSource.choices, default=FigureSource.ENTERED
    )
    binding = models.CharField(_("cálculo"), max_length=40, blank=True)
    binding_params = models.JSONField(_("parámetros del cálculo"), default=dict, blank=True)
    total = WholeNumberField(_("total"), null=True, blank=True)
    women = WholeNumberField(_("mujeres"), null=True, blank=True)
    men = WholeNumberField(_("hombres"), null=True, blank=True)
    other = WholeNumberField(_("otro"), null=True, blank=True)
    unspecified = WholeNumberField(_("no especificado"), null=True, blank=True)
    note = models.CharField(_("fuente o nota"), max_length=500, blank=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("capturada por"),
    )
    updated_at = models.DateTimeField(_("modificada"), auto_now=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["activity", "name"]
        verbose_name = _("cifra")
        verbose_name_plural = _("cifras")
        constraints = [
            models.UniqueConstraint(
                fields=["activity", "name"],
                name="figure_unique_name",
                violation_error_message=_("Ya hay una cifra con este nombre en la actividad."),
            )
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        # Refused before the write starts (bulk writes and updates are refused by the field).
        for name in ("total", *SEX_PARTS):
            setattr(self, name, whole_number(getattr(self, name)))
        super().save(*args, **kwargs)

    def clean(self) -> None:
        from avance.capture.activities.checks import check_figure

        if self.measure_id is None:
            return  # the form reports the missing measure as a required field
        errors = check_figure(self)
        if errors:
            raise ValidationError(errors)


class ReviewAction(models.TextChoices):
    SUBMITTED = "submitted", _("Envío a revisión")
    VALIDATED = "validated", _("Validación")
    RETURNED = "returned", _("Devolución con observaciones")
    REOPEN_ASKED = "reopen_asked", _("Solicitud de reapertura")
    REOPENED = "reopened", _("Reapertura")
    REOPEN_REFUSED = "reopen_no", _("Reapertura rechazada")


class ReviewComment(models.Model):
    """One step of an activity's review: who moved it, from which state to which, and why.

    Written only by ``services.py`` (the review transitions); never edited afterwards.
    """

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="review_comments")
    action = models.CharField(_("acción"), max_length=12, choices=ReviewAction.choices)
    from_status = models.CharField(
        _("estado anterior"), max_length=12, choices=ReviewStatus.choices
    )
    to_status = models.CharField(_("estado nuevo"), max_length=12, choices=ReviewStatus.choices)
    comment = models.TextField(_("comentario"), blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("autor"),
    )
    created_at = models.DateTimeField(_("fecha"), auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("paso de revisión")
        verbose_name_plural = _("pasos de revisión")

    def __str__(self) -> str:
        return f"{self.get_action_display()}: {self.activity}"


class ReopeningStatus(models.TextChoices):
    PENDING = "pending", _("pendiente")
    REOPENED = "reopened", _("reabierta")
    REFUSED = "refused", _("rechazada")


class ReopeningRequest(models.Model):
    """A request to correct a validated activity: the reason, and the reviewer's answer.

    Written only by ``review.services``; an activity has at most one pending request.
    """

    activity = models.ForeignKey(
        Activity, on_delete=models.CASCADE, related_name="reopening_requests"
    )
    reason = models.TextField(_("motivo"))
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("solicitada por"),
    )
    requested_at = models.DateTimeField(_("solicitada el"), auto_now_add=True)
    status = models.CharField(
        _("estado"),
        max_length=10,
        choices=ReopeningStatus.choices,
        default=ReopeningStatus.PENDING,
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decidida por"),
    )
    decided_at = models.DateTimeField(_("decidida el"), null=True, blank=True)
    answer = models.TextField(_("respuesta"), blank=True)

    class Meta:
        ordering = ["-requested_at", "-id"]
        verbose_name = _("solicitud de reapertura")
        verbose_name_plural = _("solicitudes de reapertura")
        constraints = [
            models.UniqueConstraint(
                fields=["activity"],
                condition=models.Q(status="pending"),
                name="reopening_one_pending",
                violation_error_message=_("Esta actividad ya tiene una solicitud de reapertura."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.activity} ({self.get_status_display()})"
