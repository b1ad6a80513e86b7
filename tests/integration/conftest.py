"""Fixtures of the integration tests: the app in-process, and the real server process.

``live_server`` is :func:`tests.fixtures.server.running_server`: ``uvicorn --factory
server.app:app_from_env`` on a free port of 127.0.0.1 over a freshly seeded database, stopped
at teardown; it yields a :class:`LiveServer` with the base URL and the database path.
"""

from __future__ import annotations

import pathlib
import time
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass

import httpx
import pytest
from litestar import Litestar

from server.app import create_app
from server.seed import seed_dataset
from server.services import Services, build_services
from server.settings import Settings
from server.storage import SqliteStorage, Storage
from server.storage.postgres import PostgresStorage
from tests.fixtures.clock import FakeClock
from tests.fixtures.passwords import fast_passwords
from tests.fixtures.server import ROOT as ROOT
from tests.fixtures.server import LiveServer as LiveServer
from tests.fixtures.server import running_server as running_server
from tests.fixtures.server import seed_file as seed_file
from tests.unit.server import dataset


@dataclass
class InProcess:
    """The app in this process, with its services and the fake clock that drives it."""

    app: Litestar
    services: Services
    clock: FakeClock
    client: httpx.AsyncClient


@pytest.fixture(params=["sqlite", "postgresql"])
async def api(request: pytest.FixtureRequest, tmp_path: pathlib.Path) -> AsyncIterator[InProcess]:
    """The app over a seeded database, driven by httpx through ASGI (no sockets): every test
    runs on a SQLite file and on a PostgreSQL database."""
    settings = Settings(
        db_path=tmp_path / "server.db",
        data_dir=tmp_path / "data",
        max_body_bytes=64 * 1024,
        evidence_max_bytes=256 * 1024,
        evidence_chunk_max_bytes=128 * 1024,
    )
    clock = FakeClock(time.time())
    storage: Storage
    if request.param == "postgresql":
        storage = PostgresStorage(request.getfixturevalue("pg_url"), pool_size=4)
    else:
        storage = SqliteStorage(settings.db_path)
    passwords = fast_passwords()
    seed_dataset(storage, dataset.build(), passwords=passwords, server_replica="s0", now=clock())
    services = build_services(settings, storage=storage, clock=clock, passwords=passwords)
    app = create_app(settings, services=services)
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://kinerja.test") as client:
        yield InProcess(app=app, services=services, clock=clock, client=client)
    storage.close()


@pytest.fixture
def server_backend() -> str:
    """Where ``live_server`` keeps its records: ``sqlite`` here; a module that names
    ``postgresql-2`` too (its own ``server_backend`` fixture) runs each test on PostgreSQL with
    two worker processes as well."""
    return "sqlite"


@pytest.fixture
def live_server(
    request: pytest.FixtureRequest, tmp_path: pathlib.Path, server_backend: str
) -> Iterator[LiveServer]:
    """The real server process on 127.0.0.1 over a seeded database (see the module docstring)."""
    if server_backend == "postgresql-2":
        url = request.getfixturevalue("pg_url")
        with running_server(tmp_path, database_url=url, workers=2) as server:
            yield server
        return
    with running_server(tmp_path) as server:
        yield server
