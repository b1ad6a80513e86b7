"""Fixtures of the integration tests: the app in-process, and the real server process.

``live_server`` starts ``uvicorn --factory server.app:app_from_env`` on a free port of 127.0.0.1
over a freshly seeded database, waits for ``/health`` and stops the process at teardown; it
yields a :class:`LiveServer` with the base URL and the database path.
"""

from __future__ import annotations

import os
import pathlib
import socket
import subprocess
import sys
import time
from collections.abc import AsyncIterator, Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import httpx
import pytest
from litestar import Litestar

from server.app import create_app
from server.seed import seed_dataset
from server.services import Services, build_services
from server.settings import Settings
from server.storage import SqliteStorage
from tests.unit.server import dataset
from tests.unit.server.conftest import FakeClock, fast_passwords

ROOT = pathlib.Path(__file__).resolve().parents[2]
STARTUP_SECONDS = 30.0


@dataclass(frozen=True)
class LiveServer:
    """A running server process."""

    base_url: str
    db_path: pathlib.Path
    data_dir: pathlib.Path
    process: subprocess.Popen[bytes]


@dataclass
class InProcess:
    """The app in this process, with its services and the fake clock that drives it."""

    app: Litestar
    services: Services
    clock: FakeClock
    client: httpx.AsyncClient


def seed_file(db_path: pathlib.Path, records: list[dataset.Rec] | None = None) -> None:
    """Create and seed a database file, then close it."""
    storage = SqliteStorage(db_path)
    try:
        seed_dataset(
            storage,
            dataset.build(records),
            passwords=fast_passwords(),
            server_replica="s0",
            now=time.time(),
        )
    finally:
        storage.close()


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


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def _wait_healthy(url: str, process: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + STARTUP_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"server exited early with status {process.returncode}")
        try:
            if httpx.get(f"{url}/health", timeout=1.0).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.1)
    raise RuntimeError(f"server did not answer /health within {STARTUP_SECONDS} s")


def seed_demo(db_path: pathlib.Path) -> None:
    """Create and seed a database file with the demo city (``shared_models.demo``), then
    close it."""
    from shared_models.demo import generate

    storage = SqliteStorage(db_path)
    try:
        seed_dataset(
            storage, generate(), passwords=fast_passwords(), server_replica="s0", now=time.time()
        )
    finally:
        storage.close()


@contextmanager
def running_server(
    tmp_path: pathlib.Path,
    env: dict[str, str] | None = None,
    name: str = "live",
    records: list[dataset.Rec] | None = None,
    seed: Callable[[pathlib.Path], None] | None = None,
) -> Iterator[LiveServer]:
    """A real server process over a freshly seeded database (with ``records`` besides the
    dataset's); ``env`` adds ``KINERJA_*`` settings. uvicorn's own proxy handling is off, as
    ``kinerja server`` runs it: the app decides which ``X-Forwarded-For`` to believe
    (``KINERJA_TRUSTED_PROXIES``). ``seed`` seeds another dataset instead (:func:`seed_demo`:
    the demo city)."""
    db_path = tmp_path / f"{name}.db"
    data_dir = tmp_path / f"{name}-data"
    if seed is None:
        seed_file(db_path, records)
    else:
        seed(db_path)
    port = _free_port()
    env = {
        **os.environ,
        "KINERJA_DB": str(db_path),
        "KINERJA_DATA_DIR": str(data_dir),
        "KINERJA_PORT": str(port),
        "KINERJA_EVIDENCE_MAX_BYTES": str(256 * 1024),
        "KINERJA_EVIDENCE_CHUNK_MAX_BYTES": str(128 * 1024),
        "KINERJA_ARGON2_TIME_COST": "1",
        "KINERJA_ARGON2_MEMORY_KIB": "8",
        "KINERJA_ARGON2_PARALLELISM": "1",
        **(env or {}),
    }
    log = (tmp_path / f"{name}-server.log").open("wb")
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "uvicorn",
            "--factory",
            "server.app:app_from_env",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--log-level",
            "warning",
            "--no-proxy-headers",
        ],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_healthy(url, process)
        yield LiveServer(base_url=url, db_path=db_path, data_dir=data_dir, process=process)
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:  # pragma: no cover - a hung server
            process.kill()
            process.wait()
        log.close()


@pytest.fixture
def live_server(tmp_path: pathlib.Path) -> Iterator[LiveServer]:
    """The real server process on 127.0.0.1 over a seeded database (see the module docstring)."""
    with running_server(tmp_path) as server:
        yield server
