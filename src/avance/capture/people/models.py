"""Person-level rosters: lists of people (trainees, certified people, credit holders …).

A person is known only by a keyed pseudonym of the CURP (``importing/pseudonyms.py``;
decision 0003), with the sex, birth year and state of birth the CURP states, kept on each of
their enrollments (decision 0008). The raw CURP is never stored.

A roster belongs to a unit of the institute and/or an organisation (its owner), which scopes
who sees and imports it (``queries.py``). Each import keeps how many people it added per
sex, state, birth year and organisation (``ImportCount``): pages, figures and open data add
those up instead of scanning the enrollments.

Indexes are only those the queries need: every index slows the bulk load (see
``docs/performance.md``). Enrollments are read by roster (on PostgreSQL a BRIN index, on
SQLite the primary key's, whose first column is the roster).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from avance.catalogs.directory.models import owning_institution


class RosterKind(models.TextChoices):
    TRAINING = "training", _("Curso de capacitación")
    CERTIFICATION = "certification", _("Certificación en un estándar de competencia")
    CREDIT = "credit", _("Programa de crédito")
    BENEFICIARIES = "beneficiaries", _("Padrón de personas beneficiarias")
    OTHER = "other", _("Otro")


class Sex(models.TextChoices):
    """Sex as counted: declared in the file or, when the file says nothing, the CURP's."""

    WOMAN = "M", _("Mujer")
    MAN = "H", _("Hombre")
    OTHER = "X", _("Otro")
    UNSPECIFIED = "N", _("No especificado")


# The names of the figure parts (activities.figures.SEX_ATTRIBUTES) for each code.
SEX_PARTS = {"M": "mujeres", "H": "hombres", "X": "otro", "N": "no_especificado"}


