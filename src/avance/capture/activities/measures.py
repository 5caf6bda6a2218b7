"""The measure catalog shipped with the code (editable afterwards in the administration)."""

# code, name, unit, by sex, parts sum to total
MEASURES: list[tuple[str, str, str, bool, bool]] = [
    ("personas_capacitadas", "Personas capacitadas", "personas", True, True),
    ("personas_certificadas", "Personas certificadas", "personas", True, True),
    ("personas_beneficiarias", "Personas beneficiarias", "personas", True, True),
    ("personas_participantes", "Personas participantes", "personas", True, True),
    ("sesiones_realizadas", "Sesiones realizadas", "sesiones", False, True),
    ("reuniones_realizadas", "Reuniones realizadas", "reuniones", False, True),
    ("creditos_aprobados", "Créditos aprobados", "créditos", True, True),
    ("entidades_cubiertas", "Entidades federativas cubiertas", "entidades", False, True),
    ("municipios_cubiertos", "Municipios cubiertos", "municipios", False, True),
    (
        "instancias_beneficiadas",
        "Instancias de las mujeres beneficiadas",
        "instancias",
        False,
        True,
    ),
    ("medios_comunicacion", "Medios de comunicación", "medios", False, True),
    ("numeros_publicados", "Números publicados", "números", False, True),
    ("nodos_activos", "Nodos activos", "nodos", False, True),
    ("miembros", "Integrantes", "integrantes", False, True),
    ("organizaciones_participantes", "Organizaciones participantes", "organizaciones", False, True),
    ("ediciones", "Número de edición", "edición", False, True),
    ("productos_publicados", "Productos publicados", "productos", False, True),
    ("proyectos_apoyados", "Proyectos apoyados", "proyectos", False, True),
]
