"""Load: thousands of devices doing their morning sync against the real server on 127.0.0.1.

Run: ``.venv/bin/python -m bench.load [--devices 2000] [--entries 20] [--photo-bytes 6000]``.

Setup (not timed): the Kota Semarang demo city (``shared_models.demo``, scale mode, as many
employees as devices) is seeded, the server process is started (uvicorn, one process), and every
employee registers one device (login). The cursor each device keeps from "yesterday" is the head
of the log after seeding.

The morning (timed): every device, all started at once (at most ``--concurrency`` requests in
flight, like a Puskesmas opening at 07:30), does what ``kinerja device sync`` does: asks which of
its photos (one small photo per entry) the server still needs (``POST /api/v1/evidence/manifest``)
and sends them together (``POST /api/v1/evidence/batch``), pushes its ``--entries`` progress logs
in one batch, then pulls the day's changes after its cursor until there are no more pages.

Printed: devices done and wall time, requests/s, records/s, request latency p50/p95/p99, the
slowest device's sync, errors (any non-2xx or transport error), the server's peak memory (VmHWM),
and the CPU time the server process and the load generator each spent in the morning (from
``/proc``; CPU per request is steadier than wall time on a shared machine).

The generator is one asyncio process on aiohttp: with httpx's ``AsyncClient`` it spent about
7 ms of CPU per request at this concurrency and was itself the bottleneck (30 s of CPU for 4,400
requests against 12 s for the server).
"""

from __future__ import annotations

import argparse
import asyncio
import hashlib
import json
import os
import pathlib
import statistics
import tempfile
import time
import uuid
from dataclasses import dataclass, field
from typing import Any

import aiohttp
import httpx
import msgspec

from bench import dataset as org
from bench.processes import ServerProcess
from shared_models.demo import generate
from sync import (
    EvidenceBatch,
    EvidenceBatchResult,
    EvidenceBlob,
    EvidenceFile,
    EvidenceManifest,
    EvidenceStatus,
    PullPage,
    PullRequest,
    PushBatch,
    PushResult,
    hlc,
    local_edit,
)

MSGPACK = {"content-type": "application/msgpack", "accept": "application/msgpack"}
JPEG_HEAD = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00"


@dataclass
class DeviceSetup:
    nip: str
    token: str
    device_id: str
    skp_id: str
    indicator_id: str


@dataclass
class Figures:
    latencies: list[float] = field(default_factory=list)
    by_path: dict[str, list[float]] = field(default_factory=dict)
    """Latencies per request kind (the path, without the file name of an evidence upload)."""
    syncs: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    requests: int = 0
    pushed: int = 0
    pulled: int = 0
    bytes_up: int = 0
    bytes_down: int = 0


