"""Micro-benchmark of the sync core: decisions per second, and vector operations per second.

Run: ``python -m bench.bench_sync``. Each figure is the best of several rounds; the baseline
(msgspec MessagePack encode + decode of the same changes) runs in the same process, so the ratio
is comparable across machines.
"""

from __future__ import annotations

import platform
import time
from collections.abc import Callable

import msgspec

import sync
from sync import hlc, vv

N = 20_000
ROUNDS = 5
BASE_MS = 1_700_000_000_000


def _best(fn: Callable[[], None], n: int) -> float:
    """Operations per second: best of ``ROUNDS`` runs of ``fn`` doing ``n`` operations."""
    best = float("inf")
    for _ in range(ROUNDS):
        t0 = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - t0)
    return n / best


def _changes() -> tuple[list[sync.Change], list[sync.Record], list[sync.Change]]:
    fresh, stored, concurrent = [], [], []
    fields = {
        "tanggal": "2025-03-04",
        "uraian": "kunjungan rumah lansia",
        "nilai": 3,
        "satuan": "kunjungan",
    }
    for i in range(N):
        rid = sync.uuid7(BASE_MS + i, i.to_bytes(10, "big"))
        _, change = sync.local_edit(
            None,
            None,
            kind="progress_log",
            id=rid,
            owner="199001012015011001",
            patch=fields,
            replica="dev-a",
            counter=i + 1,
            hlc=hlc.pack(BASE_MS + i),
        )
        fresh.append(change)
        decision = sync.reconcile(
            None,
            change,
            relation=sync.Relation.OWNER,
            server_replica="S",
            now_hlc=hlc.pack(BASE_MS + N),
        )
        assert isinstance(decision, sync.Applied)
        stored.append(decision.record)
        base = {"dev-b": 1}
        concurrent.append(
            msgspec.structs.replace(
                change,
                replica="dev-b",
                base_vv={},
                vv=base,
                changed=["uraian", "nilai"],
                fields={**fields, "uraian": "kunjungan ulang", "nilai": 4},
                hlc=change.hlc + 1,
            )
        )
    return fresh, stored, concurrent


def _reconcile_cases(
    fresh: list[sync.Change], stored: list[sync.Record], concurrent: list[sync.Change]
) -> list[tuple[str, Callable[[], None]]]:
    now = hlc.pack(BASE_MS + N)
    owner = sync.Relation.OWNER
    rec = sync.reconcile

    def inserts() -> None:
        for c in fresh:
            rec(None, c, relation=owner, server_replica="S", now_hlc=now)

    def repeats() -> None:
        for s, c in zip(stored, fresh, strict=True):
            rec(s, c, relation=owner, server_replica="S", now_hlc=now)

    def merges() -> None:
        for s, c in zip(stored, concurrent, strict=True):
            rec(s, c, relation=owner, server_replica="S", now_hlc=now)

    d = rec(stored[0], concurrent[0], relation=owner, server_replica="S", now_hlc=now)
    assert isinstance(d, sync.Merged)
    assert len(d.conflicts) == 1
    return [
        ("reconcile: fresh inserts", inserts),
        ("reconcile: idempotent repeats", repeats),
        ("reconcile: concurrent merges (1 conflict each)", merges),
    ]


def _vector_cases() -> list[tuple[str, Callable[[], None]]]:
    a = {"S": 120, "dev-a": 33, "dev-b": 7, "dev-c": 2}
    b = {"S": 121, "dev-a": 30, "dev-b": 9, "dev-d": 1}

    def compares() -> None:
        for _ in range(N):
            vv.compare(a, b)

    def merges() -> None:
        for _ in range(N):
            vv.merge(a, b)

    return [("vv.compare (4 entries)", compares), ("vv.merge (4 entries)", merges)]


def _baseline(fresh: list[sync.Change]) -> Callable[[], None]:
    enc = msgspec.msgpack.Encoder()
    dec = msgspec.msgpack.Decoder(sync.Change)
    blobs = [enc.encode(c) for c in fresh]

    def run() -> None:
        for c in fresh:
            enc.encode(c)
        for b in blobs:
            dec.decode(b)

    return run


def main() -> None:
    fresh, stored, concurrent = _changes()
    base = _best(_baseline(fresh), N)  # one encode + one decode per change
    rows = [
        (name, _best(fn, N))
        for name, fn in [*_reconcile_cases(fresh, stored, concurrent), *_vector_cases()]
    ]
    rows.append(("baseline: msgspec msgpack encode+decode of a Change", base))
    print(
        f"sync core micro-benchmark, Python {platform.python_version()}, {N} ops x best of {ROUNDS}"
    )
    print(f"{'operation':<52} {'ops/s':>12} {'vs baseline':>12}")
    for name, rate in rows:
        print(f"{name:<52} {rate:>12,.0f} {rate / base:>11.2f}x")


if __name__ == "__main__":
    main()
