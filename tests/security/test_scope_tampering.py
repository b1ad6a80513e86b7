"""A device cannot reach another unit's records by changing ids, cursors or scope parameters.

The nurse (Dinas Kesehatan) attacks the teacher's records (Dinas Pendidikan): other devices'
ids, other records' ids with a rewritten owner, invented scope fields in the body and the query,
cursors beyond the head, negative cursors and huge limits, and evidence by hash.
"""

from __future__ import annotations

import uuid
from typing import Any

import msgspec
import pytest

from sync import PullPage, PushBatch
from tests.integration.helpers import MSGPACK
from tests.security.conftest import EVIDENCE, EVIDENCE_BYTES, LOGS, City
from tests.unit.server import dataset as ds

OTHER_UNIT_LOG = LOGS[ds.TEACHER]


def _pull_body(device_id: str, cursor: int = 0, **extra: Any) -> bytes:
    body = {"type": "pull", "protocol": 1, "schema": 1, "device_id": device_id, "cursor": cursor}
    return msgspec.msgpack.encode({**body, **extra})


async def test_pull_with_another_devices_id_is_refused(city: City) -> None:
    nurse = await city.login(ds.NURSE)
    teacher = await city.login(ds.TEACHER)
    answer = await city.client.post(
        "/api/v1/sync/pull",
        content=_pull_body(teacher.device_id),
        headers={**nurse.headers, **MSGPACK},
    )
    assert answer.status_code == 403
    assert answer.json()["field"] == "$.device_id"


async def test_push_with_another_devices_id_or_replica_is_refused(city: City) -> None:
    nurse = await city.login(ds.NURSE)
    teacher = await city.login(ds.TEACHER)
    base = city.stored(OTHER_UNIT_LOG)
    change = city.change(
        teacher,
        kind="progress_log",
        record_id=OTHER_UNIT_LOG,
        owner=ds.TEACHER,
        patch={"value": 99},
        base=base,
    )
    batch = PushBatch(device_id=teacher.device_id, batch_seq=1, changes=[change])
    answer = await city.client.post(
        "/api/v1/sync/push",
        content=msgspec.msgpack.encode(batch),
        headers={**nurse.headers, **MSGPACK},
    )
    assert answer.status_code == 403
    # the right batch id, but a change claiming to come from the teacher's replica
    result = await city.push(nurse, change)
    assert result.results[0].outcome == "rejected"
    assert result.results[0].record is None
    assert city.stored(OTHER_UNIT_LOG) == base


async def test_rewriting_the_owner_of_an_existing_id_does_not_capture_it(city: City) -> None:
    """The stored owner decides; the device's claim of ownership is ignored."""
    nurse = await city.login(ds.NURSE)
    base = city.stored(OTHER_UNIT_LOG)
    assert base is not None
    for patch in ({"value": 0}, {"employee_nip": ds.NURSE, "description": "punyaku"}):
        change = city.change(
            nurse,
            kind="progress_log",
            record_id=OTHER_UNIT_LOG,
            owner=ds.NURSE,
            patch={**base.fields, **patch},
            base=None,
        )
        result = (await city.push(nurse, change)).results[0]
        assert result.outcome == "rejected"
        assert result.record is None, "a refusal leaked the other unit's record"
        assert result.conflicts == []
    # deleting it by id is refused too
    delete = city.change(
        nurse,
        kind="progress_log",
        record_id=OTHER_UNIT_LOG,
        owner=ds.NURSE,
        patch={},
        base=base,
        delete=True,
    )
    assert (await city.push(nurse, delete)).results[0].outcome == "rejected"
    assert city.stored(OTHER_UNIT_LOG) == base
    assert OTHER_UNIT_LOG not in {r.id for r in await city.pull_all(nurse)}


async def test_own_record_cannot_be_given_to_another_unit(city: City) -> None:
    """Moving an own record to the teacher (owner change) does not put it in their scope."""
    nurse = await city.login(ds.NURSE)
    own = city.stored(LOGS[ds.NURSE])
    assert own is not None
    moved = city.change(
        nurse,
        kind="progress_log",
        record_id=own.id,
        owner=ds.TEACHER,
        patch={"employee_nip": ds.TEACHER},
        base=own,
    )
    await city.push(nurse, moved)
    after = city.stored(own.id)
    assert after is not None
    assert after.owner == ds.NURSE
    teacher = await city.login(ds.TEACHER)
    assert own.id not in {r.id for r in await city.pull_all(teacher)}


