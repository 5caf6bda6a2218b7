"""The network page of a coordinating institution, and its two tables as files."""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import render
from django.utils.translation import gettext as _

from avance.accounts.access import require
from avance.accounts.scope import scope_of
from avance.core.exporters import LIST_FORMATS, ListExporter
from avance.core.http import attachment
from avance.documents import network
from avance.documents.reports.queries import open_year
from avance.web.exports import export_links
from avance.web.institutions import year_param


def _year(request) -> int:
    return year_param(request, open_year(scope_of(request.user).institution_id))


class MembersExporter(ListExporter):
    sheet_title = "Instituciones"

    def __init__(self, members: list[network.Member], year: int):
        self.members, self.filename = members, f"red-instituciones-{year}"

    def headers(self):
        return [
            _("Siglas"),
            _("Institución"),
            _("Tipo"),
            _("Coordinada por"),
            _("Entidad"),
            _("Actividades registradas"),
            _("Actividades validadas"),
            _("Edición del informe"),
        ]

    def rows(self):
        for m in self.members:
            i = m.institution
            yield [
                i.acronym,
                i.name,
                i.kind,
                i.coordinator or None,
                i.state or None,
                m.captured,
                m.validated,
                m.edition,
            ]


class SumsExporter(ListExporter):
    sheet_title = "Cifras validadas"

    def __init__(self, rows: list[network.Sum], year: int):
        self.sums, self.filename = rows, f"red-cifras-{year}"

    def headers(self):
        return [
            _("Medida"),
            _("Entidad"),
            _("Total"),
            _("Mujeres"),
            _("Hombres"),
            _("Otro"),
            _("Sin especificar"),
            _("Instituciones"),
        ]

    def rows(self):
        for s in self.sums:
            yield [
                s.measure,
                s.state,
                s.total,
                s.women,
                s.men,
                s.other,
                s.unspecified,
                len(s.institutions),
            ]


@require("reports.view_network")
def network_page(request):
    """The coordinated institutions' year and their validated figures of people."""
    year = _year(request)
    institution = scope_of(request.user).institution_id
    nodes = network.coordinated(institution)
    members = network.members(nodes, year)
    sums = network.sums(nodes, year)
    query = f"ejercicio={year}"
    return render(
        request,
        "network/index.html",
        {
            "year": year,
            "members": members,
            "sums": sums,
            "totals": network.totals(sums),
            "member_exports": export_links("network:export", "instituciones", query=query),
            "sum_exports": export_links("network:export", "cifras", query=query),
        },
    )


@require("reports.view_network")
def network_export(request, table: str, fmt: str):
    if fmt not in LIST_FORMATS or table not in ("instituciones", "cifras"):
        raise Http404
    year = _year(request)
    institution = scope_of(request.user).institution_id
    if table == "instituciones":
        exporter = MembersExporter(network.members(network.coordinated(institution), year), year)
    else:
        exporter = SumsExporter(network.sums(network.coordinated(institution), year), year)
    return attachment(**exporter.render(fmt)._asdict())
