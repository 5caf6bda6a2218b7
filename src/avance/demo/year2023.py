"""The 2023 demonstration year: every action of the reference report as records.

Facts and numbers are those of INMUJERES's "Introducción" to the Cuenta Pública 2023 (the
reference seed); the narratives are written anew and cite figures by name, so that every
number in the generated report is computed from these records.
Dates the reference does not give are left empty rather than invented.
"""

YEAR = 2023

INSTITUTE = ("Instituto Nacional de las Mujeres", "INMUJERES")

# (name, acronym, kind[, INEGI state key])
ORGANIZATIONS: list[tuple] = [
    ("Secretaría de la Función Pública", "SFP", "federal_agency"),
    ("Secretaría de Hacienda y Crédito Público", "SHCP", "federal_agency"),
    ("Secretaría del Trabajo y Previsión Social", "STPS", "federal_agency"),
    ("Consejo Nacional para Prevenir la Discriminación", "CONAPRED", "federal_agency"),
    ("Instituto Nacional Electoral", "INE", "autonomous"),
]

# (name, acronym) of the institute's own units
UNITS: list[tuple[str, str]] = [
    ("Unidad de Administración y Finanzas", "UAF"),
]

# (number, title, programme, start year, end year)
OBJECTIVES = [
    (
        1,
        "Coordinar y promover la implementación de la Política Nacional en Materia de Igualdad "
        "entre Mujeres y Hombres (PNIMH) para contribuir al bienestar, la justicia y a una vida "
        "libre de violencia para mujeres y niñas",
        "Programa Institucional 2020-2024 del INMUJERES",
        2020,
        2024,
    ),
    (
        2,
        "Orientar y fortalecer el quehacer público y privado para lograr la igualdad sustantiva "
        "entre mujeres y hombres",
        "Programa Institucional 2020-2024 del INMUJERES",
        2020,
        2024,
    ),
    (
        3,
        "Impulsar cambios culturales que favorezcan el ejercicio pleno de los derechos de las "
        "mujeres y su liderazgo como protagonistas del desarrollo y actoras clave de la "
        "transformación del país",
        "Programa Institucional 2020-2024 del INMUJERES",
        2020,
        2024,
    ),
]

BUDGET_PROGRAMS = [
    {
        "key": "S010",
        "name": "Programa para el Adelanto, Bienestar e Igualdad de las Mujeres",
        "acronym": "PROABIM",
        "years": [{"year": 2023, "rules_published": "2022-12-26"}],
    },
]

# Bodies and their sessions: (kind, number or None, ISO date or None)
BODIES = [
    {
        "name": "Sistema Nacional para la Igualdad entre Mujeres y Hombres",
        "acronym": "SNIMH",
        "kind": "national_system",
        "sessions": [("ordinary", None, None), ("ordinary", None, None), ("ordinary", None, None)],
    },
]

ACTIVITIES = [
    {
        "objective": 1,
        "kind": "session",
        "title": "Sesiones ordinarias del SNIMH y Diagnóstico de Paridad de Género en la APF",
        "partners": [("SFP", "co_organizer")],
        "sessions": [("SNIMH", "ordinary", 1), ("SNIMH", "ordinary", 2), ("SNIMH", "ordinary", 3)],
        "figures": [
            {"name": "sesiones", "measure": "sesiones_realizadas", "binding": "activity.sessions"},
        ],
        "narrative": (
            "Durante {{ ejercicio }}, el INMUJERES celebró {{ sesiones | palabras_f }} sesiones "
            "ordinarias del Sistema Nacional para la Igualdad entre Mujeres y Hombres (SNIMH)."
        ),
    },
    {
        "objective": 2,
        "kind": "training",
        "title": "Capacitación y certificación de personas servidoras públicas",
        "partners": [("INE", "co_organizer")],
        "figures": [
            {
                "name": "capacitadas",
                "measure": "personas_capacitadas",
                "women": 81961,
                "men": 65837,
            },
            {"name": "certificadas", "measure": "personas_certificadas", "women": 557, "men": 111},
        ],
        "narrative": (
            "El Instituto capacitó a {{ capacitadas.mujeres }} mujeres y "
            "{{ capacitadas.hombres }} hombres de la APF y certificó a "
            "{{ certificadas.mujeres }} mujeres y {{ certificadas.hombres }} hombres."
        ),
    },
    {
        "objective": 1,
        "kind": "agreement",
        "title": "Compromisos por la Igualdad y el Bienestar de las Mujeres",
        "states": ["01", "02", "10", "20", "23", "26", "28"],
        "figures": [
            {"name": "estados", "measure": "entidades_cubiertas", "binding": "activity.states"},
        ],
        "narrative": (
            "El INMUJERES firmó los Compromisos por la Igualdad y el Bienestar de las Mujeres "
            "en {{ estados | palabras }} estados del país,[^estados]"
        ),
        "footnotes": {"estados": "{{ estados | lista }}."},
    },
]

EDITION = {
    "heading": "INSTITUTO NACIONAL DE LAS MUJERES (INMUJERES) INTRODUCCIÓN",
    "introduction": (
        "El trabajo institucional del INMUJERES, en {{ ejercicio }}, tuvo como objetivo "
        "promover la igualdad sustantiva."
    ),
    "signatories": [
        (
            "autorizo",
            "Dr. Fernando López Portillo Tostado",
            "Titular de la Unidad Administración y Finanzas",
        ),
        ("elaboro", "C.P. Misael Trotski Patricio Gómez", "Director de Finanzas"),
    ],
}
