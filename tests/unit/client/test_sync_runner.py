"""The runner against a mock server: pages applied once, reset, update-the-app, revoked,
backoff; and the outcomes the CLI maps to exit codes."""

from __future__ import annotations

import random
from typing import Any

import httpx
import pytest

from client import Device
from client.store import SYNCED
from client.syncing import RetryPolicy
from client.syncing.apply import apply_page
from sync import protocol
from sync.records import Record
from tests.unit.client.conftest import IND, Server


def _record(rid: str, value: float, vv: dict[str, int]) -> Record:
    return Record(kind="unit", id=rid, owner="", fields={"v": value}, vv=vv, hlc=1, author="s0")


def _page(records: list[Record], cursor: int, **kw: Any) -> protocol.PullPage:
    return protocol.PullPage(records=records, next_cursor=cursor, **kw)


def test_a_page_applied_twice_changes_nothing(device: Device) -> None:
    store = device.ctx.store
    page = _page([_record("u-1", 1, {"s0": 1}), _record("u-2", 2, {"s0": 1})], 10)
    with store.transaction():
        assert apply_page(store, page, 0) == 2
    snapshot = list(store.records.rows())
    with store.transaction():
        apply_page(store, page, 0)
    assert list(store.records.rows()) == snapshot
    assert store.meta.get("pull_cursor") == 10
    old = _page([_record("u-1", 0, {"s0": 0})], 5)
    with store.transaction():
        assert apply_page(store, old, 0) == 0  # the cursor never goes back
    assert store.meta.get("pull_cursor") == 10


def test_a_pulled_version_keeps_an_unsynced_edit(device: Device) -> None:
    view = device.add_log({"indicator": IND, "date": "2026-11-20", "value": 3, "note": "a"})
    store = device.ctx.store
    pending = store.outbox.get(view.id)
    assert pending is not None
    remote = Record(
        kind="progress_log",
        id=view.id,
        owner=pending.change.owner,
        fields=pending.change.fields | {"supervisor_comment": "bagus"},
        vv={"s0": 1, "dX": 1},
        hlc=2,
        author="dX",
        field_clocks={"supervisor_comment": (2, "dX", 1)},
    )
    with store.transaction():
        apply_page(store, _page([remote], 3), 0)
    assert store.outbox.count() == 1
    local = device.list_logs()[0]
    assert local.value == 3
    assert local.supervisor_comment == "bagus"


def _pull_server(
    server: Server, pages: list[protocol.PullPage], *, unanswered: bool = False
) -> list[int]:
    cursors: list[int] = []

    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/api/v1/sync/pull":
            msg = protocol.decode_request(request.content)
            assert isinstance(msg, protocol.PullRequest)
            cursors.append(msg.cursor)
            page = pages.pop(0)
            return httpx.Response(
                200, content=protocol.encode(page), headers={"content-type": "application/msgpack"}
            )
        if request.url.path == "/api/v1/sync/push":
            msg = protocol.decode_request(request.content)
            assert isinstance(msg, protocol.PushBatch)
            results = (
                []
                if unanswered
                else [
                    protocol.ChangeResult(
                        id=c.id,
                        outcome="applied",
                        record=Record(
                            kind=c.kind,
                            id=c.id,
                            owner=c.owner,
                            fields=c.fields,
                            vv=c.vv | {"s0": 9},
                            hlc=c.hlc,
                            author=c.replica,
                        ),
                    )
                    for c in msg.changes
                ]
            )
            answer = protocol.PushResult(batch_seq=msg.batch_seq, results=results)
            return httpx.Response(
                200,
                content=protocol.encode(answer),
                headers={"content-type": "application/msgpack"},
            )
        return httpx.Response(404, json={"code": "not_found", "message": "?"})

    server.handler = handler
    return cursors


