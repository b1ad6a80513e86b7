"""Tombstone collection end to end: a deleted record is forgotten once every active device has
pulled past its delete; a device that was away longer is told to reset, starts over without
the record, and an edit it still holds of that record cannot bring it back (I4)."""

from __future__ import annotations

from typing import Any

import msgspec

from server.housekeeping import collect_tombstones
from sync import PushResult, Record, hlc, local_edit
from tests.integration.conftest import InProcess
from tests.integration.helpers import login, new_log, pull, push
from tests.unit.server import dataset as ds

GONE = "0190a000-0000-7000-8000-0000000000d1"
KEPT = "0190a000-0000-7000-8000-0000000000d2"
DAY = 86400.0


async def _pull_all(api: InProcess, session: dict[str, Any], cursor: int) -> dict[str, Any]:
    """Every page after ``cursor``: the records, tombstones and final cursor (or the reset)."""
    records: dict[str, Any] = {}
    tombstones: list[str] = []
    while True:
        page = await pull(api.client, session, cursor)
        if page.get("reset_required"):
            return {"reset": True}
        records.update({r["id"]: r for r in page["records"]})
        tombstones += [t["id"] for t in page.get("tombstones", [])]
        cursor = page["next_cursor"]
        if not page["more"]:
            return {"reset": False, "records": records, "tombstones": tombstones, "cursor": cursor}


def _collect(api: InProcess, *, max_idle_days: int, min_age_days: int = 0) -> tuple[int, int, int]:
    done = api.services.sync.collect_tombstones(
        max_idle_s=max_idle_days * DAY, min_age_s=min_age_days * DAY
    )
    return done.dropped, done.low_water, done.horizon


async def test_collected_delete_resets_a_device_that_was_away(api: InProcess) -> None:
    phone = await login(api.client, ds.NURSE)
    now_ms = int(api.clock() * 1000)
    created = [
        new_log(phone["device_id"], ds.NURSE, GONE, counter=1, now_ms=now_ms),
        new_log(phone["device_id"], ds.NURSE, KEPT, counter=2, now_ms=now_ms + 1),
    ]
    assert (await push(api.client, phone, 1, created)).status_code == 200
    tablet = await login(api.client, ds.NURSE)
    first = await _pull_all(api, tablet, 0)
    assert {GONE, KEPT} <= set(first["records"])
    tablet_cursor = first["cursor"]
    again = await _pull_all(api, tablet, tablet_cursor)  # the server now knows its cursor
    assert not again["reset"]

    # the phone deletes one log and pulls past the delete
    stored = msgspec.convert(first["records"][GONE], Record)
    _, delete = local_edit(
        stored,
        None,
        kind="progress_log",
        id=GONE,
        owner=ds.NURSE,
        patch={},
        replica=phone["device_id"],
        counter=3,
        hlc=hlc.pack(now_ms + 2),
        delete=True,
    )
    assert (await push(api.client, phone, 2, [delete])).status_code == 200
    phone_view = await _pull_all(api, phone, 0)
    await _pull_all(api, phone, phone_view["cursor"])

    # the tablet, still active and behind the delete, holds the tombstone back
    assert _collect(api, max_idle_days=1)[0] == 0

    # two days later the tablet has not been seen; the phone has
    api.clock.advance(2 * DAY)
    await _pull_all(api, phone, phone_view["cursor"])
    dropped, low_water, horizon = _collect(api, max_idle_days=1)
    assert dropped == 1
    assert horizon >= low_water - 1
    assert GONE not in (await _pull_all(api, phone, 0))["records"]

    # the tablet comes back below the low-water mark: it must start over
    assert (await _pull_all(api, tablet, tablet_cursor))["reset"] is True
    fresh = await _pull_all(api, tablet, 0)
    assert not fresh["reset"]
    assert KEPT in fresh["records"]
    assert GONE not in fresh["records"]
    assert not (await _pull_all(api, tablet, fresh["cursor"]))["reset"]  # no second reset

    # an edit the tablet made of the forgotten log before it reset cannot resurrect it
    _, edit = local_edit(
        stored,
        None,
        kind="progress_log",
        id=GONE,
        owner=ds.NURSE,
        patch={"description": "diubah di tablet"},
        replica=tablet["device_id"],
        counter=1,
        hlc=hlc.pack(int(api.clock() * 1000)),
    )
    answer = await push(api.client, tablet, 1, [edit])
    result = msgspec.msgpack.decode(answer.content, type=PushResult).results[0]
    assert result.outcome == "rejected"
    assert result.reason == "record_purged"
    assert result.conflicts  # the edit is kept as a conflict, not lost
    assert GONE not in (await _pull_all(api, phone, 0))["records"]


async def test_young_tombstones_are_kept(api: InProcess) -> None:
    phone = await login(api.client, ds.NURSE)
    now_ms = int(api.clock() * 1000)
    log = new_log(phone["device_id"], ds.NURSE, GONE, counter=1, now_ms=now_ms)
    assert (await push(api.client, phone, 1, [log])).status_code == 200
    view = await _pull_all(api, phone, 0)
    stored = msgspec.convert(view["records"][GONE], Record)
    _, delete = local_edit(
        stored,
        None,
        kind="progress_log",
        id=GONE,
        owner=ds.NURSE,
        patch={},
        replica=phone["device_id"],
        counter=2,
        hlc=hlc.pack(now_ms + 1),
        delete=True,
    )
    assert (await push(api.client, phone, 2, [delete])).status_code == 200
    await _pull_all(api, phone, (await _pull_all(api, phone, view["cursor"]))["cursor"])
    assert _collect(api, max_idle_days=1, min_age_days=30)[0] == 0
    api.clock.advance(31 * DAY)  # the phone (seen 31 days ago) still counts: 90 days idle
    dropped, _, _ = collect_tombstones(api.services)  # the server's own settings: 90 / 30 days
    assert dropped == 1
