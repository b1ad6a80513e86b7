"""Several server processes over one database count one set of failed logins: wrong passwords
sent to one process make the next login at another wait (429 with Retry-After), as they would at
the same process. (Two apps, each with its own storage over the same database, stand for two
worker processes; N processes must not give N times the tries.)"""

from __future__ import annotations

import pathlib
import time
from collections.abc import AsyncIterator
from contextlib import AsyncExitStack

import httpx
import pytest

from server.app import create_app
from server.seed import seed_dataset
from server.services import build_services
from server.settings import Settings
from server.storage import SqliteStorage, Storage
from server.storage.postgres import PostgresStorage
from tests.fixtures.clock import FakeClock
from tests.fixtures.passwords import fast_passwords
from tests.integration.helpers import password_of
from tests.unit.server import dataset as ds

FREE = 5
"""The settings' ``login_free_failures``: the first ``FREE - 1`` failures of one NIP from one
address are free, the ``FREE``-th makes the next try wait."""


@pytest.fixture(params=["sqlite", "postgresql"])
def database(request: pytest.FixtureRequest, tmp_path: pathlib.Path) -> str:
    """A seeded database: a SQLite file's path or a PostgreSQL URL."""
    storage: Storage
    if request.param == "postgresql":
        where = str(request.getfixturevalue("pg_url"))
        storage = PostgresStorage(where, pool_size=2)
    else:
        where = str(tmp_path / "server.db")
        storage = SqliteStorage(where)
    seed_dataset(storage, ds.build(), passwords=fast_passwords(), server_replica="s0", now=1.0)
    storage.close()
    return where


class Processes:
    """Opens "server processes" over one database: each has its own storage and services."""

    def __init__(self, database: str, tmp_path: pathlib.Path, stack: AsyncExitStack) -> None:
        self._database = database
        self._settings = Settings(
            db_path=tmp_path / "server.db",
            data_dir=tmp_path / "data",
            login_free_failures=FREE,
        )
        self._stack = stack
        self.clock = FakeClock(time.time())

    async def open(self, address: str = "127.0.0.1") -> httpx.AsyncClient:
        """A new process, and a client speaking to it from ``address``."""
        storage: Storage
        if self._database.startswith("postgresql://"):
            storage = PostgresStorage(self._database, pool_size=2)
        else:
            storage = SqliteStorage(self._database)
        self._stack.callback(storage.close)
        services = build_services(
            self._settings, storage=storage, clock=self.clock, passwords=fast_passwords()
        )
        app = create_app(self._settings, services=services)
        transport = httpx.ASGITransport(app=app, client=(address, 40000))
        return await self._stack.enter_async_context(
            httpx.AsyncClient(transport=transport, base_url="http://kinerja.test")
        )


@pytest.fixture
async def processes(database: str, tmp_path: pathlib.Path) -> AsyncIterator[Processes]:
    async with AsyncExitStack() as stack:
        yield Processes(database, tmp_path, stack)


async def _login(client: httpx.AsyncClient, nip: str, password: str) -> httpx.Response:
    return await client.post("/api/v1/auth/login", json={"nip": nip, "password": password})


async def test_failures_at_one_process_make_another_wait(processes: Processes) -> None:
    first, second = await processes.open(), await processes.open()
    for i in range(FREE - 1):  # the free failures, all at the first process
        assert (await _login(first, ds.NURSE, f"tebakan-{i}")).status_code == 401
    # one more at the second: it counts on top of the first's (it would be free on its own)
    assert (await _login(second, ds.NURSE, "tebakan-lagi")).status_code == 401
    for client in (first, second):  # now even the right password waits, at either process
        refused = await _login(client, ds.NURSE, password_of(ds.NURSE))
        assert refused.status_code == 429
        assert refused.json()["code"] == "login_throttled"
        assert int(refused.headers["retry-after"]) >= 1
    # nothing else changed: the same NIP from another address, another NIP from this one
    elsewhere = await processes.open("10.0.0.9")
    assert (await _login(elsewhere, ds.NURSE, password_of(ds.NURSE))).status_code == 200
    assert (await _login(second, ds.KAPUS, password_of(ds.KAPUS))).status_code == 200
    # once the wait is over, the right password gets in at the other process
    processes.clock.advance(3)
    assert (await _login(first, ds.NURSE, password_of(ds.NURSE))).status_code == 200


async def test_a_restarted_process_remembers_the_failures(processes: Processes) -> None:
    before = await processes.open()
    for i in range(FREE):
        assert (await _login(before, ds.NURSE, f"tebakan-{i}")).status_code == 401
    restarted = await processes.open()  # a new process over the same database
    refused = await _login(restarted, ds.NURSE, password_of(ds.NURSE))
    assert refused.status_code == 429
    assert int(refused.headers["retry-after"]) >= 1
