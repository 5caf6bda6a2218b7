"""The CURP rules: generated CURPs pass; changes are caught wherever the rules can see them."""

from __future__ import annotations

import datetime
import random

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from avance.capture.people import curp as rules
from avance.capture.people.curp import (
    ALPHABET,
    VALUES,
    WEIGHTS,
    CurpError,
    check_digit,
    check_digits,
    generate_curp,
    is_valid_curp,
    validate_curp,
)
from avance.capture.people.importing.validation import validate

births = st.dates(min_value=datetime.date(1900, 1, 1), max_value=datetime.date(2024, 12, 31))
states = st.sampled_from(sorted(rules.STATE_CODES))


@pytest.mark.parametrize("value", ["SABC560626MDFLRN01", "BOXW310820HNERXN09"])
def test_validate_curp_accepts_the_documented_examples(value):
    assert validate_curp(value) == value


@settings(max_examples=300, deadline=None)
@given(seed=st.integers(0, 2**32), sex=st.sampled_from("HMX"), birth=births, state=states)
def test_generated_curp_is_valid(seed, sex, birth, state):
    value = generate_curp(random.Random(seed), sex=sex, birth=birth, state=state)
    assert validate_curp(value) == value
    assert (value[10], value[11:13]) == (sex, state)
    assert rules.birth_date(value) == birth


def test_generate_curp_is_deterministic_for_a_seed():
    first = [generate_curp(random.Random(5)) for _ in range(3)]
    second = [generate_curp(random.Random(5)) for _ in range(3)]
    assert first == second


def _detectable(original: str, position: int, new: str) -> bool:
    """Whether the check digit can see this substitution (its weights are 18 … 2)."""
    if position == 17:
        return True
    delta = ALPHABET.index(new) - ALPHABET.index(original[position])
    return (delta * WEIGHTS[position]) % 10 != 0


@settings(max_examples=500, deadline=None)
@given(
    seed=st.integers(0, 2**32),
    position=st.integers(0, 17),
    new=st.sampled_from(ALPHABET + "abc-* "),
)
def test_single_character_change_fails_unless_it_makes_another_valid_curp(seed, position, new):
    valid = generate_curp(random.Random(seed))
    if new == valid[position]:
        return
    changed = valid[:position] + new + valid[position + 1 :]
    if new.upper() in ALPHABET and _detectable(valid, position, new.upper()):
        # Lower case is the same CURP (it is normalised), everything else must fail.
        if new.upper() != valid[position]:
            assert not is_valid_curp(changed)
    elif is_valid_curp(changed):
        # The only changes that can pass are those the check digit cannot see, and then
        # the result is itself a well-formed CURP of someone else (same check digit).
        assert not _detectable(valid, position, changed[position].upper())
        assert check_digit(changed.upper()[:17]) == int(changed[17])


def test_every_change_of_the_check_digit_fails():
    valid = "SABC560626MDFLRN01"
    for digit in "023456789":
        assert not is_valid_curp(valid[:17] + digit)


def test_day_tens_change_is_another_valid_curp():
    # Weight 10 on the ninth character: the check digit cannot see it; the result is a
    # different, valid CURP (born on the 16th). No validator can reject it.
    assert is_valid_curp("SABC560616MDFLRN01")


@pytest.mark.parametrize(
    ("value", "reason"),
    [
        ("", "18 caracteres"),
        ("SABC560626MDFLRN0", "18 caracteres"),
        ("SABC560230MDFLRN07", "no existe"),  # 30 February
        ("SABC560626MZZLRN05", "entidad de nacimiento"),
        ("SABC560626MDFLRN02", "dígito verificador"),
        ("SABC560626QDFLRN01", "estructura"),
    ],
)
def test_validate_curp_names_the_reason(value, reason):
    with pytest.raises(CurpError, match=reason):
        validate_curp(value)


def test_curp_of_someone_born_in_2000s_uses_a_letter_differentiator():
    value = generate_curp(random.Random(1), birth=datetime.date(2004, 2, 29))
    assert value[16].isalpha() and rules.birth_date(value) == datetime.date(2004, 2, 29)


def test_future_birth_date_fails():
    value = generate_curp(random.Random(1), birth=datetime.date(2030, 1, 1))
    with pytest.raises(CurpError, match="posterior"):
        validate_curp(value, today=datetime.date(2026, 1, 1))


@settings(max_examples=200, deadline=None)
@given(
    seeds=st.lists(st.integers(0, 2**32), min_size=1, max_size=20),
    noise=st.lists(st.text(alphabet=ALPHABET + "abcx01 ", max_size=20), max_size=10),
    mutations=st.lists(st.tuples(st.integers(0, 17), st.sampled_from(ALPHABET)), max_size=20),
)
def test_vectorised_validation_agrees_with_the_reference(seeds, noise, mutations):
    values = [generate_curp(random.Random(s)) for s in seeds]
    for (position, char), base in zip(mutations, values * 2, strict=False):
        values.append(base[:position] + char + base[position + 1 :])
    values += noise
    table = pl.DataFrame({"CURP": values})
    checked = validate(table)
    rejected_lines = set(checked.errors.filter(pl.col("kind") == "Error")["line"].to_list())
    for line, value in enumerate(values, start=2):
        if value.strip() == "":
            continue  # empty rows are not rows
        assert (line not in rejected_lines) == is_valid_curp(value), value


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.text(alphabet=ALPHABET + "a-é ", min_size=16, max_size=19),
        max_size=20,
    )
)
def test_the_vectorised_check_digits_agree_with_the_reference(values):
    """``check_digits`` (a byte matrix, and Python for CURPs with an Ñ) gives
    ``check_digit`` of every 18-character value, unknown characters weighing 0, and null for
    the others."""
    digits = check_digits(pl.Series(values, dtype=pl.String)).to_list()
    for value, digit in zip(values, digits, strict=True):
        if len(value) != 18:
            assert digit is None
        else:
            total = sum(VALUES.get(c, 0) * w for c, w in zip(value[:17], WEIGHTS, strict=True))
            assert digit == (10 - total % 10) % 10
            if all(c in VALUES for c in value[:17]):
                assert digit == check_digit(value[:17])
