"""Build a report as a format-neutral document tree from records.

``build_public_account(year)`` reads the edition, the strategic objectives and the validated
activities of the year in a fixed number of queries, resolves every figure, renders each
narrative into segments and numbers the footnotes across the whole document in reading order.
Renderers (``renderers/``) turn the tree into Markdown, HTML, PDF or DOCX; none of them reads
the database.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from avance.activities import narrative
from avance.activities.figures import Resolved, activity_context, resolve_figures
from avance.activities.models import Activity, Figure, ReviewStatus
from avance.planning.models import StrategicObjective
from avance.reports.models import Edition, EditionItem, ReportTemplate


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
    """The validated activities of a year, in report order (related records: ``load_related``)."""
    return (
        Activity.objects.filter(year=year, status=ReviewStatus.VALIDATED)
        .select_related("objective")
        .order_by("objective__number", "position", "id")
    )


def _cached_queryset(template: QuerySet, rows: list) -> QuerySet:
    """A queryset that already holds ``rows``, made without cloning ``template``'s query.

    Django's prefetch_related clones a queryset per instance and relation (about 0.1 ms
    each: seconds for a year of 10,000 activities); these share the template's query, which
    nothing mutates (filtering a queryset clones it first).
    """
    queryset = object.__new__(type(template))
    queryset.__dict__.update(template.__dict__)
    queryset._result_cache = rows
    queryset._prefetch_done = True
    return queryset


def _set(descriptor, instance, value) -> None:
    """Fill a foreign key's cache directly (the descriptor's checks cost more than the read)."""
    descriptor.field.set_cached_value(instance, value)


def _entered_by(year: int) -> QuerySet:
    return Figure.objects.filter(
        activity__year=year, activity__status=ReviewStatus.VALIDATED, entered_by__isnull=False
    ).values("entered_by_id")


def partners_of(year: int) -> QuerySet:
    from avance.activities.models import Partner

    return Partner.objects.filter(activity__year=year, activity__status=ReviewStatus.VALIDATED)


def load_related(activities: list[Activity], year: int) -> None:
    """Attach to each activity what a document reads, in one query per relation.

    After this, ``activity.figures.all()``, ``footnotes``, ``states``, ``sessions`` (with
    their body) and ``partners`` (with their organisation) are answered from memory, and each
    figure's ``activity`` is the activity itself (bindings read its states and sessions).
    Side effects: fills each activity's prefetch cache.
    """
    from django.contrib.auth import get_user_model

    from avance.activities.models import Footnote as FootnoteRecord
    from avance.activities.models import Measure, Partner
    from avance.bodies.models import Session
    from avance.directory.models import Organization
    from avance.territory.models import State

    of_year = {"activity__year": year, "activity__status": ReviewStatus.VALIDATED}
    by_id = {a.pk: a for a in activities}
    grouped: dict[str, dict[int, list]] = {}

    def group(name: str, pairs) -> None:
        rows: dict[int, list] = {}
        for activity_id, row in pairs:
            if activity_id in by_id:
                rows.setdefault(activity_id, []).append(row)
        grouped[name] = rows

    # Catalog rows (measures, users, organisations) are read once and shared by every row that
    # points at them, instead of one joined copy per row.
    measures = {m.pk: m for m in Measure.objects.all()}
    users = {u.pk: u for u in get_user_model().objects.filter(pk__in=_entered_by(year)).distinct()}
    figures = list(Figure.objects.filter(**of_year))
    for figure in figures:
        _set(Figure.measure, figure, measures[figure.measure_id])
        if figure.entered_by_id:
            _set(Figure.entered_by, figure, users.get(figure.entered_by_id))
        if figure.activity_id in by_id:
            _set(Figure.activity, figure, by_id[figure.activity_id])
    group("figures", ((f.activity_id, f) for f in figures))
    footnotes = FootnoteRecord.objects.filter(**of_year)
    group("footnotes", ((n.activity_id, n) for n in footnotes))
    partners = list(Partner.objects.filter(**of_year))
    organizations = {
        o.pk: o for o in Organization.objects.filter(partnerships__in=partners_of(year)).distinct()
    }
    for partner in partners:
        _set(Partner.organization, partner, organizations[partner.organization_id])
    group("partners", ((p.activity_id, p) for p in partners))
    states = {s.pk: s for s in State.objects.all()}
    state_links = Activity.states.through.objects.filter(**of_year).order_by("state_id")
    group("states", ((a, states[s]) for a, s in state_links.values_list("activity_id", "state_id")))
    session_links = list(
        Activity.sessions.through.objects.filter(**of_year).values_list("activity_id", "session_id")
    )
    sessions = {
        s.pk: s
        for s in Session.objects.filter(
            activities__year=year, activities__status=ReviewStatus.VALIDATED
        )
        .select_related("body")
        .distinct()
    }
    group("sessions", ((a, sessions[s]) for a, s in session_links))
    templates = {
        "figures": Figure.objects.all(),
        "footnotes": FootnoteRecord.objects.all(),
        "partners": Partner.objects.all(),
        "states": State.objects.all(),
        "sessions": Session.objects.all(),
    }
    for activity in activities:
        cache = activity.__dict__.setdefault("_prefetched_objects_cache", {})
        for name, template in templates.items():
            cache[name] = _cached_queryset(template, grouped[name].get(activity.pk, []))


def composed(edition: Edition, queryset: QuerySet[Activity]) -> list[Activity]:
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
    if not items:
        return list(queryset)
    chosen = list(queryset.filter(edition_items__edition=edition, edition_items__included=True))
    chosen.sort(key=lambda a: (a.objective.number if a.objective else 0, items[a.pk][1], a.pk))
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
    load_related(activities, year)
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
        o.pk: Section(number=o.number, title=narrative.clean_text(o.title))
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
        context: dict[str, Resolved] = activity_context(activity, resolved)
        segments, found = narrative.render(activity.narrative, context)
        problems.extend((activity.pk, p) for p in found)
        notes = {note.key: note for note in activity.footnotes.all()}
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
                note_segments, note_problems = narrative.render(note.text, context)
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
            name=narrative.clean_text(s.name),
            post=narrative.clean_text(s.post),
        )
        for s in edition.signatories.all()
    ]
    return Document(
        title=edition.get_template_display(),
        # Control characters cannot be printed in any format (XML forbids most of them).
        heading=narrative.clean_text(edition.heading),
        year=year,
        introduction=intro,
        sections=[s for s in sections.values()],
        footnotes=footnotes,
        signatures=signatures,
        problems=problems,
        edition_id=edition.pk,
    )
