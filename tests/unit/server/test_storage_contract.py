"""The storage contract: every implementation of ``server.storage.Storage`` must pass these."""

from __future__ import annotations

import pathlib
import threading
from collections.abc import Callable, Iterator

import msgspec
import pytest

from server.storage import (
    Account,
    AdminGrant,
    AuditEntry,
    ConflictRow,
    Employee,
    EvidenceRow,
    RecordScope,
    SqliteStorage,
    Storage,
    StoredRecord,
    Tombstone,
    Unit,
)
from server.storage import sql_records as queries_module
from server.storage.migrations import MIGRATIONS
from server.storage.pg_migrations import PG_MIGRATIONS
from server.storage.postgres import PostgresStorage
from server.storage.sql_devices import epoch_suffix
from server.storage.sql_queries import mint_device_id
from shared_models.kinds import Role

Factory = Callable[[], "SqliteStorage | PostgresStorage"]


@pytest.fixture(params=["sqlite-file", "sqlite-memory", "postgresql"])
def store(request: pytest.FixtureRequest, tmp_path: pathlib.Path) -> Iterator[Storage]:
    storage: Storage
    if request.param == "postgresql":
        storage = PostgresStorage(request.getfixturevalue("pg_url"), pool_size=4)
    else:
        path = tmp_path / "s.db" if request.param == "sqlite-file" else ":memory:"
        storage = SqliteStorage(path)
    yield storage
    storage.close()


@pytest.fixture(params=["sqlite-file", "postgresql"])
def reopen(request: pytest.FixtureRequest, tmp_path: pathlib.Path) -> Iterator[Factory]:
    """Opens a storage over the same durable database each time it is called (a file, or one
    PostgreSQL database); every storage opened is closed after the test."""
    opened: list[Storage] = []
    url = request.getfixturevalue("pg_url") if request.param == "postgresql" else ""

    def factory() -> SqliteStorage | PostgresStorage:
        storage: SqliteStorage | PostgresStorage
        if url:
            storage = PostgresStorage(url, pool_size=8)
        else:
            storage = SqliteStorage(tmp_path / "durable.db")
        opened.append(storage)
        return storage

    yield factory
    for storage in opened:
        storage.close()


def _org(store: Storage) -> None:
    with store.write() as tx:
        tx.put_unit(Unit(id="pemkot", name="Pemkot"))
        tx.put_unit(Unit(id="dinkes", name="Dinkes", parent_id="pemkot", opd_id="dinkes"))
        tx.put_unit(Unit(id="pkm", name="Puskesmas", parent_id="dinkes", opd_id="dinkes"))
        tx.put_unit(Unit(id="disdik", name="Disdik", parent_id="pemkot", opd_id="disdik"))
        tx.put_employee(Employee(nip="boss", name="Boss", unit_id="dinkes"))
        tx.put_employee(Employee(nip="kapus", name="Kapus", unit_id="pkm", supervisor_nip="boss"))
        tx.put_employee(Employee(nip="a", name="A", unit_id="pkm", supervisor_nip="kapus"))
        tx.put_employee(
            Employee(nip="b", name="B", unit_id="pkm", supervisor_nip="kapus", active=False)
        )
        tx.put_employee(Employee(nip="t", name="T", unit_id="disdik"))
        for nip in ("boss", "kapus", "a", "t"):
            tx.put_account(Account(nip=nip, password_hash="$argon2id$x"))


def _record(
    rid: str, owner: str, kind: str = "progress_log", deleted: bool = False
) -> StoredRecord:
    return StoredRecord(
        id=rid,
        kind=kind,
        owner=owner,
        fields=b"\x80",
        vv=b"\x81\xa2s0\x01",
        hlc=1 << 16,
        field_clocks=b"\x80",
        author="s0",
        deleted=deleted,
    )


def test_migrations_are_recorded(store: Storage) -> None:
    with store.read() as reader:
        names = reader.migrations()
    assert names == sorted(names)
    history = PG_MIGRATIONS if isinstance(store, PostgresStorage) else MIGRATIONS
    assert names == [m.name for m in history]


def test_reopening_a_database_runs_no_migration_twice(reopen: Factory) -> None:
    first = reopen()
    history = PG_MIGRATIONS if isinstance(first, PostgresStorage) else MIGRATIONS
    assert first.applied_now == [m.name for m in history]
    first.close()
    again = reopen()
    assert again.applied_now == []


