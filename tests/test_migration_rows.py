"""The rows that data migrations load (the 32 states) are there for a transactional test that
asks for ``serialized_rollback``:

- after the transactional tests that run before it (the migration tests) emptied every table:
  they ask for ``serialized_rollback`` too, so that their flush does not make the content types
  again with new keys (``post_migrate``), on which the restore would fail;
- while Playwright's sync API keeps an event loop running in the main thread, as in the browser
  stories: the main thread keeps the connection that holds the serialized rows (root
  ``conftest.py``)."""

from __future__ import annotations

import pytest

from avance.catalogs.territory.models import State


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_32_states_are_back_after_the_transactional_tests_before(playwright):
    assert playwright  # started: the main thread has a running event loop
    assert State.objects.count() == 32