@pytest.mark.parametrize(
    "extra",
    [
        {"owners": [ds.TEACHER]},
        {"scope": "everything", "everything": True},
        {"opd_ids": [ds.DISDIK], "admin_opds": [ds.DISDIK], "roles": ["admin_bkpp"]},
        {"nip": ds.TEACHER, "owner": ds.TEACHER},
    ],
    ids=["owners", "everything", "opd-roles", "nip"],
)
async def test_invented_scope_parameters_do_not_widen_the_pull(
    city: City, extra: dict[str, Any]
) -> None:
    nurse = await city.login(ds.NURSE)
    baseline = {r.id for r in await city.pull_all(nurse)}
    nurse2 = await city.login(ds.NURSE)
    params = {k: str(v) for k, v in extra.items()}
    answer = await city.client.post(
        "/api/v1/sync/pull",
        params=params,
        content=_pull_body(nurse2.device_id, **extra),
        headers={**nurse2.headers, **MSGPACK},
    )
    assert answer.status_code in {200, 400}, answer.text
    if answer.status_code == 200:
        page = msgspec.msgpack.decode(answer.content, type=PullPage)
        got = {r.id for r in page.records}
        assert got <= baseline
        assert OTHER_UNIT_LOG not in got


async def test_a_refetch_asks_only_for_what_the_scope_admits(city: City) -> None:
    """``PullRequest.refetch`` names ids: the server sends those in the device's scope, whatever
    the cursor, and nothing of the rest (another unit's log, a colleague's log, an invented id);
    too many ids are refused with the path."""
    nurse = await city.login(ds.NURSE)
    head = await city.login(ds.KAPUS)
    asked = [LOGS[ds.NURSE], LOGS[ds.NURSE2], OTHER_UNIT_LOG, str(uuid.uuid4())]
    for session, admitted in ((nurse, {LOGS[ds.NURSE]}), (head, {LOGS[ds.NURSE], LOGS[ds.NURSE2]})):
        answer = await city.client.post(
            "/api/v1/sync/pull",
            content=_pull_body(session.device_id, cursor=10**6, refetch=asked),  # past all
            headers={**session.headers, **MSGPACK},
        )
        assert answer.status_code == 200, answer.text
        page = msgspec.msgpack.decode(answer.content, type=PullPage)
        assert {r.id for r in page.records} == admitted
    too_many = _pull_body(nurse.device_id, refetch=[str(i) for i in range(1001)])
    answer = await city.client.post(
        "/api/v1/sync/pull", content=too_many, headers={**nurse.headers, **MSGPACK}
    )
    assert answer.status_code == 400
    assert "$.refetch" in answer.text


async def test_cursors_and_limits_cannot_be_abused(city: City) -> None:
    nurse = await city.login(ds.NURSE)
    headers = {**nurse.headers, **MSGPACK}
    negative = await city.client.post(
        "/api/v1/sync/pull", content=_pull_body(nurse.device_id, -1), headers=headers
    )
    assert negative.status_code == 400
    ahead = await city.client.post(
        "/api/v1/sync/pull", content=_pull_body(nurse.device_id, 10**12), headers=headers
    )
    assert ahead.status_code == 200
    page = msgspec.msgpack.decode(ahead.content, type=PullPage)
    assert page.records == []
    assert page.next_cursor == 10**12  # never moves a cursor backwards (I7)
    # a cursor just below the teacher's record still does not hand it out
    teacher_seq = city.services.storage
    with teacher_seq.read() as reader:
        row = reader.record(OTHER_UNIT_LOG)
    assert row is not None
    for cursor in (row.seq - 1, 0):
        answer = await city.client.post(
            "/api/v1/sync/pull",
            content=_pull_body(nurse.device_id, cursor, limit=10**9),
            headers=headers,
        )
        assert answer.status_code == 200
        page = msgspec.msgpack.decode(answer.content, type=PullPage)
        assert len(page.records) <= 1000
        assert OTHER_UNIT_LOG not in {r.id for r in page.records}


