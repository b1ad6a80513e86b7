"""Push and pull over HTTP (in-process): exactly once, authorization, validation, scope."""

from __future__ import annotations

import time
from typing import Any

import msgspec

import sync
from server.record_codec import from_stored
from sync import PushResult, Record, hlc, local_edit
from tests.integration.conftest import InProcess
from tests.integration.helpers import MSGPACK, bearer, login, new_log, pull, push
from tests.unit.server import dataset as ds

LOG = "0190b000-0000-7000-8000-000000000001"


def _now_ms() -> int:
    return int(time.time() * 1000)


async def test_push_is_exactly_once(api: InProcess) -> None:
    nurse = await login(api.client, ds.NURSE)
    change = new_log(nurse["device_id"], ds.NURSE, LOG, now_ms=_now_ms())
    first = await push(api.client, nurse, 1, [change])
    assert first.status_code == 200
    assert first.headers["content-type"] == "application/msgpack"
    result = msgspec.msgpack.decode(first.content, type=PushResult)
    assert [r.outcome for r in result.results] == ["applied"]
    # a new record's answer is its vector; the device rebuilds the version it sent
    assert result.results[0].record is None
    assert result.results[0].vv == {nurse["device_id"]: 1, "s0": 1}
    again = msgspec.msgpack.decode(
        (await push(api.client, nurse, 1, [change])).content, type=PushResult
    )
    assert again.replayed
    assert again.results == result.results
    # the same change in a new batch is already seen, not applied twice
    later = msgspec.msgpack.decode(
        (await push(api.client, nurse, 2, [change])).content, type=PushResult
    )
    assert [r.outcome for r in later.results] == ["already_seen"]
    with api.services.storage.read() as reader:
        actions = [e.action for e in reader.audit_entries()]
        stored = reader.record(LOG)
    assert actions.count("change_accepted") == 1
    assert stored is not None
    assert stored.owner == ds.NURSE
    assert from_stored(stored) == sync.first_version(change, {nurse["device_id"]: 1, "s0": 1})


async def test_changes_are_authorized_from_master_data(api: InProcess) -> None:
    nurse = await login(api.client, ds.NURSE)
    other = new_log(nurse["device_id"], ds.NURSE2, LOG, now_ms=_now_ms())
    answer = msgspec.msgpack.decode(
        (await push(api.client, nurse, 1, [other])).content, type=PushResult
    )
    refused = answer.results[0]
    assert refused.outcome == "rejected"
    assert refused.reason == "forbidden"
    assert refused.record is None
    with api.services.storage.read() as reader:
        assert reader.record(LOG) is None


async def test_invalid_content_is_refused_with_its_path(api: InProcess) -> None:
    nurse = await login(api.client, ds.NURSE)
    bad = new_log(nurse["device_id"], ds.NURSE, LOG, now_ms=_now_ms(), value=-3)
    answer = msgspec.msgpack.decode(
        (await push(api.client, nurse, 1, [bad])).content, type=PushResult
    )
    refused = answer.results[0]
    assert refused.outcome == "rejected"
    assert refused.reason == "invalid_change"
    assert "$.value" in refused.message
    foreign = new_log("d999", ds.NURSE, LOG, now_ms=_now_ms())
    answer = msgspec.msgpack.decode(
        (await push(api.client, nurse, 2, [foreign])).content, type=PushResult
    )
    assert "replika" in answer.results[0].message
    with api.services.storage.read() as reader:
        assert reader.record(LOG) is None


