"""Build a report as a format-neutral document tree from records.

``build_public_account(year)`` reads the edition, the strategic objectives and the validated
activities of the year in a fixed number of queries, resolves every figure, renders each
narrative into segments and numbers the footnotes across the whole document in reading order.
Renderers (``renderers/``) turn the tree into Markdown, HTML, PDF or DOCX; none of them reads
the database.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Prefetch, QuerySet
from django.utils.translation import gettext as _

from avance.capture.activities.models import Activity, Figure, Partner, ReviewStatus
from avance.catalogs.bodies.models import Session
from avance.catalogs.planning.models import StrategicObjective
from avance.catalogs.territory.models import State
from avance.core.text import clean_text
from avance.documents.reports.models import Edition, EditionItem, ReportTemplate
from avance.figures import narrative
from avance.figures.resolve import context_of, resolve_figures
from avance.figures.values import Resolved


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


def report_queryset(year: int) -> QuerySet[Activity]:
    """The validated activities of a year, in report order."""
    return Activity.objects.filter(year=year, status=ReviewStatus.VALIDATED).order_by(
        "objective__number", "position", "id"
    )


def composed(edition: Edition, queryset: QuerySet[Activity]) -> list[Activity]:
    """The activities the edition prints, in its order, with what their narratives read.

    An edition with a composition (``EditionItem`` rows) prints only its included items,
    ordered by objective and then by the item's position; one never composed prints every
    activity of ``queryset`` in the records' own order.
    """
    queryset = queryset.select_related("objective").prefetch_related(
        Prefetch(
            "figures",
            queryset=Figure.objects.select_related("measure", "entered_by").order_by("name"),
        ),
        "footnotes",
        Prefetch("states", queryset=State.objects.order_by("code")),
        Prefetch("sessions", queryset=Session.objects.select_related("body")),
        Prefetch("partners", queryset=Partner.objects.select_related("organization")),
    )
    items = dict(EditionItem.objects.filter(edition=edition).values_list("activity_id", "position"))
    if not items:
        return list(queryset)
    chosen = list(queryset.filter(edition_items__edition=edition, edition_items__included=True))
    chosen.sort(key=lambda a: (a.objective.number if a.objective else 0, items[a.pk], a.pk))
    return chosen


def current_edition(year: int, template: str = ReportTemplate.PUBLIC_ACCOUNT) -> Edition:
    edition = (
        Edition.objects.filter(year=year, template=template)
        .select_related("institute")
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


def build_public_account(year: int, *, edition: Edition | None = None) -> Document:
    """Build the public-account introduction of ``year`` from its validated activities."""
    edition = edition or current_edition(year)
    activities = composed(edition, report_queryset(year))
    objectives = {
        o.pk: o
        for o in StrategicObjective.objects.filter(
            institute=edition.institute_id, start_year__lte=year, end_year__gte=year
        )
    }
    resolved = resolve_figures(f for a in activities for f in a.figures.all())
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
            values=[resolved[f.pk] for f in activity.figures.all() if f.pk in resolved],
        )
        segments, found = narrative.render(activity.narrative, context)
        problems.extend((activity.pk, p) for p in found)
        notes = {note.key: note.text for note in activity.footnotes.all()}
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
