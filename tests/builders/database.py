"""Helpers for tests that depend on the database engine."""

from __future__ import annotations


def skip_unless_postgresql(reason: str) -> None:
    """Skip the calling test on SQLite: it checks what only PostgreSQL has, and runs on the
    suite's PostgreSQL pass (scripts/run-tests.sh)."""
    import pytest
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip(f"PostgreSQL only ({reason}); runs on the PostgreSQL pass")
