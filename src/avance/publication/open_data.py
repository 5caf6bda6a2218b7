"""Open data: the published rosters' counts, as anyone may see them.

A roster is published when its activity is validated and the activity's year has a signed
edition of the report (the institution's published word for that year), with the counts it
had when that edition was signed (``freeze``; the latest signed edition of a year). Its
counts leave the
institute only through ``counts.published_counts``: every breakdown with small cells
suppressed (``AVANCE_SUPPRESSION_THRESHOLD``, default 5) and secondary suppression, the
same total in every breakdown. A hidden cell is ``None`` here, empty in CSV, ``null`` in JSON.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from avance.capture.activities.models import ReviewStatus
from avance.capture.people.counts import STATE_NAMES, roster_counts
from avance.capture.people.models import Roster
from avance.core.exporters import ListExporter
from avance.publication.models import OpenDataSnapshot, SignedRoster
from avance.publication.suppression import published_counts

# The breakdowns of a published roster, in the order they are shown.
BREAKDOWNS = (
    ("by_sex", gettext_lazy("Sexo")),
    ("by_state", gettext_lazy("Entidad de residencia")),
    ("by_age", gettext_lazy("Grupo de edad")),
    ("by_organization", gettext_lazy("Organización")),
)
# Names of the cells whose key is not already their name (age groups and organisations are).
CELL_LABELS = {
    "total": gettext_lazy("Total"),
    "": gettext_lazy("Otras o sin dato"),
    "mujeres": gettext_lazy("Mujeres"),
    "hombres": gettext_lazy("Hombres"),
    "otro": gettext_lazy("Otro"),
    "no_especificado": gettext_lazy("No especificado"),
}


def cell_label(breakdown: str, key: str) -> str:
    """How the cell ``key`` of ``breakdown`` is named for a reader."""
    if breakdown == "by_state" and key in STATE_NAMES:
        return STATE_NAMES[key]
    label = CELL_LABELS.get(key)
    return str(label) if label is not None else key


HIDDEN_ORGANIZATIONS = gettext_lazy("Otras organizaciones (dato reservado)")


def public_cells(breakdown: str, cells: dict) -> list[tuple[str, int | None]]:
    """The (label, people) of a published breakdown, as a reader sees them.

    Organisations are free text from the files, not a fixed list: the name of one whose count
    is hidden would still tell that somebody from it is on the roster, so hidden organisations
    are shown together in one hidden row, without their names (nothing numeric is lost: each
    of them was hidden).
    """
    out, total, hidden = [], [], False
    for key, value in cells.items():
        if key == "total":
            total = [(cell_label(breakdown, key), value)]
        elif breakdown == "by_organization" and value is None:
            hidden = True
        else:
            out.append((cell_label(breakdown, key), value))
    if hidden:
        out.append((str(HIDDEN_ORGANIZATIONS), None))
    return out + total


@dataclass(frozen=True)
class PublishedRoster:
    year: int
    institution: str
    name: str
    kind: str
    activity: str
    counts: dict  # ``published_counts``: {"total": …, "by_sex": {…}, …}


def live_rosters(institution_id: int, year: int) -> list[PublishedRoster]:
    """The institution's rosters of validated activities of ``year``, counted now."""
    rosters = (
        Roster.objects.filter(
            institution_id=institution_id,
            activity__year=year,
            activity__status=ReviewStatus.VALIDATED,
        )
        .select_related("activity", "institution__organization")
        .order_by("name")
    )
    return [
        PublishedRoster(
            year=roster.activity.year,
            institution=str(roster.institution),
            name=roster.name,
            kind=str(roster.get_kind_display()),
            activity=roster.activity.title,
            counts=published_counts(roster_counts(roster)),
        )
        for roster in rosters
    ]


def freeze(edition) -> int:
    """Keep the open data of ``edition``'s institution and year as they are now (when it is
    signed). Returns how many rosters were kept."""
    rows = live_rosters(edition.institution_id, edition.year)
    snapshot = OpenDataSnapshot.objects.create(edition=edition)
    SignedRoster.objects.bulk_create(
        SignedRoster(
            snapshot=snapshot,
            position=position,
            year=row.year,
            institution=row.institution,
            name=row.name,
            kind=row.kind,
            activity=row.activity,
            counts=row.counts,
        )
        for position, row in enumerate(rows)
    )
    return len(rows)


def published_rosters() -> list[PublishedRoster]:
    """The rosters of each institution's signed years as kept with the latest signed edition
    of that year, newest year first. A year signed before open data was kept with its edition
    (no snapshot) is counted from the records."""
    from avance.documents.reports.models import Edition, EditionStatus

    latest: dict[tuple[int, int], tuple[int, int | None]] = {}
    signed = (
        Edition.objects.filter(status=EditionStatus.SIGNED)
        .order_by("number")
        .values_list("institution_id", "year", "pk", "open_data__pk")
    )
    for institution_id, year, pk, snapshot in signed:
        latest[(institution_id, year)] = (pk, snapshot)
    kept: dict[int, list[PublishedRoster]] = {}
    snapshots = [snapshot for _pk, snapshot in latest.values() if snapshot is not None]
    for row in SignedRoster.objects.filter(snapshot__in=snapshots).order_by("position"):
        kept.setdefault(row.snapshot_id, []).append(
            PublishedRoster(row.year, row.institution, row.name, row.kind, row.activity, row.counts)
        )
    out: list[PublishedRoster] = []
    for (institution_id, year), (_pk, snapshot) in latest.items():
        if snapshot is not None:
            out.extend(kept.get(snapshot, []))
        else:
            out.extend(live_rosters(institution_id, year))
    return sorted(out, key=lambda r: (-r.year, r.institution, r.name))


def flat_rows(published: list[PublishedRoster]) -> list[tuple]:
    """One row per published cell: year, institution, roster, kind, activity, breakdown,
    cell, people."""
    rows = []
    for roster in published:
        for key, title in BREAKDOWNS:
            for label, value in public_cells(key, roster.counts[key]):
                rows.append(
                    (
                        roster.year,
                        roster.institution,
                        roster.name,
                        roster.kind,
                        roster.activity,
                        str(title),
                        label,
                        value,
                    )
                )
    return rows


class OpenDataExporter(ListExporter):
    """Every published cell as a row: year, institution, roster, kind, activity, breakdown,
    cell, people (empty where the count is hidden)."""

    sheet_title = "Padrones publicados"
    filename = "padrones-publicados"

    def __init__(self, published: list[PublishedRoster]):
        self.published = published

    def headers(self) -> list[str]:
        return [
            _("Ejercicio"),
            _("Institución"),
            _("Padrón"),
            _("Tipo"),
            _("Actividad"),
            _("Desglose"),
            _("Categoría"),
            _("Personas"),
        ]

    def rows(self) -> list[tuple]:
        return flat_rows(self.published)


def as_json(published: list[PublishedRoster], *, threshold: int) -> dict:
    return {
        "umbral_de_supresion": threshold,
        "padrones": [
            {
                "ejercicio": roster.year,
                "institucion": roster.institution,
                "padron": roster.name,
                "tipo": roster.kind,
                "actividad": roster.activity,
                "total": roster.counts["total"],
                **{key: dict(public_cells(key, roster.counts[key])) for key, _title in BREAKDOWNS},
            }
            for roster in published
        ],
    }
