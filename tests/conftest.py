"""The store every store-backed test starts from: a fresh database, SQLite always and also
PostgreSQL when ROTA_TEST_POSTGRES_URL names one (CI starts it), so each such test runs on both."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from rota.app import changes
from rota.app.actors import Actor
from rota.store import Store, open_store
from tests.change_network import fresh_url, store_urls, write_network


@pytest.fixture(params=store_urls())
def store_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """The URL of an empty database (a test may open a second store on it)."""
    yield from fresh_url(request.param, tmp_path)


@pytest.fixture
def store(store_url: str) -> Iterator[Store]:
    """An empty store, migrated to the newest schema."""
    opened = open_store(store_url)
    yield opened
    opened.close()


@pytest.fixture
def network_store(store: Store, tmp_path: Path) -> Store:
    """The store holding the test network (tests/change_network.py) as the calendar in force."""
    scenario, plan_dir, _ = write_network(tmp_path / "net")
    changes.init_calendar(store, Actor("coordinator"), scenario, plan_dir)
    return store
