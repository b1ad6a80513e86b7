"""Evidence download rights follow the records that name a file (pull scope), not the uploader's
chain; and one user's unfinished upload never blocks another's."""

from __future__ import annotations

import hashlib
import time
from typing import Any

import msgspec

from server.storage import Account, Employee
from sync import PushResult
from tests.fixtures.files import PNG
from tests.integration.conftest import InProcess
from tests.integration.helpers import bearer, login, new_log, push
from tests.unit.server import dataset as ds

IMAGE = PNG + bytes(range(256)) * 100
SHA = hashlib.sha256(IMAGE).hexdigest()
URL = f"/api/v1/evidence/{SHA}"
GURU = ds._nip(1992, 8, 2)
"""An employee of Dinas Pendidikan whose supervisor is the teacher (a supervisor elsewhere)."""


def _now_ms() -> int:
    return int(time.time() * 1000)


def _add_guru(api: InProcess) -> None:
    with api.services.storage.write() as tx:
        nurse = tx.account(ds.NURSE)
        assert nurse is not None
        tx.put_employee(
            Employee(nip=GURU, name="Guru", unit_id=ds.DISDIK, supervisor_nip=ds.TEACHER)
        )
        tx.put_account(Account(nip=GURU, password_hash=nurse.password_hash))


async def _log(api: InProcess, session: dict[str, Any], owner: str, record_id: str) -> None:
    change = new_log(session["device_id"], owner, record_id, now_ms=_now_ms(), evidence=[SHA])
    answer = await push(api.client, session, 1, [change])
    assert answer.status_code == 200, answer.text
    result = msgspec.msgpack.decode(answer.content, type=PushResult)
    assert [r.outcome for r in result.results] == ["applied"], result


async def _get(api: InProcess, nip: str) -> int:
    headers = bearer(await login(api.client, nip))
    return (await api.client.get(URL, headers=headers)).status_code


async def test_a_synced_log_opens_its_evidence_to_those_who_see_it(api: InProcess) -> None:
    _add_guru(api)
    nurse = await login(api.client, ds.NURSE)
    assert (await api.client.put(URL, content=IMAGE, headers=bearer(nurse))).status_code == 201
    # before the log is synced only the uploader may download
    assert await _get(api, ds.NURSE) == 200
    assert await _get(api, ds.KAPUS) == 403
    await _log(api, nurse, ds.NURSE, "0190a000-0000-7000-8000-0000000000a1")
    for nip in (ds.KAPUS, ds.KADINKES, ds.ADMIN_DINKES, ds.BKPP):
        assert await _get(api, nip) == 200, nip
    for nip in (ds.NURSE2, ds.TEACHER, GURU):  # a colleague, a supervisor elsewhere, his staff
        assert await _get(api, nip) == 403, nip


async def test_naming_a_hash_in_ones_own_record_opens_nothing(api: InProcess) -> None:
    _add_guru(api)
    nurse = await login(api.client, ds.NURSE)
    assert (await api.client.put(URL, content=IMAGE, headers=bearer(nurse))).status_code == 201
    await _log(api, nurse, ds.NURSE, "0190a000-0000-7000-8000-0000000000a1")
    guru = await login(api.client, GURU)
    await _log(api, guru, GURU, "0190a000-0000-7000-8000-0000000000b2")
    # a hash in one's own log is no proof of holding the bytes: nobody gains access through it
    for nip in (GURU, ds.TEACHER, ds.NURSE2):
        assert await _get(api, nip) == 403, nip
    assert await _get(api, ds.KAPUS) == 200  # the uploader's supervisor, through her log
    # bytes that are not the file's prove nothing either
    fake = await api.client.put(URL, content=IMAGE[:-1] + b"\x00", headers=bearer(guru))
    assert fake.status_code == 200  # the server has the file; nothing is stored or changed
    assert await _get(api, ds.TEACHER) == 403
    with api.services.storage.read() as reader:
        assert reader.evidence_holders(SHA) == [ds.NURSE]


async def test_sending_the_same_bytes_makes_a_second_holder(api: InProcess) -> None:
    """Two people with the very same photo (shared in a chat group): the second one's device
    sends the bytes again, the server keeps its one copy and records a second holder, and the
    second holder's supervisor sees it through the second holder's log."""
    _add_guru(api)
    nurse = await login(api.client, ds.NURSE)
    assert (await api.client.put(URL, content=IMAGE, headers=bearer(nurse))).status_code == 201
    await _log(api, nurse, ds.NURSE, "0190a000-0000-7000-8000-0000000000a1")
    guru = await login(api.client, GURU)
    again = await api.client.put(URL, content=IMAGE, headers=bearer(guru))
    assert again.status_code == 200
    assert again.json()["complete"] is True
    assert await _get(api, GURU) == 200  # he holds it now
    assert await _get(api, ds.TEACHER) == 403  # no log of his names it yet
    await _log(api, guru, GURU, "0190a000-0000-7000-8000-0000000000b2")
    for nip in (GURU, ds.TEACHER, ds.KAPUS):
        assert await _get(api, nip) == 200, nip
    assert await _get(api, ds.NURSE2) == 403  # a colleague of neither
    with api.services.storage.read() as reader:
        assert reader.evidence_holders(SHA) == sorted([ds.NURSE, GURU])
        held = [e for e in reader.audit_entries(limit=500) if e.action == "evidence_held"]
    assert [(e.nip, e.detail["sha256"]) for e in held] == [(GURU, SHA)]


