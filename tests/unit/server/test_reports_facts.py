"""Report facts: kept by the storage in the record's own write transaction, except the progress
logs' facts, which are projected behind the writes (``project_facts``) in seq order."""

from __future__ import annotations

import pathlib
import sqlite3

import msgspec
import pytest

from server.storage import Employee, SqliteStorage, StoredRecord, Unit
from server.storage.facts import extract_fact
from server.storage.migrations import MIGRATIONS
from server.storage.rows import FactQuery

NIP = "199003142014032003"
_enc = msgspec.msgpack.Encoder()


def _log(record_id: str, day: str, value: float, *, deleted: bool = False) -> StoredRecord:
    fields = {"employee_nip": NIP, "date": day, "value": value, "indicator_id": "i1"}
    return StoredRecord(
        id=record_id,
        kind="progress_log",
        owner=NIP,
        fields=_enc.encode(fields),
        vv=b"\x80",
        hlc=1,
        field_clocks=b"\x80",
        author="s0",
        deleted=deleted,
    )


@pytest.fixture
def store(tmp_path: pathlib.Path) -> SqliteStorage:
    storage = SqliteStorage(tmp_path / "facts.db")
    with storage.write() as tx:
        tx.put_unit(Unit(id="opd-a", name="Dinas A", opd_id="opd-a", kind="perangkat_daerah"))
        tx.put_unit(Unit(id="opd-b", name="Dinas B", opd_id="opd-b", kind="perangkat_daerah"))
        tx.put_unit(Unit(id="u-a1", name="Seksi A1", parent_id="opd-a", opd_id="opd-a"))
        tx.put_employee(Employee(nip=NIP, name="Dewi", unit_id="u-a1"))
    return storage


def test_a_log_write_gets_its_fact_once_projected(store: SqliteStorage) -> None:
    with store.write() as tx:
        tx.put_record(_log("l1", "2026-11-23", 2))
        tx.put_record(_log("l2", "2026-11-24", 3))
    with store.read() as reader:
        assert reader.facts_lag() == 2
        assert reader.facts(FactQuery(kind="progress_log")) == []
    assert store.project_facts() == 2
    assert store.project_facts() == 0
    with store.read() as reader:
        assert reader.facts_lag() == 0
        facts = reader.facts(FactQuery(kind="progress_log"))
        week = reader.group_facts(
            FactQuery(kind="progress_log", day_from="2026-11-24", day_to="2026-11-30"),
            ("opd_id", "unit_id"),
            with_value=True,
        )
    assert [(f.record_id, f.unit_id, f.opd_id, f.day, f.ref) for f in facts] == [
        ("l1", "u-a1", "opd-a", "2026-11-23", "i1"),
        ("l2", "u-a1", "opd-a", "2026-11-24", "i1"),
    ]
    assert [(g.keys, g.count, g.owners, g.value) for g in week] == [(("opd-a", "u-a1"), 1, 1, 3.0)]


def test_a_tombstone_drops_the_fact_and_a_rollback_keeps_none(store: SqliteStorage) -> None:
    with store.write() as tx:
        tx.put_record(_log("l1", "2026-11-23", 2))
    with store.write() as tx:
        tx.put_record(_log("l1", "2026-11-23", 2, deleted=True))

    def failing_write() -> None:
        with store.write() as tx:
            tx.put_record(_log("l2", "2026-11-23", 2))
            raise RuntimeError("boom")

    with pytest.raises(RuntimeError):
        failing_write()
    store.project_facts()
    with store.read() as reader:
        assert reader.facts(FactQuery(kind="progress_log")) == []
        assert reader.facts_lag() == 0


def test_a_projected_fact_follows_later_edits_and_deletes(store: SqliteStorage) -> None:
    with store.write() as tx:
        tx.put_record(_log("l1", "2026-11-23", 2))
        tx.put_record(_log("l2", "2026-11-23", 5))
    store.project_facts()
    with store.write() as tx:
        tx.put_record(_log("l1", "2026-11-25", 4))
        tx.put_record(_log("l2", "2026-11-23", 5, deleted=True))
    with store.read() as reader:  # until projected, the facts are those of the older versions
        assert [(f.record_id, f.value) for f in reader.facts(FactQuery(kind="progress_log"))] == [
            ("l1", 2.0),
            ("l2", 5.0),
        ]
    store.project_facts()
    with store.read() as reader:
        assert [
            (f.record_id, f.day, f.value) for f in reader.facts(FactQuery(kind="progress_log"))
        ] == [("l1", "2026-11-25", 4.0)]


def test_projection_goes_in_seq_order_and_in_chunks(store: SqliteStorage) -> None:
    with store.write() as tx:
        for i in range(5):
            tx.put_record(_log(f"l{i}", "2026-11-23", i))
    done = []
    while True:
        with store.write() as tx:
            n = tx.project_facts(2)
        done.append(n)
        with store.read() as reader:
            projected = [f.record_id for f in reader.facts(FactQuery(kind="progress_log"))]
        assert projected == [f"l{i}" for i in range(sum(done))]
        if n < 2:
            break
    assert done == [2, 2, 1]


