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


def test_pages_read_while_writers_race_skip_nothing(pg_url: str) -> None:
    """Four writers on two pools commit 200 records while a reader pages with its cursor the
    way a device pulls: the reader ends with every record, each once, in seq order."""
    pools = [PostgresStorage(pg_url, pool_size=3) for _ in range(2)]
    errors: list[BaseException] = []
    done = threading.Event()

    def writer(n: int) -> None:
        try:
            store = pools[n % 2]
            for i in range(50):
                with store.write() as tx:
                    tx.put_record(_record(f"w{n}-{i}"))
        except BaseException as err:  # pragma: no cover - reported below
            errors.append(err)

    got: list[int] = []

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
    assert got == list(range(1, 201))
