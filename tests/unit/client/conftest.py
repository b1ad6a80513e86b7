"""A signed-in device without a server: login answered by ``httpx.MockTransport``, the SKP and
periods written straight into the store as if a sync had brought them."""

from __future__ import annotations

import datetime as dt
import pathlib
from collections.abc import Callable, Iterator
from typing import Any

import httpx
import msgspec
import pytest

from client import Device
from client.store import SYNCED
from sync.records import Record

NIP = "199003142014031002"
BOSS = "197803142002031002"
SKP_ID = "0190a000-0000-7000-8000-0000000000a1"
IND = "0190a000-0000-7000-8000-0000000000b1"
NOW = int(dt.datetime(2026, 11, 28, 3, 0, tzinfo=dt.UTC).timestamp() * 1000)

Handler = Callable[[httpx.Request], httpx.Response]


def login_answer(request: httpx.Request) -> httpx.Response | None:
    if request.url.path == "/api/v1/auth/login":
        body = msgspec.json.decode(request.content)
        if body["password"] != "rahasia":
            return httpx.Response(
                401, json={"code": "login_failed", "message": "NIP atau kata sandi salah."}
            )
        return httpx.Response(
            200,
            json={
                "token": "tok-123",
                "device_id": "d1",
                "expires": 2e9,
                "expires_at": "2033-05-18T03:33:20Z",
                "nip": body["nip"],
                "roles": ["pegawai"],
                "server_replica_id": "s0",
            },
        )
    if request.url.path == "/api/v1/me":
        return httpx.Response(200, json={"nip": NIP, "name": "Dewi Rahayu"})
    return None


def skp_record() -> Record:
    fields: dict[str, Any] = {
        "employee_nip": NIP,
        "year": 2026,
        "status": "disetujui",
        "supervisor_nip": BOSS,
        "rhk": [
            {
                "id": "rhk-1",
                "kind": "utama",
                "text": "Cakupan kunjungan rumah",
                "indicators": [
                    {
                        "id": IND,
                        "aspect": "kuantitas",
                        "text": "Jumlah kunjungan",
                        "target_value": 120,
                        "target_unit": "kunjungan",
                    }
                ],
            }
        ],
    }
    return Record(kind="skp", id=SKP_ID, owner=NIP, fields=fields, vv={"s0": 1}, hlc=1, author="s0")


def period_record(code: str, first: str, last: str, *, open_: bool) -> Record:
    number = int(code[-1]) if "-T" in code else 1
    fields = {
        "code": code,
        "year": 2026,
        "kind": "triwulan" if "-T" in code else "tahunan",
        "number": number,
        "first_day": first,
        "last_day": last,
        "open": open_,
    }
    return Record(
        kind="period", id=f"p-{code}", owner="", fields=fields, vv={"s0": 1}, hlc=1, author="s0"
    )


class Server:
    """The mock server: login/me answered; other requests go to ``handler`` when set."""

    def __init__(self) -> None:
        self.handler: Handler | None = None
        self.seen: list[httpx.Request] = []
        self.down = False

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.seen.append(request)
        if self.down:
            raise httpx.ConnectError("no signal", request=request)
        answer = login_answer(request)
        if answer is not None:
            return answer
        if self.handler is None:
            raise httpx.ConnectError("no server", request=request)
        return self.handler(request)


@pytest.fixture
def server() -> Server:
    return Server()


@pytest.fixture
def device(tmp_path: pathlib.Path, server: Server) -> Iterator[Device]:
    clock = iter(range(NOW, NOW + 10_000_000))
    dev = Device(
        tmp_path / "home",
        http_transport=httpx.MockTransport(server),
        now_ms=lambda: next(clock),
    )
    dev.login(NIP, "rahasia", server="http://kinerja.test")
    store = dev.ctx.store
    with store.transaction():
        store.records.put(skp_record(), SYNCED)
        store.records.put(period_record("2026-T3", "2026-07-01", "2026-09-30", open_=False), SYNCED)
        store.records.put(period_record("2026-T4", "2026-10-01", "2026-12-31", open_=True), SYNCED)
    yield dev
    dev.close()


JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + bytes(300)
PNG = b"\x89PNG\r\n\x1a\n" + bytes(100)
PDF = b"%PDF-1.7\n" + bytes(100)
WEBP = b"RIFF\x00\x00\x00\x00WEBPVP8 " + bytes(100)
