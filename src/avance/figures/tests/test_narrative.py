"""The narrative engine: each format, lists element by element, and every error reported."""

from __future__ import annotations

import datetime

import pytest

from avance.figures import narrative
from avance.figures.values import Item, Resolved


def _context() -> dict[str, Resolved]:
    sessions = (
        Item("XLIX", number=49, date=datetime.date(2023, 4, 20)),
        Item("L", number=50, date=datetime.date(2023, 9, 14)),
        Item("LI", number=51, date=datetime.date(2023, 12, 7)),
    )
    return {
        "capacitadas": Resolved(
            "capacitadas",
            total=147798,
            parts={"mujeres": 81961, "hombres": 65837, "otro": None, "no_especificado": None},
            activity_id=1,
            figure_id=10,
        ),
        "sesiones": Resolved("sesiones", total=3, items=sessions, activity_id=1, figure_id=11),
        "estados": Resolved(
            "estados",
            total=3,
            items=(Item("Durango"), Item("Oaxaca"), Item("Sonora")),
            activity_id=1,
            figure_id=12,
        ),
        "paises": Resolved("paises", total=2, items=(Item("Francia"), Item("Italia"))),
        "inicio": Resolved("inicio", total=None, scalar=datetime.date(2023, 10, 9)),
    }


def _text(source: str) -> str:
    segments, problems = narrative.render(source, _context())
    assert problems == []
    return "".join(s.text for s in segments if not isinstance(s, narrative.NoteRef))


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("{{ capacitadas.mujeres }}", "81,961"),
        ("{{ capacitadas.mujeres | miles }}", "81,961"),
        ("{{ sesiones | palabras }}", "tres"),
        ("{{ sesiones.cuantos | palabras }}", "tres"),
        ("{{ sesiones | palabras_f }}", "tres"),
        (
            "{{ sesiones.numeros | ordinal_f | lista }}",
            "Cuadragésima Novena, Quincuagésima y Quincuagésima Primera",
        ),
        ("{{ sesiones.numeros | romano }}", "XLIX, L y LI"),
        ("{{ sesiones.fechas | mes }}", "abril, septiembre y diciembre"),
        ("{{ inicio | fecha }}", "9 de octubre de 2023"),
        ("{{ inicio | dia_mes }}", "9 de octubre"),
        ("{{ estados | lista }}", "Durango, Oaxaca y Sonora"),
        ("{{ estados.nombres | mayusculas }}", "DURANGO, OAXACA y SONORA"),
        ("{{ paises | lista }}", "Francia e Italia"),
    ],
)
def test_render_format(source, expected):
    assert _text(source) == expected


@pytest.mark.parametrize(
    ("function", "value", "expected"),
    [
        (narrative.thousands, 81961, "81,961"),
        (narrative.thousands, 1234567, "1,234,567"),
        (narrative.words, 3, "tres"),
        (narrative.words, 7, "siete"),
        (narrative.words_feminine, 1, "una"),
        (narrative.words_feminine, 21, "veintiuna"),
        (narrative.words_feminine, 200, "doscientas"),
        (narrative.ordinal_feminine, 31, "Trigésima Primera"),
        (narrative.ordinal_feminine, 32, "Trigésima Segunda"),
        (narrative.ordinal_masculine, 3, "Tercer"),
        (narrative.ordinal_masculine, 1, "Primer"),
        (narrative.ordinal_masculine, 7, "Séptimo"),
        (narrative.ordinal_masculine, 24, "Vigésimo Cuarto"),
        (narrative.roman, 49, "XLIX"),
        (narrative.roman, 50, "L"),
        (narrative.roman, 51, "LI"),
        (narrative.roman, 24, "XXIV"),
        (narrative.long_date, datetime.date(2023, 10, 9), "9 de octubre de 2023"),
        (narrative.long_date, datetime.date(2023, 11, 28), "28 de noviembre de 2023"),
    ],
)
def test_format_function(function, value, expected):
    assert function(value) == expected


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        (["A"], "A"),
        (["A", "B"], "A y B"),
        (["A", "B", "C"], "A, B y C"),
        (["Francia", "Italia"], "Francia e Italia"),
        (["Bolivia", "Hidalgo"], "Bolivia e Hidalgo"),
        (["Agua", "hielo"], "Agua y hielo"),  # «hie» sounds /je/: «y»
        ([], ""),
    ],
)
def test_spanish_list(values, expected):
    assert narrative.spanish_list(values) == expected


