"""The facts of the reference report (Cuenta Pública 2023, INMUJERES's "Introducción").

Read from ``../shared/seeds/000_eb6e64a710ffc541.txt`` and kept here as data, so that the
tests do not need the seed at run time. Each fact is a phrase that the generated report must
hold, word for word, once its text is extracted and its whitespace collapsed: a number with
the words that give it its meaning, an organisation, a state, a date, a title. The demo
narratives are written anew, so a fact is never a whole sentence of the reference, only the
part a reader must find unchanged.
"""

from __future__ import annotations

HEADING = "INSTITUTO NACIONAL DE LAS MUJERES (INMUJERES) INTRODUCCIÓN"

OBJECTIVE_GLYPH = "➤"
ACTION_GLYPH = "❖"
ACTIONS_PER_OBJECTIVE = (12, 5, 6)  # 23 ❖ bullets

OBJECTIVES = (
    "Coordinar y promover la implementación de la Política Nacional en Materia de Igualdad "
    "entre Mujeres y Hombres (PNIMH) para contribuir al bienestar, la justicia y a una vida "
    "libre de violencia para mujeres y niñas",
    "Orientar y fortalecer el quehacer público y privado para lograr la igualdad sustantiva "
    "entre mujeres y hombres",
    "Impulsar cambios culturales que favorezcan el ejercicio pleno de los derechos de las "
    "mujeres y su liderazgo como protagonistas del desarrollo y actoras clave de la "
    "transformación del país",
)

INTRODUCTION = (
    "2023",
    "igualdad sustantiva",
    "no discriminación",
    "ejercicio pleno de todos los derechos de las mujeres",
    "vida política, cultural, económica y social del país",
    "Plan Nacional de Desarrollo (PND) 2019-2024",
    "bienestar general de la población",
    "desarrollo económico, ordenamiento político y convivencia entre los sectores sociales",
)

# Numbers with their context, as the reference prints them (words, thousands separators).
NUMBERS = (
    "tres sesiones ordinarias del Sistema Nacional para la Igualdad entre Mujeres y Hombres",
    "133 reuniones",
    "siete estados",
    "128 nodos de empoderamiento económico",
    "127 créditos a mujeres de 29 entidades federativas",
    "Trigésima Primera y Trigésima Segunda",
    "tres ocasiones",
    "XLIX, L y LI",
    "36 sesiones y reuniones de trabajo",
    "173 reuniones y sesiones de trabajo",
    "32 IMEF y 505 IMM",
    "las 32 IMEF",
    "81,961 mujeres y 65,837 hombres",
    "557 mujeres y 111 hombres",
    "seis números del suplemento TODAS",
    "más de 52 medios de comunicación tradicionales y alternativos",
    "12 Estados miembros",
    "30 mujeres migrantes",
    # editions and ordinals in titles
    "Primera Edición 2023",
    "Tercera Edición de Mujer Exporta MX",
    "XXIV Encuentro Internacional de Estadísticas de Género",
    "21a Reunión Internacional de Especialistas en Información sobre Uso del Tiempo y Trabajo "
    "No Remunerado",
    "Séptimo Encuentro Nacional de Observatorios Locales de Participación Política de las Mujeres",
    "IV Conferencia Iberoamericana de Género",
    "Tercer Encuentro Nacional de Mujeres Constructoras de Paz: Construir Paz desde la Comunidad",
    "Segundo Concurso Nacional de Fotografía del INMUJERES",
    "primera edición del “Premio nacional a la promoción de los derechos de las mujeres "
    "afroamericanas”",
    "segunda edición del “Premio Nacional a la Promoción de los Derechos de las Mujeres "
    "Indígenas: Martha Sánchez Néstor”",
    "Segunda Edición del Concurso “Proyectos científicos, culturales y deportivos para las "
    "niñas y las adolescentes a nivel nacional”",
    "70 Años del voto de las mujeres en México. Del sufragio a la paridad",
    "primer año",
)

DATES = (
    "En mayo",
    "en agosto",
    "En marzo",
    "En junio",
    "en abril, septiembre y diciembre",
    "del 9 de octubre al 28 de noviembre",
    "ejercicio fiscal 2022",
    "Certificados en la Norma en 2022",
    "26 de diciembre de 2022",  # ROP of the PROABIM in the DOF (26/12/2022 in the reference)
    "ejercicio fiscal 2023",
)

ORGANIZATIONS = (
    "INMUJERES",
    "Secretaría de la Función Pública",
    "SHCP",
    "CONDUSEF",
    "Servicio de Administración Tributaria",
    "Mercado Libre",
    "Uber Eats",
    "Secretaría de Economía",
    "Secretaría de Cultura",
    "SRE",
    "Secretaría de Bienestar",
    "Financiera para el Bienestar (FINABIEN)",
    "Expertise France",
    "Ministerio de Relaciones Exteriores de Dinamarca",
    "STPS",
    "CONAPRED",
    "Secretaría General del Consejo Nacional de Población",
    "Secretaría de Educación Pública",
    "Universidad Intercultural de San Quintín",
    "Alianza Global por los Cuidados",
    "Huairou Commission",
    "ONU Mujeres",
    "INE",
    "INEGI",
    "CEPAL",
    "División de Asuntos de Género de la CEPAL",
    "División de Estadísticas de las Naciones Unidas",
    "El Colegio de México",
    "Secretaría General Iberoamericana",
    "Secretariado Ejecutivo del Sistema Nacional de Seguridad Pública",
    "Canal ONCE",
    "Sistema Público de Radiodifusión del Estado Mexicano",
    "Aprende TV",
    "Instituto Mexicano de la Radio",
    "Grupo Milenio",
    "IMEF",
    "APF",
)

