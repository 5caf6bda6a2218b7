"""The 32 federal entities of Mexico, shipped with the code (INEGI keys 01–32).

``curp_code`` is the two-letter state-of-birth code of the CURP (RENAPO), listed in INEGI
order; ``common_name`` is how documents usually name the state.
"""

# (INEGI key, official name, common name, abbreviation, CURP code)
STATES: list[tuple[str, str, str, str, str]] = [
    ("01", "Aguascalientes", "Aguascalientes", "Ags.", "AS"),
    ("02", "Baja California", "Baja California", "BC", "BC"),
    ("03", "Baja California Sur", "Baja California Sur", "BCS", "BS"),
    ("04", "Campeche", "Campeche", "Camp.", "CC"),
    ("05", "Coahuila de Zaragoza", "Coahuila", "Coah.", "CL"),
    ("06", "Colima", "Colima", "Col.", "CM"),
    ("07", "Chiapas", "Chiapas", "Chis.", "CS"),
    ("08", "Chihuahua", "Chihuahua", "Chih.", "CH"),
    ("09", "Ciudad de México", "Ciudad de México", "CDMX", "DF"),
    ("10", "Durango", "Durango", "Dgo.", "DG"),
    ("11", "Guanajuato", "Guanajuato", "Gto.", "GT"),
    ("12", "Guerrero", "Guerrero", "Gro.", "GR"),
    ("13", "Hidalgo", "Hidalgo", "Hgo.", "HG"),
    ("14", "Jalisco", "Jalisco", "Jal.", "JC"),
    ("15", "México", "Estado de México", "Mex.", "MC"),
    ("16", "Michoacán de Ocampo", "Michoacán", "Mich.", "MN"),
    ("17", "Morelos", "Morelos", "Mor.", "MS"),
    ("18", "Nayarit", "Nayarit", "Nay.", "NT"),
    ("19", "Nuevo León", "Nuevo León", "NL", "NL"),
    ("20", "Oaxaca", "Oaxaca", "Oax.", "OC"),
    ("21", "Puebla", "Puebla", "Pue.", "PL"),
    ("22", "Querétaro", "Querétaro", "Qro.", "QT"),
    ("23", "Quintana Roo", "Quintana Roo", "Q. Roo", "QR"),
    ("24", "San Luis Potosí", "San Luis Potosí", "SLP", "SP"),
    ("25", "Sinaloa", "Sinaloa", "Sin.", "SL"),
    ("26", "Sonora", "Sonora", "Son.", "SR"),
    ("27", "Tabasco", "Tabasco", "Tab.", "TC"),
    ("28", "Tamaulipas", "Tamaulipas", "Tamps.", "TS"),
    ("29", "Tlaxcala", "Tlaxcala", "Tlax.", "TL"),
    ("30", "Veracruz de Ignacio de la Llave", "Veracruz", "Ver.", "VZ"),
    ("31", "Yucatán", "Yucatán", "Yuc.", "YN"),
    ("32", "Zacatecas", "Zacatecas", "Zac.", "ZS"),
]

CURP_BORN_ABROAD = "NE"
CURP_STATE_CODES = {curp: key for key, _o, _c, _a, curp in STATES}
