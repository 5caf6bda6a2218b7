"""The 2023 demonstration year: every action of the reference report as records.

Facts and numbers are those of INMUJERES's "Introducción" to the Cuenta Pública 2023 (the
reference seed: 23 actions under three strategic objectives, seven footnotes, the signature
block); the narratives are written anew and cite figures by name, so that every count in the
generated report is computed from these records or entered once here with its source.

What the reference does not say is left empty rather than invented:

* **Dates.** Only the campaign "Seamos distintos" has full dates (9 October – 28 November).
  Elsewhere the reference gives a month at most ("en mayo", "en marzo", the SNPASEVM
  sessions "en abril, septiembre y diciembre"). Date fields stay empty; no day is made up.
  A session whose month is known carries it in the data as ``"2023-04"`` (year-month, no
  day): the loader keeps ``Session.date`` empty and records the month in the session's notes
  ("Celebrada en abril de 2023; la fuente no consigna el día."). The narratives name those
  months in words. This needs no schema change; a real month-precision date on sessions
  and activities (and a binding that lists the months) is the better long-term shape.
* **Session kinds.** The GPDTS "sesionó en tres ocasiones" without saying of which kind; its
  three sessions are recorded as working sessions (``working``), the most neutral kind.
* **Members of bodies.** Only the members the reference names are recorded (the twelve
  member states of the Red Iberoamericana de Mujeres Mediadoras; the coordinators of GIPEA
  and the Observatorio). The SNIMH and SNPASEVM member lists are left empty.
* **Units.** The reference does not say which unit of the institute carried each action, so
  ``Activity.unit`` stays empty (only the signatories' unit is recorded).

Person counts (``capacitadas``, ``certificadas``, ``creditos``, ``creditos_entidades``,
``migrantes``) are bound to the synthetic rosters of ``rosters2023.py`` (``roster.count``):
computed from the people listed, never typed.
"""

YEAR = 2023

INSTITUTE = ("Instituto Nacional de las Mujeres", "INMUJERES")

_MEMBER_STATE = "Estado miembro de la Red Iberoamericana de Mujeres Mediadoras."

