"""Push, conflicts, pull and bytes on the wire against the real server (issue 9 workload).

Run: ``.venv/bin/python -m bench.bench_push [--quick]``. Default: 100,000 progress logs (~300
bytes of content each) created offline on 20 devices (20 employees of two supervisors) and pushed
in batches of 500, all devices at once; then 10 % of them edited concurrently on two devices each
(the phone and a tablet of the same employee) and synced, the phones first: every edit pair is a
conflict that must converge (both devices of one employee then pull and must hold the same
versions); then the first sync of a fresh device of one supervisor (50,000 records in
scope). ``--quick`` divides the record counts by 10.

Baselines, measured in the same run on the same rows: ``sqlite3.executemany`` of the rows into a
table of the server's shape in one transaction (WAL, ``synchronous=FULL``, as the server), and
msgspec MessagePack encode + decode of the same records. Each figure is printed with its ratio
to the baseline. Printed as Markdown after a ``<!-- markdown -->`` line (``python -m bench``
copies it into docs/benchmarks.md).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import pathlib
import sqlite3
import tempfile
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

import httpx
import msgspec

from bench import dataset as org
from bench.processes import ServerProcess
from client.transport import COMPRESS_MIN_BYTES, gzip_body
from server.record_codec import from_stored, to_stored
from server.storage import SqliteStorage
from server.storage.row_sql import RECORD_COLS, insert_rows
from shared_models.ids import uuid7
from shared_models.nip import make_nip
from sync import (
    Change,
    PullPage,
    PullRequest,
    PushBatch,
    PushResult,
    Record,
    hlc,
    local_edit,
)
from sync.protocol import Message

MSGPACK = {"content-type": "application/msgpack", "accept": "application/msgpack"}
PASSWORD = org.PASSWORD
SKP = "0190d000-0000-7000-8000-000000000001"
INDICATOR = "0190d000-0000-7000-8000-000000000002"


@dataclass
class Dev:
    """A signed-in device with its own HTTP client, made once and kept as the device's transport
    keeps it (making one inside the timings cost 20-30 ms of CPU each: its TLS context)."""

    nip: str
    token: str
    device_id: str
    client: httpx.Client
    counter: int = 0
    batch: int = 0

    @property
    def headers(self) -> dict[str, str]:
        return {"authorization": f"Bearer {self.token}", **MSGPACK}


def seed(db: pathlib.Path, devices: int, database_url: str = "") -> tuple[list[str], list[str]]:
    """Seed the organisation with two supervisors (Kepala of the Puskesmas) and ``devices``
    nurses under them (in the SQLite file, or the PostgreSQL ``database_url``); return
    (supervisors, nurses)."""
    bosses = [make_nip(dt.date(1975, 1, 1 + i), 2000, 1, 1, 100 + i) for i in range(2)]
    staff = [
        make_nip(dt.date(1990, 1 + i % 12, 1 + i), 2015, 3, 2, 200 + i) for i in range(devices)
    ]
    people: list[tuple[str, str, str, str | None]] = [
        (b, f"Kepala {i}", org.PKM, org.KADINKES) for i, b in enumerate(bosses)
    ]
    people += [(s, f"Perawat {i}", org.PKM, bosses[i % 2]) for i, s in enumerate(staff)]
    org.seed(db, org.build(people), database_url)
    return bosses, staff


def login(url: str, nip: str) -> Dev:
    answer = httpx.post(f"{url}/api/v1/auth/login", json={"nip": nip, "password": PASSWORD})
    answer.raise_for_status()
    body = answer.json()
    return Dev(nip, body["token"], body["device_id"], httpx.Client(base_url=url, timeout=120))


def log_fields(nip: str, i: int) -> dict[str, Any]:
    return {
        "employee_nip": nip,
        "skp_id": SKP,
        "indicator_id": INDICATOR,
        "date": f"2026-{1 + i % 11:02d}-{1 + i % 28:02d}",
        "start_time": "08:00",
        "end_time": "10:30",
        "value": i % 7,
        "unit": "kunjungan",
        "description": f"Kunjungan rumah pasien hipertensi dan lansia di kelurahan, no {i:06d}",
        "evidence": [],
        "place": "Puskesmas Pandanaran",
    }


def offline_logs(dev: Dev, count: int) -> list[Change]:
    """What a device holds after ``count`` offline entries (outbox changes), made a second
    apart up to now, with ids as the device makes them (UUIDv7 of the entry's time)."""
    now = int(time.time() * 1000)
    out = []
    for i in range(count):
        dev.counter += 1
        made = now - (count - i) * 1000
        _, change = local_edit(
            None,
            None,
            kind="progress_log",
            id=uuid7(made, os.urandom(10)),
            owner=dev.nip,
            patch=log_fields(dev.nip, i),
            replica=dev.device_id,
            counter=dev.counter,
            hlc=hlc.pack(made),
        )
        out.append(change)
    return out


def _post(
    client: httpx.Client, path: str, body: bytes, headers: dict[str, str]
) -> tuple[httpx.Response, int]:
    """POST a sync body the way the device's transport does: gzip when large enough (the
    compression is inside the timing); httpx asks for gzip answers and inflates them."""
    if len(body) >= COMPRESS_MIN_BYTES:
        body = gzip_body(body)
        headers = {**headers, "content-encoding": "gzip"}
    answer = client.post(path, content=body, headers=headers)
    answer.raise_for_status()
    return answer, len(body)


def _push_all(work: dict[str, list[bytes]], devs: dict[str, Dev]) -> tuple[float, int, int, int]:
    """Every device pushes its batches (devices in parallel; ``work`` and ``devs`` share keys);
    (seconds, bytes sent, bytes received, results) — bytes as on the wire (compressed)."""
    sent = [0]
    received = [0]
    results = [0]
    lock = threading.Lock()

    def device(nip: str) -> None:
        dev = devs[nip]
        for body in work[nip]:
            answer, size = _post(dev.client, "/api/v1/sync/push", body, dev.headers)
            result = msgspec.msgpack.decode(answer.content, type=PushResult)
            bad = [r for r in result.results if r.outcome not in {"applied", "merged"}]
            assert not bad, bad[0]
            with lock:
                sent[0] += size
                received[0] += answer.num_bytes_downloaded
                results[0] += len(result.results)

    t0 = time.perf_counter()
    with ThreadPoolExecutor(len(work)) as pool:
        list(pool.map(device, work))
    return time.perf_counter() - t0, sent[0], received[0], results[0]


def _batches(dev: Dev, changes: list[Change], size: int) -> list[bytes]:
    out = []
    for start in range(0, len(changes), size):
        dev.batch += 1
        batch = PushBatch(
            device_id=dev.device_id, batch_seq=dev.batch, changes=changes[start : start + size]
        )
        out.append(msgspec.msgpack.encode(batch))
    return out


class PageEnvelope(Message, frozen=True, kw_only=True, tag="pull_page"):
    """A pull page read for its paging only: the records stay MessagePack (``msgspec.Raw``)."""

    records: list[msgspec.Raw]
    tombstones: list[msgspec.Raw] = msgspec.field(default_factory=list)
    next_cursor: int
    more: bool = False


def pull_all(dev: Dev, cursor: int = 0, *, typed: bool = True) -> tuple[float, int, int, list[Any]]:
    """A fresh device's first sync, pages of 1000: (seconds, records, bytes, records).

    ``typed``: decode each page into :class:`sync.PullPage` (``Record`` objects, as a device
    does before applying them); otherwise only the page's envelope is read, which measures
    the server and the transport alone."""
    page_type: Any = PullPage if typed else PageEnvelope
    got: list[Any] = []
    size = 0
    t0 = time.perf_counter()
    while True:
        body = msgspec.msgpack.encode(
            PullRequest(device_id=dev.device_id, cursor=cursor, limit=1000)
        )
        answer, _ = _post(dev.client, "/api/v1/sync/pull", body, dev.headers)
        size += answer.num_bytes_downloaded
        page = msgspec.msgpack.decode(answer.content, type=page_type)
        got.extend(page.records)
        cursor = page.next_cursor
        if not page.more:
            break
    return time.perf_counter() - t0, len(got), size, got


def baselines(changes: list[Change], server_replica: str = "s0") -> dict[str, float]:
    """Raw SQLite and msgspec rates on the same records (records/s)."""
    records = [
        Record(
            kind=c.kind,
            id=c.id,
            owner=c.owner,
            fields=c.fields,
            vv={**c.vv, server_replica: i + 1},
            hlc=c.hlc,
            author=c.replica,
        )
        for i, c in enumerate(changes)
    ]
    rows = []
    for seq, r in enumerate(records, start=1):
        s = to_stored(r)
        rows.append(
            (s.id, s.kind, s.owner, s.fields, s.vv, s.hlc, s.field_clocks, s.author, 0, seq)
        )
    with tempfile.TemporaryDirectory() as tmp:
        conn = sqlite3.connect(pathlib.Path(tmp) / "raw.db", isolation_level=None)
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("PRAGMA synchronous=FULL")
        conn.execute(
            "CREATE TABLE records (id TEXT PRIMARY KEY, kind TEXT, owner TEXT, fields BLOB, "
            "vv BLOB, hlc INTEGER, field_clocks BLOB, author TEXT, deleted INTEGER, "
            "seq INTEGER UNIQUE)"
        )
        conn.execute("CREATE INDEX records_owner ON records (owner, seq)")
        t0 = time.perf_counter()
        conn.execute("BEGIN")
        conn.executemany("INSERT INTO records VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", rows)
        conn.execute("COMMIT")
        sqlite_s = time.perf_counter() - t0
        conn.close()
        floor_s = _server_rows_floor(pathlib.Path(tmp) / "server-schema.db", changes, rows)
    encoder = msgspec.msgpack.Encoder()
    decoder = msgspec.msgpack.Decoder(list[Record])
    t0 = time.perf_counter()
    data = encoder.encode(records)
    decoder.decode(data)
    codec_s = time.perf_counter() - t0
    return {
        "sqlite_rps": len(rows) / sqlite_s,
        "server_rows_rps": len(rows) / floor_s,
        "msgspec_rps": len(records) / codec_s,
        "msgspec_bytes": len(data) / len(records),
    }


def _server_rows_floor(path: pathlib.Path, changes: list[Change], rows: list[Any]) -> float:
    """Seconds to write only what a push must store durably for these changes, rows made
    beforehand: each record (in the server's own schema, with the indexes pull needs) and the
    batch's audit row listing its changes (one per batch and employee, as the server writes
    it), 500 to a transaction as pushed, WAL with ``synchronous=FULL``, as the server writes
    them (multi-row ``INSERT``s). No decoding, checks, decisions or HTTP: a floor."""
    SqliteStorage(path).close()  # the server's schema, by its migrations
    entries = [
        (
            "change_accepted",
            c.kind,
            c.id,
            {"changed": c.changed, "conflicts": 0, "deleted": False, "owner": c.owner},
        )
        for c in changes
    ]
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=FULL")
    conn.execute("PRAGMA cache_size=-16384")
    t0 = time.perf_counter()
    for start in range(0, len(rows), 500):
        conn.execute("BEGIN IMMEDIATE")
        insert_rows(conn, f"INSERT INTO records ({RECORD_COLS})", rows[start : start + 500])
        first = changes[start]
        detail = json.dumps({"entries": entries[start : start + 500]})
        conn.execute(
            "INSERT INTO audit_log (ts, nip, device_id, action, detail, subject) "
            "VALUES (?, ?, ?, '+entries', ?, ?)",
            (time.time(), first.owner, first.replica, detail, first.owner),
        )
        conn.execute("COMMIT")
    took = time.perf_counter() - t0
    conn.close()
    return took


def edits(dev: Dev, base: list[Record], value: int, now: int) -> list[Change]:
    out = []
    for i, record in enumerate(base):
        dev.counter = max(dev.counter, record.vv.get(dev.device_id, 0)) + 1
        _, change = local_edit(
            record,
            None,
            kind=record.kind,
            id=record.id,
            owner=record.owner,
            patch={"value": value, "description": f"{record.fields['description']} (rev {value})"},
            replica=dev.device_id,
            counter=dev.counter,
            hlc=hlc.pack(now + i),
        )
        out.append(change)
    return out


@dataclass
class Bench:
    """One run: the server over its seeded database, and every device signed in to it (their
    HTTP clients are closed by :meth:`close`)."""

    root: pathlib.Path
    server: ServerProcess
    bosses: list[str]
    staff: list[str]
    batch: int
    made: list[Dev] = field(default_factory=list)

    @property
    def db(self) -> pathlib.Path:
        return self.root / "server.db"

    def sign_in(self, nip: str) -> Dev:
        self.made.append(login(self.server.url, nip))
        return self.made[-1]

    def close(self) -> None:
        for dev in self.made:
            dev.client.close()
        self.server.stop()


def start(root: pathlib.Path, devices: int, batch: int) -> Bench:
    """Seed the organisation and start the server (not timed)."""
    bosses, staff = seed(root / "server.db", devices)
    server = ServerProcess(
        root / "server.db",
        root / "data",
        root / "server.log",
        # the logs' report facts are projected by this script after the push, timed on their
        # own, not by the server's background thread at a moment of its choosing
        env={
            "KINERJA_LOGIN_MAX_FAILURES_PER_ADDRESS": "1000000",
            "KINERJA_FACTS_IDLE_SECONDS": "0",
        },
    )
    server.start()
    return Bench(root, server, bosses, staff, batch)


@contextmanager
def sampling(server: ServerProcess) -> Iterator[None]:
    """Sample the server's peak memory every 50 ms while the block runs."""
    stop = threading.Event()

    def sample() -> None:
        while not stop.is_set():
            server.sample_memory()
            time.sleep(0.05)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    try:
        yield
    finally:
        stop.set()
        sampler.join()


def push(bench: Bench, phones: dict[str, Dev], offline: dict[str, list[Change]]) -> dict[str, Any]:
    """Every phone pushes its offline logs, all at once: time, CPU, bytes and memory."""
    work = {nip: _batches(phones[nip], offline[nip], bench.batch) for nip in bench.staff}
    server = bench.server
    idle_kib = server.sample_memory()
    cpu0, own0 = server.cpu_seconds(), time.process_time()
    with sampling(server):
        push_s, push_bytes, answer_bytes, pushed = _push_all(work, phones)
        push_cpu = server.cpu_seconds() - cpu0
        client_cpu = time.process_time() - own0
    return {
        "records": pushed,
        "devices": len(phones),
        "batch": bench.batch,
        "push_s": push_s,
        "push_rps": pushed / push_s,
        "push_server_cpu_us_per_record": push_cpu * 1e6 / pushed,
        "push_client_cpu_us_per_record": client_cpu * 1e6 / pushed,
        "push_bytes_per_record": push_bytes / pushed,
        "push_answer_bytes_per_record": answer_bytes / pushed,
        "server_idle_mib": idle_kib / 1024,
        "server_peak_push_mib": server.sample_memory() / 1024,
    }


def project_facts(db: pathlib.Path) -> dict[str, Any]:
    """The report facts of the pushed logs, projected behind the push (write-behind): the work
    a push no longer does, measured as the server's storage does it."""
    storage = SqliteStorage(db)
    try:
        t0 = time.perf_counter()
        projected = storage.project_facts()
        took = time.perf_counter() - t0
    finally:
        storage.close()
    return {"facts_projected": projected, "facts_project_s": took}


def conflicts(
    bench: Bench, phones: dict[str, Dev], offline: dict[str, list[Change]], per_pair: int
) -> dict[str, Any]:
    """The first ``per_pair`` logs of each nurse edited on her phone and on a tablet, pushed
    (phones first), then both devices of one nurse pull: they must converge."""
    tablets = {nip: bench.sign_in(nip) for nip in bench.staff}
    now = int(time.time() * 1000)
    work_a: dict[str, list[bytes]] = {}
    work_b: dict[str, list[bytes]] = {}
    storage = SqliteStorage(bench.db)
    try:
        with storage.read() as reader:
            for nip in bench.staff:
                ids = [c.id for c in offline[nip][:per_pair]]
                current = [from_stored(reader.record(i)) for i in ids]  # type: ignore[arg-type]
                a = edits(phones[nip], current, 100, now)
                b = edits(tablets[nip], current, 200, now + 1)
                work_a[nip] = _batches(phones[nip], a, bench.batch)
                work_b[nip] = _batches(tablets[nip], b, bench.batch)
            cursor = reader.last_seq()
        first = bench.staff[0]
        t0 = time.perf_counter()
        _push_all(work_a, phones)
        _push_all(work_b, tablets)
        _, got_a, _, recs_a = pull_all(phones[first], cursor)
        _, got_b, _, recs_b = pull_all(tablets[first], cursor)
        took = time.perf_counter() - t0
        with storage.read() as reader:
            count = sum(
                len(reader.conflicts_of(c.id))
                for nip in bench.staff
                for c in offline[nip][:per_pair]
            )
    finally:
        storage.close()
    same = {r.id: r.fields for r in recs_a} == {r.id: r.fields for r in recs_b}
    return {"conflicts": count, "conflict_s": took, "converged": same and got_a == got_b}


def first_sync(bench: Bench) -> dict[str, Any]:
    """A fresh supervisor device's first sync: the server's rate (the client reads each page's
    envelope), then another fresh device decoding every record as a device does."""
    pull_s, pulled, pull_bytes, _ = pull_all(bench.sign_in(bench.bosses[0]), typed=False)
    typed_s, typed_n, _, _ = pull_all(bench.sign_in(bench.bosses[0]))
    return {
        "pulled": pulled,
        "pull_s": pull_s,
        "pull_rps": pulled / pull_s,
        "pull_typed_s": typed_s,
        "pull_typed_rps": typed_n / typed_s,
        "pull_bytes_per_record": pull_bytes / max(1, pulled),
        "server_peak_mib": bench.server.sample_memory() / 1024,
    }


def run(records: int, devices: int, batch: int) -> dict[str, Any]:
    """The whole workload (module docstring), step by step; the figures by name."""
    with tempfile.TemporaryDirectory(prefix="kinerja-bench-push-") as tmp:
        bench = start(pathlib.Path(tmp), devices, batch)
        try:
            phones = {nip: bench.sign_in(nip) for nip in bench.staff}
            per_device = records // devices
            offline = {nip: offline_logs(dev, per_device) for nip, dev in phones.items()}
            base = baselines([c for changes in offline.values() for c in changes])
            figures = push(bench, phones, offline)
            figures |= project_facts(bench.db)
            figures |= conflicts(bench, phones, offline, per_device // 10)
            figures |= first_sync(bench)
        finally:
            bench.close()
    return figures | base


def markdown(f: dict[str, Any], quick: bool) -> str:
    def ok(flag: bool) -> str:
        return "met" if flag else "**missed**"

    scale = " (quick: counts / 10, targets scaled)" if quick else ""
    conflict_target = 2.0 * f["conflicts"] / 10_000  # the same rate as 10,000 in 2 s
    lines = [
        f"Workload: {f['records']:,} progress logs from {f['devices']} devices in batches of "
        f"{f['batch']}, all devices at once{scale}; server: the real process, SQLite (WAL, "
        "`synchronous=FULL`).",
        "",
        "| figure | measured | baseline ratio | target |",
        "|---|---|---|---|",
        f"| push throughput | {f['push_rps']:,.0f} records/s ({f['push_s']:.2f} s) | "
        f"{f['push_rps'] / f['sqlite_rps']:.2f} x raw SQLite | >= 50,000 records/s and >= 0.25 x "
        f"raw SQLite: {ok(f['push_rps'] >= 50_000 and f['push_rps'] >= f['sqlite_rps'] / 4)} |",
        f"| concurrent conflicts converged | {f['conflicts']:,} in {f['conflict_s']:.2f} s "
        f"(converged: {f['converged']}) | | 10,000 in < 2 s (here: < {conflict_target:.2f} s): "
        f"{ok(f['conflict_s'] < conflict_target and f['converged'])} |",
        f"| first sync of a supervisor device (pull; the client reads each page's envelope) | "
        f"{f['pulled']:,} records in {f['pull_s']:.2f} s = {f['pull_rps']:,.0f} records/s | "
        f"{f['pull_rps'] / f['msgspec_rps']:.3f} x msgspec | >= 100,000 records/s: "
        f"{ok(f['pull_rps'] >= 100_000)} |",
        f"| the same, the client decoding every record (`sync.PullPage`) | "
        f"{f['pull_typed_s']:.2f} s = {f['pull_typed_rps']:,.0f} records/s | "
        f"{f['pull_typed_rps'] / f['msgspec_rps']:.3f} x msgspec | |",
        f"| server CPU per pushed record | {f['push_server_cpu_us_per_record']:.0f} us | | |",
        f"| report facts of the pushed logs, projected after the push (write-behind) | "
        f"{f['facts_projected']:,} in {f['facts_project_s']:.2f} s = "
        f"{f['facts_projected'] / max(f['facts_project_s'], 1e-9):,.0f} records/s | "
        f"{f['facts_projected'] / max(f['facts_project_s'], 1e-9) / f['sqlite_rps']:.2f} x raw "
        "SQLite | |",
        f"| bytes on the wire per record, push | {f['push_bytes_per_record']:.0f} B | "
        f"{f['push_bytes_per_record'] / f['msgspec_bytes']:.2f} x msgspec record | <= 350 B: "
        f"{ok(f['push_bytes_per_record'] <= 350)} |",
        f"| bytes on the wire per record, push answer | "
        f"{f['push_answer_bytes_per_record']:.0f} B | "
        f"{f['push_answer_bytes_per_record'] / f['msgspec_bytes']:.2f} x msgspec record | |",
        f"| bytes on the wire per record, pull | {f['pull_bytes_per_record']:.0f} B | "
        f"{f['pull_bytes_per_record'] / f['msgspec_bytes']:.2f} x msgspec record | <= 350 B: "
        f"{ok(f['pull_bytes_per_record'] <= 350)} |",
        f"| server peak memory during the push | {f['server_peak_push_mib']:.0f} MiB (idle "
        f"{f['server_idle_mib']:.0f} MiB; whole run {f['server_peak_mib']:.0f} MiB) | | < 150 MiB: "
        f"{ok(f['server_peak_push_mib'] < 150)} |",
        f"| baseline: sqlite3.executemany, one transaction | {f['sqlite_rps']:,.0f} records/s | "
        "1 | |",
        f"| floor: only the rows a push must store (each record in the server's schema, and its "
        f"batch's audit row listing them, 500 per transaction, rows made beforehand) | "
        f"{f['server_rows_rps']:,.0f} records/s | "
        f"{f['server_rows_rps'] / f['sqlite_rps']:.2f} x raw SQLite | the push target is "
        f"{'above' if f['server_rows_rps'] < 50_000 else 'below'} this floor |",
        f"| baseline: msgspec MessagePack encode + decode | {f['msgspec_rps']:,.0f} records/s, "
        f"{f['msgspec_bytes']:.0f} B/record | 1 | |",
    ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n", 1)[0])
    parser.add_argument("--quick", action="store_true", help="10,000 records")
    parser.add_argument("--long", action="store_true", help="the default workload")
    parser.add_argument("--records", type=int, default=100_000)
    parser.add_argument("--devices", type=int, default=20)
    parser.add_argument("--batch", type=int, default=500)
    args = parser.parse_args(argv)
    records = args.records // 10 if args.quick else args.records
    figures = run(records, args.devices, args.batch)
    for key, value in figures.items():
        print(f"{key}: {value:.3f}" if isinstance(value, float) else f"{key}: {value}")
    print("<!-- markdown -->")
    print(markdown(figures, args.quick))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
