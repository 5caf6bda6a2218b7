"""Fixtures of the browser tests (see ``browser_checks`` for what they share).

The demonstration year is loaded once per test module, inside a transaction that is rolled
back when the module ends, and served by a live server of the module's own. This needs the
in-memory SQLite test database, whose one connection the server thread shares (the browser
tests run on the SQLite pass of ``scripts/run-tests.sh``); elsewhere they skip. Tests marked
``django_db`` nest their own transaction inside, so what one test writes does not reach the
next.

Pages are opened through ``page_as(username)``: a fresh browser context with the cookies of a
sign-in made once per account through the login form.
"""

from __future__ import annotations

import threading

import pytest
from django.db import connection, transaction
from django.test.utils import modify_settings, override_settings
from pytest_django.live_server_helper import LiveServer

from tests.browser.browser_checks import VIEWPORT, build_demo_site, log_in

CONTEXT_ARGS = {"viewport": VIEWPORT, "locale": "es-MX"}


@pytest.fixture(scope="module")
def demo_site(django_db_setup, django_db_blocker):
    """The 2023 demonstration year and its accounts (demo mode), on a live server."""
    if not (connection.vendor == "sqlite" and connection.is_in_memory_db()):
        pytest.skip(
            "Browser tests share the in-memory SQLite test database with the live server; "
            "scripts/run-tests.sh runs them on the SQLite pass."
        )
    with (
        django_db_blocker.unblock(),
        override_settings(DEMO_MODE=True),
        modify_settings(ALLOWED_HOSTS={"append": "localhost"}),
    ):
        module_transaction = transaction.atomic()
        module_transaction.__enter__()
        server = LiveServer("localhost")
        try:
            yield build_demo_site(server.url)
        finally:
            # Let the requests still being answered (keep-alive, favicon) end before the
            # server gives the shared connection back.
            for thread in threading.enumerate():
                if "process_request_thread" in thread.name:
                    thread.join(timeout=10)
            server.stop()
            transaction.set_rollback(True)
            module_transaction.__exit__(None, None, None)


ACCOUNTS = ("analista", "revisora", "elaboro", "enlace_federal", "admin")


@pytest.fixture(scope="module")
def signed_in(browser, demo_site) -> dict[str, dict]:
    """Storage state (cookies) per account, each signed in once through the login form.

    Signed in here, before any test's transaction, so the sessions outlive each test.
    """
    states = {}
    for username in ACCOUNTS:
        context = browser.new_context(**CONTEXT_ARGS)
        try:
            log_in(context.new_page(), demo_site, username)
            states[username] = context.storage_state()
        finally:
            context.close()
    return states


@pytest.fixture
def page_as(new_context, signed_in):
    """``page_as("analista")``: a page signed in as that account; ``page_as(None)``: anonymous."""

    def open_page(username: str | None):
        state = signed_in[username] if username else None
        return new_context(**CONTEXT_ARGS, storage_state=state).new_page()

    return open_page
