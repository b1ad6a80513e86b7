"""The real server process on 127.0.0.1: login, evidence, sync and revocation over sockets."""

from __future__ import annotations

import hashlib
import time

import httpx
import msgspec
import pytest

from sync import PullPage, PullRequest, PushBatch, PushResult
from tests.fixtures.files import JPEG
from tests.fixtures.server import LiveServer
from tests.integration.helpers import MSGPACK, new_log
from tests.unit.server import dataset as ds

PHOTO = JPEG + bytes(range(256)) * 300  # ~77 KiB
SHA = hashlib.sha256(PHOTO).hexdigest()


@pytest.fixture(params=["sqlite", "postgresql-2"])
def server_backend(request: pytest.FixtureRequest) -> str:
    """Each test on a SQLite file, and on PostgreSQL with two server processes."""
    return str(request.param)


def _login(http: httpx.Client, nip: str) -> dict[str, str]:
    answer = http.post("/api/v1/auth/login", json={"nip": nip, "password": ds.PASSWORD})
    assert answer.status_code == 200, answer.text
    body: dict[str, str] = answer.json()
    return {"authorization": f"Bearer {body['token']}", "device_id": body["device_id"]}


def _auth(session: dict[str, str]) -> dict[str, str]:
    return {"authorization": session["authorization"]}


def test_live_server_end_to_end(live_server: LiveServer) -> None:
    assert live_server.database_url or live_server.db_path.exists()
    with httpx.Client(base_url=live_server.base_url, timeout=10) as http:
        assert http.get("/health").json()["status"] == "ok"
        nurse = _login(http, ds.NURSE)
        assert http.get("/api/v1/me", headers=_auth(nurse)).json()["nip"] == ds.NURSE

        # evidence: two chunks; the supervisor may download it once a synced log names it
        half = len(PHOTO) // 2
        total = len(PHOTO)
        first = http.put(
            f"/api/v1/evidence/{SHA}",
            content=PHOTO[:half],
            headers={**_auth(nurse), "content-range": f"bytes 0-{half - 1}/{total}"},
        )
        assert first.json()["received"] == half
        done = http.put(
            f"/api/v1/evidence/{SHA}?offset={half}&size={total}",
            content=PHOTO[half:],
            headers=_auth(nurse),
        )
        assert done.status_code == 201
        stored = live_server.data_dir / "evidence" / SHA[:2] / SHA
        assert stored.read_bytes() == PHOTO
        kapus = _login(http, ds.KAPUS)
        # no record names the photo yet: only the uploader may download it
        assert http.get(f"/api/v1/evidence/{SHA}", headers=_auth(kapus)).status_code == 403

        # refusals: wrong hash, too large, disguised type
        wrong = hashlib.sha256(b"x").hexdigest()
        assert (
            http.put(f"/api/v1/evidence/{wrong}", content=PHOTO, headers=_auth(nurse)).status_code
            == 422
        )
        big = http.put(
            f"/api/v1/evidence/{wrong}?size={10**9}", content=PHOTO[:64], headers=_auth(nurse)
        )
        assert big.status_code == 413
        exe = b"MZ" + b"\x00" * 64
        fake = http.put(
            f"/api/v1/evidence/{hashlib.sha256(exe).hexdigest()}",
            content=exe,
            headers={**_auth(nurse), "content-type": "image/jpeg"},
        )
        assert fake.status_code == 415

        # sync: push a log naming the photo, pull it back, exactly once
        log_id = "0190c000-0000-7000-8000-000000000001"
        change = new_log(
            nurse["device_id"], ds.NURSE, log_id, now_ms=int(time.time() * 1000), evidence=[SHA]
        )
        batch = msgspec.msgpack.encode(
            PushBatch(device_id=nurse["device_id"], batch_seq=1, changes=[change])
        )
        headers = {**_auth(nurse), **MSGPACK}
        one = msgspec.msgpack.decode(
            http.post("/api/v1/sync/push", content=batch, headers=headers).content, type=PushResult
        )
        two = msgspec.msgpack.decode(
            http.post("/api/v1/sync/push", content=batch, headers=headers).content, type=PushResult
        )
        assert one.results[0].outcome == "applied"
        assert two.replayed
        assert two.results == one.results
        request = msgspec.msgpack.encode(PullRequest(device_id=kapus["device_id"], cursor=0))
        page = msgspec.msgpack.decode(
            http.post(
                "/api/v1/sync/pull", content=request, headers={**_auth(kapus), **MSGPACK}
            ).content,
            type=PullPage,
        )
        assert log_id in {r.id for r in page.records}
        assert http.get(f"/api/v1/evidence/{SHA}", headers=_auth(kapus)).content == PHOTO

        # HR revokes the nurse's device: the next contact says wipe
        admin = _login(http, ds.ADMIN_DINKES)
        revoked = http.post(f"/api/v1/devices/{nurse['device_id']}/revoke", headers=_auth(admin))
        assert revoked.status_code == 200
        refused = http.get("/api/v1/me", headers=_auth(nurse))
        assert refused.status_code == 401
        assert refused.json()["code"] == "device_revoked"
        assert (
            http.post("/api/v1/sync/push", content=batch, headers=headers).json()["code"]
            == "device_revoked"
        )
