"""A small city for the security tests: the app in-process over a seeded file database.

Every person of ``tests.unit.server.dataset`` owns one progress log (``LOGS[nip]``) and has
uploaded one evidence file (``EVIDENCE[nip]``, distinct bytes per person). Sessions are opened
per test, so a revocation or a lockout in one test cannot leak into another.
"""

from __future__ import annotations

import hashlib
import pathlib
import time
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from typing import Any

import httpx
import msgspec
import pytest

from server.app import create_app
from server.seed import seed_dataset
from server.services import Services, build_services
from server.settings import Settings
from server.storage import SqliteStorage
from sync import Change, PullPage, PushBatch, PushResult, Record, hlc, local_edit
from tests.fixtures.clock import FakeClock
from tests.fixtures.files import PNG
from tests.fixtures.passwords import fast_passwords
from tests.integration.conftest import (
    live_server,  # noqa: F401 - a fixture used here
    server_backend,  # noqa: F401 - live_server names it
)
from tests.integration.helpers import MSGPACK, password_of
from tests.unit.server import dataset as ds

PEOPLE = [p[0] for p in ds.PEOPLE]
LOGS = {nip: f"0190c000-0000-7000-8000-{i:012d}" for i, nip in enumerate(PEOPLE, start=1)}
EVIDENCE_BYTES = {nip: PNG + nip.encode() * 64 for nip in PEOPLE}
EVIDENCE = {nip: hashlib.sha256(b).hexdigest() for nip, b in EVIDENCE_BYTES.items()}


def log_record(nip: str) -> ds.Rec:
    return ds.Rec("progress_log", LOGS[nip], nip, ds.log_fields(nip, evidence=[EVIDENCE[nip]]))


@dataclass
class Session:
    """One logged-in device."""

    nip: str
    token: str
    device_id: str
    roles: list[str]
    batch: int = 0
    counter: int = 0

    @property
    def headers(self) -> dict[str, str]:
        return {"authorization": f"Bearer {self.token}"}


@dataclass
class City:
    """The app, its services and an httpx client speaking ASGI to it."""

    services: Services
    client: httpx.AsyncClient
    clock: FakeClock
    sessions: list[Session] = field(default_factory=list)

    async def login(self, nip: str, **extra: Any) -> Session:
        answer = await self.client.post(
            "/api/v1/auth/login", json={"nip": nip, "password": password_of(nip), **extra}
        )
        assert answer.status_code == 200, answer.text
        body = answer.json()
        return Session(nip, body["token"], body["device_id"], body["roles"])

    def stored(self, record_id: str) -> Record | None:
        from server.record_codec import from_stored

        with self.services.storage.read() as reader:
            row = reader.record(record_id)
        return None if row is None else from_stored(row)

    def change(
        self,
        session: Session,
        *,
        kind: str,
        record_id: str,
        owner: str,
        patch: dict[str, Any],
        base: Record | None = None,
        delete: bool = False,
    ) -> Change:
        """A change of ``session``'s device on top of ``base`` (the server's copy)."""
        session.counter = max(session.counter, (base.vv if base else {}).get(session.device_id, 0))
        session.counter += 1
        _, change = local_edit(
            base,
            None,
            kind=kind,
            id=record_id,
            owner=owner,
            patch=patch,
            replica=session.device_id,
            counter=session.counter,
            hlc=hlc.pack(int(time.time() * 1000)),
            delete=delete,
        )
        return change

    async def push(self, session: Session, *changes: Change) -> PushResult:
        session.batch += 1
        batch = PushBatch(device_id=session.device_id, batch_seq=session.batch, changes=[*changes])
        answer = await self.client.post(
            "/api/v1/sync/push",
            content=msgspec.msgpack.encode(batch),
            headers={**session.headers, **MSGPACK},
        )
        assert answer.status_code == 200, answer.text
        return msgspec.msgpack.decode(answer.content, type=PushResult)

    async def pull_all(self, session: Session, **extra: Any) -> list[Record]:
        """Every record a fresh pull from cursor 0 hands this device (pages followed)."""
        cursor, out = 0, []
        while True:
            body = {
                "type": "pull",
                "protocol": 1,
                "schema": 1,
                "device_id": session.device_id,
                "cursor": cursor,
                "limit": 1000,
                **extra,
            }
            answer = await self.client.post(
                "/api/v1/sync/pull",
                content=msgspec.msgpack.encode(body),
                headers={**session.headers, **MSGPACK},
            )
            assert answer.status_code == 200, answer.text
            page = msgspec.msgpack.decode(answer.content, type=PullPage)
            out.extend(page.records)
            out.extend(page.tombstones)
            if not page.more:
                return out
            cursor = page.next_cursor


def _settings(tmp_path: pathlib.Path) -> Settings:
    return Settings(
        db_path=tmp_path / "server.db",
        data_dir=tmp_path / "data",
        max_body_bytes=64 * 1024,
        evidence_max_bytes=256 * 1024,
        evidence_chunk_max_bytes=128 * 1024,
    )


@pytest.fixture
async def city(tmp_path: pathlib.Path) -> AsyncIterator[City]:
    """The seeded app; each person's evidence file uploaded by that person."""
    settings = _settings(tmp_path)
    clock = FakeClock(time.time())
    storage = SqliteStorage(settings.db_path)
    passwords = fast_passwords()
    records = [log_record(nip) for nip in PEOPLE]
    seed_dataset(storage, ds.build(records), passwords=passwords, server_replica="s0", now=clock())
    services = build_services(settings, storage=storage, clock=clock, passwords=passwords)
    app = create_app(settings, services=services)
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://kinerja.test") as client:
        world = City(services=services, client=client, clock=clock)
        for nip in PEOPLE:
            uploader = await world.login(nip)
            answer = await client.put(
                f"/api/v1/evidence/{EVIDENCE[nip]}",
                content=EVIDENCE_BYTES[nip],
                headers=uploader.headers,
            )
            assert answer.status_code == 201, answer.text
        yield world
    storage.close()
