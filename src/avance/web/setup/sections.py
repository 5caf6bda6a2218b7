"""What an institution sets up for a year, section by section, and the checklist of what the
year still needs (shown on the administrator's home page)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import F, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from avance.accounts.models import Membership, Role
from avance.catalogs.directory.models import Institution, Unit
from avance.catalogs.planning.models import BudgetAllocation, StrategicObjective
from avance.documents.reports.models import Edition, EditionStatus, Signatory
from avance.web.setup import forms


@dataclass(frozen=True)
class Section:
    """A list of the institution's records with a form to add and change them."""

    key: str
    title: Any
    form: type
    columns: tuple[tuple[Any, str], ...]  # (header, attribute of a record)
    ordering: tuple[Any, ...] = ()  # field names or expressions
    related: tuple[str, ...] = ()  # what the columns print of other tables
    owner: str = "institution"  # the path from a record to its institution
    filter_by: str = ""  # a field with choices the list can be narrowed by

    def records(self, institution: Institution) -> QuerySet:
        model = self.form._meta.model
        records = model.objects.filter(**{self.owner: institution}).select_related(*self.related)
        return records.order_by(*self.ordering) if self.ordering else records

    def choices(self) -> list[tuple[str, Any]]:
        """The values the list can be narrowed by (none when it cannot)."""
        if not self.filter_by:
            return []
        return list(self.form._meta.model._meta.get_field(self.filter_by).choices)

    def values(self, record) -> list[Any]:
        """A record's cells: a column may name a method (``get_status_display``)."""
        cells = []
        for _header, attr in self.columns:
            value = getattr(record, attr)
            cells.append(value() if callable(value) else value)
        return cells


SECTIONS = {
    s.key: s
    for s in (
        Section(
            "unidades",
            _("Unidades"),
            forms.UnitForm,
            ((_("Nombre"), "name"), (_("Siglas"), "acronym"), (_("Unidad superior"), "parent")),
            related=("parent",),
        ),
        Section(
            "objetivos",
            _("Objetivos estratégicos"),
            forms.ObjectiveForm,
            (
                (_("Número"), "number"),
                (_("Enunciado"), "title"),
                (_("Desde"), "start_year"),
                (_("Hasta"), "end_year"),
            ),
            ordering=("-start_year", "number"),
        ),
        Section(
            "presupuesto",
            _("Programas presupuestarios y montos"),
            forms.AllocationForm,
            (
                (_("Ejercicio"), "year"),
                (_("Programa"), "program"),
                (_("Aprobado"), "approved"),
                (_("Modificado"), "modified"),
                (_("Devengado"), "accrued"),
                (_("Pagado"), "paid"),
            ),
            ordering=("-year", "program__key"),
            related=("program",),
        ),
        Section(
            "organos",
            _("Órganos colegiados"),
            forms.BodyForm,
            (
                (_("Nombre"), "name"),
                (_("Siglas"), "acronym"),
                (_("Tipo"), "get_kind_display"),
                (_("Instalado el"), "installed_on"),
            ),
        ),
        Section(
            "sesiones",
            _("Sesiones de los órganos"),
            forms.SessionForm,
            (
                (_("Órgano"), "body"),
                (_("Tipo"), "get_kind_display"),
                (_("Número"), "number"),
                (_("Fecha"), "date"),
                (_("Lugar"), "place"),
            ),
            ordering=("body__name", "-date", "-number"),
            related=("body",),
            owner="body__institution",
        ),
        Section(
            "acuerdos",
            _("Acuerdos y su seguimiento"),
            forms.AgreementForm,
            (
                (_("Clave"), "key"),
                (_("Sesión"), "session_label"),
                (_("Acuerdo"), "text"),
                (_("Responsable"), "responsible"),
                (_("Fecha compromiso"), "due_on"),
                (_("Estado"), "get_status_display"),
            ),
            ordering=(F("due_on").asc(nulls_last=True), "key"),
            related=("session__body",),
            owner="session__body__institution",
            filter_by="status",
        ),
    )
}


def draft_edition(institution: Institution, year: int) -> Edition | None:
    """The edition of the year that is still being composed, if any."""
    return (
        Edition.objects.filter(institution=institution, year=year, status=EditionStatus.DRAFT)
        .order_by("-number")
        .first()
    )


@dataclass(frozen=True)
class Step:
    title: Any
    done: bool
    detail: str
    url_name: str
    args: tuple = ()


def checklist(institution: Institution, year: int) -> list[Step]:
    """What the year still needs, in the order it is set up (a few small queries)."""
    organization = institution.organization
    roles = set(Membership.objects.filter(institution=institution).values_list("role", flat=True))
    units = Unit.objects.filter(institution=institution).count()
    objectives = StrategicObjective.objects.filter(
        institution=institution, start_year__lte=year, end_year__gte=year
    ).count()
    amounts = BudgetAllocation.objects.filter(institution=institution, year=year).count()
    edition = Edition.objects.filter(institution=institution, year=year).order_by("-number").first()
    signatories = (
        Signatory.objects.filter(edition=edition).filter(~Q(name="")).count() if edition else 0
    )
    missing_roles = [
        str(Role(r).label) for r in (Role.ANALYST, Role.REVIEWER, Role.SIGNATORY) if r not in roles
    ]
    return [
        Step(
            _("Perfil y encabezado"),
            bool(organization.name and organization.acronym),
            organization.name,
            "setup:profile",
        ),
        Step(_("Unidades"), units > 0, str(units), "setup:list", ("unidades",)),
        Step(
            _("Objetivos estratégicos vigentes en el ejercicio"),
            objectives > 0,
            str(objectives),
            "setup:list",
            ("objetivos",),
        ),
        Step(
            _("Montos de los programas presupuestarios del ejercicio"),
            amounts > 0,
            str(amounts),
            "setup:list",
            ("presupuesto",),
        ),
        Step(
            _("Personas con papel de analista, revisión y firma"),
            not missing_roles,
            _("Faltan: %s") % ", ".join(missing_roles) if missing_roles else "",
            "setup:people",
        ),
        Step(
            _("Edición del informe y sus firmantes"),
            signatories > 0,
            str(signatories),
            "setup:signatories",
        ),
    ]
