"""Fixtures of the server's unit tests: a fake clock, fast password hashing, a seeded storage."""

from __future__ import annotations

import pathlib
from collections.abc import Iterator

import pytest

from server.security import Passwords
from server.seed import seed_dataset
from server.services import Services, build_services
from server.settings import Settings
from server.storage import SqliteStorage
from tests.unit.server import dataset

T0 = 1_790_000_000.0  # late 2026


class FakeClock:
    """A clock the test moves by hand."""

    def __init__(self, now: float = T0) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


def fast_passwords() -> Passwords:
    """argon2id with tiny costs: the same code path, milliseconds instead of a second."""
    return Passwords(time_cost=1, memory_kib=8, parallelism=1)


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
