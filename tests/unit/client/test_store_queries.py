"""The store's named queries (what the device's operations used to ask in SQL themselves), on a
real in-memory store, and its savepoint."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from client.store import PENDING, SYNCED, Store
from sync.records import Record

BOSS = "197803142002031002"
SUB = "199602032021032007"
OTHER = "199003142014031002"


def _record(
    kind: str,
    record_id: str,
    owner: str,
    fields: dict[str, Any] | None = None,
    *,
    hlc: int = 1,
    author: str = "s0",
    deleted: bool = False,
) -> Record:
    return Record(
        kind=kind,
        id=record_id,
        owner=owner,
        fields=fields or {},
        vv={author: 1},
        hlc=hlc,
        author=author,
        deleted=deleted,
    )


@pytest.fixture
def store() -> Iterator[Store]:
    with Store(":memory:", key=None) as opened:
        yield opened


def test_states_by_id_of_one_kind_and_owner(store: Store) -> None:
    store.records.put(_record("progress_log", "log-1", SUB), SYNCED)
    store.records.put(_record("progress_log", "log-2", SUB, deleted=True), PENDING)
    store.records.put(_record("progress_log", "log-3", OTHER), PENDING)
    store.records.put(_record("skp", "skp-1", SUB), PENDING)
    assert store.records.states("progress_log", SUB) == {"log-1": SYNCED, "log-2": PENDING}
    assert store.records.states("progress_log", BOSS) == {}


def test_known_ids_in_chunks(store: Store) -> None:
    store.records.put_many(
        (_record("progress_log", f"log-{i:04}", SUB) for i in range(600)), SYNCED
    )
    asked = [f"log-{i:04}" for i in range(550, 1200)]
    assert store.records.known_ids(asked) == {f"log-{i:04}" for i in range(550, 600)}
    assert store.records.known_ids([]) == set()


def test_ids_starting_with_a_prefix(store: Store) -> None:
    store.records.put(_record("progress_log", "abcd-1", SUB), SYNCED)
    store.records.put(_record("progress_log", "abcd-2", SUB), SYNCED)
    store.records.put(_record("progress_log", "abce-1", SUB, deleted=True), SYNCED)
    store.records.put(_record("skp", "abcf-1", SUB), SYNCED)
    assert sorted(store.records.ids_starting("progress_log", "abcd", limit=2)) == [
        "abcd-1",
        "abcd-2",
    ]
    assert len(store.records.ids_starting("progress_log", "abc", limit=1)) == 1
    assert store.records.ids_starting("progress_log", "abce", limit=2) == []
    assert store.records.ids_starting("skp", "abcf", limit=2) == ["abcf-1"]


def test_rowid_mark_and_what_arrived_after_it(store: Store) -> None:
    assert store.records.max_rowid("progress_log", SUB) == 0
    store.records.put(_record("progress_log", "log-1", SUB), SYNCED)
    seen = store.records.max_rowid("progress_log", SUB)
    assert seen > 0
    store.records.put(_record("progress_log", "log-2", SUB), SYNCED)
    store.records.put(_record("progress_log", "log-3", SUB, deleted=True), SYNCED)
    store.records.put(_record("progress_log", "log-4", OTHER), SYNCED)
    assert store.records.count_after("progress_log", SUB, seen) == 1
    assert store.records.count_after("progress_log", SUB, 0) == 2
    assert store.records.max_rowid("progress_log", SUB) > seen


def test_last_clock_not_written_by_given_replicas(store: Store) -> None:
    kinds = ("progress_log", "skp")
    assert store.records.last_hlc_not_by(SUB, kinds, ("me", "s0")) is None
    store.records.put(_record("progress_log", "log-1", SUB, hlc=5, author="s0"), SYNCED)
    store.records.put(_record("progress_log", "log-2", SUB, hlc=7, author="me"), SYNCED)
    assert store.records.last_hlc_not_by(SUB, kinds, ("me", "s0")) is None
    store.records.put(_record("skp", "skp-1", SUB, hlc=9, author="d-sub"), SYNCED)
    store.records.put(_record("feedback", "fb-1", SUB, hlc=20, author="d-sub"), SYNCED)
    store.records.put(
        _record("progress_log", "log-3", SUB, hlc=30, author="d-sub", deleted=True), SYNCED
    )
    assert store.records.last_hlc_not_by(SUB, kinds, ("me", "s0")) == 9


def test_supervised_by(store: Store) -> None:
    store.records.put(
        _record("employee", "emp-1", "", {"nip": SUB, "supervisor_nip": BOSS}), SYNCED
    )
    store.records.put(_record("skp", "skp-1", OTHER, {"supervisor_nip": BOSS}), SYNCED)
    store.records.put(
        _record("employee", "emp-2", "", {"nip": "x", "supervisor_nip": BOSS}, deleted=True),
        SYNCED,
    )
    store.records.put(_record("employee", "emp-3", "", {"nip": "y", "supervisor_nip": SUB}), SYNCED)
    store.records.put(_record("progress_log", "log-1", "z", {"supervisor_nip": BOSS}), SYNCED)
    assert store.records.supervised_by(BOSS, ("employee", "skp")) == {SUB, OTHER}


def _fail_in_savepoint(store: Store) -> None:
    with store.savepoint("failing"):
        store.meta.set("dropped", 3)
        raise RuntimeError("gagal")


def test_savepoint_keeps_or_rolls_back_its_part(store: Store) -> None:
    with store.transaction():
        store.meta.set("kept", 1)
        with store.savepoint("part"):
            store.meta.set("inner", 2)
        with pytest.raises(RuntimeError):
            _fail_in_savepoint(store)
    assert store.meta.get("kept") == 1
    assert store.meta.get("inner") == 2
    assert store.meta.get("dropped") is None
