"""Pseudonyms: the vectorised HMAC (polars-hash) against Python's ``hmac``."""

from __future__ import annotations

import hashlib
import hmac

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from avance.capture.people.importing.pseudonyms import (
    PseudonymKeyError,
    hasher,
    pseudonym_series,
)

texts = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=40)


@settings(max_examples=200, deadline=None)
@given(
    key=texts.filter(bool).map(str.encode) | st.binary(min_size=1, max_size=200),
    values=st.lists(st.none() | texts, max_size=20),
)
def test_pseudonym_series_is_the_keyed_hmac_of_each_value(key, values):
    """Keys of any length (longer than a SHA-256 block too), not UTF-8, empty values, Ñ."""
    got = pseudonym_series(pl.Series("curp", values, dtype=pl.String), key).to_list()
    expected = [
        None if v is None else hmac.new(key, v.encode(), hashlib.sha256).digest() for v in values
    ]
    assert got == expected


def test_pseudonym_series_takes_bytes_and_keeps_the_name():
    key = b"k" * 40
    curps = pl.Series("c", [b"SABC560626MDFLRN09", "ÑABC560626MDFLRN09".encode()])
    out = pseudonym_series(curps, key)
    assert out.name == "c" and out.dtype == pl.Binary
    assert out.to_list() == [hasher(key)(c.decode()) for c in curps.to_list()]


def test_pseudonym_series_without_a_key_says_so(settings):
    settings.AVANCE_PSEUDONYM_KEY = ""
    with pytest.raises(PseudonymKeyError, match="AVANCE_PSEUDONYM_KEY"):
        pseudonym_series(pl.Series(["X"]))