# Organisations named in the report. Keys: name, acronym, kind; optional state (INEGI key)
# and description. Kinds are ``directory.OrganizationKind`` values.
ORGANIZATIONS: list[dict] = [
    # Federal public administration
    {"name": "Secretaría de la Función Pública", "acronym": "SFP", "kind": "federal_agency"},
    {
        "name": "Secretaría de Hacienda y Crédito Público",
        "acronym": "SHCP",
        "kind": "federal_agency",
    },
    {
        "name": "Comisión Nacional para la Protección y Defensa de los Usuarios de Servicios "
        "Financieros",
        "acronym": "CONDUSEF",
        "kind": "federal_agency",
    },
    {"name": "Servicio de Administración Tributaria", "acronym": "SAT", "kind": "federal_agency"},
    {"name": "Secretaría de Economía", "acronym": "SE", "kind": "federal_agency"},
    {"name": "Secretaría de Cultura", "acronym": "CULTURA", "kind": "federal_agency"},
    {"name": "Secretaría de Relaciones Exteriores", "acronym": "SRE", "kind": "federal_agency"},
    {"name": "Secretaría de Bienestar", "acronym": "BIENESTAR", "kind": "federal_agency"},
    {"name": "Financiera para el Bienestar", "acronym": "FINABIEN", "kind": "federal_agency"},
    {
        "name": "Secretaría del Trabajo y Previsión Social",
        "acronym": "STPS",
        "kind": "federal_agency",
    },
    {
        "name": "Consejo Nacional para Prevenir la Discriminación",
        "acronym": "CONAPRED",
        "kind": "federal_agency",
    },
    {
        "name": "Secretaría General del Consejo Nacional de Población",
        "acronym": "SGCONAPO",
        "kind": "federal_agency",
    },
    {"name": "Secretaría de Educación Pública", "acronym": "SEP", "kind": "federal_agency"},
    {
        "name": "Secretariado Ejecutivo del Sistema Nacional de Seguridad Pública",
        "acronym": "SESNSP",
        "kind": "federal_agency",
    },
    # Autonomous bodies
    {"name": "Instituto Nacional Electoral", "acronym": "INE", "kind": "autonomous"},
    {
        "name": "Instituto Nacional de Estadística y Geografía",
        "acronym": "INEGI",
        "kind": "autonomous",
    },
    # International bodies
    {"name": "ONU Mujeres", "acronym": "", "kind": "international"},
    {
        "name": "Comisión Económica para América Latina y el Caribe",
        "acronym": "CEPAL",
        "kind": "international",
    },
    {
        "name": "División de Asuntos de Género de la CEPAL",
        "acronym": "",
        "kind": "international",
        "description": "División de la Comisión Económica para América Latina y el Caribe.",
    },
    {
        "name": "División de Estadísticas de las Naciones Unidas",
        "acronym": "",
        "kind": "international",
    },
    {"name": "Secretaría General Iberoamericana", "acronym": "SEGIB", "kind": "international"},
    {"name": "Alianza Global por los Cuidados", "acronym": "", "kind": "international"},
    # Civil society
    {"name": "Huairou Commission", "acronym": "", "kind": "civil_society"},
    # Foreign governments and their agencies
    {
        "name": "Expertise France",
        "acronym": "",
        "kind": "foreign_government",
        "description": "Agencia francesa de cooperación técnica internacional.",
    },
    {
        "name": "Ministerio de Relaciones Exteriores de Dinamarca",
        "acronym": "",
        "kind": "foreign_government",
    },
    # Companies
    {"name": "Mercado Libre", "acronym": "", "kind": "company"},
    {"name": "Uber Eats", "acronym": "", "kind": "company"},
    # Academia
    {"name": "El Colegio de México", "acronym": "COLMEX", "kind": "academia"},
    {
        "name": "Universidad Intercultural de San Quintín",
        "acronym": "",
        "kind": "academia",
        "state": "02",
    },
    # Media
    {"name": "Canal ONCE", "acronym": "", "kind": "media"},
    {
        "name": "Sistema Público de Radiodifusión del Estado Mexicano",
        "acronym": "SPR",
        "kind": "media",
    },
    {"name": "Aprende TV", "acronym": "", "kind": "media"},
    {"name": "Instituto Mexicano de la Radio", "acronym": "IMER", "kind": "media"},
    {"name": "Grupo Milenio", "acronym": "", "kind": "media"},
    # Member states of the Red Iberoamericana de Mujeres Mediadoras. Mexico is one of them,
    # but it is not a foreign government to the institute: it is recorded as the federal
    # government.
    *(
        {"name": country, "acronym": "", "kind": "foreign_government", "description": _MEMBER_STATE}
        for country in (
            "Andorra",
            "Bolivia",
            "Brasil",
            "Colombia",
            "Ecuador",
            "España",
            "Guatemala",
            "Paraguay",
            "Perú",
            "República Dominicana",
            "Uruguay",
        )
    ),
    {
        "name": "México",
        "acronym": "",
        "kind": "federal_agency",
        "description": "Gobierno de México. " + _MEMBER_STATE,
    },
]

RED_MEDIADORAS_MEMBERS = [
    "Andorra",
    "Bolivia",
    "Brasil",
    "Colombia",
    "Ecuador",
    "España",
    "Guatemala",
    "México",
    "Paraguay",
    "Perú",
    "República Dominicana",
    "Uruguay",
]

# (name, acronym) of the institute's own units
UNITS: list[tuple[str, str]] = [
    ("Unidad de Administración y Finanzas", "UAF"),
]

_PROGRAMME = "Programa Institucional 2020-2024 del INMUJERES"

# (number, title, programme, start year, end year)
OBJECTIVES = [
    (
        1,
        "Coordinar y promover la implementación de la Política Nacional en Materia de Igualdad "
        "entre Mujeres y Hombres (PNIMH) para contribuir al bienestar, la justicia y a una vida "
        "libre de violencia para mujeres y niñas",
        _PROGRAMME,
        2020,
        2024,
    ),
    (
        2,
        "Orientar y fortalecer el quehacer público y privado para lograr la igualdad sustantiva "
        "entre mujeres y hombres",
        _PROGRAMME,
        2020,
        2024,
    ),
    (
        3,
        "Impulsar cambios culturales que favorezcan el ejercicio pleno de los derechos de las "
        "mujeres y su liderazgo como protagonistas del desarrollo y actoras clave de la "
        "transformación del país",
        _PROGRAMME,
        2020,
        2024,
    ),
]