def test_master_data_round_trip(store: Storage) -> None:
    _org(store)
    with store.read() as reader:
        assert reader.unit("pkm") == Unit(
            id="pkm", name="Puskesmas", parent_id="dinkes", opd_id="dinkes"
        )
        assert reader.unit("nope") is None
        assert [u.id for u in reader.units()] == ["dinkes", "disdik", "pemkot", "pkm"]
        assert reader.employee("a") == Employee(
            nip="a", name="A", unit_id="pkm", supervisor_nip="kapus"
        )
        assert [e.nip for e in reader.subordinates("kapus")] == ["a"]  # b is inactive
        assert reader.employee_count() == 5


def test_employee_update_keeps_one_row(store: Storage) -> None:
    _org(store)
    with store.write() as tx:
        tx.put_employee(Employee(nip="a", name="A", unit_id="dinkes", supervisor_nip="boss"))
    with store.read() as reader:
        assert reader.subordinates("kapus") == []
        assert [e.nip for e in reader.subordinates("boss")] == ["a", "kapus"]
        assert reader.employee_count() == 5


def test_accounts_and_grants(store: Storage) -> None:
    _org(store)
    grants = [
        AdminGrant(nip="boss", role=Role.ADMIN_OPD, opd_id="dinkes"),
        AdminGrant(nip="boss", role=Role.ADMIN_BKPP),
    ]
    with store.write() as tx:
        tx.put_account(Account(nip="a", password_hash="new"))
        tx.set_admin_grants("boss", grants)
        tx.set_admin_grants("boss", grants)  # replacing is idempotent
    with store.read() as reader:
        assert reader.account("a") == Account(nip="a", password_hash="new")
        assert reader.account("zzz") is None
        assert sorted(reader.admin_grants("boss"), key=lambda g: g.role) == sorted(
            grants, key=lambda g: g.role
        )
        assert reader.admin_grants("a") == []


def test_account_flags_and_device_keys(store: Storage) -> None:
    _org(store)
    flagged = Account(
        nip="a", password_hash="h2", must_change=True, temporary_until=50.0, changed_at=10.0
    )
    with store.write() as tx:
        tx.put_account(flagged)
        device = tx.add_device(nip="a", token_hash="t1", now=1.0, expires=99.0)
        assert tx.device_key(device.id) is None
        tx.set_device_key(device.id, "k1")
    with store.read() as reader:
        assert reader.account("a") == flagged
        assert reader.device_key(device.id) == "k1"
        assert reader.device_key("d-none") is None
    with store.write() as tx:
        tx.put_account(Account(nip="a", password_hash="h3", changed_at=20.0))
    with store.read() as reader:
        assert reader.account("a") == Account(nip="a", password_hash="h3", changed_at=20.0)


def test_device_ids_are_minted_and_never_reused(store: Storage) -> None:
    _org(store)
    with store.write() as tx:
        d1 = tx.add_device(nip="a", token_hash="h1", now=10.0, expires=20.0, name="hp")
        d2 = tx.add_device(nip="a", token_hash="h2", now=11.0, expires=21.0)

    def abandoned() -> None:
        with store.write() as tx:
            tx.add_device(nip="a", token_hash="h3", now=12.0, expires=22.0)
            raise RuntimeError("rolled back")

    with pytest.raises(RuntimeError, match="rolled back"):
        abandoned()
    with store.write() as tx:
        d3 = tx.add_device(nip="a", token_hash="h4", now=12.0, expires=22.0)
    assert (d1.id, d2.id) == ("d1", "d2")
    # the rolled-back id was never committed, so no committed id repeats
    assert len({d1.id, d2.id, d3.id}) == 3
    with store.read() as reader:
        assert reader.device("d1") == d1
        assert reader.device_by_token("h2") == d2
        assert reader.device_by_token("nope") is None
        assert [d.id for d in reader.devices_of("a")] == ["d1", "d2", d3.id]


