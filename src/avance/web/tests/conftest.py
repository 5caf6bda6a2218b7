"""Fixtures of the page tests."""

from __future__ import annotations

import pytest

from avance.documents.reports import services
from tests.builders.editions_world import build_edition_world
from tests.builders.world import build_world


@pytest.fixture
def admin_client(client, db):
    """A client signed in as the test world's administrator (``client.world``)."""
    world = build_world()
    client.force_login(world.users["administrator"])
    client.world = world
    return client


@pytest.fixture
def ew(db):
    """The editions world: three validated activities, a draft edition with its composition
    and three bound signatories."""
    world = build_edition_world()
    services.refresh_items(edition=world.edition)
    return world
