"""Evidence over HTTP: whole and chunked uploads, status, download rights, refusals.

Who may download once a record names a file: ``test_api_evidence_access.py``."""

from __future__ import annotations

import hashlib
import time

from tests.fixtures.files import PNG
from tests.integration.conftest import InProcess
from tests.integration.helpers import bearer, login, new_log, push
from tests.unit.server import dataset as ds

IMAGE = PNG + bytes(range(256)) * 200  # ~51 KiB
SHA = hashlib.sha256(IMAGE).hexdigest()
URL = f"/api/v1/evidence/{SHA}"


async def test_chunked_upload_with_content_range(api: InProcess) -> None:
    nurse = bearer(await login(api.client, ds.NURSE))
    total = len(IMAGE)
    before = await api.client.get(f"{URL}/status", headers=nurse)
    assert before.status_code == 404
    assert before.json()["received"] == 0
    first = await api.client.put(
        URL,
        content=IMAGE[:20000],
        headers={**nurse, "content-range": f"bytes 0-19999/{total}"},
    )
    assert first.status_code == 200
    assert first.json()["received"] == 20000
    probe = await api.client.head(URL, headers=nurse)
    assert probe.headers["upload-offset"] == "20000"
    assert probe.headers["upload-length"] == str(total)
    skipped = await api.client.put(
        f"{URL}?offset=30000&size={total}", content=IMAGE[30000:], headers=nurse
    )
    assert skipped.status_code == 409
    assert skipped.json()["received"] == 20000
    rest = await api.client.put(
        f"{URL}?offset=20000&size={total}", content=IMAGE[20000:], headers=nurse
    )
    assert rest.status_code == 201
    assert rest.json()["complete"] is True
    again = await api.client.put(URL, content=IMAGE, headers=nurse)
    assert again.status_code == 200
    got = await api.client.get(URL, headers=nurse)
    assert got.status_code == 200
    assert got.content == IMAGE
    assert got.headers["content-type"] == "image/png"


async def test_download_rights(api: InProcess) -> None:
    session = await login(api.client, ds.NURSE)
    nurse = bearer(session)
    assert (await api.client.put(URL, content=IMAGE, headers=nurse)).status_code == 201
    log = new_log(
        session["device_id"],
        ds.NURSE,
        "0190a000-0000-7000-8000-0000000000a1",
        now_ms=int(time.time() * 1000),
        evidence=[SHA],
    )
    assert (await push(api.client, session, 1, [log])).status_code == 200
    kapus = bearer(await login(api.client, ds.KAPUS))
    assert (await api.client.get(URL, headers=kapus)).status_code == 200
    colleague = bearer(await login(api.client, ds.NURSE2))
    refused = await api.client.get(URL, headers=colleague)
    assert refused.status_code == 403
    assert refused.json()["code"] == "forbidden"
    assert (await api.client.get(URL)).status_code == 401


async def test_refusals(api: InProcess) -> None:
    nurse = bearer(await login(api.client, ds.NURSE))
    wrong = hashlib.sha256(b"other").hexdigest()
    mismatch = await api.client.put(f"/api/v1/evidence/{wrong}", content=IMAGE, headers=nurse)
    assert mismatch.status_code == 422
    assert mismatch.json()["code"] == "hash_mismatch"
    assert "tidak cocok" in mismatch.json()["message"]
    exe = b"MZ" + b"\x00" * 200
    disguised = await api.client.put(
        f"/api/v1/evidence/{hashlib.sha256(exe).hexdigest()}",
        content=exe,
        headers={**nurse, "content-type": "image/jpeg"},
    )
    assert disguised.status_code == 415
    too_big = await api.client.put(
        f"{URL}?offset=0&size={api.services.settings.evidence_max_bytes + 1}",
        content=IMAGE[:100],
        headers=nurse,
    )
    assert too_big.status_code == 413
    chunk_too_big = await api.client.put(
        URL, content=b"\x89PNG" + b"0" * (130 * 1024), headers=nurse
    )
    assert chunk_too_big.status_code == 413
    bad_name = await api.client.put("/api/v1/evidence/not-a-hash", content=IMAGE, headers=nurse)
    assert bad_name.status_code == 400
    assert bad_name.json()["field"] == "sha256"
    bad_range = await api.client.put(
        URL, content=IMAGE[:10], headers={**nurse, "content-range": "bytes 0-99/1000"}
    )
    assert bad_range.status_code == 400
    assert bad_range.json()["field"] == "content-range"
    bad_offset = await api.client.put(f"{URL}?offset=abc", content=IMAGE, headers=nurse)
    assert bad_offset.status_code == 400
    assert bad_offset.json()["field"] == "offset"