def test_device_token_touch_revoke_cursor(store: Storage) -> None:
    _org(store)
    with store.write() as tx:
        device = tx.add_device(nip="a", token_hash="h1", now=10.0, expires=20.0)
        tx.set_device_token(device.id, token_hash="h9", expires=99.0)
        tx.touch_device(device.id, 50.0)
        tx.set_pull_cursor(device.id, 7)
        tx.set_pull_cursor(device.id, 3)  # never backwards
        tx.revoke_device(device.id, 60.0)
        tx.revoke_device(device.id, 70.0)  # keeps the first revocation time
    with store.read() as reader:
        got = reader.device(device.id)
        assert reader.device_by_token("h1") is None
    assert got is not None
    assert (got.token_hash, got.expires, got.last_seen) == ("h9", 99.0, 50.0)
    assert (got.revoked, got.revoked_at, got.pull_cursor) == (True, 60.0, 7)


def test_mint_device_id() -> None:
    assert [mint_device_id(n) for n in (1, 31, 32, 33, 1024)] == ["d1", "dz", "d10", "d11", "d100"]
    with pytest.raises(ValueError, match="starts at 1"):
        mint_device_id(0)


def test_records_get_increasing_seq(store: Storage) -> None:
    with store.write() as tx:
        r1 = tx.put_record(_record("r1", "a"))
        r2 = tx.put_record(_record("r2", "b"))
        r1b = tx.put_record(_record("r1", "a", deleted=True))
    assert (r1.seq, r2.seq, r1b.seq) == (1, 2, 3)
    with store.read() as reader:
        assert reader.record("r1") == r1b
        assert reader.record("zz") is None
        assert reader.last_seq() == 3
        everything = RecordScope(everything=True)
        assert [r.id for r in reader.records_after(0, everything, 10)] == ["r2", "r1"]
        assert [r.id for r in reader.records_after(2, everything, 10)] == ["r1"]
        assert [r.id for r in reader.records_after(0, everything, 1)] == ["r2"]


def test_record_scope_filters(store: Storage) -> None:
    _org(store)
    with store.write() as tx:
        tx.put_record(_record("unit1", "", kind="unit"))
        tx.put_record(_record("ra", "a"))
        tx.put_record(_record("rk", "kapus"))
        tx.put_record(_record("rt", "t"))
    with store.read() as reader:

        def ids(scope: RecordScope, cursor: int = 0) -> list[str]:
            return [r.id for r in reader.records_after(cursor, scope, 100)]

        assert ids(RecordScope(owners=frozenset({"a"}))) == ["ra"]
        assert ids(RecordScope(owners=frozenset({"a"}), public_kinds=frozenset({"unit"}))) == [
            "unit1",
            "ra",
        ]
        assert ids(RecordScope(opd_ids=frozenset({"dinkes"}))) == ["ra", "rk"]
        assert ids(RecordScope(opd_ids=frozenset({"dinkes"}), owners=frozenset({"a", "t"}))) == [
            "ra",
            "rk",
            "rt",
        ]
        assert ids(RecordScope()) == []
        assert ids(RecordScope(everything=True), cursor=2) == ["rk", "rt"]
        assert [r.id for r in reader.records_of_owners({"a", "t"}, max_seq=3, limit=10)] == ["ra"]
        assert reader.record_ids_of_owners({"kapus", "t"}) == ["rk", "rt"]


def test_record_scope_of_one_kind_of_an_owner(store: Storage) -> None:
    """``owner_kinds``: one kind of an owner's records (an employee's supervisor's SKP), in
    the narrow (merged branches) and the wide (OPD walk) strategies alike."""
    _org(store)
    with store.write() as tx:
        tx.put_record(_record("sk", "kapus", kind="skp"))
        tx.put_record(_record("lk", "kapus"))
        tx.put_record(_record("la", "a"))
        tx.put_record(_record("st", "t", kind="skp"))
    pair = frozenset({("kapus", "skp")})
    many = frozenset(f"x{i}" for i in range(300))  # past the merge limit: the wide strategy
    with store.read() as reader:

        def ids(scope: RecordScope) -> list[str]:
            return [r.id for r in reader.records_after(0, scope, 100)]

        assert ids(RecordScope(owner_kinds=pair)) == ["sk"]
        assert ids(RecordScope(owners=frozenset({"a"}), owner_kinds=pair)) == ["sk", "la"]
        assert ids(RecordScope(owners=many | {"a"}, owner_kinds=pair)) == ["sk", "la"]
        assert ids(RecordScope(opd_ids=frozenset({"disdik"}), owner_kinds=pair)) == ["sk", "st"]
        assert reader.record_ids_of_owners({"kapus"}, kind="skp") == ["sk"]
        assert [
            r.id for r in reader.records_of_owners({"kapus", "t"}, max_seq=9, limit=9, kind="skp")
        ] == ["sk", "st"]


