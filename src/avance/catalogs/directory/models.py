from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from avance.catalogs.directory.logos import logo_path


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


class InstitutionKind(models.TextChoices):
    NATIONAL = "national", _("Instituto nacional")
    STATE = "imef", _("Instancia de las mujeres en la entidad federativa (IMEF)")
    MUNICIPAL = "imm", _("Instancia municipal de las mujeres (IMM)")
    OTHER = "other", _("Otra institución")


class Institution(models.Model):
    """An institution that runs its own yearly cycle in this installation (a tenant): its
    units, objectives, activities, rosters, users and editions are its own.

    Its name and acronym are those of its entry in the shared directory, whose key it keeps:
    an institution and its organisation have the same primary key.
    """

    organization = models.OneToOneField(
        Organization,
        on_delete=models.PROTECT,
        primary_key=True,
        related_name="institution",
        verbose_name=_("organización"),
    )
    kind = models.CharField(_("tipo"), max_length=12, choices=InstitutionKind.choices)
    coordinator = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="coordinated",
        verbose_name=_("institución coordinadora"),
        help_text=_(
            "El instituto nacional coordina a las IMEF; una IMEF, a las IMM de su entidad."
        ),
    )
    branch = models.CharField(
        _("ramo"), max_length=80, blank=True, help_text=_("Por ejemplo: Ramo 47")
    )
    entity_key = models.CharField(
        _("clave de la entidad"), max_length=12, blank=True, help_text=_("Por ejemplo: HHE")
    )
    # Checked and named by ``logos.checked_upload`` (the setup area's profile form).
    logo = models.ImageField(_("logotipo"), upload_to=logo_path, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["organization__name"]
        verbose_name = _("institución")
        verbose_name_plural = _("instituciones")

    def __str__(self) -> str:
        return str(self.organization)

    @property
    def name(self) -> str:
        return self.organization.name

    @property
    def acronym(self) -> str:
        return self.organization.acronym


NATIONAL_INSTITUTE_NAME = "Instituto Nacional de las Mujeres"
NATIONAL_INSTITUTE_ACRONYM = "INMUJERES"


def default_institution() -> Institution:
    """The institution records belong to where none is named: the national institute, the
    first institution of the installation. Made from the directory's own institute (or, in
    an empty installation, the national institute's entry) the first time it is needed."""
    institution = Institution.objects.filter(kind=InstitutionKind.NATIONAL).order_by("pk").first()
    if institution is not None:
        return institution
    organization = Organization.objects.filter(kind=OrganizationKind.INSTITUTE).order_by("pk")
    organization = (
        organization.first()
        or Organization.objects.get_or_create(
            name=NATIONAL_INSTITUTE_NAME,
            defaults={"acronym": NATIONAL_INSTITUTE_ACRONYM, "kind": OrganizationKind.INSTITUTE},
        )[0]
    )
    institution, _created = Institution.objects.get_or_create(
        organization=organization, defaults={"kind": InstitutionKind.NATIONAL}
    )
    return institution


def find_institution(key: str | None) -> Institution:
    """The institution a command names by acronym or name (any case); the national
    institute when none is named. Raises ``Institution.DoesNotExist`` with a Spanish
    message."""
    if not key:
        return default_institution()
    key = " ".join(key.split())
    found = Institution.objects.select_related("organization").filter(
        models.Q(organization__acronym__iexact=key) | models.Q(organization__name__iexact=key)
    )
    found = list(found[:2])
    if len(found) != 1:
        known = ", ".join(
            Institution.objects.exclude(organization__acronym="")
            .order_by("organization__acronym")
            .values_list("organization__acronym", flat=True)
        )
        reason = _("varias instituciones se llaman así") if found else _("no existe")
        raise Institution.DoesNotExist(
            _("Institución «%(key)s»: %(reason)s. Registradas: %(known)s.")
            % {"key": key, "reason": reason, "known": known or "—"}
        )
    return found[0]


def default_institution_id() -> int:
    """``default_institution``'s key: the default of every record's ``institution``."""
    return default_institution().pk


def owning_institution(related_name: str, *, on_delete=models.PROTECT) -> models.ForeignKey:
    """The ``institution`` a record belongs to (a tenant's own rows): the national institute
    when none is given."""
    return models.ForeignKey(
        "directory.Institution",
        on_delete=on_delete,
        default=default_institution_id,
        related_name=related_name,
        verbose_name=_("institución"),
    )


class Unit(models.Model):
    """A unit of an institution (a directorate, a coordination)."""

    institution = models.ForeignKey(
        Institution,
        on_delete=models.CASCADE,
        related_name="units",
        verbose_name=_("institución"),
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
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name = _("unidad")
        verbose_name_plural = _("unidades")
        constraints = [
            models.UniqueConstraint(
                fields=["institution", "name"],
                name="unit_unique_name",
                violation_error_message=_("Ya existe una unidad con este nombre."),
            )
        ]

    def __str__(self) -> str:
        return self.acronym or self.name
