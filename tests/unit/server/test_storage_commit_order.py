"""Commit order of ``seq`` with several writers on PostgreSQL (docs/sync.md, "Commit order of
seq"): a writer that took a seq holds the writer lock until it commits, so a second writer,
from another process or connection, cannot commit a higher seq first, and a pull cursor never
passes a seq that is still to be committed."""

from __future__ import annotations

import threading
import time

import psycopg

from server.storage import RecordScope, StoredRecord
from server.storage.postgres import PostgresStorage

_EVERYTHING = RecordScope(everything=True)


def _record(rid: str) -> StoredRecord:
    return StoredRecord(
        id=rid,
        kind="log",
        owner="a",
        fields=b"{}",
        vv=b"{}",
        hlc=1,
        field_clocks=b"{}",
        author="a",
        deleted=False,
        seq=0,
    )


def _wait_for_a_blocked_writer(url: str, timeout: float = 30.0) -> None:
    """Until PostgreSQL shows a session waiting for a lock (the second writer)."""
    deadline = time.monotonic() + timeout
    with psycopg.connect(url, autocommit=True) as conn:
        while time.monotonic() < deadline:
            row = conn.execute("SELECT count(*) FROM pg_locks WHERE NOT granted").fetchone()
            if row is not None and row[0] > 0:
                return
            time.sleep(0.01)
    raise AssertionError("the second writer never waited for the first")


def test_a_later_writer_cannot_commit_a_higher_seq_first(pg_url: str) -> None:
    first = PostgresStorage(pg_url, pool_size=2)
    second = PostgresStorage(pg_url, pool_size=2)  # another process's pool, in effect
    holding, release = threading.Event(), threading.Event()
    written: dict[str, int] = {}

    def slow_writer() -> None:
        with first.write() as tx:
            written["early"] = tx.put_record(_record("early")).seq
            holding.set()
            release.wait(60)

    def fast_writer() -> None:
        with second.write() as tx:
            written["late"] = tx.put_record(_record("late")).seq

    try:
        slow = threading.Thread(target=slow_writer)
        slow.start()
        assert holding.wait(30)
        fast = threading.Thread(target=fast_writer)
        fast.start()
        _wait_for_a_blocked_writer(pg_url)
        # the moment a commit out of order would happen: the early seq is taken, not committed
        with second.read() as reader:
            assert reader.records_after(0, _EVERYTHING, 100) == []
            cursor = reader.last_seq()
        release.set()
        slow.join(30)
        fast.join(30)
        assert written["early"] < written["late"]
        with second.read() as reader:
            seen = [(r.id, r.seq) for r in reader.records_after(cursor, _EVERYTHING, 100)]
        assert seen == [("early", written["early"]), ("late", written["late"])]
    finally:
        release.set()
        first.close()
        second.close()


def _pages_read_while_writers_race(pg_url: str, *, concurrent: bool) -> list[int]:
    """Four writers on two pools commit 200 records (50 each; ``concurrent`` writers lock
    their own key first) while a reader pages with its cursor the way a device pulls; the
    seqs the reader got, in the order it got them."""
    pools = [PostgresStorage(pg_url, pool_size=3) for _ in range(2)]
    errors: list[BaseException] = []
    done = threading.Event()
    got: list[int] = []

    def writer(n: int) -> None:
        try:
            for i in range(50):
                with pools[n % 2].write(concurrent=concurrent) as tx:
                    if concurrent:
                        tx.lock_keys([f"record:w{n}-{i}"])
                    tx.put_record(_record(f"w{n}-{i}"))
        except BaseException as err:  # pragma: no cover - reported below
            errors.append(err)

    def reader() -> None:
        cursor = 0
        while True:
            finished = done.is_set()
            with pools[1].read() as r:
                page = r.records_after(cursor, _EVERYTHING, 7)
            got.extend(x.seq for x in page)
            if page:
                cursor = page[-1].seq
            elif finished:
                return

    try:
        threads = [threading.Thread(target=writer, args=(n,)) for n in range(4)]
        pull = threading.Thread(target=reader)
        pull.start()
        for t in threads:
            t.start()
        for t in threads:
            t.join(120)
        done.set()
        pull.join(120)
    finally:
        for p in pools:
            p.close()
    assert errors == []
    return got


def test_pages_read_while_writers_race_skip_nothing(pg_url: str) -> None:
    """Four writers on two pools commit 200 records while a reader pages with its cursor the
    way a device pulls: the reader ends with every record, each once, in seq order."""
    assert _pages_read_while_writers_race(pg_url, concurrent=False) == list(range(1, 201))


def test_concurrent_writers_run_side_by_side_and_keep_apart_on_a_key(pg_url: str) -> None:
    """Two concurrent writers on disjoint keys are inside their transactions at the same time
    (deciding; taking seqs lines them up again, on the counter row); a third on a key one of
    them holds waits for it; an ordinary writer waits for both."""
    stores = [PostgresStorage(pg_url, pool_size=2) for _ in range(4)]
    both_in = threading.Barrier(3, timeout=30)  # the two writers, and this test
    release = threading.Event()
    order: list[str] = []

    def concurrent(n: int, key: str) -> None:
        with stores[n].write(concurrent=True) as tx:
            tx.lock_keys([key])
            if n < 2:
                both_in.wait()  # raises BrokenBarrierError if the other could not get in
                release.wait(60)
            tx.put_record(_record(f"c{n}"))
            order.append(f"c{n}")

    def exclusive() -> None:
        with stores[3].write() as tx:
            tx.put_record(_record("x"))
            order.append("x")

    try:
        first = [threading.Thread(target=concurrent, args=(n, f"record:r{n}")) for n in (0, 1)]
        for t in first:
            t.start()
        both_in.wait()  # both hold their keys, side by side
        third = threading.Thread(target=concurrent, args=(2, "record:r0"))
        third.start()
        _wait_for_a_blocked_writer(pg_url)
        alone = threading.Thread(target=exclusive)
        alone.start()
        assert order == []  # nobody finished: the third and the ordinary writer wait
        release.set()
        for t in [*first, third, alone]:
            t.join(60)
        assert sorted(order) == ["c0", "c1", "c2", "x"]
        assert order.index("c0") < order.index("c2")  # the same key: one after the other
        assert order[-1] == "x"  # the ordinary writer waited for every concurrent one
        with stores[0].read() as reader:
            seqs = [r.seq for r in reader.records_after(0, _EVERYTHING, 100)]
        assert seqs == [1, 2, 3, 4]
    finally:
        release.set()
        for s in stores:
            s.close()


def test_pages_read_while_concurrent_writers_race_skip_nothing(pg_url: str) -> None:
    """As the race above, with concurrent writers on their own keys: the seq still comes in
    commit order (the record_seq counter row stays locked until the writer commits)."""
    assert _pages_read_while_writers_race(pg_url, concurrent=True) == list(range(1, 201))
