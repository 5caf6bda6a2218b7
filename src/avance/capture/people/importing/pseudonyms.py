"""Keyed pseudonyms of CURPs: HMAC-SHA256 with a secret key (decision 0003).

The key comes from ``settings.AVANCE_PSEUDONYM_KEY`` (the environment variable of the same
name, or ``AVANCE_PSEUDONYM_KEY_FILE``). Outside demo and test mode it is required and must be
long enough; without it nothing about people can be written or looked up.

A file's pseudonyms are computed for a whole column at once by polars-hash (RustCrypto's
HMAC, in Rust, outside the GIL); ``hasher`` is the one-value form, Python's ``hmac``, which
the tests hold the column form to.
"""

from __future__ import annotations

import hmac
from collections.abc import Callable

import polars as pl
import polars_hash  # also registers the «chash» namespace on polars expressions
from django.conf import settings

MIN_KEY_LENGTH = 32


class PseudonymKeyError(RuntimeError):
    """The key is missing or too short; the message says what to do, in Spanish."""


def pseudonym_key() -> bytes:
    key = getattr(settings, "AVANCE_PSEUDONYM_KEY", None)
    relaxed = getattr(settings, "DEMO_MODE", False) or getattr(settings, "TESTING", False)
    if not key:
        raise PseudonymKeyError(
            "Falta la clave de seudonimización: defina AVANCE_PSEUDONYM_KEY (o "
            "AVANCE_PSEUDONYM_KEY_FILE) con un secreto de al menos 32 caracteres. "
            "Sin ella no se pueden importar ni consultar personas."
        )
    if len(key) < MIN_KEY_LENGTH and not relaxed:
        raise PseudonymKeyError(
            "La clave AVANCE_PSEUDONYM_KEY es demasiado corta: use al menos 32 caracteres."
        )
    return key.encode("utf-8")


def hasher(key: bytes | None = None) -> Callable[[str], bytes]:
    """A function CURP → pseudonym (32 bytes) for one key."""
    key = key if key is not None else pseudonym_key()

    def pseudonym(curp: str) -> bytes:
        return hmac.digest(key, curp.encode("utf-8"), "sha256")

    return pseudonym


def pseudonym_series(curps: pl.Series, key: bytes | None = None) -> pl.Series:
    """The pseudonyms of a column of CURPs (text or UTF-8 bytes; null stays null), as Binary.

    polars-hash takes the key as text: a key that is not UTF-8 (only a caller's bytes can be;
    the settings' key is text) is hashed value by value with ``hmac`` instead.
    """
    key = key if key is not None else pseudonym_key()
    try:
        text_key = key.decode("utf-8")
    except UnicodeDecodeError:
        binary = curps.cast(pl.Binary)
        return pl.Series(
            curps.name,
            [None if c is None else hmac.digest(key, c, "sha256") for c in binary.to_list()],
            dtype=pl.Binary,
        )
    hexes = curps.to_frame("curp").select(
        polars_hash.col("curp").chash.hmac_sha256(key=text_key).str.decode("hex")
    )
    return hexes.to_series().alias(curps.name)