def test_failed_write_leaves_nothing(store: Storage) -> None:
    _org(store)

    def fails() -> None:
        with store.write() as tx:
            tx.put_record(_record("r1", "a"))
            tx.put_employee(Employee(nip="new", name="N", unit_id="pkm"))
            raise KeyError("boom")

    with pytest.raises(KeyError, match="boom"):
        fails()
    with store.read() as reader:
        assert reader.record("r1") is None
        assert reader.employee("new") is None
        assert reader.last_seq() == 0


def test_nested_write_is_a_savepoint(store: Storage) -> None:

    def inner_fails() -> None:
        with store.write() as inner:
            inner.put_record(_record("dropped", "a"))
            raise ValueError("inner fails")

    with store.write() as outer:
        outer.put_record(_record("kept", "a"))
        with pytest.raises(ValueError, match="inner fails"):
            inner_fails()
    with store.read() as reader:
        assert reader.record("kept") is not None
        assert reader.record("dropped") is None


def test_batches_are_remembered_and_bounded(store: Storage) -> None:
    _org(store)
    with store.write() as tx:
        device = tx.add_device(nip="a", token_hash="h", now=1.0, expires=2.0)
        assert tx.last_batch_seq(device.id) == 0
        for seq in range(1, 41):
            tx.put_batch_result(device.id, seq, f"result {seq}".encode())
    with store.read() as reader:
        assert reader.batch_result(device.id, 40) == b"result 40"
        assert reader.last_batch_seq(device.id) == 40
        assert reader.batch_result(device.id, 1) is None  # pruned: only the last few stay
        assert reader.batch_result(device.id, 25) == b"result 25"


def test_conflicts_are_stored_once(store: Storage) -> None:
    row = ConflictRow(id="c1", record_id="r1", kind="skp", owner="a", created=5.0, detail=b"x")
    with store.write() as tx:
        assert tx.add_conflict(row) is True
        assert tx.add_conflict(row) is False
    with store.read() as reader:
        assert reader.conflicts_of("r1") == [row]
        assert reader.conflicts_of("r2") == []


def test_tombstones(store: Storage) -> None:
    with store.write() as tx:
        for seq, rid in ((3, "x"), (5, "y"), (9, "z")):
            tx.add_tombstone(Tombstone(record_id=rid, kind="skp", owner="a", seq=seq, deleted_at=1))
        tx.drop_tombstones(["y"])
    with store.read() as reader:
        assert [t.record_id for t in reader.tombstones_before(10)] == ["x", "z"]
        assert [t.record_id for t in reader.tombstones_before(4)] == ["x"]


def test_collect_tombstones_forgets_deleted_records_up_to_a_seq(store: Storage) -> None:
    with store.read() as reader:
        assert reader.tombstone_low_water() == 0
    with store.write() as tx:
        written = tx.put_records(
            [_record("a", "o"), _record("b", "o", deleted=True), _record("c", "o")]
        )
        later = tx.put_record(_record("d", "o", deleted=True))
        tx.add_tombstones(
            [
                Tombstone(record_id=r.id, kind=r.kind, owner=r.owner, seq=r.seq, deleted_at=1)
                for r in (written[1], later)
            ]
        )
        assert tx.collect_tombstones(written[2].seq) == 1  # "b" only: "d" is past the seq
    with store.read() as reader:
        assert reader.record("b") is None
        assert reader.record("a") is not None  # live records are never collected
        assert reader.record("d") is not None
        assert [t.record_id for t in reader.tombstones_before(later.seq + 1)] == ["d"]
        assert reader.tombstone_low_water() == written[1].seq + 1
    with store.write() as tx:
        assert tx.collect_tombstones(written[2].seq) == 0  # nothing left there
        assert tx.collect_tombstones(later.seq) == 1
    with store.read() as reader:
        assert reader.tombstone_low_water() == later.seq + 1
        assert [r.id for r in reader.records_after(0, RecordScope(everything=True), 10)] == [
            "a",
            "c",
        ]


