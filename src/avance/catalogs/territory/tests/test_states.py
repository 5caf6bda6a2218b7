"""The 32 states ship with the code: INEGI keys, names and CURP state-of-birth codes."""

import pytest

from avance.catalogs.territory.models import State
from avance.catalogs.territory.states import CURP_BORN_ABROAD, CURP_STATE_CODES

# RENAPO's state-of-birth codes in INEGI order (01 … 32), as DOMAIN.md lists them.
CURP_CODES_IN_INEGI_ORDER = (
    "AS BC BS CC CL CM CS CH DF DG GT GR HG JC MC MN MS NT NL OC PL QT QR SP SL SR TC TS TL VZ "
    "YN ZS"
).split()


@pytest.mark.django_db
def test_states_shipped_with_inegi_keys_and_curp_codes():
    states = list(State.objects.order_by("code").values_list("code", "curp_code"))
    assert states == [(f"{i:02d}", c) for i, c in enumerate(CURP_CODES_IN_INEGI_ORDER, start=1)]


@pytest.mark.django_db
def test_states_official_and_usual_names():
    names = {s.code: (s.name, s.common_name, s.abbreviation) for s in State.objects.all()}
    assert names["09"] == ("Ciudad de México", "Ciudad de México", "CDMX")
    assert names["15"] == ("México", "Estado de México", "Mex.")
    assert names["30"] == ("Veracruz de Ignacio de la Llave", "Veracruz", "Ver.")
    assert names["05"] == ("Coahuila de Zaragoza", "Coahuila", "Coah.")


def test_curp_codes_map_back_to_inegi_keys():
    assert CURP_STATE_CODES["DF"] == "09"
    assert CURP_STATE_CODES["ZS"] == "32"
    assert len(CURP_STATE_CODES) == 32
    assert CURP_BORN_ABROAD not in CURP_STATE_CODES
