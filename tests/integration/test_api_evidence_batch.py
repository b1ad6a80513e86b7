"""Many evidence files at once: the manifest (what the server still needs, where to resume) and
the batch upload (several small whole files in one request, one result per file)."""

from __future__ import annotations

import hashlib
from typing import Any

import msgspec

from server.storage import SqliteStorage
from sync import (
    EvidenceBatch,
    EvidenceBatchResult,
    EvidenceBlob,
    EvidenceFile,
    EvidenceManifest,
    EvidenceStatus,
)
from tests.fixtures.files import PNG
from tests.integration.conftest import InProcess
from tests.integration.helpers import bearer, login
from tests.unit.server import dataset as ds

MSGPACK = {"content-type": "application/msgpack", "accept": "application/msgpack"}


def _photo(n: int) -> bytes:
    return PNG + bytes([n]) * 3000


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _manifest(device_id: str, files: list[bytes | str]) -> bytes:
    entries = [
        EvidenceFile(
            sha256=f if isinstance(f, str) else _sha(f),
            size=0 if isinstance(f, str) else len(f),
            media_type="image/png",
            record_id="",
        )
        for f in files
    ]
    return msgspec.msgpack.encode(EvidenceManifest(device_id=device_id, files=entries))


def _batch(device_id: str, files: list[tuple[str, bytes]]) -> bytes:
    blobs = [EvidenceBlob(sha256=sha, data=data) for sha, data in files]
    return msgspec.msgpack.encode(EvidenceBatch(device_id=device_id, files=blobs))


async def _post(api: InProcess, session: dict[str, Any], path: str, body: bytes) -> Any:
    return await api.client.post(path, content=body, headers={**bearer(session), **MSGPACK})


async def test_manifest_then_batch_stores_every_file_once(api: InProcess) -> None:
    session = await login(api.client, ds.NURSE)
    photos = [_photo(i) for i in range(5)]
    answer = await _post(
        api, session, "/api/v1/evidence/manifest", _manifest(session["device_id"], photos)
    )
    assert answer.status_code == 200
    status = msgspec.msgpack.decode(answer.content, type=EvidenceStatus)
    assert status.missing == [_sha(p) for p in photos]
    assert status.received == {}

    sent = await _post(
        api,
        session,
        "/api/v1/evidence/batch",
        _batch(session["device_id"], [(_sha(p), p) for p in photos]),
    )
    assert sent.status_code == 200
    result = msgspec.msgpack.decode(sent.content, type=EvidenceBatchResult)
    assert [(r.sha256, r.outcome) for r in result.results] == [(_sha(p), "stored") for p in photos]

    # the uploader gets each file back as it was sent
    for photo in photos:
        got = await api.client.get(f"/api/v1/evidence/{_sha(photo)}", headers=bearer(session))
        assert got.status_code == 200
        assert got.content == photo
        assert got.headers["content-type"] == "image/png"
    # nothing is missing any more; a repeat stores nothing twice
    again = await _post(
        api, session, "/api/v1/evidence/manifest", _manifest(session["device_id"], photos)
    )
    assert msgspec.msgpack.decode(again.content, type=EvidenceStatus).missing == []
    repeat = await _post(
        api,
        session,
        "/api/v1/evidence/batch",
        _batch(session["device_id"], [(_sha(p), p) for p in photos[:2]]),
    )
    outcomes = msgspec.msgpack.decode(repeat.content, type=EvidenceBatchResult).results
    assert [r.outcome for r in outcomes] == ["present", "present"]
    storage: SqliteStorage = api.services.storage  # type: ignore[assignment]
    with storage.read() as reader:
        uploaded = [e for e in reader.audit_entries(limit=1000) if e.action == "evidence_uploaded"]
    assert sorted(e.detail["sha256"] for e in uploaded) == sorted(_sha(p) for p in photos)


async def test_a_bad_file_is_refused_alone(api: InProcess) -> None:
    session = await login(api.client, ds.NURSE)
    good = _photo(1)
    disguised = b"MZ\x90\x00" + b"\x00" * 3000  # a Windows program named like a photo
    wrong_hash = _photo(2)
    empty = b""
    files = [
        (_sha(good), good),
        (_sha(disguised), disguised),
        (_sha(_photo(3)), wrong_hash),
        (_sha(empty), empty),
        ("not-a-hash", good),
    ]
    sent = await _post(api, session, "/api/v1/evidence/batch", _batch(session["device_id"], files))
    assert sent.status_code == 200
    results = msgspec.msgpack.decode(sent.content, type=EvidenceBatchResult).results
    assert [(r.outcome, r.code) for r in results] == [
        ("stored", ""),
        ("rejected", "unsupported_media_type"),
        ("rejected", "hash_mismatch"),
        ("rejected", "bad_request"),
        ("rejected", "bad_request"),
    ]
    assert all(r.message for r in results[1:])  # each refusal says why, in Indonesian
    assert "sha256" in results[4].message
    missing = await _post(
        api,
        session,
        "/api/v1/evidence/manifest",
        _manifest(session["device_id"], [good, disguised, wrong_hash]),
    )
    status = msgspec.msgpack.decode(missing.content, type=EvidenceStatus)
    assert status.missing == [_sha(disguised), _sha(wrong_hash)]


