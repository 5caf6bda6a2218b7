"""Build a report as a format-neutral document tree from records.

``build_public_account(year)`` reads the edition, the strategic objectives and the validated
activities of the year in a fixed number of queries, resolves every figure, renders each
narrative into segments and numbers the footnotes across the whole document in reading order.
Renderers (``renderers/``) turn the tree into Markdown, HTML, PDF or DOCX; none of them reads
the database.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.contrib.auth import get_user_model
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from avance.capture.activities.models import Activity, Figure, Measure, Partner, ReviewStatus
from avance.capture.activities.models import Footnote as FootnoteRecord
from avance.catalogs.bodies.models import Session
from avance.catalogs.directory import logos
from avance.catalogs.directory.models import Organization, default_institution
from avance.catalogs.planning.models import StrategicObjective
from avance.catalogs.territory.models import State
from avance.core.text import clean_text
from avance.documents.reports.models import Edition, EditionItem, ReportTemplate
from avance.figures import narrative
from avance.figures.resolve import context_labels, context_of, resolve_figures
from avance.figures.values import ActivityRows, FigureRow, Resolved


class ReportError(Exception):
    """A report cannot be built (no edition for the year …); the message is for the user."""


@dataclass
class Footnote:
    number: int
    segments: list[narrative.Segment]
    activity_id: int


@dataclass
class Bullet:
    activity_id: int
    title: str
    segments: list[narrative.Segment]


@dataclass
class Section:
    number: int
    title: str
    bullets: list[Bullet] = field(default_factory=list)


@dataclass
class Signature:
    role: str
    name: str
    post: str


# The logo's printed size: this height, narrower than the text (A4 and letter) when wide.
LOGO_HEIGHT_MM = 18.0
LOGO_MAX_WIDTH_MM = 120.0


@dataclass(frozen=True)
class Logo:
    """The institution's logo above the masthead of the printed formats, and its printed size
    (the same in the PDF and the DOCX)."""

    data: bytes
    content_type: str
    width_mm: float
    height_mm: float


def printed_logo(image: logos.LogoImage | None) -> Logo | None:
    if image is None:
        return None
    width, height = LOGO_HEIGHT_MM * image.width / image.height, LOGO_HEIGHT_MM
    if width > LOGO_MAX_WIDTH_MM:
        width, height = LOGO_MAX_WIDTH_MM, LOGO_MAX_WIDTH_MM * image.height / image.width
    return Logo(image.data, image.content_type, round(width, 2), round(height, 2))


@dataclass
class Document:
    title: str
    heading: str
    year: int
    introduction: list[narrative.Segment]
    sections: list[Section]
    footnotes: list[Footnote]
    signatures: list[Signature]
    problems: list[tuple[int | None, narrative.Problem]]
    edition_id: int | None = None
    # What the printed formats (PDF, DOCX) carry above the text: the document's line («CUENTA
    # PÚBLICA 2023»), the branch and the entity of the public account, the institution.
    masthead: tuple[str, ...] = ()
    logo: Logo | None = None

    def values(self) -> list[narrative.Value]:
        """Every figure printed in the document, in reading order (for --trace)."""
        out: list[narrative.Value] = []

        def walk(segments):
            out.extend(s for s in segments if isinstance(s, narrative.Value))

        walk(self.introduction)
        notes = {note.number: note for note in self.footnotes}
        for section in self.sections:
            for bullet in section.bullets:
                for segment in bullet.segments:
                    if isinstance(segment, narrative.Value):
                        out.append(segment)
                    elif isinstance(segment, FootnoteCall):
                        walk(notes[segment.number].segments)
        return out


@dataclass(frozen=True)
class FootnoteCall:
    """A footnote mark resolved to its number in the document."""

    number: int


def report_queryset(year: int, institution_id: int) -> QuerySet[Activity]:
    """The validated activities of an institution's year, in report order (related records:
    ``load_related``)."""
    return (
        Activity.objects.filter(
            institution_id=institution_id, year=year, status=ReviewStatus.VALIDATED
        )
        .select_related("objective")
        .order_by("objective__number", "position", "id")
    )


@dataclass(slots=True)
class ActivityRecord:
    """An activity as the document reads it: plain rows from one query per relation.

    Model instances with ``prefetch_related`` cost the report preview several times as much:
    Django builds a queryset per activity and relation to prefetch into.
    """

    pk: int
    title: str
    narrative: str
    objective_id: int | None
    objective_number: int
    year: int
    start_date: date | None
    end_date: date | None
    figures: list[FigureRow] = field(default_factory=list)
    notes: dict[str, str] = field(default_factory=dict)  # footnote key → text
    rows: ActivityRows = field(default_factory=lambda: ActivityRows([], [], []))


_ACTIVITY_FIELDS = (
    "pk",
    "title",
    "narrative",
    "objective_id",
    "objective__number",
    "year",
    "start_date",
    "end_date",
)


def _validated(year: int, institution_id: int) -> dict:
    """The lookups of the rows that hang from the validated activities of a year."""
    return {
        "activity__institution_id": institution_id,
        "activity__year": year,
        "activity__status": ReviewStatus.VALIDATED,
    }


def load_related(activities: list[ActivityRecord], year: int, institution_id: int) -> None:
    """Attach to each activity what a document reads, in one query per relation.

    Fills each record's ``figures`` (as ``FigureRow``, their ``activity`` the record's
    ``rows``), ``notes`` and ``rows`` (states, sessions with their body, partners with their
    organisation). Side effects: mutates the records.
    """
    of_year = _validated(year, institution_id)
    by_id = {a.pk: a for a in activities}

    # Catalog rows (measures, users, organisations, states, sessions) are read once.
    measures = dict(Measure.objects.values_list("pk", "name"))
    users = {
        u.pk: u.get_full_name()
        for u in get_user_model()
        .objects.filter(
            pk__in=Figure.objects.filter(**of_year, entered_by__isnull=False).values(
                "entered_by_id"
            )
        )
        .distinct()
    }
    figures = Figure.objects.filter(**of_year).values_list(
        "pk",
        "name",
        "activity_id",
        "measure_id",
        "source",
        "binding",
        "binding_params",
        "total",
        "women",
        "men",
        "other",
        "unspecified",
        "note",
        "entered_by_id",
    )
    for pk, name, activity_id, measure_id, source, binding, params, *numbers, note, who in figures:
        activity = by_id.get(activity_id)
        if activity is None:
            continue
        activity.figures.append(
            FigureRow(
                pk,
                name,
                activity_id,
                measures[measure_id],
                source,
                binding,
                params,
                *numbers,
                note=note,
                entered_by=users.get(who, "") if who and source != "bound" else "",
                activity=activity.rows,
                institution_id=institution_id,
            )
        )
    for activity_id, key, text in FootnoteRecord.objects.filter(**of_year).values_list(
        "activity_id", "key", "text"
    ):
        if activity_id in by_id:
            by_id[activity_id].notes[key] = text
    organizations = {
        o.pk: o.label
        for o in Organization.objects.filter(
            partnerships__in=Partner.objects.filter(**of_year)
        ).distinct()
    }
    for activity_id, role, organization_id in Partner.objects.filter(**of_year).values_list(
        "activity_id", "role", "organization_id"
    ):
        if activity_id in by_id:
            by_id[activity_id].rows.partners.append((role, organizations[organization_id]))
    states = {
        pk: (name, int(code))
        for pk, name, code in State.objects.values_list("pk", "common_name", "code")
    }
    state_links = Activity.states.through.objects.filter(**of_year).order_by("state_id")
    for activity_id, state_id in state_links.values_list("activity_id", "state_id"):
        if activity_id in by_id:
            by_id[activity_id].rows.states.append(states[state_id])
    session_links = list(
        Activity.sessions.through.objects.filter(**of_year).values_list("activity_id", "session_id")
    )
    sessions = {
        s.pk: (s.date, s.number, s.pk, s.kind, str(s))
        for s in Session.objects.filter(
            activities__in=Activity.objects.filter(
                institution_id=institution_id, year=year, status=ReviewStatus.VALIDATED
            )
        )
        .select_related("body")
        .distinct()
    }
    for activity_id, session_id in session_links:
        if activity_id in by_id:
            by_id[activity_id].rows.sessions.append(sessions[session_id])


def composed(edition: Edition, queryset: QuerySet[Activity]) -> list[ActivityRecord]:
    """The activities the edition prints, in its order (one query more, whatever the size).

    An edition with a composition (``EditionItem`` rows) prints only its included items,
    ordered by objective and then by the item's position; one never composed prints every
    activity of ``queryset`` in the records' own order.
    """
    items = {
        activity_id: (included, position)
        for activity_id, included, position in EditionItem.objects.filter(
            edition=edition
        ).values_list("activity_id", "included", "position")
    }

    def records(rows) -> list[ActivityRecord]:
        return [
            ActivityRecord(pk, title, text, objective_id, number or 0, year, start, end)
            for pk, title, text, objective_id, number, year, start, end in rows
        ]

    if not items:
        return records(queryset.values_list(*_ACTIVITY_FIELDS))
    chosen = records(
        queryset.filter(edition_items__edition=edition, edition_items__included=True).values_list(
            *_ACTIVITY_FIELDS
        )
    )
    chosen.sort(key=lambda a: (a.objective_number, items[a.pk][1], a.pk))
    return chosen


def current_edition(
    year: int, institution_id: int, template: str = ReportTemplate.PUBLIC_ACCOUNT
) -> Edition:
    """The institution's latest edition of ``year``."""
    edition = (
        Edition.objects.filter(institution_id=institution_id, year=year, template=template)
        .select_related("institution__organization")
        .prefetch_related("signatories")
        .order_by("-number")
        .first()
    )
    if edition is None:
        raise ReportError(
            _("No hay una edición del informe para %(year)s. Cree una o cargue la demostración.")
            % {"year": year}
        )
    return edition