def test_other_kinds_keep_their_facts_in_the_same_transaction(store: SqliteStorage) -> None:
    appraisal = msgspec.structs.replace(
        _log("a1", "2026-11-23", 0),
        kind="appraisal",
        fields=_enc.encode({"period_code": "2026-T4", "status": "final", "predikat": "baik"}),
    )
    with store.write() as tx:
        tx.put_record(appraisal)
        (fact,) = tx.facts(FactQuery(kind="appraisal"))
    assert (fact.period, fact.status, fact.predikat) == ("2026-T4", "final", "baik")
    with store.read() as reader:
        assert reader.facts_lag() == 0


def test_mutasi_moves_the_facts_along(store: SqliteStorage) -> None:
    with store.write() as tx:
        tx.put_record(_log("l1", "2026-11-23", 2))
        tx.put_employee(Employee(nip=NIP, name="Dewi", unit_id="opd-b"))
    store.project_facts()  # projected after the mutasi: the current unit
    with store.read() as reader:
        (fact,) = reader.facts(FactQuery(kind="progress_log"))
    assert (fact.unit_id, fact.opd_id) == ("opd-b", "opd-b")
    with store.write() as tx:  # a mutasi after the projection moves the fact along
        tx.put_employee(Employee(nip=NIP, name="Dewi", unit_id="u-a1"))
    with store.read() as reader:
        (fact,) = reader.facts(FactQuery(kind="progress_log"))
    assert (fact.unit_id, fact.opd_id) == ("u-a1", "opd-a")
    with store.write() as tx:
        tx.put_employee(Employee(nip=NIP, name="Dewi", unit_id="opd-b"))
    with store.write() as tx:
        tx.put_unit(Unit(id="opd-b", name="Dinas B", opd_id="opd-a", kind="perangkat_daerah"))
    with store.read() as reader:
        (fact,) = reader.facts(FactQuery(kind="progress_log"))
    assert fact.opd_id == "opd-a"


def test_an_older_database_gets_its_facts_derived(tmp_path: pathlib.Path) -> None:
    path = tmp_path / "old.db"
    SqliteStorage(path, migrations=MIGRATIONS[:4]).close()
    log = _log("l1", "2026-11-23", 2)
    with sqlite3.connect(path) as conn:  # written by a server from before the facts
        conn.execute("INSERT INTO units (id, name, opd_id) VALUES ('opd-a', 'Dinas A', 'opd-a')")
        conn.execute(f"INSERT INTO employees (nip, name, unit_id) VALUES ('{NIP}', 'D', 'opd-a')")
        conn.execute(
            "INSERT INTO records (id, kind, owner, fields, vv, hlc, field_clocks, author, seq) "
            "VALUES (?, ?, ?, ?, ?, 1, ?, 's0', 1)",
            (log.id, log.kind, log.owner, log.fields, log.vv, log.field_clocks),
        )
    conn.close()
    new = SqliteStorage(path)
    with new.read() as reader:
        facts = reader.facts(FactQuery(kind="progress_log"))
        assert reader.facts_lag() == 0  # derived at once, nothing left to project
    new.close()
    assert [(f.record_id, f.opd_id) for f in facts] == [("l1", "opd-a")]


def test_unreadable_content_gives_a_fact_without_values() -> None:
    record = msgspec.structs.replace(
        _log("l1", "2026-11-23", 2), fields=_enc.encode({"date": [5], "value": "x"})
    )
    fact = extract_fact(record)
    assert fact is not None
    assert (fact.day, fact.value) == (None, None)
    assert extract_fact(msgspec.structs.replace(record, fields=b"\xc1")) is None


def test_an_older_database_gets_its_evidence_refs_derived(tmp_path: pathlib.Path) -> None:
    path = tmp_path / "old.db"
    SqliteStorage(path, migrations=MIGRATIONS[:5]).close()
    sha = "ab" * 32
    log = msgspec.structs.replace(
        _log("l1", "2026-11-23", 2), fields=_enc.encode({"date": "2026-11-23", "evidence": [sha]})
    )
    gone = msgspec.structs.replace(log, id="l2", deleted=True)
    with sqlite3.connect(path) as conn:  # written by a server from before the refs
        for seq, r in enumerate((log, gone), start=1):
            conn.execute(
                "INSERT INTO records (id, kind, owner, fields, vv, hlc, field_clocks, author, "
                "deleted, seq) VALUES (?, ?, ?, ?, ?, 1, ?, 's0', ?, ?)",
                (r.id, r.kind, r.owner, r.fields, r.vv, r.field_clocks, int(r.deleted), seq),
            )
    conn.close()
    new = SqliteStorage(path)
    with new.read() as reader:
        owners = reader.evidence_owners(sha)
    with new.write() as tx:  # an edit that drops the file removes its ref
        tx.put_record(msgspec.structs.replace(log, fields=_enc.encode({"evidence": []})))
    with new.read() as reader:
        after = reader.evidence_owners(sha)
    new.close()
    assert owners == [NIP]
    assert after == []