async def test_manifest_tells_where_to_resume_only_to_the_uploader(api: InProcess) -> None:
    nurse = await login(api.client, ds.NURSE)
    photo = _photo(7)
    sha = _sha(photo)
    first = await api.client.put(
        f"/api/v1/evidence/{sha}",
        content=photo[:1000],
        headers={**bearer(nurse), "content-range": f"bytes 0-999/{len(photo)}"},
    )
    assert first.status_code == 200
    mine = await _post(
        api, nurse, "/api/v1/evidence/manifest", _manifest(nurse["device_id"], [photo])
    )
    assert msgspec.msgpack.decode(mine.content, type=EvidenceStatus).received == {sha: 1000}
    other = await login(api.client, ds.NURSE2)
    theirs = await _post(
        api, other, "/api/v1/evidence/manifest", _manifest(other["device_id"], [photo])
    )
    status = msgspec.msgpack.decode(theirs.content, type=EvidenceStatus)
    assert status.missing == [sha]
    assert status.received == {}  # another user's partial upload is not shown (nor resumed)
    # the batch takes the unfinished upload over with the whole file
    taken = await _post(
        api, other, "/api/v1/evidence/batch", _batch(other["device_id"], [(sha, photo)])
    )
    assert msgspec.msgpack.decode(taken.content, type=EvidenceBatchResult).results[0].outcome == (
        "stored"
    )


async def test_refusals_of_the_request_itself(api: InProcess) -> None:
    session = await login(api.client, ds.NURSE)
    other = await login(api.client, ds.NURSE2)
    photo = _photo(1)
    foreign = await _post(
        api, session, "/api/v1/evidence/batch", _batch(other["device_id"], [(_sha(photo), photo)])
    )
    assert foreign.status_code == 403
    assert foreign.json()["field"] == "$.device_id"
    bad_name = await _post(
        api, session, "/api/v1/evidence/manifest", _manifest(session["device_id"], ["xyz"])
    )
    assert bad_name.status_code == 400
    assert bad_name.json()["field"] == "$.files[0].sha256"
    wrong_message = await _post(
        api, session, "/api/v1/evidence/batch", _manifest(session["device_id"], [photo])
    )
    assert wrong_message.status_code == 400
    assert wrong_message.json()["field"] == "$.type"
    too_big = _batch(session["device_id"], [(_sha(photo), photo)] * 50)  # > the 128 KiB test limit
    refused = await _post(api, session, "/api/v1/evidence/batch", too_big)
    assert refused.status_code == 413
    anonymous = await api.client.post(
        "/api/v1/evidence/batch", content=_batch(session["device_id"], []), headers=MSGPACK
    )
    assert anonymous.status_code == 401


async def test_a_file_held_by_someone_else_is_sent_once_more_to_prove_holding_it(
    api: InProcess,
) -> None:
    photo = _photo(9)
    sha = _sha(photo)
    first = await login(api.client, ds.NURSE)
    await _post(api, first, "/api/v1/evidence/batch", _batch(first["device_id"], [(sha, photo)]))
    second = await login(api.client, ds.NURSE2)
    before = await _post(
        api, second, "/api/v1/evidence/manifest", _manifest(second["device_id"], [photo])
    )
    assert msgspec.msgpack.decode(before.content, type=EvidenceStatus).missing == [sha]
    sent = await _post(
        api, second, "/api/v1/evidence/batch", _batch(second["device_id"], [(sha, photo)])
    )
    result = msgspec.msgpack.decode(sent.content, type=EvidenceBatchResult).results[0]
    assert result.outcome == "present"  # one copy on the server; the sender now holds it too
    after = await _post(
        api, second, "/api/v1/evidence/manifest", _manifest(second["device_id"], [photo])
    )
    assert msgspec.msgpack.decode(after.content, type=EvidenceStatus).missing == []
    storage: SqliteStorage = api.services.storage  # type: ignore[assignment]
    with storage.read() as reader:
        assert reader.evidence_holders(sha) == sorted([ds.NURSE, ds.NURSE2])