async def test_evidence_of_another_unit_cannot_be_fetched_even_with_its_hash(city: City) -> None:
    nurse = await city.login(ds.NURSE)
    sha = EVIDENCE[ds.TEACHER]
    for path in (f"/api/v1/evidence/{sha}", f"/api/v1/evidence/{sha.upper()}"):
        answer = await city.client.get(path, headers=nurse.headers)
        assert answer.status_code == 403
        assert EVIDENCE_BYTES[ds.TEACHER] not in answer.content
    # re-uploading the same hash with other bytes neither overwrites nor unlocks it
    forged = await city.client.put(
        f"/api/v1/evidence/{sha}", content=EVIDENCE_BYTES[ds.NURSE], headers=nurse.headers
    )
    assert forged.status_code in {200, 409, 422}
    again = await city.client.get(f"/api/v1/evidence/{sha}", headers=nurse.headers)
    assert again.status_code == 403
    teacher = await city.login(ds.TEACHER)
    mine = await city.client.get(f"/api/v1/evidence/{sha}", headers=teacher.headers)
    assert mine.status_code == 200
    assert mine.content == EVIDENCE_BYTES[ds.TEACHER]
    # a path trick is not a way around the hash check
    for bad in ("..%2F..%2Fserver.db", "../../server.db", "0" * 63 + "g"):
        answer = await city.client.get(f"/api/v1/evidence/{bad}", headers=nurse.headers)
        assert answer.status_code in {400, 404}


async def test_a_partial_upload_of_another_user_is_invisible_and_closed(city: City) -> None:
    teacher = await city.login(ds.TEACHER)
    nurse = await city.login(ds.NURSE)
    data = EVIDENCE_BYTES[ds.TEACHER] + b"-second-file" * 100
    import hashlib

    sha = hashlib.sha256(data).hexdigest()
    first = await city.client.put(
        f"/api/v1/evidence/{sha}?offset=0&size={len(data)}",
        content=data[:100],
        headers=teacher.headers,
    )
    assert first.status_code == 200
    status = await city.client.get(f"/api/v1/evidence/{sha}/status", headers=nurse.headers)
    assert status.status_code == 404
    hijack = await city.client.put(
        f"/api/v1/evidence/{sha}?offset=100&size={len(data)}",
        content=data[100:],
        headers=nurse.headers,
    )
    assert hijack.status_code == 409


async def test_me_and_refresh_only_concern_the_caller(city: City) -> None:
    nurse = await city.login(ds.NURSE)
    teacher = await city.login(ds.TEACHER)
    me = await city.client.get(
        "/api/v1/me",
        params={"nip": ds.TEACHER, "device_id": teacher.device_id},
        headers=nurse.headers,
    )
    assert me.status_code == 200
    assert me.json()["nip"] == ds.NURSE
    refreshed = await city.client.post(
        "/api/v1/auth/refresh", params={"device_id": teacher.device_id}, headers=nurse.headers
    )
    assert refreshed.status_code == 200
    assert refreshed.json()["device_id"] == nurse.device_id
    # the teacher's token still works; the nurse's old one does not
    assert (await city.client.get("/api/v1/me", headers=teacher.headers)).status_code == 200
    assert (await city.client.get("/api/v1/me", headers=nurse.headers)).status_code == 401


async def test_login_with_another_users_device_id_registers_a_new_device(city: City) -> None:
    teacher = await city.login(ds.TEACHER)
    nurse = await city.login(ds.NURSE, device_id=teacher.device_id)
    assert nurse.device_id != teacher.device_id
    assert (await city.client.get("/api/v1/me", headers=teacher.headers)).status_code == 200
    fresh = str(uuid.uuid4())
    assert fresh not in {r.id for r in await city.pull_all(nurse)}


async def test_content_cannot_name_another_employee_than_the_owner(city: City) -> None:
    """An own record whose content says it is the teacher's work is refused (found by this
    suite: reports and screens read ``employee_nip``)."""
    nurse = await city.login(ds.NURSE)
    record_id = str(uuid.uuid4())
    change = city.change(
        nurse,
        kind="progress_log",
        record_id=record_id,
        owner=ds.NURSE,
        patch=ds.log_fields(ds.TEACHER),
    )
    result = (await city.push(nurse, change)).results[0]
    assert result.outcome == "rejected"
    assert "employee_nip" in result.message
    assert city.stored(record_id) is None