def test_pull_horizon_counts_active_unrevoked_devices(store: Storage) -> None:
    _org(store)
    with store.write() as tx:
        assert tx.pull_horizon(0.0) is None
        old = tx.add_device(nip="kapus", token_hash="h1", now=10.0, expires=99.0)
        new = tx.add_device(nip="kapus", token_hash="h2", now=50.0, expires=99.0)
        gone = tx.add_device(nip="kapus", token_hash="h3", now=50.0, expires=99.0)
        tx.set_pull_cursor(old.id, 3)
        tx.set_pull_cursor(new.id, 7)
        tx.revoke_device(gone.id, 60.0)  # cursor 0, but revoked: it holds nothing back
        tx.set_retained_at_start(new.id, 5)
    with store.read() as reader:
        assert reader.pull_horizon(0.0) == 3
        assert reader.pull_horizon(20.0) == 7  # "old" was last seen at 10
        assert reader.pull_horizon(100.0) is None
        device = reader.device(new.id)
        assert device is not None
        assert device.retained_at_start == 5


def test_visible_owners(store: Storage) -> None:
    _org(store)
    with store.write() as tx:
        device = tx.add_device(nip="kapus", token_hash="h", now=1.0, expires=2.0)
        tx.set_visible_owners(device.id, ["kapus", "a", "a"])
    with store.read() as reader:
        assert reader.visible_owners(device.id) == {"kapus", "a"}
    with store.write() as tx:
        tx.set_visible_owners(device.id, ["kapus"])
    with store.read() as reader:
        assert reader.visible_owners(device.id) == {"kapus"}
        assert reader.visible_owners("d999") == frozenset()


def test_the_scope_an_answer_sent_is_kept_until_forgotten(store: Storage) -> None:
    _org(store)
    with store.write() as tx:
        device = tx.add_device(nip="kapus", token_hash="h", now=1.0, expires=2.0)
    with store.read() as reader:
        assert reader.scope_sent(device.id) is None
    with store.write() as tx:
        tx.set_scope_sent(device.id, ["kapus", "a", "a"], 5, 9)
    with store.read() as reader:
        assert reader.scope_sent(device.id) == (frozenset({"kapus", "a"}), 5, 9)
    with store.write() as tx:
        tx.set_scope_sent(device.id, [], 9, 12)  # a scope of nobody is a scope too
    with store.read() as reader:
        assert reader.scope_sent(device.id) == (frozenset(), 9, 12)
    with store.write() as tx:
        tx.set_scope_sent(device.id, None, -1, -1)
    with store.read() as reader:
        assert reader.scope_sent(device.id) is None


def test_evidence_rows(store: Storage) -> None:
    row = EvidenceRow(
        sha256="ab" * 32,
        size=10,
        mime="image/png",
        path="evidence/partial/x.part",
        received=4,
        complete=False,
        owner="a",
        created=1.0,
    )
    with store.write() as tx:
        tx.put_evidence(row)
    with store.read() as reader:
        assert reader.evidence("ab" * 32) == row
    done = EvidenceRow(**{**{f: getattr(row, f) for f in row.__struct_fields__}, "complete": True})
    with store.write() as tx:
        tx.put_evidence(done)
        tx.add_evidence_holder("ab" * 32, "b", 2.0)
        tx.add_evidence_holder("ab" * 32, "a", 1.0)
        tx.add_evidence_holder("ab" * 32, "a", 3.0)  # once per person
    with store.read() as reader:
        assert reader.evidence("ab" * 32) == done
        assert reader.evidence_holders("ab" * 32) == ["a", "b"]
        assert reader.evidence_holders("cd" * 32) == []
    with store.write() as tx:
        tx.drop_evidence("ab" * 32)
    with store.read() as reader:
        assert reader.evidence("ab" * 32) is None
        assert reader.evidence_holders("ab" * 32) == []


def test_evidence_claims_follow_the_live_records(store: Storage) -> None:
    one, two, other = "ab" * 32, "cd" * 32, "ef" * 32

    def log(rid: str, owner: str, *shas: str, deleted: bool = False) -> StoredRecord:
        fields = msgspec.msgpack.encode({"evidence": list(shas)})
        base = _record(rid, owner, deleted=deleted)
        return msgspec.structs.replace(base, fields=b"\x80" if deleted else fields)

    with store.write() as tx:
        tx.put_records([log("r1", "b", one, two), log("r2", "a", one), log("r3", "c", other)])
    with store.read() as reader:
        assert reader.evidence_claims({one, two}) == [
            (one, "r2", "a"),
            (one, "r1", "b"),
            (two, "r1", "b"),
        ]
        assert reader.evidence_claims(set()) == []
    with store.write() as tx:  # an edit drops a file, a delete drops them all
        tx.put_records([log("r1", "b", two), log("r2", "a", deleted=True)])
    with store.read() as reader:
        assert reader.evidence_claims({one, two}) == [(two, "r1", "b")]