def masthead(edition: Edition) -> tuple[str, ...]:
    """The lines above a printed edition: «CUENTA PÚBLICA 2023», the branch («Ramo 47»), the
    entity key and name («HHE Instituto Nacional de las Mujeres»). Empty parts are left out."""
    institution = edition.institution
    entity = " ".join(
        part for part in (institution.entity_key, institution.organization.name) if part
    )
    lines = (
        _("CUENTA PÚBLICA %(year)s") % {"year": edition.year},
        clean_text(institution.branch),
        clean_text(entity),
    )
    return tuple(line for line in lines if line)


def build_public_account(
    year: int, *, institution_id: int | None = None, edition: Edition | None = None
) -> Document:
    """Build the public-account introduction of an institution's ``year`` (the national
    institute's when none is named) from its validated activities."""
    if edition is None:
        if institution_id is None:
            institution_id = default_institution().pk
        edition = current_edition(year, institution_id)
    institution_id = edition.institution_id
    activities = composed(edition, report_queryset(year, institution_id))
    load_related(activities, year, institution_id)
    objectives = {
        o.pk: o
        for o in StrategicObjective.objects.filter(
            institution=institution_id, start_year__lte=year, end_year__gte=year
        )
    }
    resolved = resolve_figures(f for a in activities for f in a.figures)
    problems: list[tuple[int | None, narrative.Problem]] = []

    intro_context = {
        "ejercicio": Resolved(
            name="ejercicio",
            total=None,
            scalar=str(year),
            source=_("Ejercicio de la edición"),
            measure=_("año"),
        ),
    }
    intro, intro_problems = narrative.render(edition.introduction, intro_context)
    problems.extend((None, p) for p in intro_problems)

    labels = context_labels()
    sections: dict[int, Section] = {
        o.pk: Section(number=o.number, title=clean_text(o.title))
        for o in sorted(objectives.values(), key=lambda o: o.number)
    }
    footnotes: list[Footnote] = []
    for activity in activities:
        if activity.objective_id not in sections:
            problems.append(
                (
                    activity.pk,
                    narrative.Problem(
                        activity.title, _("La actividad no tiene un objetivo estratégico vigente.")
                    ),
                )
            )
            continue
        context: dict[str, Resolved] = context_of(
            activity_id=activity.pk,
            year=activity.year,
            start_date=activity.start_date,
            end_date=activity.end_date,
            values=[resolved[f.pk] for f in activity.figures if f.pk in resolved],
            labels=labels,
        )
        segments, found = narrative.render(activity.narrative, context)
        problems.extend((activity.pk, p) for p in found)
        notes = activity.notes
        numbered: list[narrative.Segment] = []
        for segment in segments:
            if isinstance(segment, narrative.NoteRef):
                note = notes.get(segment.key)
                if note is None:
                    problems.append(
                        (
                            activity.pk,
                            narrative.Problem(
                                f"[^{segment.key}]", _("No existe la nota «%s».") % segment.key
                            ),
                        )
                    )
                    continue
                note_segments, note_problems = narrative.render(note, context)
                problems.extend((activity.pk, p) for p in note_problems)
                number = len(footnotes) + 1
                footnotes.append(
                    Footnote(
                        number,
                        [s for s in note_segments if not isinstance(s, narrative.NoteRef)],
                        activity.pk,
                    )
                )
                numbered.append(FootnoteCall(number))
            else:
                numbered.append(segment)
        sections[activity.objective_id].bullets.append(
            Bullet(activity_id=activity.pk, title=activity.title, segments=numbered)
        )
    signatures = [
        Signature(
            role=str(s.get_role_display()),
            name=clean_text(s.name),
            post=clean_text(s.post),
        )
        for s in edition.signatories.all()
    ]
    return Document(
        masthead=masthead(edition),
        logo=printed_logo(logos.read(edition.institution)),
        title=edition.get_template_display(),
        # Control characters cannot be printed in any format (XML forbids most of them).
        heading=clean_text(edition.heading),
        year=year,
        introduction=intro,
        sections=[s for s in sections.values()],
        footnotes=footnotes,
        signatures=signatures,
        problems=problems,
        edition_id=edition.pk,
    )