@pytest.mark.parametrize(
    ("function", "value"),
    [
        (narrative.roman, 0),
        (narrative.roman, 4000),
        (narrative.ordinal_feminine, 0),
        (narrative.words, "tres"),
        (narrative.thousands, True),
        (narrative.long_date, 2023),
    ],
)
def test_format_rejects_value(function, value):
    with pytest.raises(narrative.FormatError):
        function(value)


@pytest.mark.parametrize(
    ("source", "fragment"),
    [
        ("{{ nadie }}", "No existe la cifra «nadie»"),
        ("{{ capacitadas.edad }}", "no tiene la parte «edad»"),
        ("{{ capacitadas.mujeres | hex }}", "Formato desconocido: «hex»"),
        ("{{ capacitadas.mujeres + 1 }}", "Referencia no válida"),
        ("{{ capacitadas.mujeres.real }}", "Referencia no válida"),
        ("{{ estados.nombres | romano }}", "romano: se esperaba un número"),
        ("{{ capacitadas.mujeres | lista }}", "«lista» se aplica a una lista"),
        ("{{ capacitadas.otro }}", "la cifra no tiene valor"),
        ("Abre {{ capacitadas.mujeres y no cierra", "Marca sin cerrar"),
        ("{% if x %}sí{% endif %}", "Marca sin cerrar o no permitida: «{%»"),
    ],
)
def test_render_reports_problem_and_prints_literal(source, fragment):
    segments, problems = narrative.render(source, _context())
    assert len(problems) == 1
    assert fragment in problems[0].message
    assert [s for s in segments if isinstance(s, narrative.Value)] == []
    assert "".join(s.text for s in segments) == source


def test_render_value_keeps_its_provenance():
    segments, _problems = narrative.render("{{ capacitadas.hombres }}", _context())
    (value,) = segments
    assert (value.text, value.reference, value.resolved.figure_id) == (
        "65,837",
        "capacitadas.hombres",
        10,
    )


def test_render_splits_footnote_marks():
    segments, problems = narrative.render("siete estados,[^estados] y más", _context())
    assert problems == []
    assert segments == [
        narrative.Text("siete estados,"),
        narrative.NoteRef("estados"),
        narrative.Text(" y más"),
    ]


def test_render_strips_control_characters():
    segments, _problems = narrative.render("a\x00b\x07c\x1bd\tе\n", _context())
    assert "".join(s.text for s in segments) == "abcd\tе\n"


def test_references_lists_cited_figures_once():
    text = "{{ capacitadas.mujeres }} {{ capacitadas.hombres }} {{ estados | lista }} {{ 1+1 }}"
    assert narrative.references(text) == ["capacitadas", "estados"]


@pytest.mark.parametrize(
    "hostile",
    [
        "{{ ''.__class__.__mro__ }}",
        "{{ capacitadas.__dict__ }}",
        "{{ capacitadas.__class__ }}",
        "{{ range(9) }}",
        "{% for x in range(9) %}x{% endfor %}",
        "{{ capacitadas.mujeres|attr('__class__') }}",
    ],
)
def test_render_hostile_reference_reaches_nothing(hostile):
    segments, problems = narrative.render(hostile, _context())
    assert problems != []
    assert [s for s in segments if isinstance(s, narrative.Value)] == []
    assert "".join(s.text for s in segments) == hostile