async def test_deleting_the_log_closes_access_again(api: InProcess) -> None:
    nurse = await login(api.client, ds.NURSE)
    assert (await api.client.put(URL, content=IMAGE, headers=bearer(nurse))).status_code == 201
    record_id = "0190a000-0000-7000-8000-0000000000a1"
    await _log(api, nurse, ds.NURSE, record_id)
    with api.services.storage.read() as reader:
        assert reader.evidence_owners(SHA) == [ds.NURSE]
        stored = reader.record(record_id)
    assert stored is not None
    with api.services.storage.write() as tx:
        tx.put_record(msgspec.structs.replace(stored, deleted=True))
    with api.services.storage.read() as reader:
        assert reader.evidence_owners(SHA) == []
    assert await _get(api, ds.KAPUS) == 403
    assert await _get(api, ds.NURSE) == 200  # the uploader keeps it


async def test_a_partial_upload_does_not_block_another_user(api: InProcess) -> None:
    _add_guru(api)
    total = len(IMAGE)
    guru = bearer(await login(api.client, GURU))
    first = await api.client.put(
        URL, content=IMAGE[:1000], headers={**guru, "content-range": f"bytes 0-999/{total}"}
    )
    assert first.status_code == 200
    nurse = bearer(await login(api.client, ds.NURSE))
    assert (await api.client.head(URL, headers=nurse)).status_code == 404
    half = await api.client.put(
        URL, content=IMAGE[:2000], headers={**nurse, "content-range": f"bytes 0-1999/{total}"}
    )
    assert half.status_code == 200
    assert half.json()["received"] == 2000
    # the first uploader is told to start again; the second finishes
    stale = await api.client.put(
        URL,
        content=IMAGE[1000:],
        headers={**guru, "content-range": f"bytes 1000-{total - 1}/{total}"},
    )
    assert stale.status_code == 409
    assert stale.json()["received"] == 0
    rest = await api.client.put(
        URL,
        content=IMAGE[2000:],
        headers={**nurse, "content-range": f"bytes 2000-{total - 1}/{total}"},
    )
    assert rest.status_code == 201
    got = await api.client.get(URL, headers=nurse)
    assert got.content == IMAGE
    assert (await api.client.get(URL, headers=guru)).status_code == 403


async def test_sending_the_same_bytes_in_chunks_makes_a_second_holder(api: InProcess) -> None:
    """A file too large for one request (a shared circular as PDF, say) that someone else sent
    first: the second person's device sends it in chunks, each compared with the stored bytes,
    and once all of it matched they hold it, and their supervisor sees it through their log."""
    _add_guru(api)
    total = len(IMAGE)
    nurse = await login(api.client, ds.NURSE)
    assert (await api.client.put(URL, content=IMAGE, headers=bearer(nurse))).status_code == 201
    guru = await login(api.client, GURU)
    headers = bearer(guru)

    def chunk(start: int, end: int, data: bytes | None = None) -> dict[str, Any]:
        body = IMAGE[start:end] if data is None else data
        return {
            "content": body,
            "headers": {**headers, "content-range": f"bytes {start}-{end - 1}/{total}"},
        }

    head = await api.client.head(URL, headers=headers)  # where his upload starts: 0
    assert (head.headers["upload-offset"], head.headers["upload-complete"]) == ("0", "0")
    first = await api.client.put(URL, **chunk(0, 10_000))
    assert first.status_code == 200
    assert (first.json()["received"], first.json()["complete"]) == (10_000, False)
    skipped = await api.client.put(URL, **chunk(20_000, total))
    assert skipped.status_code == 409
    assert skipped.json()["received"] == 10_000
    manifest = await api.client.post(
        "/api/v1/evidence/manifest",
        json={
            "type": "evidence_manifest",
            "protocol": 1,
            "device_id": guru["device_id"],
            "files": [{"sha256": SHA, "size": total, "media_type": "image/png", "record_id": ""}],
        },
        headers=headers,
    )
    assert manifest.json()["missing"] == [SHA]
    assert manifest.json()["received"] == {SHA: 10_000}  # the device resumes there
    assert await _get(api, GURU) == 403  # not proven yet
    done = await api.client.put(URL, **chunk(10_000, total))
    assert done.status_code == 200
    assert (done.json()["received"], done.json()["complete"]) == (total, True)
    await _log(api, guru, GURU, "0190a000-0000-7000-8000-0000000000b2")
    for nip in (GURU, ds.TEACHER):
        assert await _get(api, nip) == 200, nip
    with api.services.storage.read() as reader:
        assert reader.evidence_holders(SHA) == sorted([ds.NURSE, GURU])


async def test_chunks_that_differ_from_the_stored_file_prove_nothing(api: InProcess) -> None:
    _add_guru(api)
    total = len(IMAGE)
    nurse = await login(api.client, ds.NURSE)
    assert (await api.client.put(URL, content=IMAGE, headers=bearer(nurse))).status_code == 201
    headers = bearer(await login(api.client, GURU))
    good = {**headers, "content-range": f"bytes 0-9999/{total}"}
    assert (await api.client.put(URL, content=IMAGE[:10_000], headers=good)).status_code == 200
    forged = IMAGE[10_000:-1] + bytes([IMAGE[-1] ^ 1])
    bad = {**headers, "content-range": f"bytes 10000-{total - 1}/{total}"}
    answer = await api.client.put(URL, content=forged, headers=bad)
    assert answer.status_code == 422
    assert answer.json()["code"] == "hash_mismatch"
    again = await api.client.put(URL, content=IMAGE[10_000:], headers=bad)
    assert again.status_code == 409  # the proof starts again from 0
    assert again.json()["received"] == 0
    assert await _get(api, GURU) == 403
    with api.services.storage.read() as reader:
        assert reader.evidence_holders(SHA) == [ds.NURSE]
    stored = await api.client.get(URL, headers=bearer(nurse))
    assert stored.content == IMAGE  # the stored file is untouched
