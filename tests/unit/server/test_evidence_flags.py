"""``server.evidence_flags``: which logs carry which other claimants of their files, on a real
SQLite storage, batch by batch as a push would write them."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pytest

from server.actor import Actor
from server.evidence_flags import EvidenceTouch, flag_shared_evidence
from server.record_codec import from_stored, to_stored
from server.storage import SqliteStorage, Storage
from shared_models.evidence_checks import SHARED_EVIDENCE_LIMIT, shared_with
from shared_models.kinds import Role
from shared_models.nip import make_nip
from sync import Record
from tests.unit.server import dataset

A, B, C = "a" * 64, "b" * 64, "c" * 64
ACTOR = Actor(nip="x", device_id="d1", roles=frozenset({Role.PEGAWAI}), unit_id="u", opd_id=None)


def nip(n: int) -> str:
    return make_nip(date(1980, 1, 1), 2005, 1, 2, n)


@pytest.fixture
def store() -> Iterator[Storage]:
    storage = SqliteStorage(":memory:")
    yield storage
    storage.close()


def _log(owner: str, rid: str, *files: str, deleted: bool = False) -> Record:
    fields = {} if deleted else {**dataset.log_fields(owner), "evidence": list(files)}
    return Record(
        kind="progress_log",
        id=rid,
        owner=owner,
        fields=fields,
        vv={"d1": 1},
        hlc=1 << 16,
        author="d1",
        field_clocks={},
        deleted=deleted,
    )


def push(store: Storage, *logs: Record) -> list[Record]:
    """Store ``logs`` as one batch, then flag: what the server wrote."""
    with store.write() as tx:
        touch = EvidenceTouch()
        current: dict[str, Record | None] = {}
        for log in logs:
            row = tx.record(log.id)
            touch.note(log, None if row is None else from_stored(row))
            current[log.id] = log
        tx.put_records([to_stored(log) for log in logs])
        return flag_shared_evidence(tx, touch, current, actor=ACTOR, replica="s0", now=1.0)


def flags(store: Storage, rid: str) -> dict[str, list[str]]:
    with store.read() as reader:
        row = reader.record(rid)
    assert row is not None
    return dict(from_stored(row).fields.get("shared_evidence") or {})


def test_each_claimant_names_the_others_and_a_withdrawal_clears(store: Storage) -> None:
    one, two, three = nip(1), nip(2), nip(3)
    assert push(store, _log(one, "r1", A, B)) == []  # a first claimant writes nothing
    written = push(store, _log(two, "r2", A))
    assert {r.id for r in written} == {"r1", "r2"}
    assert flags(store, "r1") == {A: [two]}  # B is nobody else's
    assert flags(store, "r2") == {A: [one]}
    push(store, _log(three, "r3", A), _log(one, "r4", A))  # one's second log: not "another"
    assert flags(store, "r1") == {A: [two, three]}
    assert flags(store, "r4") == {A: [two, three]}
    assert flags(store, "r3") == {A: [one, two]}
    push(store, _log(two, "r2", deleted=True))
    push(store, _log(three, "r3", C))  # an edit that drops the file
    assert flags(store, "r1") == {}
    assert flags(store, "r4") == {}
    assert flags(store, "r3") == {}


def test_a_widely_shared_file_names_the_lowest_nips_and_stays_cheap(store: Storage) -> None:
    owners = [nip(n) for n in range(100, 100 + SHARED_EVIDENCE_LIMIT + 5)]
    for i, owner in enumerate(owners):
        push(store, _log(owner, f"r{i}", A))
    for i, owner in enumerate(owners):
        assert flags(store, f"r{i}") == {A: shared_with(owner, owners)}, i
    assert len(flags(store, "r0")[A]) == SHARED_EVIDENCE_LIMIT
    # a claimant beyond the 11 lowest NIPs changes nobody else's list: one write, its own
    written = push(store, _log(nip(999), "late", A))
    assert [r.id for r in written] == ["late"]
    assert flags(store, "late") == {A: owners[:SHARED_EVIDENCE_LIMIT]}
    # one among them leaving changes every list
    written = push(store, _log(owners[0], "r0", deleted=True))
    assert len(written) == len(owners)  # the 14 others and the late one
    assert flags(store, "late")[A] == owners[1 : SHARED_EVIDENCE_LIMIT + 1]


def test_a_batch_that_swaps_files_between_two_logs(store: Storage) -> None:
    one, two = nip(1), nip(2)
    push(store, _log(one, "r1", A), _log(two, "r2", B))
    assert flags(store, "r1") == flags(store, "r2") == {}
    push(store, _log(one, "r1", B), _log(two, "r2", B))  # two logs of one batch, one file
    assert flags(store, "r1") == {B: [two]}
    assert flags(store, "r2") == {B: [one]}
    push(store, _log(one, "r1", A, B))  # keeps B, adds A: B's list is kept
    assert flags(store, "r1") == {B: [two]}