async def test_bad_messages(api: InProcess) -> None:
    nurse = await login(api.client, ds.NURSE)
    headers = {**bearer(nurse), **MSGPACK}
    wrong_device = msgspec.msgpack.encode(
        {
            "type": "push",
            "protocol": 1,
            "schema": 1,
            "device_id": "d77",
            "batch_seq": 1,
            "changes": [],
        }
    )
    answer = await api.client.post("/api/v1/sync/push", content=wrong_device, headers=headers)
    assert answer.status_code == 403
    old = msgspec.msgpack.encode({"type": "push", "protocol": 0, "device_id": nurse["device_id"]})
    answer = await api.client.post("/api/v1/sync/push", content=old, headers=headers)
    assert answer.status_code == 426
    assert answer.json()["code"] == "protocol_outdated"
    assert "perbarui aplikasi" in answer.json()["message"]
    pull_msg = msgspec.msgpack.encode(
        {"type": "pull", "protocol": 1, "device_id": nurse["device_id"], "cursor": 0}
    )
    answer = await api.client.post("/api/v1/sync/push", content=pull_msg, headers=headers)
    assert answer.status_code == 400
    assert answer.json()["field"] == "$.type"
    broken = msgspec.msgpack.encode(
        {
            "type": "push",
            "protocol": 1,
            "device_id": nurse["device_id"],
            "batch_seq": "one",
            "changes": [],
        }
    )
    answer = await api.client.post("/api/v1/sync/push", content=broken, headers=headers)
    assert answer.status_code == 400
    assert answer.json()["field"] == "$.batch_seq"
    unauthenticated = await api.client.post("/api/v1/sync/pull", content=pull_msg, headers=MSGPACK)
    assert unauthenticated.status_code == 401


def _ids(page: dict[str, Any], kind: str | None = None) -> set[str]:
    return {r["id"] for r in page["records"] if kind is None or r["kind"] == kind}


async def test_pull_is_scoped(api: InProcess) -> None:
    nurse = await login(api.client, ds.NURSE)
    await push(api.client, nurse, 1, [new_log(nurse["device_id"], ds.NURSE, LOG, now_ms=_now_ms())])
    own = await pull(api.client, nurse)
    assert LOG in _ids(own)
    assert len(_ids(own, "employee")) == len(ds.PEOPLE)  # master data for everyone
    assert len(_ids(own, "unit")) == 5
    for nip, sees in (
        (ds.NURSE2, False),
        (ds.TEACHER, False),
        (ds.KAPUS, True),
        (ds.KADINKES, True),
        (ds.ADMIN_DINKES, True),
        (ds.BKPP, True),
    ):
        page = await pull(api.client, await login(api.client, nip))
        assert (LOG in _ids(page)) is sees, nip


async def test_pull_pages_by_cursor(api: InProcess) -> None:
    nurse = await login(api.client, ds.NURSE)
    seen: list[str] = []
    cursor, pages = 0, 0
    while True:
        page = await pull(api.client, nurse, cursor=cursor, limit=4)
        seen.extend(r["id"] for r in page["records"])
        assert page["next_cursor"] >= cursor
        cursor = page["next_cursor"]
        pages += 1
        if not page["more"]:
            break
    assert pages == 3
    assert len(seen) == len(set(seen)) == 12
    assert (await pull(api.client, nurse, cursor=cursor))["records"] == []


async def test_mutasi_removes_records_from_the_old_supervisor(api: InProcess) -> None:
    nurse = await login(api.client, ds.NURSE)
    await push(api.client, nurse, 1, [new_log(nurse["device_id"], ds.NURSE, LOG, now_ms=_now_ms())])
    kapus = await login(api.client, ds.KAPUS)
    first = await pull(api.client, kapus)
    assert LOG in _ids(first)
    # BKPP moves the nurse under the Kepala Dinas, through sync like any HR edit
    bkpp = await login(api.client, ds.BKPP)
    employees = {
        r["fields"]["nip"]: r
        for r in (await pull(api.client, bkpp))["records"]
        if r["kind"] == "employee"
    }
    local = msgspec.convert(employees[ds.NURSE], Record)
    _, change = local_edit(
        local,
        None,
        kind="employee",
        id=local.id,
        owner="",
        patch={"supervisor_nip": ds.KADINKES},
        replica=bkpp["device_id"],
        counter=1,
        hlc=hlc.pack(_now_ms()),
    )
    answer = msgspec.msgpack.decode(
        (await push(api.client, bkpp, 1, [change])).content, type=PushResult
    )
    assert answer.results[0].outcome == "applied", answer.results[0].message
    after = await pull(api.client, kapus, cursor=first["next_cursor"])
    assert LOG in after["removals"]
    # and the new supervisor receives the nurse's older records although its cursor is past them
    kadinkes = await login(api.client, ds.KADINKES)
    with api.services.storage.read() as reader:
        assert reader.employee(ds.NURSE).supervisor_nip == ds.KADINKES  # type: ignore[union-attr]
    assert LOG in _ids(await pull(api.client, kadinkes))