class Roster(models.Model):
    institution = owning_institution("rosters")
    name = models.CharField(_("nombre"), max_length=200)
    kind = models.CharField(_("tipo"), max_length=16, choices=RosterKind.choices)
    activity = models.ForeignKey(
        "activities.Activity",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="rosters",
        verbose_name=_("actividad"),
    )
    year = models.PositiveSmallIntegerField(_("ejercicio"))
    unit = models.ForeignKey(
        "directory.Unit",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="rosters",
        verbose_name=_("unidad responsable"),
        help_text=_("Sus analistas ven el padrón e importan a él."),
    )
    organization = models.ForeignKey(
        "directory.Organization",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="rosters",
        verbose_name=_("organización que informa"),
        help_text=_("Sus enlaces ven el padrón e importan a él."),
    )
    description = models.TextField(_("descripción"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("creado"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-year", "name"]
        verbose_name = _("padrón")
        verbose_name_plural = _("padrones")
        constraints = [
            # Narratives cite a roster by name, within its institution.
            models.UniqueConstraint(
                fields=["institution", "name"],
                name="roster_unique_name",
                violation_error_message=_("Ya existe un padrón con este nombre."),
            )
        ]

    def __str__(self) -> str:
        return self.name


class ImportStatus(models.TextChoices):
    IMPORTED = "imported", _("Importado")
    REJECTED = "rejected", _("Rechazado")
    REPEATED = "repeated", _("Ya importado antes")


class RosterImport(models.Model):
    """One import batch: the audit record of a bulk write (bulk writes bypass the history)."""

    roster = models.ForeignKey(
        Roster, on_delete=models.CASCADE, related_name="imports", verbose_name=_("padrón")
    )
    file_name = models.CharField(_("archivo"), max_length=255)
    sha256 = models.CharField(_("huella SHA-256"), max_length=64)
    status = models.CharField(_("resultado"), max_length=10, choices=ImportStatus.choices)
    skip_invalid = models.BooleanField(_("omitir filas con errores"), default=False)
    rows = models.PositiveIntegerField(_("filas"), default=0)
    imported = models.PositiveIntegerField(_("importadas"), default=0)
    rejected = models.PositiveIntegerField(_("rechazadas"), default=0)
    duplicates = models.PositiveIntegerField(_("repetidas"), default=0)
    by_sex = models.JSONField(_("importadas por sexo"), default=dict)
    errors = models.JSONField(_("errores"), default=list, blank=True)
    errors_total = models.PositiveIntegerField(_("errores en total"), default=0)
    message = models.TextField(_("mensaje"), blank=True)
    started_at = models.DateTimeField(_("inicio"))
    finished_at = models.DateTimeField(_("fin"))
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("usuario"),
    )

    class Meta:
        ordering = ["-started_at", "-id"]
        verbose_name = _("importación de padrón")
        verbose_name_plural = _("importaciones de padrón")
        indexes = [models.Index(fields=["roster", "sha256"], name="rosterimport_roster_sha")]

    def __str__(self) -> str:
        return f"{self.roster}: {self.file_name} ({self.get_status_display()})"


class Breakdown(models.TextChoices):
    SEX = "sex", _("Sexo")
    STATE = "state", _("Entidad de residencia")
    BIRTH_YEAR = "birth_year", _("Año de nacimiento")
    ORGANIZATION = "organization", _("Organización")


class ImportCount(models.Model):
    """How many people an import added to its roster with one value of one breakdown
    (``key``: the sex code, the INEGI key of the state or "", the birth year, the
    organisation or ""). Written with the enrollments, in the import's transaction; a
    roster's counts are the sums over its imports (``counts.py``)."""

    batch = models.ForeignKey(
        RosterImport, on_delete=models.CASCADE, related_name="counts", verbose_name=_("importación")
    )
    breakdown = models.CharField(_("desglose"), max_length=12, choices=Breakdown.choices)
    key = models.CharField(_("valor"), max_length=255, blank=True)
    people = models.PositiveIntegerField(_("personas"))

    class Meta:
        verbose_name = _("conteo de importación")
        verbose_name_plural = _("conteos de importación")
        constraints = [
            models.UniqueConstraint(
                fields=["batch", "breakdown", "key"], name="importcount_batch_breakdown_key"
            )
        ]

    def __str__(self) -> str:
        return f"{self.batch_id} {self.breakdown} {self.key}: {self.people}"


class Enrollment(models.Model):
    """A person in a roster: the keyed pseudonym of their CURP, what the CURP states (sex,
    birth year, state of birth) and what the file says about them.

    There is no table of persons: a person is every enrollment with the same pseudonym
    (decision 0008). The CURP's facts are a function of the pseudonym, so they are the same
    on each of a person's enrollments, and counting people across rosters is counting
    distinct pseudonyms. One table makes a bulk load one ``COPY`` into one index: with a
    second table of persons the load took 1.7 times as long (docs/performance.md).

    The key is (roster, pseudonym). On SQLite it is the table's primary key. On PostgreSQL
    the table has a BRIN index on the roster instead (migration 0003): every B-tree costs the
    bulk load an index entry per row, and a roster's rows lie together, written by one
    ``COPY``. The foreign keys carry no database constraint either: PostgreSQL checks each
    one row by row, which tripled the cost of a bulk load. Integrity holds because
    enrollments are written only by ``importing.writing.write_entries`` (which leaves out the
    people already in the roster, one import per roster at a time) and deleted only with
    their roster or by ``services.empty_roster`` (which delete the import counts too);
    ``counts.orphan_entries`` and ``counts.repeated_entries`` check it.
    """

    pk = models.CompositePrimaryKey("roster", "pseudonym")
    roster = models.ForeignKey(
        Roster,
        on_delete=models.CASCADE,
        related_name="entries",
        db_index=False,  # the primary key's index starts with the roster
        db_constraint=False,
    )
    pseudonym = models.BinaryField(_("seudónimo"), max_length=32)
    curp_sex = models.CharField(_("sexo en la CURP"), max_length=1)
    birth_year = models.PositiveSmallIntegerField(_("año de nacimiento"))
    birth_state = models.CharField(
        _("entidad de nacimiento"), max_length=2, help_text=_("Clave INEGI, o NE si nació fuera.")
    )
    sex = models.CharField(_("sexo"), max_length=1, choices=Sex.choices)
    state = models.CharField(_("entidad de residencia"), max_length=2, blank=True)
    completed_on = models.DateField(_("fecha de conclusión"), null=True, blank=True)
    organization = models.CharField(_("organización de adscripción"), max_length=255, blank=True)
    import_batch = models.ForeignKey(
        RosterImport,
        on_delete=models.DO_NOTHING,  # import records are never deleted (the audit trail)
        null=True,
        blank=True,
        related_name="entries",
        db_index=False,
        db_constraint=False,
    )

    class Meta:
        verbose_name = _("persona del padrón")
        verbose_name_plural = _("personas del padrón")

    def __str__(self) -> str:
        return f"{self.roster_id}: {bytes(self.pseudonym).hex()[:12]}"
