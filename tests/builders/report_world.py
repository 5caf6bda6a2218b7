"""A small year of records for renderer, trace and page tests (one edition, two activities)."""

from __future__ import annotations

from dataclasses import dataclass

from avance.capture.activities.models import Activity, Figure, Footnote, Measure, ReviewStatus
from avance.catalogs.directory.models import default_institution
from avance.catalogs.planning.models import StrategicObjective
from avance.catalogs.territory.models import State
from avance.documents.reports.models import Edition, Signatory

YEAR = 2041

# Text a hostile user could type in a narrative, a note, a heading or a name.
HOSTILE = (
    "{{ ''.__class__.__mro__ }}",
    "{% for x in range(9) %}x{% endfor %}",
    "{{ capacitadas.__dict__ }}",
    "{{ secreto }}",
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    '=HYPERLINK("http://x","y")',
    "**bold** [link](javascript:alert(1))",
)
# PostgreSQL refuses NUL in text columns (the database protects itself); SQLite stores it, so
# there the renderers must drop it. The other control characters reach both.
CONTROL = "BEL\x07ESC\x1bVT\x0b"
NUL = "NUL\x00"


@dataclass
class World:
    edition: Edition
    training: Activity
    agreement: Activity
    trained: Figure
    note: Footnote


def make_world(*, year: int = YEAR, narrative: str | None = None) -> World:
    """Two validated activities under two objectives, a footnote, two signatories."""
    # The national institute: what pages and commands report on when none is named.
    institute = default_institution()
    first = StrategicObjective.objects.create(
        institution=institute,
        number=1,
        title="Coordinar la política",
        start_year=year,
        end_year=year,
    )
    second = StrategicObjective.objects.create(
        institution=institute,
        number=2,
        title="Orientar el quehacer",
        start_year=year,
        end_year=year,
    )
    edition = Edition.objects.create(
        year=year,
        institution=institute,
        heading="INSTITUTO DE PRUEBA INTRODUCCIÓN",
        introduction="El trabajo del Instituto en {{ ejercicio }}.",
    )
    Signatory.objects.create(
        edition=edition, role="autorizo", name="Dra. Ana Autoriza", post="Titular", position=0
    )
    Signatory.objects.create(
        edition=edition, role="elaboro", name="C.P. Luis Elabora", post="Finanzas", position=1
    )
    training = Activity.objects.create(
        year=year,
        kind="training",
        title="Capacitación",
        objective=second,
        narrative=narrative
        or "El Instituto capacitó a {{ capacitadas.mujeres }} mujeres y "
        "{{ capacitadas.hombres }} hombres.",
    )
    trained = Figure.objects.create(
        activity=training,
        name="capacitadas",
        measure=Measure.objects.get(code="personas_capacitadas"),
        total=81961 + 65837,
        women=81961,
        men=65837,
        note="Listas de asistencia",
    )
    agreement = Activity.objects.create(
        year=year,
        kind="agreement",
        title="Compromisos",
        objective=first,
        narrative="Se firmaron compromisos en {{ estados | palabras }} estados,[^estados]",
    )
    agreement.states.set(State.objects.filter(code__in=["01", "10", "26"]))
    Figure.objects.create(
        activity=agreement,
        name="estados",
        measure=Measure.objects.get(code="entidades_cubiertas"),
        source="bound",
        binding="activity.states",
    )
    note = Footnote.objects.create(activity=agreement, key="estados", text="{{ estados | lista }}.")
    # A figure of a draft activity: no narrative of the edition may reach it.
    hidden = Activity.objects.create(year=year, kind="other", title="Borrador", narrative="")
    Figure.objects.create(
        activity=hidden,
        name="secreto",
        measure=Measure.objects.get(code="personas_beneficiarias"),
        total=424242,
    )
    Activity.objects.filter(pk__in=[training.pk, agreement.pk]).update(
        status=ReviewStatus.VALIDATED
    )
    return World(edition, training, agreement, trained, note)
