"""Helpers for tests of the per-process caches; not imported by the application itself."""

from __future__ import annotations

import time

from avance.core.models import GROUPS, Generation


def restore_generations() -> None:
    """Put back counters whose rows were removed (a test database flushed between tests),
    each starting from the clock in nanoseconds so that it never repeats a value a process
    may still hold."""
    for name in GROUPS:
        Generation.objects.get_or_create(name=name, defaults={"value": time.time_ns()})


def skip_unless_postgresql(reason: str) -> None:
    """Skip the calling test on SQLite: it checks what only PostgreSQL has, and runs on the
    suite's PostgreSQL pass (scripts/run-tests.sh)."""
    import pytest
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip(f"PostgreSQL only ({reason}); runs on the PostgreSQL pass")