BUDGET_PROGRAMS = [
    {
        "key": "S010",
        "name": "Programa para el Adelanto, Bienestar e Igualdad de las Mujeres",
        "acronym": "PROABIM",
        "description": (
            "A partir del ejercicio fiscal 2023 sustituye al Programa de Fortalecimiento a la "
            "Transversalidad de la Perspectiva de Género (PFTPG) y conserva la clave S010."
        ),
        "years": [
            {
                "year": 2023,
                "rules_published": "2022-12-26",
                "name_in_year": "Programa para el Adelanto, Bienestar e Igualdad de las Mujeres",
            }
        ],
    },
    {
        "key": "P010",
        "name": "Fortalecimiento de la Igualdad Sustantiva entre Mujeres y Hombres",
        "acronym": "",
        "description": "Incluye el Fondo para el Bienestar y el Avance de las Mujeres (FOBAM).",
    },
]

# Bodies and their sessions: (kind, number or None, ISO date, "YYYY-MM" month, or None).
# Unnumbered sessions are referred to by their order (1, 2, 3) within the body and kind.
BODIES = [
    {
        "name": "Sistema Nacional para la Igualdad entre Mujeres y Hombres",
        "acronym": "SNIMH",
        "kind": "national_system",
        "sessions": [("ordinary", None, None), ("ordinary", None, None), ("ordinary", None, None)],
    },
    {
        "name": "Sistema Nacional de Prevención, Atención, Sanción y Erradicación de la "
        "Violencia contra las Mujeres",
        "acronym": "SNPASEVM",
        "kind": "national_system",
        "sessions": [
            ("ordinary", 49, "2023-04"),
            ("ordinary", 50, "2023-09"),
            ("ordinary", 51, "2023-12"),
        ],
    },
    {
        "name": "Grupo Interinstitucional para la Prevención del Embarazo en Adolescentes",
        "acronym": "GIPEA",
        "kind": "group",
        "members": ["INMUJERES", "SGCONAPO"],
        "sessions": [("ordinary", 31, None), ("ordinary", 32, None)],
    },
    {
        # Installed in March 2023 (month only in the reference): ``installed_on`` stays empty.
        "name": "Grupo Promotor de los Derechos de las Trabajadoras Sexuales",
        "acronym": "GPDTS",
        "kind": "group",
        "sessions": [("working", None, None), ("working", None, None), ("working", None, None)],
    },
    {
        "name": "Observatorio de Participación Política de las Mujeres en México",
        "acronym": "",
        "kind": "observatory",
        "members": ["INE", "INMUJERES"],
    },
    {
        "name": "Red Iberoamericana de Mujeres Mediadoras",
        "acronym": "",
        "kind": "network",
        "members": RED_MEDIADORAS_MEMBERS,
    },
    {
        "name": "Nodos de Empoderamiento Económico de las Mujeres",
        "acronym": "",
        "kind": "network",
    },
]

_RED = "Red Iberoamericana de Mujeres Mediadoras"