def _pct(values: list[float], q: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def seed(db: pathlib.Path, employees: int, database_url: str = "") -> dict[str, tuple[str, str]]:
    """Seed the demo city (into the SQLite file, or the empty PostgreSQL ``database_url``);
    return each employee's (SKP id, first indicator id)."""
    dataset = generate(employees=max(employees, 2000), seed=2026)
    org.seed(db, dataset, database_url)
    skps: dict[str, tuple[str, str]] = {}
    for record in dataset.records:
        if record.kind == "skp":
            rhk = record.fields["rhk"]
            indicator = rhk[0]["indicators"][0]["id"]
            skps[record.owner] = (record.id, indicator)
    return skps


async def register(
    client: httpx.AsyncClient, nips: list[str], skps: dict[str, tuple[str, str]], limit: int
) -> list[DeviceSetup]:
    gate = asyncio.Semaphore(limit)

    async def one(nip: str) -> DeviceSetup:
        async with gate:
            answer = await client.post(
                "/api/v1/auth/login",
                json={"nip": nip, "password": "semarang-kinerja", "device_name": "load"},
            )
        answer.raise_for_status()
        body = answer.json()
        skp_id, indicator = skps[nip]
        return DeviceSetup(nip, body["token"], body["device_id"], skp_id, indicator)

    return list(await asyncio.gather(*(one(nip) for nip in nips)))


def _entries(dev: DeviceSetup, count: int, photo_bytes: int) -> tuple[list[Any], list[bytes]]:
    changes, photos = [], []
    now = int(time.time() * 1000)
    for i in range(count):
        photo = JPEG_HEAD + os.urandom(max(0, photo_bytes - len(JPEG_HEAD)))
        photos.append(photo)
        fields = {
            "employee_nip": dev.nip,
            "skp_id": dev.skp_id,
            "indicator_id": dev.indicator_id,
            "date": time.strftime("%Y-%m-%d"),
            "value": 1,
            "unit": "kegiatan",
            "description": f"Pelayanan pasien pagi ke-{i + 1} di Puskesmas",
            "evidence": [hashlib.sha256(photo).hexdigest()],
            "place": "Puskesmas",
        }
        _, change = local_edit(
            None,
            None,
            kind="progress_log",
            id=str(uuid.uuid4()),
            owner=dev.nip,
            patch=fields,
            replica=dev.device_id,
            counter=i + 1,
            hlc=hlc.pack(now + i),
        )
        changes.append(change)
    return changes, photos


async def morning_sync(
    session: aiohttp.ClientSession,
    dev: DeviceSetup,
    cursor: int,
    gate: asyncio.Semaphore,
    figures: Figures,
    offline: tuple[list[Any], list[bytes]],
) -> None:
    """One device's morning sync of what it made offline (its entries and photos)."""
    headers = {"authorization": f"Bearer {dev.token}"}
    changes, photos = offline
    started = time.perf_counter()

    async def call(method: str, path: str, body: bytes, extra: dict[str, str]) -> bytes | None:
        async with gate:
            t0 = time.perf_counter()
            try:
                async with session.request(
                    method, path, data=body, headers={**headers, **extra}
                ) as answer:
                    content = await answer.read()
                    status = answer.status
            except (aiohttp.ClientError, TimeoutError) as err:
                figures.errors.append(f"{method} {path}: {type(err).__name__} {err}")
                return None
            took = time.perf_counter() - t0
            figures.latencies.append(took)
            figures.by_path.setdefault(f"{method} {path}", []).append(took)
        figures.requests += 1
        figures.bytes_down += len(content)
        if status >= 300:
            figures.errors.append(f"{method} {path}: {status} {content[:200]!r}")
            return None
        return content

    # as the device's sync does: one manifest, then the missing small files in one batch
    shas = [hashlib.sha256(photo).hexdigest() for photo in photos]
    manifest = msgspec.msgpack.encode(
        EvidenceManifest(
            device_id=dev.device_id,
            files=[
                EvidenceFile(sha256=sha, size=len(p), media_type="image/jpeg", record_id="")
                for sha, p in zip(shas, photos, strict=True)
            ],
        )
    )
    figures.bytes_up += len(manifest)
    status = await call("POST", "/api/v1/evidence/manifest", manifest, MSGPACK)
    if status is not None:
        missing = set(msgspec.msgpack.decode(status, type=EvidenceStatus).missing)
        blobs = [
            EvidenceBlob(sha256=sha, data=p)
            for sha, p in zip(shas, photos, strict=True)
            if sha in missing
        ]
        batch_body = msgspec.msgpack.encode(EvidenceBatch(device_id=dev.device_id, files=blobs))
        figures.bytes_up += len(batch_body)
        stored = await call("POST", "/api/v1/evidence/batch", batch_body, MSGPACK)
        if stored is not None:
            results = msgspec.msgpack.decode(stored, type=EvidenceBatchResult).results
            refused = [r for r in results if r.outcome == "rejected"]
            if refused:
                figures.errors.append(f"evidence {dev.nip}: {refused[0].message}")
    batch = msgspec.msgpack.encode(PushBatch(device_id=dev.device_id, batch_seq=1, changes=changes))
    figures.bytes_up += len(batch)
    pushed = await call("POST", "/api/v1/sync/push", batch, MSGPACK)
    if pushed is not None:
        result = msgspec.msgpack.decode(pushed, type=PushResult)
        bad = [r for r in result.results if r.outcome not in {"applied", "merged"}]
        if bad:
            figures.errors.append(f"push {dev.nip}: {bad[0].outcome} {bad[0].message}")
        figures.pushed += len(result.results) - len(bad)
    while True:
        request = msgspec.msgpack.encode(
            PullRequest(device_id=dev.device_id, cursor=cursor, limit=1000)
        )
        figures.bytes_up += len(request)
        answer = await call("POST", "/api/v1/sync/pull", request, MSGPACK)
        if answer is None:
            break
        page = msgspec.msgpack.decode(answer, type=PullPage)
        figures.pulled += len(page.records) + len(page.tombstones)
        cursor = page.next_cursor
        if not page.more:
            break
    figures.syncs.append(time.perf_counter() - started)


async def _sample(server: ServerProcess, stop: asyncio.Event) -> None:
    while not stop.is_set():
        server.sample_memory()
        await asyncio.sleep(0.2)


async def run_morning(
    url: str,
    server: ServerProcess,
    devices: list[DeviceSetup],
    cursor: int,
    *,
    entries: int,
    photo_bytes: int,
    concurrency: int,
) -> dict[str, Any]:
    figures = Figures()
    # what the phones made offline before the morning: made before the clock starts (made inside
    # the timed run, it held the generator's event loop for seconds while the first requests
    # were in flight, and their latency counted it)
    offline = {d.device_id: _entries(d, entries, photo_bytes) for d in devices}
    connector = aiohttp.TCPConnector(limit=concurrency)
    timeout = aiohttp.ClientTimeout(total=120)
    async with aiohttp.ClientSession(url, connector=connector, timeout=timeout) as client:
        gate = asyncio.Semaphore(concurrency)
        stop = asyncio.Event()
        sampler = asyncio.create_task(_sample(server, stop))
        cpu0 = server.cpu_seconds()
        own0 = time.process_time()
        t0 = time.perf_counter()
        await asyncio.gather(
            *(morning_sync(client, d, cursor, gate, figures, offline[d.device_id]) for d in devices)
        )
        wall = time.perf_counter() - t0
        cpu = server.cpu_seconds() - cpu0
        own = time.process_time() - own0
        stop.set()
        await sampler
    server.sample_memory()
    return {
        "devices": len(devices),
        "devices_done": len(figures.syncs),
        "entries_per_device": entries,
        "photo_bytes": photo_bytes,
        "concurrency": concurrency,
        "wall_s": round(wall, 2),
        "requests": figures.requests,
        "requests_per_s": round(figures.requests / wall, 1),
        "records_pushed": figures.pushed,
        "records_pulled": figures.pulled,
        "records_per_s": round((figures.pushed + figures.pulled) / wall, 1),
        "p50_ms": round(_pct(figures.latencies, 0.50) * 1000, 1),
        "p95_ms": round(_pct(figures.latencies, 0.95) * 1000, 1),
        "p99_ms": round(_pct(figures.latencies, 0.99) * 1000, 1),
        "max_ms": round(max(figures.latencies, default=0) * 1000, 1),
        "p50_p99_ms_by_request": {
            path: (round(_pct(times, 0.50) * 1000), round(_pct(times, 0.99) * 1000))
            for path, times in sorted(figures.by_path.items())
        },
        "sync_median_s": round(statistics.median(figures.syncs), 2) if figures.syncs else 0,
        "sync_max_s": round(max(figures.syncs, default=0), 2),
        "mib_up": round(figures.bytes_up / 2**20, 1),
        "mib_down": round(figures.bytes_down / 2**20, 1),
        "errors": len(figures.errors),
        "first_errors": figures.errors[:5],
        "server_peak_mib": round(server.peak_kib / 1024, 1),
        "server_cpu_s": round(cpu, 2),
        "server_cpu_ms_per_request": round(cpu * 1000 / max(1, figures.requests), 2),
        "load_generator_cpu_s": round(own, 2),
    }


def run(
    devices: int = 2000,
    entries: int = 20,
    photo_bytes: int = 6000,
    concurrency: int = 64,
    workdir: pathlib.Path | None = None,
    database_url: str = "",
    workers: int = 1,
) -> dict[str, Any]:
    """Seed, start the server, register the devices, time the morning. Returns the figures.
    ``database_url``: on that empty PostgreSQL database, with ``workers`` server processes."""
    with tempfile.TemporaryDirectory(prefix="kinerja-load-") as tmp:
        root = workdir or pathlib.Path(tmp)
        skps = seed(root / "server.db", devices, database_url)
        nips = sorted(skps)[:devices]
        server = ServerProcess(
            root / "server.db",
            root / "data",
            root / "server.log",
            env={
                "KINERJA_LOGIN_MAX_FAILURES_PER_ADDRESS": "1000000",
                "KINERJA_EVIDENCE_MAX_BYTES": str(1024 * 1024),
            },
            database_url=database_url,
            workers=workers,
        )
        server.start()
        try:

            async def main() -> dict[str, Any]:
                async with httpx.AsyncClient(base_url=server.url, timeout=120) as client:
                    registered = await register(client, nips, skps, 16)
                storage = org.open_storage(root / "server.db", database_url)
                with storage.read() as reader:
                    cursor = reader.last_seq()
                storage.close()
                return await run_morning(
                    server.url,
                    server,
                    registered,
                    cursor,
                    entries=entries,
                    photo_bytes=photo_bytes,
                    concurrency=concurrency,
                )

            return asyncio.run(main())
        finally:
            server.stop()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n", 1)[0])
    parser.add_argument("--devices", type=int, default=2000)
    parser.add_argument("--entries", type=int, default=20)
    parser.add_argument("--photo-bytes", type=int, default=6000)
    parser.add_argument("--concurrency", type=int, default=64)
    parser.add_argument("--quick", action="store_true", help="200 devices")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    devices = 200 if args.quick else args.devices
    figures = run(devices, args.entries, args.photo_bytes, args.concurrency)
    if args.json:
        print(json.dumps(figures))
    else:
        for key, value in figures.items():
            print(f"{key}: {value}")
    return 0 if figures["errors"] == 0 else 1


if __name__ == "__main__":
    raise SystemExit(main())