def test_audit_log(store: Storage) -> None:
    with store.write() as tx:
        first = tx.append_audit(AuditEntry(ts=1.0, nip="a", action="login", device_id="d1"))
        second = tx.append_audit(
            AuditEntry(
                ts=2.0,
                nip="a",
                action="change_accepted",
                record_kind="skp",
                record_id="r1",
                detail={"changed": ["status"]},
            )
        )
    with store.read() as reader:
        entries = reader.audit_entries()
        assert entries == [first, second]
        assert reader.audit_entries(after_id=first.id) == [second]
    assert second.detail == {"changed": ["status"]}


def _accepted(rid: str, owner: str, *, ts: float = 5.0, **detail: object) -> AuditEntry:
    return AuditEntry(
        ts=ts,
        nip="boss",
        action="change_accepted",
        device_id="d9",
        record_kind="progress_log",
        record_id=rid,
        detail={"owner": owner, **detail},
        subject=owner,
    )


def test_a_group_of_audit_entries_is_one_row_read_back_entry_by_entry(store: Storage) -> None:
    # what one push accepted about an employee's records is written as one row; every read
    # (in order, by subject, by actor, by record, paged) gives the entries back one by one
    group_a = [_accepted("r1", "a", changed=["value"]), _accepted("r2", "a"), _accepted("r1", "a")]
    group_b = [_accepted("r3", "b", value="r1")]  # names r1 in its detail, about b's record
    with store.write() as tx:
        tx.put_records([_record("r1", "a"), _record("r2", "a"), _record("r3", "b")])
        login = tx.append_audit(AuditEntry(ts=1.0, nip="a", action="login", device_id="d1"))
        tx.append_audit_group(group_a)
        tx.append_audit_group(group_b)
        tx.append_audit_group([])
        with pytest.raises(ValueError, match="share"):
            tx.append_audit_group([_accepted("r1", "a"), _accepted("r3", "b")])
        with pytest.raises(ValueError, match="share"):
            tx.append_audit_group([_accepted("r1", "a"), _accepted("r2", "a", ts=6.0)])
    with store.read() as reader:
        entries = reader.audit_entries()
        rows = sorted({e.id for e in entries})
        assert len(rows) == 3  # the login, one row for a's three entries, one for b's
        assert [e.id for e in entries] == [rows[0], rows[1], rows[1], rows[1], rows[2]]
        assert entries[0] == login
        grouped = [msgspec.structs.replace(e, id=0) for e in entries[1:]]
        assert grouped == [*group_a, *group_b]
        assert reader.audit_entries(after_id=rows[0], limit=1) == entries[1:4]
        assert reader.audit_entries(after_id=rows[2]) == []

        about_a = reader.browse_audit(subject="a")
        assert [(e.record_id, e.action) for e in about_a.entries] == [
            ("r1", "change_accepted"),
            ("r2", "change_accepted"),
            ("r1", "change_accepted"),
            (None, "login"),
        ]
        assert about_a.next_before_id is None
        by_boss = reader.browse_audit(nip="boss")
        assert [e.record_id for e in by_boss.entries] == ["r3", "r1", "r2", "r1"]
        # by record: only its own entries (not r2 of the same row, not b's row naming "r1")
        by_record = reader.browse_audit(record_id="r1")
        assert [e.record_id for e in by_record.entries] == ["r1", "r1"]
        assert [e.detail for e in by_record.entries] == [
            {"owner": "a"},
            {"owner": "a", "changed": ["value"]},
        ]
        assert [e.record_id for e in reader.browse_audit(record_id="r3").entries] == ["r3"]
        # paging reads whole rows: one row a page, older rows after
        first = reader.browse_audit(limit=1)
        assert [e.record_id for e in first.entries] == ["r3"]
        assert first.next_before_id == rows[2]
        second = reader.browse_audit(limit=1, before_id=first.next_before_id)
        assert len(second.entries) == 3
        third = reader.browse_audit(limit=2, before_id=second.next_before_id)
        assert third.entries == [login]
        assert third.next_before_id is None
    with store.write() as tx:  # a record without a row (collected after its deletion)
        tx.append_audit_group([_accepted("r9", "c"), _accepted("r1ax", "c")])
    with store.read() as reader:
        assert [e.record_id for e in reader.browse_audit(record_id="r9").entries] == ["r9"]
        assert [e.record_id for e in reader.browse_audit(record_id="r2").entries] == ["r2"]
        assert reader.browse_audit(record_id="r1_x").entries == []  # no wildcard
        assert reader.browse_audit(record_id="r%").entries == []
        assert reader.browse_audit(record_id="nothing").entries == []