# The actions, in the order of the reference. Keys: objective, kind, title, narrative; optional
# start/end (ISO), program (budget key), partners [(organisation, role)], states (INEGI keys),
# municipalities (CVEGEO), sessions [(body, kind, number or order)], figures, footnotes
# {key: text}, evidence [(url, description)].
ACTIVITIES = [
    # ➤ 1 ---------------------------------------------------------------------------------
    {
        "objective": 1,
        "kind": "session",
        "title": "Sesiones ordinarias del SNIMH y Diagnóstico de Paridad de Género en la APF",
        "partners": [("SFP", "co_organizer")],
        "sessions": [("SNIMH", "ordinary", 1), ("SNIMH", "ordinary", 2), ("SNIMH", "ordinary", 3)],
        "figures": [
            {
                "name": "sesiones",
                "measure": "sesiones_realizadas",
                "binding": "activity.sessions",
                "params": {"kind": "ordinary"},
            },
        ],
        "narrative": (
            "En {{ ejercicio }}, el INMUJERES celebró {{ sesiones | palabras_f }} sesiones "
            "ordinarias del Sistema Nacional para la Igualdad entre Mujeres y Hombres (SNIMH). "
            "Entre sus trabajos sobresale el “Diagnóstico de Paridad de Género en la "
            "Administración Pública Federal”, que el Instituto elaboró y aplicó junto con la "
            "Secretaría de la Función Pública y del que resultó la “Guía práctica para la "
            "implementación del principio de paridad en las instancias de la Administración "
            "Pública Federal”."
        ),
    },
    {
        "objective": 1,
        "kind": "programme_follow_up",
        "title": "Seguimiento del PROIGUALDAD 2020-2024",
        "figures": [
            {
                "name": "reuniones",
                "measure": "reuniones_realizadas",
                "total": 133,
                "note": "Informe de la Cuenta Pública 2023 del INMUJERES.",
            },
        ],
        "narrative": (
            "Para dar seguimiento al Programa Nacional para la Igualdad entre Mujeres y Hombres "
            "(PROIGUALDAD) 2020-2024, el Instituto elaboró y publicó el Informe de Avance y "
            "Resultados del Programa Nacional para la Igualdad entre Mujeres y Hombres "
            "2020-2024 del ejercicio fiscal 2022, y sostuvo {{ reuniones }} reuniones con "
            "dependencias y entidades responsables de acciones puntuales del Programa."
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
            "Para sumar alianzas con los gobiernos estatales en favor de las mujeres y las niñas "
            "del país, el INMUJERES firmó los Compromisos por la Igualdad y el Bienestar de las "
            "Mujeres en {{ estados | palabras }} estados.[^estados]"
        ),
        "footnotes": {"estados": "{{ estados | lista }}."},
    },
    {
        "objective": 1,
        "kind": "event",
        "title": "Mujeres en la Transformación Digital, Mujer Exporta MX y Saberes Milenarios",
        "partners": [
            ("SHCP", "participant"),
            ("CONDUSEF", "participant"),
            ("SAT", "participant"),
            ("Mercado Libre", "participant"),
            ("Uber Eats", "participant"),
            ("SE", "coordinator"),
            ("CULTURA", "participant"),
            ("SRE", "participant"),
            ("BIENESTAR", "participant"),
        ],
        "narrative": (
            "Concluyó la Primera Edición {{ ejercicio }} de la estrategia Mujeres en la "
            "Transformación Digital, en la que participan, entre otras instituciones y "
            "empresas, el INMUJERES, la SHCP, la CONDUSEF, el Servicio de Administración "
            "Tributaria, Mercado Libre y Uber Eats. Se realizó también la Tercera Edición de "
            "Mujer Exporta MX[^exporta] y se entregaron los premios del “Concurso Saberes "
            "Milenarios de las Mujeres Afromexicanas”."
        ),
        "footnotes": {
            "exporta": (
                "La coordina la Secretaría de Economía; participan el INMUJERES, la SHCP, la "
                "Secretaría de Cultura, la SRE y la Secretaría de Bienestar."
            )
        },
    },
    {
        "objective": 1,
        "kind": "credit",
        "title": "Estrategia Territorial para la Reactivación de la Autonomía y el "
        "Empoderamiento Económico",
        "partners": [("FINABIEN", "ally")],
        "figures": [
            {
                "name": "nodos",
                "measure": "nodos_activos",
                "total": 128,
                "note": "Informe de la Cuenta Pública 2023 del INMUJERES.",
            },
            {
                "name": "creditos",
                "measure": "creditos_aprobados",
                "binding": "roster.count",
                "params": {"roster": "Crédito Mujer Libertad 2023 (FINABIEN)"},
            },
            {
                "name": "creditos_entidades",
                "measure": "entidades_cubiertas",
                "binding": "roster.count",
                "params": {"roster": "Crédito Mujer Libertad 2023 (FINABIEN)", "by": "states"},
            },
        ],
        "narrative": (
            "En mayo, el INMUJERES presentó a las titulares de las IMEF la “Estrategia "
            "Territorial para la Reactivación de la Autonomía y el Empoderamiento Económico”, "
            "con la que se puso en marcha el trabajo de {{ nodos }} nodos de empoderamiento "
            "económico; en agosto, organizó el “Encuentro para el Empoderamiento Económico de "
            "las Mujeres”. Gracias a un Convenio de Colaboración con la Financiera para el "
            "Bienestar (FINABIEN), mujeres de los nodos conocieron productos financieros de esa "
            "institución como el “Crédito Mujer Libertad”, con el que se aprobaron "
            "{{ creditos.mujeres }} créditos a mujeres de {{ creditos_entidades }} entidades "
            "federativas."
        ),
    },
    {
        "objective": 1,
        "kind": "certification",
        "title": "Promoción de la Norma Mexicana NMX-R-025-SCFI-2015",
        "partners": [
            ("Expertise France", "co_organizer"),
            ("Ministerio de Relaciones Exteriores de Dinamarca", "co_organizer"),
            ("STPS", "co_organizer"),
            ("CONAPRED", "co_organizer"),
        ],
        "narrative": (
            "Con el fin de promover la Norma Mexicana NMX-R-025-SCFI-2015 en Igualdad Laboral y "
            "No Discriminación, el INMUJERES trabajó con Expertise France[^expertise] y con el "
            "Ministerio de Relaciones Exteriores de Dinamarca en el desarrollo de una "
            "herramienta digital que facilite la certificación de empresas; organizó el Foro "
            "“Hacia la igualdad y no discriminación en el sector digital en México”, y junto "
            "con la STPS y el CONAPRED celebró la Entrega de Reconocimientos a Centros de "
            "Trabajo Certificados en la Norma en 2022."
        ),
        "footnotes": {
            "expertise": "Se trata de la agencia francesa de cooperación técnica internacional."
        },
    },
    {
        "objective": 1,
        "kind": "session",
        "title": "Reuniones ordinarias de la Asamblea del GIPEA",
        "partners": [("SGCONAPO", "co_organizer")],
        "sessions": [("GIPEA", "ordinary", 31), ("GIPEA", "ordinary", 32)],
        "figures": [
            {
                "name": "sesiones",
                "measure": "sesiones_realizadas",
                "binding": "activity.sessions",
                "params": {"kind": "ordinary"},
            },
        ],
        "narrative": (
            "El INMUJERES y la Secretaría General del Consejo Nacional de Población "
            "coordinaron y llevaron a cabo las reuniones ordinarias "
            "{{ sesiones.numeros | ordinal_f | lista }} de la Asamblea del Grupo "
            "Interinstitucional para la Prevención del Embarazo en Adolescentes (GIPEA)."
        ),
    },
    {
        "objective": 1,
        "kind": "network",
        "title": "Instalación del Grupo Promotor de los Derechos de las Trabajadoras Sexuales",
        "sessions": [("GPDTS", "working", 1), ("GPDTS", "working", 2), ("GPDTS", "working", 3)],
        "figures": [
            {"name": "sesiones", "measure": "sesiones_realizadas", "binding": "activity.sessions"},
        ],
        "narrative": (
            "En marzo, el INMUJERES instaló el Grupo Promotor de los Derechos de las "
            "Trabajadoras Sexuales (GPDTS), un espacio para articular esfuerzos "
            "interinstitucionales e intersectoriales en el diseño y la puesta en marcha de "
            "acciones que garanticen los derechos de las trabajadoras sexuales. El Grupo se "
            "reunió en {{ sesiones | palabras_f }} ocasiones y preparó una Cartilla de Derechos "
            "de las Trabajadoras Sexuales."
        ),
    },
    {
        "objective": 1,
        "kind": "training",
        "title": "Proyecto Semilla con mujeres migrantes en Tapachula",
        "states": ["07"],
        "municipalities": ["07089"],
        "figures": [
            {
                "name": "migrantes",
                "measure": "personas_beneficiarias",
                "binding": "roster.count",
                "params": {"roster": "Proyecto Semilla 2023"},
            },
        ],
        "narrative": (
            "En Tapachula, Chiapas, el Instituto llevó a cabo el Proyecto Semilla[^semilla], "
            "dirigido al empoderamiento económico de mujeres migrantes jefas de familia en "
            "distintos contextos de movilidad, solicitantes de asilo o de refugio, con hijas e "
            "hijos que dependen de sus cuidados."
        ),
        "footnotes": {
            "semilla": (
                "El INMUJERES diseñó e impartió capacitaciones y acompañamiento para el "
                "emprendimiento, con los que {{ migrantes.mujeres }} mujeres migrantes "
                "desarrollan sus proyectos semilla."
            )
        },
    },
    {
        "objective": 1,
        "kind": "session",
        "title": "Sesiones ordinarias del SNPASEVM",
        "sessions": [
            ("SNPASEVM", "ordinary", 49),
            ("SNPASEVM", "ordinary", 50),
            ("SNPASEVM", "ordinary", 51),
        ],
        "figures": [
            {
                "name": "sesiones",
                "measure": "sesiones_realizadas",
                "binding": "activity.sessions",
                "params": {"kind": "ordinary"},
            },
        ],
        "narrative": (
            "En el marco del SNPASEVM tuvieron lugar las sesiones ordinarias "
            "{{ sesiones.numeros | romano | lista }}, en abril, septiembre y diciembre, "
            "respectivamente; en ellas, entre otros temas, el INMUJERES presentó el Modelo de "
            "Tipo Penal de Femicidio."
        ),
    },
    {
        "objective": 1,
        "kind": "pilot",
        "title": "Pilotaje del Mecanismo contra el hostigamiento y el acoso sexual en las "
        "Universidades Interculturales",
        "partners": [
            ("SEP", "co_organizer"),
            ("Universidad Intercultural de San Quintín", "host"),
        ],
        "states": ["02"],
        "municipalities": ["02006"],
        "narrative": (
            "El INMUJERES y la Secretaría de Educación Pública pusieron a prueba, en la "
            "Universidad Intercultural de San Quintín, Baja California, el “Mecanismo para la "
            "prevención y atención del hostigamiento sexual y acoso sexual en las "
            "Universidades Interculturales”."
        ),
    },
    {
        "objective": 1,
        "kind": "alert_follow_up",
        "title": "Alertas de Violencia de Género contra las Mujeres",
        "figures": [
            {
                "name": "solicitudes",
                "measure": "reuniones_realizadas",
                "total": 36,
                "note": "Sesiones y reuniones de trabajo sobre solicitudes de AVGM.",
            },
            {
                "name": "seguimiento",
                "measure": "reuniones_realizadas",
                "total": 173,
                "note": "Reuniones y sesiones de trabajo de seguimiento de AVGM declaradas.",
            },
        ],
        "narrative": (
            "Para contribuir al cumplimiento de las Alertas de Violencia de Género contra las "
            "Mujeres (AVGM), el INMUJERES tomó parte en {{ solicitudes }} sesiones y reuniones "
            "de trabajo para atender las solicitudes, y en {{ seguimiento }} reuniones y "
            "sesiones de trabajo para dar seguimiento a las alertas declaradas."
        ),
    },
    # ➤ 2 ---------------------------------------------------------------------------------
    {
        "objective": 2,
        "kind": "grant",
        "title": "PROABIM y FOBAM",
        "program": "S010",
        "figures": [
            {
                "name": "imef",
                "measure": "instancias_beneficiadas",
                "total": 32,
                "note": "IMEF beneficiadas por el PROABIM; Cuenta Pública 2023.",
            },
            {
                "name": "imm",
                "measure": "instancias_beneficiadas",
                "total": 505,
                "note": "IMM beneficiadas por el PROABIM; Cuenta Pública 2023.",
            },
            {
                "name": "fobam",
                "measure": "instancias_beneficiadas",
                "total": 32,
                "note": "IMEF con proyectos apoyados por el FOBAM (P010); Cuenta Pública 2023.",
            },
        ],
        "narrative": (
            "Entre las acciones en territorio que impulsa el INMUJERES está el Programa para el "
            "Adelanto, Bienestar e Igualdad de las Mujeres (PROABIM),[^proabim] con el que "
            "{{ imef }} IMEF y {{ imm }} IMM recibieron apoyo para su fortalecimiento "
            "institucional. Con el Fondo para el Bienestar y el Avance de las Mujeres (FOBAM), "
            "el Instituto respaldó además los proyectos de las {{ fobam }} IMEF que contribuyan "
            "a erradicar el embarazo infantil y a reducir el embarazo en adolescentes."
        ),
        "footnotes": {
            "proabim": (
                "Desde el ejercicio fiscal 2023, el PROABIM ocupa el lugar del Programa de "
                "Fortalecimiento a la Transversalidad de la Perspectiva de Género (PFTPG) y "
                "mantiene su clave presupuestaria, S010; sus Reglas de Operación (ROP) se "
                "publicaron en el DOF el 26 de diciembre de 2022."
            )
        },
    },
    {
        "objective": 2,
        "kind": "event",
        "title": "Encuentro Global de Mujeres Cuidadoras Comunitarias",
        "partners": [
            ("Alianza Global por los Cuidados", "co_organizer"),
            ("Huairou Commission", "co_organizer"),
            ("ONU Mujeres", "co_organizer"),
        ],
        "narrative": (
            "En junio, el INMUJERES, la Alianza Global por los Cuidados, la Huairou Commission "
            "y ONU Mujeres organizaron el “Encuentro Global de Mujeres Cuidadoras "
            "Comunitarias”, que reunió a diversos grupos comunitarios de mujeres líderes en "
            "cuidados."
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
                "binding": "roster.count",
                "params": {"roster": "Capacitación de la APF 2023"},
            },
            {
                "name": "certificadas",
                "measure": "personas_certificadas",
                "binding": "roster.count",
                "params": {"roster": "Certificación en estándares de competencia 2023"},
            },
        ],
        "narrative": (
            "Mediante cursos en línea y presenciales, el Instituto capacitó a "
            "{{ capacitadas.mujeres }} mujeres y {{ capacitadas.hombres }} hombres de la APF, y "
            "certificó a {{ certificadas.mujeres }} mujeres y {{ certificadas.hombres }} "
            "hombres en estándares y competencias del sector público para la igualdad de "
            "género. Con el INE desarrolló la competencia “Atención presencial y telefónica de "
            "primer contacto a víctimas de violencia política contra las mujeres en razón de "
            "género”."
        ),
    },
    {
        "objective": 2,
        "kind": "event",
        "title": "Encuentros y reuniones internacionales de estadísticas de género",
        "partners": [
            ("INEGI", "co_organizer"),
            ("CEPAL", "co_organizer"),
            ("ONU Mujeres", "co_organizer"),
            ("División de Asuntos de Género de la CEPAL", "co_organizer"),
            ("División de Estadísticas de las Naciones Unidas", "co_organizer"),
        ],
        "narrative": (
            "Junto con el INEGI, la CEPAL y ONU Mujeres, el INMUJERES realizó el XXIV Encuentro "
            "Internacional de Estadísticas de Género, bajo el título “Mejores estadísticas para "
            "mejores políticas: medir e innovar para lograr la igualdad de género en 2030”, y la "
            "Reunión Internacional de Especialistas “Medición de la violencia de género contra "
            "mujeres y niñas: lecciones aprendidas y retos”. Asimismo, la División de Asuntos de "
            "Género de la CEPAL, ONU Mujeres, la División de Estadísticas de las Naciones "
            "Unidas, el INEGI y el INMUJERES organizaron la “21a Reunión Internacional de "
            "Especialistas en Información sobre Uso del Tiempo y Trabajo No Remunerado”."
        ),
    },
    {
        "objective": 2,
        "kind": "event",
        "title": "Encuentro “Contar y visibilizar”",
        "partners": [("INEGI", "co_organizer"), ("COLMEX", "support")],
        "narrative": (
            "Con el apoyo de El Colegio de México, el INMUJERES y el INEGI celebraron el "
            "Encuentro “Contar y visibilizar. Las estadísticas de género y de cuidados "
            "impulsadas por INEGI e INMUJERES”, que dio a conocer el trabajo de varias décadas "
            "de ambas instituciones."
        ),
    },
    # ➤ 3 ---------------------------------------------------------------------------------
    {
        "objective": 3,
        "kind": "event",
        "title": "Presidencia del Observatorio de Participación Política de las Mujeres en México",
        "partners": [("INE", "participant")],
        "narrative": (
            "Para impulsar la participación política de las mujeres, el INE entregó al "
            "INMUJERES, en sesión protocolaria, la presidencia del Observatorio de "
            "Participación Política de las Mujeres en México. Se llevaron a cabo, además, el "
            "Séptimo Encuentro Nacional de Observatorios Locales de Participación Política de "
            "las Mujeres y el evento “70 Años del voto de las mujeres en México. Del sufragio a "
            "la paridad”."
        ),
    },
    {
        "objective": 3,
        "kind": "award",
        "title": "Premios y concursos nacionales",
        "narrative": (
            "El Instituto llevó a cabo la primera edición del “Premio nacional a la promoción de "
            "los derechos de las mujeres afroamericanas”, la segunda edición del “Premio "
            "Nacional a la Promoción de los Derechos de las Mujeres Indígenas: Martha Sánchez "
            "Néstor” y la Segunda Edición del Concurso “Proyectos científicos, culturales y "
            "deportivos para las niñas y las adolescentes a nivel nacional”."
        ),
    },
    {
        "objective": 3,
        "kind": "network",
        "title": "Red Iberoamericana de Mujeres Mediadoras",
        "partners": [("SRE", "co_organizer"), ("SEGIB", "host")],
        "figures": [
            {
                "name": "miembros",
                "measure": "miembros",
                "binding": "body.members",
                "params": {"body": _RED},
            },
        ],
        "narrative": (
            "En el plano internacional, el INMUJERES y la SRE instauraron la Red Iberoamericana "
            "de Mujeres Mediadoras[^red] en Madrid, España, en la sede de la Secretaría General "
            "Iberoamericana; la iniciativa se había presentado en la IV Conferencia "
            "Iberoamericana de Género, en Santo Domingo, República Dominicana. México quedó a "
            "cargo de la presidencia de la Red durante el primer año."
        ),
        "footnotes": {
            "red": "Integran la Red {{ miembros }} Estados miembros: {{ miembros | lista }}."
        },
    },
    {
        "objective": 3,
        "kind": "event",
        "title": "Tercer Encuentro Nacional de Mujeres Constructoras de Paz",
        "partners": [("SESNSP", "co_organizer")],
        "narrative": (
            "Junto con el Secretariado Ejecutivo del Sistema Nacional de Seguridad Pública, el "
            "INMUJERES realizó el “Tercer Encuentro Nacional de Mujeres Constructoras de Paz: "
            "Construir Paz desde la Comunidad”."
        ),
    },
    {
        "objective": 3,
        "kind": "publication",
        "title": "Fotografía, serie de entrevistas y suplemento TODAS",
        "partners": [
            ("Canal ONCE", "ally"),
            ("SPR", "ally"),
            ("Aprende TV", "ally"),
            ("IMER", "ally"),
            ("Grupo Milenio", "ally"),
        ],
        "figures": [
            {
                "name": "numeros",
                "measure": "numeros_publicados",
                "total": 6,
                "note": "Números del suplemento TODAS; Cuenta Pública 2023.",
            },
        ],
        "narrative": (
            "Con el propósito de favorecer cambios culturales hacia la igualdad, el Instituto "
            "llevó a cabo el Segundo Concurso Nacional de Fotografía del INMUJERES, edición "
            "“Mujeres Rompiendo Estereotipos”; en alianza con Canal ONCE, el Sistema Público de "
            "Radiodifusión del Estado Mexicano, Aprende TV y el Instituto Mexicano de la Radio, "
            "transmitió el primer bloque de entrevistas de la serie “Mujeres Transformando "
            "México”, y editó y distribuyó {{ numeros | palabras }} números del suplemento "
            "TODAS, que circularon insertos en los diarios de Grupo Milenio."
        ),
    },
    {
        "objective": 3,
        "kind": "campaign",
        "title": "Campaña “Seamos distintos”",
        "start": "2023-10-09",
        "end": "2023-11-28",
        "figures": [
            {
                "name": "medios",
                "measure": "medios_comunicacion",
                "total": 52,
                "note": "La fuente dice «más de 52»; Cuenta Pública 2023.",
            },
        ],
        "evidence": [
            (
                "https://youtube.com/playlist?list=PLYifbJ7Q5WQfqvhTU1JupUNxHz6tu6unA"
                "&si=7FP3Sgi47NNcpOER",
                "Lista de reproducción de los spots de la campaña en YouTube",
            ),
        ],
        "narrative": (
            "El INMUJERES presentó ante medios de comunicación la campaña “Seamos distintos” y "
            "la difundió en sus redes sociales con los spots de la campaña, disponibles en "
            "YouTube;[^video] la campaña circuló a nivel nacional en más de {{ medios }} medios "
            "de comunicación tradicionales y alternativos, del {{ inicio | dia_mes }} al "
            "{{ fin | dia_mes }}."
        ),
        "footnotes": {
            "video": (
                "https://youtube.com/playlist?list=PLYifbJ7Q5WQfqvhTU1JupUNxHz6tu6unA"
                "&si=7FP3Sgi47NNcpOER"
            )
        },
    },
]

EDITION = {
    "heading": "INSTITUTO NACIONAL DE LAS MUJERES (INMUJERES) INTRODUCCIÓN",
    "introduction": (
        "En {{ ejercicio }}, el trabajo del INMUJERES se orientó a promover y fomentar las "
        "condiciones que hagan posible la igualdad sustantiva, la no discriminación y el "
        "ejercicio pleno de todos los derechos de las mujeres, así como su participación "
        "igualitaria en la vida política, cultural, económica y social del país. Estas "
        "acciones están alineadas con el Plan Nacional de Desarrollo (PND) 2019-2024, cuyo "
        "objetivo superior es el bienestar general de la población, que se alcanza "
        "construyendo un modelo viable de desarrollo económico, ordenamiento político y "
        "convivencia entre los sectores sociales."
    ),
    # (role, name, post) in the reference's order: the Autorizó block first.
    "signatories": [
        (
            "autorizo",
            "Dr. Fernando López Portillo Tostado",
            "Titular de la Unidad Administración y Finanzas",
        ),
        ("elaboro", "C.P. Misael Trotski Patricio Gómez", "Director de Finanzas"),
    ],
}
