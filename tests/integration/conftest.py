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
from server.storage import SqliteStorage
from tests.fixtures.clock import FakeClock
from tests.fixtures.passwords import fast_passwords
from tests.fixtures.server import ROOT as ROOT
from tests.fixtures.server import LiveServer as LiveServer
from tests.fixtures.server import running_server as running_server
from tests.fixtures.server import seed_file as seed_file
from tests.fixtures.server import wait_healthy
from tests.unit.server import dataset


@dataclass
class InProcess:
    """The app in this process, with its services and the fake clock that drives it."""

    app: Litestar
    services: Services
    clock: FakeClock
    client: httpx.AsyncClient


@pytest.fixture
async def api(tmp_path: pathlib.Path) -> AsyncIterator[InProcess]:
    """The app over a seeded database, driven by httpx through ASGI (no sockets)."""
    settings = Settings(
        db_path=tmp_path / "server.db",
        data_dir=tmp_path / "data",
        max_body_bytes=64 * 1024,
        evidence_max_bytes=256 * 1024,
        evidence_chunk_max_bytes=128 * 1024,
    )
    clock = FakeClock(time.time())
    storage = SqliteStorage(settings.db_path)
    passwords = fast_passwords()
    seed_dataset(storage, dataset.build(), passwords=passwords, server_replica="s0", now=clock())
    services = build_services(settings, storage=storage, clock=clock, passwords=passwords)
    app = create_app(settings, services=services)
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://kinerja.test") as client:
        yield InProcess(app=app, services=services, clock=clock, client=client)
    storage.close()


# kept for tests/security/test_accounts.py, which still imports it from here
_wait_healthy = wait_healthy


@pytest.fixture
def live_server(tmp_path: pathlib.Path) -> Iterator[LiveServer]:
    """The real server process on 127.0.0.1 over a seeded database (see the module docstring)."""
    with running_server(tmp_path) as server:
        yield server
