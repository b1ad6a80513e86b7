"""Fixtures of the server's unit tests: a fake clock, fast password hashing, a seeded storage."""

from __future__ import annotations

import pathlib
from collections.abc import Iterator

import pytest

from server.seed import seed_dataset
from server.services import Services, build_services
from server.settings import Settings
from server.storage import SqliteStorage

# FakeClock and fast_passwords are named here too (tests/security imports fast_passwords from here)
from tests.fixtures.clock import FakeClock as FakeClock
from tests.fixtures.passwords import fast_passwords as fast_passwords
from tests.unit.server import dataset


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def settings(tmp_path: pathlib.Path) -> Settings:
    return Settings(db_path=tmp_path / "server.db", data_dir=tmp_path / "data")


@pytest.fixture
def services(settings: Settings, clock: FakeClock) -> Iterator[Services]:
    """Services over a freshly seeded file database."""
    storage = SqliteStorage(settings.db_path)
    passwords = fast_passwords()
    seed_dataset(storage, dataset.build(), passwords=passwords, server_replica="s0", now=clock())
    built = build_services(settings, storage=storage, clock=clock, passwords=passwords)
    yield built
    storage.close()
