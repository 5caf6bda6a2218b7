"""The demonstration network of 2023: a state women's instance (IMEF) coordinated by the
national institute, and two municipal instances (IMM) under it, each with its own small
year. Invented, and marked so in every name: no real instance reported these records.

Each namespace has the shape of ``year2023`` that ``loader.load_year`` reads, plus the
institution's kind, coordinator and state.
"""

from __future__ import annotations

YEAR = 2023
STATE = "20"  # Oaxaca: where the invented instances are placed

_MARK = "(demostración)"


def _training(
    title: str, women: int, men: int, states: list[str], objective: int = 1, unit: str = "DIS"
) -> dict:
    return {
        "objective": objective,
        "unit": unit,
        "kind": "training",
        "title": title,
        "states": states,
        "figures": [
            {
                "name": "capacitadas",
                "measure": "personas_capacitadas",
                "total": women + men,
                "women": women,
                "men": men,
                "note": "Listas de asistencia de la instancia (datos de demostración).",
            }
        ],
        "narrative": (
            "La instancia capacitó a {{ capacitadas.mujeres }} mujeres y "
            "{{ capacitadas.hombres }} hombres."
        ),
    }


class IMEF:
    YEAR = YEAR
    KIND = "imef"
    COORDINATOR = "INMUJERES"
    STATE = STATE
    INSTITUTE = (f"Instancia Estatal de las Mujeres {_MARK}", "IEM-DEMO")
    ORGANIZATIONS: list[dict] = []
    UNITS = [
        (f"Dirección de Igualdad Sustantiva {_MARK}", "DIS"),
        (f"Dirección de Vinculación Municipal {_MARK}", "DVM"),
    ]
    OBJECTIVES = [
        (
            1,
            "Fortalecer las capacidades institucionales para la igualdad en la entidad",
            f"Programa Estatal para la Igualdad 2022-2028 {_MARK}",
            2022,
            2028,
        ),
        (
            2,
            "Acompañar a las instancias municipales de las mujeres",
            f"Programa Estatal para la Igualdad 2022-2028 {_MARK}",
            2022,
            2028,
        ),
    ]
    BUDGET_PROGRAMS: list[dict] = []
    BODIES = [
        {
            "name": f"Sistema Estatal para la Igualdad entre Mujeres y Hombres {_MARK}",
            "acronym": "SEIMH-DEMO",
            "kind": "state_system",
            "installed_on": "2022-03-08",
            "sessions": [("ordinary", 1, "2023-03-14"), ("ordinary", 2, "2023-09-26")],
            "agreements": [
                (
                    ("ordinary", 1),
                    "SEIMH/1/01",
                    "Las dependencias estatales presentan su programa anual de igualdad.",
                    "done",
                ),
                (
                    ("ordinary", 2),
                    "SEIMH/2/01",
                    "Cada municipio designa a su enlace con la instancia estatal.",
                    "in_progress",
                ),
            ],
        }
    ]
    ACTIVITIES = [
        _training("Capacitación en igualdad para el servicio público estatal", 412, 188, ["20"]),
        _training("Talleres de prevención de la violencia en escuelas", 265, 131, ["20"]),
        {
            **_training("Acompañamiento a las instancias municipales", 58, 9, ["20"], 2, "DVM"),
            "narrative": (
                "La instancia acompañó a las instancias municipales y capacitó a "
                "{{ capacitadas.mujeres }} mujeres y {{ capacitadas.hombres }} hombres de "
                "su personal."
            ),
        },
    ]
    EDITION = {
        "heading": f"INSTANCIA ESTATAL DE LAS MUJERES DE DEMOSTRACIÓN {_MARK.upper()} INTRODUCCIÓN",
        "introduction": (
            "En {{ ejercicio }}, la instancia estatal de demostración trabajó por la igualdad "
            "sustantiva en la entidad. Este informe es de demostración: sus cifras son "
            "inventadas."
        ),
        "signatories": [
            ("autorizo", "Mtra. Titular de Demostración", "Titular de la Instancia Estatal"),
            ("elaboro", "Lic. Enlace de Planeación", "Jefatura de Planeación"),
        ],
    }


def _municipal(letter: str, trained: tuple[int, int]) -> type:
    class IMM:
        YEAR = 2023
        KIND = "imm"
        COORDINATOR = "IEM-DEMO"
        STATE = STATE
        INSTITUTE = (
            f"Instancia Municipal de las Mujeres {letter} {_MARK}",
            f"IMM-DEMO-{letter}",
        )
        ORGANIZATIONS: list[dict] = []
        UNITS = [(f"Coordinación de la Instancia Municipal {letter} {_MARK}", "CIM")]
        OBJECTIVES = [
            (
                1,
                "Promover la igualdad y una vida libre de violencia en el municipio",
                f"Programa Municipal para la Igualdad 2022-2024 {_MARK}",
                2022,
                2024,
            )
        ]
        BUDGET_PROGRAMS: list[dict] = []
        BODIES: list[dict] = []
        ACTIVITIES = [
            _training(
                f"Talleres comunitarios de la instancia municipal {letter}",
                *trained,
                ["20"],
                unit="CIM",
            )
        ]
        EDITION = {
            "heading": f"INSTANCIA MUNICIPAL DE LAS MUJERES {letter} {_MARK.upper()} INTRODUCCIÓN",
            "introduction": "Informe municipal de demostración del ejercicio {{ ejercicio }}.",
            "signatories": [
                ("autorizo", f"Titular Municipal {letter} (demostración)", "Titular"),
            ],
        }

    return IMM


IMM_A = _municipal("A", (96, 12))
IMM_B = _municipal("B", (143, 40))

# In the order they load: a coordinator before the institutions it coordinates.
INSTITUTIONS = (IMEF, IMM_A, IMM_B)
