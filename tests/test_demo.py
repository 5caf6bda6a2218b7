"""The demonstration loader: one transaction, idempotent, and honest about missing facts."""

from __future__ import annotations

import copy
import re
import types

import pytest

from avance.capture.activities.measures import MEASURES
from avance.capture.activities.models import (
    Activity,
    Evidence,
    Figure,
    Footnote,
    Measure,
    Partner,
)
from avance.catalogs.bodies.models import Body, Session
from avance.catalogs.directory.models import Organization, Unit
from avance.catalogs.planning.models import BudgetAllocation, BudgetProgram, StrategicObjective
from avance.catalogs.territory.models import Municipality
from avance.catalogs.territory.services import BUNDLED_CATALOG, BUNDLED_VERSION, load_municipalities
from avance.demo import year2023
from avance.demo.loader import DemoError, load_year
from avance.documents.reports.models import Edition, EditionStatus, Signatory

MODELS = [
    Organization,
    Unit,
    StrategicObjective,
    BudgetProgram,
    BudgetAllocation,
    Body,
    Body.members.through,
    Session,
    Activity,
    Activity.states.through,
    Activity.sessions.through,
    Activity.municipalities.through,
    Partner,
    Figure,
    Footnote,
    Evidence,
    Measure,
    Edition,
    Signatory,
]


def record_counts() -> dict[str, int]:
    return {model._meta.label: model.objects.count() for model in MODELS}


def data_with(**changes) -> types.SimpleNamespace:
    """A copy of the 2023 data with some attributes replaced."""
    names = [n for n in dir(year2023) if n.isupper()]
    data = types.SimpleNamespace(**{n: copy.deepcopy(getattr(year2023, n)) for n in names})
    for name, value in changes.items():
        setattr(data, name, value)
    return data


def broken_last_activity() -> types.SimpleNamespace:
    activities = copy.deepcopy(year2023.ACTIVITIES)
    activities[-1]["partners"] = [("Organización que no existe", "ally")]
    return data_with(ACTIVITIES=activities)


@pytest.fixture
def municipalities(db):
    load_municipalities(BUNDLED_CATALOG, version_date=BUNDLED_VERSION)


def test_load_year_counts_match_the_reference(municipalities):
    counts = load_year(year2023)
    assert counts == {
        "organizations": 47,
        "bodies": 7,
        "sessions": 11,
        "activities": 23,
        "partners": 38,
        "figures": 20,
        "footnotes": 7,
        "evidence": 1,
    }
    assert Activity.objects.filter(year=2023).count() == 23
    assert Footnote.objects.count() == 7


def test_load_year_twice_leaves_the_same_records(municipalities):
    first = load_year(year2023)
    after_first = record_counts()
    second = load_year(year2023)
    assert second == first
    assert record_counts() == after_first


def test_load_year_error_writes_nothing(municipalities):
    before = record_counts()
    with pytest.raises(DemoError, match="Organización que no existe"):
        load_year(broken_last_activity())
    assert record_counts() == before


def test_load_year_error_keeps_the_previous_load(municipalities):
    load_year(year2023)
    before = record_counts()
    activity_ids = sorted(Activity.objects.values_list("pk", flat=True))
    with pytest.raises(DemoError):
        load_year(broken_last_activity())
    assert record_counts() == before
    assert sorted(Activity.objects.values_list("pk", flat=True)) == activity_ids


@pytest.mark.django_db
def test_load_year_without_municipal_catalog_fails_clearly():
    assert Municipality.objects.count() == 0
    before = record_counts()
    with pytest.raises(DemoError, match=r"Municipio .*07089"):
        load_year(year2023)
    assert record_counts() == before


def test_load_year_refuses_to_replace_a_signed_edition(municipalities):
    load_year(year2023)
    Edition.objects.filter(year=2023).update(status=EditionStatus.SIGNED)
    with pytest.raises(DemoError, match="firmada"):
        load_year(year2023)
    assert Edition.objects.get(year=2023).status == EditionStatus.SIGNED


def test_load_year_inconsistent_figure_fails(municipalities):
    activities = copy.deepcopy(year2023.ACTIVITIES)
    training = next(a for a in activities if a["title"].startswith("Capacitación"))
    training["figures"][0]["total"] = 1  # parts 81,961 + 65,837 do not sum to 1
    with pytest.raises(DemoError, match="capacitadas"):
        load_year(data_with(ACTIVITIES=activities))
    assert Activity.objects.count() == 0


def test_load_year_month_only_session_keeps_no_day(municipalities):
    load_year(year2023)
    sessions = Session.objects.filter(body__acronym="SNPASEVM").order_by("number")
    assert [(s.number, s.date, s.notes) for s in sessions] == [
        (49, None, "Celebrada en abril de 2023; la fuente no consigna el día."),
        (50, None, "Celebrada en septiembre de 2023; la fuente no consigna el día."),
        (51, None, "Celebrada en diciembre de 2023; la fuente no consigna el día."),
    ]


def test_load_year_restores_the_measure_catalog(municipalities):
    Measure.objects.filter(code="personas_capacitadas").update(name="otro nombre")
    load_year(year2023)
    catalog = {code: name for code, name, *_rest in MEASURES}
    stored = dict(Measure.objects.filter(code__in=catalog).values_list("code", "name"))
    assert stored == catalog