BODIES = (
    "Sistema Nacional para la Igualdad entre Mujeres y Hombres (SNIMH)",
    "SNPASEVM",
    "Grupo Interinstitucional para la Prevención del Embarazo en Adolescentes (GIPEA)",
    "Grupo Promotor de los Derechos de las Trabajadoras Sexuales (GPDTS)",
    "Observatorio de Participación Política de las Mujeres en México",
    "Red Iberoamericana de Mujeres Mediadoras",
    "nodos de empoderamiento económico",
)

PROGRAMMES = (
    "Programa Nacional para la Igualdad entre Mujeres y Hombres (PROIGUALDAD) 2020-2024",
    "Informe de Avance y Resultados del Programa Nacional para la Igualdad entre Mujeres y "
    "Hombres 2020-2024",
    "Programa para el Adelanto, Bienestar e Igualdad de las Mujeres (PROABIM)",
    "Fondo para el Bienestar y el Avance de las Mujeres (FOBAM)",
    "Programa de Fortalecimiento a la Transversalidad de la Perspectiva de Género (PFTPG)",
    "S010",
    "DOF",
    "Alertas de Violencia de Género contra las Mujeres (AVGM)",
    "Norma Mexicana NMX-R-025-SCFI-2015 en Igualdad Laboral y No Discriminación",
    "Compromisos por la Igualdad y el Bienestar de las Mujeres",
    "Mujeres en la Transformación Digital",
    "Crédito Mujer Libertad",
    "Proyecto Semilla",
)

PLACES = (
    "Tapachula, Chiapas",
    "San Quintín, Baja California",
    "Madrid, España",
    "Santo Domingo, República Dominicana",
)

TITLES = (
    "Diagnóstico de Paridad de Género en la Administración Pública Federal",
    "Guía práctica para la implementación del principio de paridad en las instancias de la "
    "Administración Pública Federal",
    "Concurso Saberes Milenarios de las Mujeres Afromexicanas",
    "Estrategia Territorial para la Reactivación de la Autonomía y el Empoderamiento Económico",
    "Encuentro para el Empoderamiento Económico de las Mujeres",
    "Convenio de Colaboración",
    "herramienta digital",
    "Hacia la igualdad y no discriminación en el sector digital en México",
    "Entrega de Reconocimientos a Centros de Trabajo Certificados",
    "Cartilla de Derechos de las Trabajadoras Sexuales",
    "mujeres migrantes jefas de familia",
    "Modelo de Tipo Penal de Femicidio",
    "Mecanismo para la prevención y atención del hostigamiento sexual y acoso sexual en las "
    "Universidades Interculturales",
    "Encuentro Global de Mujeres Cuidadoras Comunitarias",
    "cursos en línea y presenciales",
    "Atención presencial y telefónica de primer contacto a víctimas de violencia política "
    "contra las mujeres en razón de género",
    "Mejores estadísticas para mejores políticas: medir e innovar para lograr la igualdad de "
    "género en 2030",
    "Medición de la violencia de género contra mujeres y niñas: lecciones aprendidas y retos",
    "Contar y visibilizar. Las estadísticas de género y de cuidados impulsadas por INEGI e "
    "INMUJERES",
    "sesión protocolaria",
    "Mujeres Rompiendo Estereotipos",
    "Mujeres Transformando México",
    "Seamos distintos",
    "YouTube",
)

STATES_OF_COMMITMENTS = (
    "Aguascalientes, Baja California, Durango, Oaxaca, Quintana Roo, Sonora y Tamaulipas"
)
RED_MEMBER_STATES = (
    "Andorra, Bolivia, Brasil, Colombia, Ecuador, España, Guatemala, México, Paraguay, Perú, "
    "República Dominicana y Uruguay"
)
PLAYLIST = (
    "https://youtube.com/playlist?list=PLYifbJ7Q5WQfqvhTU1JupUNxHz6tu6unA&si=7FP3Sgi47NNcpOER"
)

# Footnotes, numbered 1/ … 7/ in reading order, with the key facts of each.
FOOTNOTES: tuple[tuple[int, tuple[str, ...]], ...] = (
    (1, (STATES_OF_COMMITMENTS,)),
    (
        2,
        (
            "Secretaría de Economía",
            "INMUJERES",
            "SHCP",
            "Secretaría de Cultura",
            "SRE",
            "Secretaría de Bienestar",
        ),
    ),
    (3, ("agencia francesa de cooperación técnica internacional",)),
    (4, ("30 mujeres migrantes", "capacitaciones y acompañamiento", "proyectos semilla")),
    (5, ("ejercicio fiscal 2023", "PFTPG", "S010", "26 de diciembre de 2022", "DOF")),
    (6, ("12 Estados miembros", RED_MEMBER_STATES)),
    (7, (PLAYLIST,)),
)

# The signature block, in the reference's order: (role, name, post).
SIGNATURES = (
    (
        "Autorizó",
        "Dr. Fernando López Portillo Tostado",
        "Titular de la Unidad Administración y Finanzas",
    ),
    ("Elaboró", "C.P. Misael Trotski Patricio Gómez", "Director de Finanzas"),
)

FACTS: tuple[str, ...] = (
    HEADING,
    *INTRODUCTION,
    *NUMBERS,
    *DATES,
    *ORGANIZATIONS,
    *BODIES,
    *PROGRAMMES,
    *PLACES,
    *TITLES,
    STATES_OF_COMMITMENTS,
    RED_MEMBER_STATES,
    PLAYLIST,
)
