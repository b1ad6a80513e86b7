from __future__ import annotations

from sync import BatchAdmission, admit_batch
from sync.tombstones import active_devices, can_drop, horizon, needs_reset


def test_horizon_is_the_slowest_active_device() -> None:
    assert horizon({"a": 10, "b": 4, "c": 7}) == 4
    assert horizon({}, head=42) == 42


def test_can_drop_only_what_everyone_pulled() -> None:
    assert can_drop(4, horizon({"a": 10, "b": 4}))
    assert not can_drop(5, horizon({"a": 10, "b": 4}))


def test_idle_devices_stop_holding_the_horizon_back() -> None:
    active = active_devices({"a": 1_000, "b": 90_000}, now_ms=100_000, max_idle_ms=50_000)
    assert active == {"a": False, "b": True}


def test_needs_reset() -> None:
    assert not needs_reset(0, 50)  # a fresh device has nothing to clean up
    assert not needs_reset(10, 0)  # nothing ever dropped
    assert not needs_reset(10, 11)  # it had pulled the newest dropped tombstone (seq 10)
    assert needs_reset(9, 11)  # it had not: seq 10 may have been missed
    assert not needs_reset(9, 11, retained_at_start=11)  # dropped before its fresh start


def test_batches_exactly_once() -> None:
    assert admit_batch(0, 1) is BatchAdmission.NEW
    assert admit_batch(4, 7) is BatchAdmission.NEW  # gaps are fine
    assert admit_batch(4, 4) is BatchAdmission.REPLAY
    assert admit_batch(4, 3) is BatchAdmission.STALE