def test_person_counts_are_bound_to_the_demonstration_rosters(municipalities):
    from avance.demo.rosters2023 import load_rosters
    from avance.figures.resolve import resolve_figures

    load_year(year2023)
    load_rosters()
    figures = Figure.objects.filter(
        name__in=["capacitadas", "certificadas", "creditos", "creditos_entidades", "migrantes"]
    ).select_related("activity", "measure")
    resolved = {r.name: r for r in resolve_figures(figures).values()}
    bound = {
        f.name: (f.activity.title, f.source, f.binding, resolved[f.name].total) for f in figures
    }
    parts = {name: (r.parts.get("mujeres"), r.parts.get("hombres")) for name, r in resolved.items()}
    training = "Capacitación y certificación de personas servidoras públicas"
    strategy = (
        "Estrategia Territorial para la Reactivación de la Autonomía y el Empoderamiento Económico"
    )
    assert bound == {
        "capacitadas": (training, "bound", "roster.count", 147798),
        "certificadas": (training, "bound", "roster.count", 668),
        "creditos": (strategy, "bound", "roster.count", 127),
        "creditos_entidades": (strategy, "bound", "roster.count", 29),
        "migrantes": (
            "Proyecto Semilla con mujeres migrantes en Tapachula",
            "bound",
            "roster.count",
            30,
        ),
    }
    assert parts == {
        "capacitadas": (81961, 65837),
        "certificadas": (557, 111),
        "creditos": (127, 0),
        "creditos_entidades": (None, None),
        "migrantes": (30, 0),
    }


def test_load_year_places_the_municipalities(municipalities):
    load_year(year2023)
    placed = {
        a.title: sorted(m.cvegeo for m in a.municipalities.all())
        for a in Activity.objects.filter(municipalities__isnull=False).distinct()
    }
    assert sorted(placed.values()) == [["02006"], ["07089"]]


# Digits a narrative may print literally: years, dates, codes and titles of the reference.
_ALLOWED_LITERALS = re.compile(
    r"https?://\S+"  # evidence links
    r"|NMX-R-025-SCFI-2015|S010|21a Reunión|70 Años"  # codes and titles
    r"|\b\d{1,2} de (?:enero|febrero|marzo|abril|mayo|junio|julio|agosto|septiembre|octubre|"
    r"noviembre|diciembre) de (?:19|20)\d\d\b"  # full dates in words
    r"|\b(?:19|20)\d\d(?:-(?:19|20)\d\d)?\b"  # years and periods
)


def test_every_count_in_a_narrative_is_a_figure():
    texts = [year2023.EDITION["introduction"]]
    for entry in year2023.ACTIVITIES:
        texts.append(entry["narrative"])
        texts.extend(entry.get("footnotes", {}).values())
    stray = []
    for text in texts:
        outside = re.sub(r"\{\{.*?\}\}", "", text)
        outside = _ALLOWED_LITERALS.sub("", outside)
        stray.extend(re.findall(r"\d+", outside))
    assert stray == []


def test_demo_organisations_have_their_kind(municipalities):
    load_year(year2023)
    kinds = {o.label: o.kind for o in Organization.objects.all()}
    federal = "SFP SHCP CONDUSEF SAT SE CULTURA SRE BIENESTAR FINABIEN STPS CONAPRED SGCONAPO SEP"
    expected = {
        **dict.fromkeys(federal.split(), "federal_agency"),
        "SESNSP": "federal_agency",
        "INMUJERES": "institute",
        "INE": "autonomous",
        "INEGI": "autonomous",
        "CEPAL": "international",
        "División de Asuntos de Género de la CEPAL": "international",
        "División de Estadísticas de las Naciones Unidas": "international",
        "ONU Mujeres": "international",
        "SEGIB": "international",
        "Alianza Global por los Cuidados": "international",
        "Huairou Commission": "civil_society",
        "Expertise France": "foreign_government",
        "Ministerio de Relaciones Exteriores de Dinamarca": "foreign_government",
        "Mercado Libre": "company",
        "Uber Eats": "company",
        "COLMEX": "academia",
        "Universidad Intercultural de San Quintín": "academia",
        "Canal ONCE": "media",
        "SPR": "media",
        "Aprende TV": "media",
        "IMER": "media",
        "Grupo Milenio": "media",
    }
    assert {label: kinds.get(label) for label in expected} == expected
    members = Body.objects.get(name="Red Iberoamericana de Mujeres Mediadoras").members.all()
    assert sorted((m.name, m.kind) for m in members if m.name != "México") == [
        (name, "foreign_government")
        for name in sorted(year2023.RED_MEDIADORAS_MEMBERS)
        if name != "México"
    ]
    assert len(members) == 12


def test_demo_reload_keeps_activities_captured_by_users(municipalities):
    from avance.capture.activities.models import Activity

    load_year(year2023)
    captured = Activity.objects.create(year=2023, kind="event", title="Captura propia")
    load_year(year2023)
    assert Activity.objects.filter(pk=captured.pk).exists()
    assert Activity.objects.filter(year=2023).count() == len(year2023.ACTIVITIES) + 1