def test_readers_see_only_committed_data(reopen: Factory) -> None:
    store = reopen()
    seen: list[StoredRecord | None] = []
    try:
        with store.write() as tx:
            tx.put_record(_record("r1", "a"))

            def look() -> None:
                with store.read() as reader:
                    seen.append(reader.record("r1"))

            thread = threading.Thread(target=look)
            thread.start()
            thread.join()
        with store.read() as reader:
            assert reader.record("r1") is not None
    finally:
        store.close()
    assert seen == [None]


def test_writes_from_many_threads_are_serialized(reopen: Factory) -> None:
    store = reopen()
    errors: list[BaseException] = []

    def work(n: int) -> None:
        try:
            for i in range(20):
                with store.write() as tx:
                    tx.put_record(_record(f"r{n}-{i}", "a"))
                with store.read() as reader:
                    reader.last_seq()
        except BaseException as err:  # pragma: no cover - reported below
            errors.append(err)

    threads = [threading.Thread(target=work, args=(n,)) for n in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    try:
        with store.read() as reader:
            seqs = [r.seq for r in reader.records_after(0, RecordScope(everything=True), 1000)]
    finally:
        store.close()
    assert errors == []
    assert seqs == list(range(1, 161))


def test_closed_storage_refuses_use(reopen: Factory) -> None:
    store = reopen()
    store.close()
    store.close()
    with pytest.raises(RuntimeError, match="closed"), store.read():
        pass


@pytest.mark.parametrize("merge_max", [0, 256])
def test_records_after_pages_alike_in_both_plans(
    store: Storage, monkeypatch: pytest.MonkeyPatch, merge_max: int
) -> None:
    """A pull page is one merged index walk per owner/kind (narrow scopes) or one filtered walk
    of the seq index (wide scopes, here forced with ``merge_max=0``): same records, same order,
    a record in two branches once, pages of ``limit`` that resume at the cursor."""
    monkeypatch.setattr(queries_module, "_MERGE_MAX_BRANCHES", merge_max)
    _org(store)
    with store.write() as tx:
        for i in range(30):
            owner = ("a", "kapus", "t", "")[i % 4]
            tx.put_record(_record(f"r{i:02d}", owner, kind="unit" if owner == "" else "log"))
        tx.put_record(_record("a-unit", "a", kind="unit"))  # public kind and named owner
    scope = RecordScope(
        owners=frozenset({"a"}), opd_ids=frozenset({"disdik"}), public_kinds=frozenset({"unit"})
    )
    expected = [f"r{i:02d}" for i in range(30) if i % 4 in (0, 2, 3)] + ["a-unit"]
    got: list[str] = []
    cursor = 0
    with store.read() as reader:
        while True:
            page = reader.records_after(cursor, scope, 4)
            assert len(page) <= 4
            got += [r.id for r in page]
            if len(page) < 4:
                break
            cursor = page[-1].seq
    assert got == expected


def test_a_new_epoch_is_kept_and_names_what_is_minted_after(reopen: Factory) -> None:
    first = reopen()
    with first.read() as reader:
        assert reader.epoch() == 1  # a database's first life
    with first.write() as tx:
        epoch = tx.new_epoch()
    assert epoch > 1
    with reopen().read() as reader:
        assert reader.epoch() == epoch  # durable: every process started later reads it
    with reopen().write() as tx:
        again = tx.new_epoch()
    assert again not in (1, epoch)  # a restore of an older backup never meets a thrown-away life
    assert mint_device_id(5) == "d5"
    assert mint_device_id(5, epoch) == "d5" + epoch_suffix(epoch)
    assert mint_device_id(5, epoch) != mint_device_id(5, again)
    assert epoch_suffix(1) == ""