def test_reset_required_keeps_unsynced_work_and_pulls_again(device: Device, server: Server) -> None:
    store = device.ctx.store
    with store.transaction():
        store.meta.set("pull_cursor", 50)
        store.records.put(_record("u-stale", 1, {"s0": 1}), SYNCED)
    view = device.add_log({"indicator": IND, "date": "2026-11-20", "value": 3, "note": "a"})
    cursors = _pull_server(
        server,
        [
            _page([], 50, reset_required=True),
            _page([_record("u-1", 1, {"s0": 1})], 60, more=True),
            _page([_record("u-2", 1, {"s0": 1})], 70),
        ],
        unanswered=True,
    )
    # the server does not take the log (yet): it must survive the reset
    report = device.sync()
    assert report.ok, report.message
    assert cursors == [50, 0, 60]
    ids = {r.id for r, _ in store.records.rows()}
    assert "u-stale" not in ids
    assert {"u-1", "u-2", view.id} <= ids
    assert store.outbox.get(view.id) is not None
    assert store.meta.get("pull_cursor") == 70


def test_update_required_stops_sync_and_keeps_data(device: Device, server: Server) -> None:
    server.handler = lambda r: httpx.Response(
        426,
        json={"code": "protocol_outdated", "message": "Versi aplikasi ini sudah tidak didukung."},
    )
    device.add_log({"indicator": IND, "date": "2026-11-20", "value": 3, "note": "a"})
    report = device.sync()
    assert report.outcome == "update_required"
    assert "perbarui" in report.message.lower()
    status = device.status()
    assert status.sync_blocked == "update_required"
    assert status.pending_changes == 1


def test_a_revoked_device_wipes_its_data(device: Device, server: Server) -> None:
    server.handler = lambda r: httpx.Response(
        401, json={"code": "device_revoked", "message": "Perangkat ini dicabut.", "wipe": True}
    )
    home = device.home
    nip = device.nip
    assert nip is not None
    report = device.sync()
    assert report.outcome == "revoked"
    assert not home.user_dir(nip).exists()
    assert device.nip is None


def test_network_errors_are_retried_with_backoff_then_reported(
    device: Device, server: Server
) -> None:
    seen = []
    device.runner_config = None
    from client.syncing import RunnerConfig

    device.runner_config = RunnerConfig(retry=RetryPolicy(attempts=3, base=0.001))
    report = device.sync(seen.append)
    assert report.outcome == "offline"
    assert [p.phase for p in seen].count("retry") == 2
    assert "tetap aman" in report.message


def test_backoff_grows_with_jitter_and_a_cap() -> None:
    policy = RetryPolicy(base=1, cap=8)
    rng = random.Random(1)
    waits = [policy.delay(n, rng) for n in range(6)]
    for n, wait in enumerate(waits):
        ceiling = min(8, 2**n)
        assert ceiling / 2 <= wait <= ceiling


def test_sync_does_not_block_the_caller(device: Device, server: Server) -> None:
    import threading

    release = threading.Event()

    def slow(request: httpx.Request) -> httpx.Response:
        release.wait(5)
        raise httpx.ConnectError("down", request=request)

    server.handler = slow
    device.runner_config = None
    handle = device.start_sync()
    assert handle.wait(timeout=0.05) is None
    assert not handle.done
    release.set()
    handle.cancel()
    report = handle.wait(timeout=10)
    assert report is not None
    assert report.outcome in ("offline", "cancelled")


@pytest.mark.parametrize(
    ("outcome", "code"),
    [("offline", 3), ("signed_out", 4), ("revoked", 5), ("update_required", 6), ("refused", 7)],
)
def test_failed_reports_map_to_exit_codes(outcome: str, code: int) -> None:
    from client.errors import DeviceError
    from client.syncing import SyncReport
    from kinerja.errors import exit_code

    with pytest.raises(DeviceError) as info:
        Device.raise_for(SyncReport(outcome=outcome, message="x"))  # type: ignore[arg-type]
    assert exit_code(info.value) == code
