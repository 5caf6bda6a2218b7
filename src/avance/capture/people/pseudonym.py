"""Keyed pseudonyms of CURPs: HMAC-SHA256 with a secret key (decision 0003).

The key comes from ``settings.AVANCE_PSEUDONYM_KEY`` (the environment variable of the same
name, or ``AVANCE_PSEUDONYM_KEY_FILE``). Outside demo and test mode it is required and must be
long enough; without it nothing about people can be written or looked up.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable

import polars as pl
import polars_hash  # also registers the «chash» namespace on polars expressions
from django.conf import settings

MIN_KEY_LENGTH = 32
BLOCK = 64  # SHA-256 block size


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
    """A function CURP → pseudonym (32 bytes) for one key.

    HMAC computed from the two precomputed pad states (RFC 2104): the same value as
    ``hmac.digest(key, curp, "sha256")``, several times faster per call, which matters for a
    million rows.
    """
    of_bytes = bytes_hasher(key)

    def pseudonym(curp: str) -> bytes:
        return of_bytes(curp.encode("utf-8"))

    return pseudonym


def bytes_hasher(key: bytes | None = None) -> Callable[[bytes], bytes]:
    """``hasher`` for a CURP already encoded in UTF-8 (a bulk import reads its CURPs as
    bytes: a million pseudonyms took 0.9–1.3 s from bytes, 1.0–1.5 s from text)."""
    key = key if key is not None else pseudonym_key()
    if len(key) > BLOCK:
        key = hashlib.sha256(key).digest()
    key = key.ljust(BLOCK, b"\0")
    inner = hashlib.sha256(bytes(b ^ 0x36 for b in key)).copy
    outer = hashlib.sha256(bytes(b ^ 0x5C for b in key)).copy

    def pseudonym(curp: bytes) -> bytes:
        first = inner()
        first.update(curp)
        second = outer()
        second.update(first.digest())
        return second.digest()

    return pseudonym


def pseudonym_series(curps: pl.Series, key: bytes | None = None) -> pl.Series:
    """The pseudonyms of a column of CURPs (text or UTF-8 bytes; null stays null), as Binary.

    Computed by polars-hash in Rust, without holding the GIL: a million took 0.2 s for the
    HMACs and 0.2 s to turn their hex into bytes, against 0.7–1.3 s in a Python loop that
    holds the GIL (docs/performance.md). The same values as ``hasher``, which the tests
    check. polars-hash takes the key as text: a key that is not UTF-8 (only a caller's bytes
    can be) is hashed by ``bytes_hasher`` instead.
    """
    key = key if key is not None else pseudonym_key()
    try:
        text_key = key.decode("utf-8")
    except UnicodeDecodeError:
        function = bytes_hasher(key)
        binary = curps.cast(pl.Binary)
        return pl.Series(
            curps.name,
            [None if c is None else function(c) for c in binary.to_list()],
            dtype=pl.Binary,
        )
    hexes = curps.to_frame("curp").select(
        polars_hash.col("curp").chash.hmac_sha256(key=text_key).str.decode("hex")
    )
    return hexes.to_series().alias(curps.name)