async def test_pull_in_msgpack(api: InProcess) -> None:
    nurse = await login(api.client, ds.NURSE)
    body = msgspec.msgpack.encode(
        {"type": "pull", "protocol": 1, "device_id": nurse["device_id"], "cursor": 0}
    )
    answer = await api.client.post(
        "/api/v1/sync/pull", content=body, headers={**bearer(nurse), **MSGPACK}
    )
    assert answer.headers["content-type"] == "application/msgpack"
    page = msgspec.msgpack.decode(answer.content)
    assert page["type"] == "pull_page"


async def test_a_clock_too_far_ahead_is_refused_alone_in_its_batch(api: InProcess) -> None:
    """The server reads its clock once per batch: a change stamped ten minutes ahead (past the
    five allowed) is refused for its clock, while changes beside it, one four minutes ahead,
    are applied."""
    session = await login(api.client, ds.NURSE)
    device = session["device_id"]
    now_ms = int(api.clock() * 1000)
    changes = [
        new_log(device, ds.NURSE, "0190a000-0000-7000-8000-0000000000c1", now_ms=now_ms),
        new_log(
            device,
            ds.NURSE,
            "0190a000-0000-7000-8000-0000000000c2",
            counter=2,
            now_ms=now_ms + 10 * 60_000,
        ),
        new_log(
            device,
            ds.NURSE,
            "0190a000-0000-7000-8000-0000000000c3",
            counter=3,
            now_ms=now_ms + 4 * 60_000,
        ),
    ]
    answer = await push(api.client, session, 1, changes)
    assert answer.status_code == 200
    results = msgspec.msgpack.decode(answer.content, type=PushResult).results
    assert [r.outcome for r in results] == ["applied", "rejected", "applied"]
    assert results[1].reason == "clock_skew"
    ids = {r["id"] for r in (await pull(api.client, session))["records"]}
    assert "0190a000-0000-7000-8000-0000000000c2" not in ids
    assert {"0190a000-0000-7000-8000-0000000000c1", "0190a000-0000-7000-8000-0000000000c3"} <= ids


async def test_a_push_is_audited_one_row_per_owner_and_each_change_is_found(
    api: InProcess,
) -> None:
    # what a push accepted about one employee's records is one audit row; HR still reads (and
    # finds by record) every change; a refused change keeps a row of its own
    nurse = await login(api.client, ds.NURSE)
    ids = [f"0190b000-0000-7000-8000-00000000010{i}" for i in range(3)]
    changes = [
        new_log(nurse["device_id"], ds.NURSE, rid, counter=n + 1, now_ms=_now_ms())
        for n, rid in enumerate(ids)
    ]
    forged = new_log(nurse["device_id"], ds.NURSE2, LOG, counter=4, now_ms=_now_ms())
    answer = msgspec.msgpack.decode(
        (await push(api.client, nurse, 1, [*changes, forged])).content, type=PushResult
    )
    assert [r.outcome for r in answer.results] == ["applied"] * 3 + ["rejected"]
    with api.services.storage.read() as reader:
        entries = [e for e in reader.audit_entries(limit=1000) if e.action.startswith("change")]
    assert [(e.action, e.record_id, e.subject) for e in entries] == [
        ("change_rejected", LOG, ds.NURSE2),
        *[("change_accepted", rid, ds.NURSE) for rid in ids],
    ]
    assert len({e.id for e in entries[1:]}) == 1  # one row for the three
    assert entries[0].id != entries[1].id
    assert all(e.nip == ds.NURSE and e.device_id == nurse["device_id"] for e in entries)
    bkpp = await login(api.client, ds.BKPP)
    page = await api.client.get(
        "/api/v1/reports/audit", params={"record_id": ids[1]}, headers=bearer(bkpp)
    )
    assert page.status_code == 200, page.text
    found = page.json()["entries"]
    assert [(e["action"], e["record_id"], e["subject"]) for e in found] == [
        ("change_accepted", ids[1], ds.NURSE)
    ]
    assert found[0]["detail"]["changed"] == changes[1].changed
    about = await api.client.get(
        "/api/v1/reports/audit", params={"subject": ds.NURSE}, headers=bearer(bkpp)
    )
    accepted = [e["record_id"] for e in about.json()["entries"] if e["action"] == "change_accepted"]
    assert accepted == ids[::-1]  # newest first
