"""Suite-wide fixtures: the browser (Debian's Chromium, never a downloaded one)."""

import shutil

import pytest

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    if not shutil.which(CHROMIUM):
        pytest.skip(
            f"Browser tests need Debian's Chromium at {CHROMIUM} (apt-get install chromium)"
        )
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_ARGS}


@pytest.fixture(scope="session")
def _connections_before_playwright():
    """Django's connections of the main thread, taken before Playwright starts."""
    from django.db import connections

    return {alias: connections[alias] for alias in connections}


@pytest.fixture(scope="session")
def playwright(_connections_before_playwright, playwright):
    """Playwright's sync API leaves its event loop marked as running in the main thread. From
    then on Django keeps that thread's connections apart (they are asgiref's thread-critical
    locals, which follow the running loop) and opens new ones, without the contents the test
    database was serialized into: ``serialized_rollback`` would restore nothing, and the rows
    that migrations load (the 32 states) would stay empty after a transactional test. The
    main thread keeps the connections it had."""
    from django.db import connections

    for alias, connection in _connections_before_playwright.items():
        connections[alias] = connection
    return playwright


def _flushes_database(item) -> bool:
    """Transactional tests (live server, browser) empty every table when they end, including
    the rows data migrations loaded (states, measures); they run last so no test after them
    finds those tables empty. Each asks for ``serialized_rollback``, which puts those rows back
    when it starts (tests/test_migration_rows.py)."""
    fixtures = getattr(item, "fixturenames", ())
    marker = item.get_closest_marker("django_db")
    transactional = bool(marker and marker.kwargs.get("transaction"))
    return (
        transactional
        or "transactional_db" in fixtures
        or "live_server" in fixtures
        or item.get_closest_marker("e2e") is not None
    )


def pytest_collection_modifyitems(session, config, items):
    items.sort(key=_flushes_database)  # stable: the order within each group is kept
