"""Device benchmarks: local write latency, and the first sync of a supervisor with 50,000 records.

Run: ``.venv/bin/python -m bench.bench_device [--records 50000] [--writes 2000]``. Prints the
figures (and a Markdown block for docs/benchmarks.md). The server is the real server process
(uvicorn) on 127.0.0.1; the first sync runs in a fresh child process so that its peak memory
(``ru_maxrss``) is the client's alone.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import pathlib
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from typing import Any

from bench.processes import ROOT, ServerProcess
from client import Device
from client.store import SYNCED
from sync.records import Record

NURSE = "199003142014031002"
IND = "0190a000-0000-7000-8000-0000000000b1"


def _skp(nip: str) -> dict[str, Any]:
    indicator = {
        "id": IND,
        "aspect": "kuantitas",
        "text": "Jumlah kunjungan rumah",
        "target_value": 120,
        "target_unit": "kunjungan",
    }
    return {
        "employee_nip": nip,
        "year": 2026,
        "status": "disetujui",
        "rhk": [{"id": "rhk-1", "kind": "utama", "text": "Kunjungan", "indicators": [indicator]}],
    }


def bench_writes(count: int) -> dict[str, float]:
    """Median and p99 of ``Device.add_log`` (validation + record + outbox, one transaction)."""
    import httpx as _httpx

    def answer(request: _httpx.Request) -> _httpx.Response:
        if request.url.path.endswith("/login"):
            return _httpx.Response(
                200,
                json={
                    "token": "t",
                    "device_id": "d1",
                    "expires": 2e9,
                    "expires_at": "2033-05-18T03:33:20Z",
                    "nip": NURSE,
                    "roles": ["pegawai"],
                    "server_replica_id": "s0",
                },
            )
        return _httpx.Response(200, json={"name": "Bench"})

    with tempfile.TemporaryDirectory() as tmp:
        device = Device(tmp, http_transport=_httpx.MockTransport(answer))
        device.login(NURSE, "sandi", server="http://bench.invalid")
        store = device.ctx.store
        skp = Record(
            kind="skp",
            id="skp-1",
            owner=NURSE,
            fields=_skp(NURSE),
            vv={"s0": 1},
            hlc=1,
            author="s0",
        )
        with store.transaction():
            store.records.put(skp, SYNCED)
        times = []
        for i in range(count):
            day = dt.date(2026, 1, 1) + dt.timedelta(days=i % 300)
            data = {
                "indicator": IND,
                "date": day.isoformat(),
                "value": i % 7,
                "note": f"kegiatan {i}",
            }
            start = time.perf_counter()
            device.add_log(data)
            times.append((time.perf_counter() - start) * 1000)
        device.close()
    times.sort()
    return {
        "writes": count,
        "median_ms": statistics.median(times),
        "p99_ms": times[int(len(times) * 0.99) - 1],
        "max_ms": times[-1],
    }


def _seed(db: pathlib.Path, records: int) -> None:
    """The organisation with the SKPs of two nurses and ``records`` - 2 progress logs of
    theirs, all under one Kepala Puskesmas."""
    from bench import dataset as org  # the server's code: not in the measured client process

    owners = [org.NURSE, org.NURSE2]
    recs = [org.Rec("skp", f"skp-{o}", o, _skp(o) | {"supervisor_nip": org.KAPUS}) for o in owners]
    for i in range(records - len(recs)):
        owner = owners[i % 2]
        day = dt.date(2026, 1, 1) + dt.timedelta(days=i % 330)
        fields = org.log_fields(owner, value=float(i % 9)) | {
            "date": day.isoformat(),
            "description": f"Kunjungan rumah pasien nomor {i} di wilayah kerja Puskesmas",
            "place": "Puskesmas Pandanaran",
        }
        recs.append(org.Rec("progress_log", f"0190b000-0000-7000-8000-{i:012d}", owner, fields))
    org.seed(db, org.build(records=recs))


def bench_first_sync(records: int) -> dict[str, Any]:
    """The Kepala Puskesmas's first sync on a fresh device, in a child process, against the
    real server process."""
    from bench import dataset as org

    with tempfile.TemporaryDirectory() as name:
        tmp = pathlib.Path(name)
        started = time.perf_counter()
        _seed(tmp / "server.db", records)
        seed_s = time.perf_counter() - started
        server = ServerProcess(tmp / "server.db", tmp / "data", tmp / "server.log")
        server.start()
        try:
            child = subprocess.run(
                [
                    *[sys.executable, "-m", "bench.bench_device", "--client", server.url],
                    *[str(tmp / "device"), org.KAPUS, org.PASSWORD],
                ],
                cwd=ROOT,
                capture_output=True,
                text=True,
                check=True,
            )
        finally:
            server.stop()
    result: dict[str, Any] = json.loads(child.stdout)
    result["seed_s"] = seed_s
    return result


def _peak_rss_mib() -> float:
    """Peak resident memory of this process: ``VmHWM`` (reset at exec, unlike ``ru_maxrss``,
    which can carry the forking parent's high-water mark)."""
    try:
        for line in pathlib.Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _client(url: str, home: str, nip: str, password: str) -> None:
    """The child process: sign in, first sync, report time, records and peak memory."""
    device = Device(home)
    device.login(nip, password, server=url)
    base_rss = _peak_rss_mib()
    start = time.perf_counter()
    report = device.sync()
    elapsed = time.perf_counter() - start
    peak = _peak_rss_mib()
    status = device.status()
    device.close()
    print(
        json.dumps(
            {
                "ok": report.ok,
                "message": report.message,
                "records": status["records"],
                "pulled": report.pulled,
                "bytes_received": report.bytes_received,
                "sync_s": elapsed,
                "peak_rss_mib": peak,
                "rss_before_sync_mib": base_rss,
            }
        )
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--records", type=int, default=50_000)
    parser.add_argument("--writes", type=int, default=2_000)
    parser.add_argument(
        "--client", nargs=4, metavar=("URL", "HOME", "NIP", "PW"), help=argparse.SUPPRESS
    )
    args = parser.parse_args()
    if args.client:
        _client(*args.client)
        return
    writes = bench_writes(args.writes)
    print(
        f"local write (add progress log + outbox, synchronous=FULL): {writes['writes']} writes, "
        f"median {writes['median_ms']:.2f} ms, p99 {writes['p99_ms']:.2f} ms, "
        f"max {writes['max_ms']:.2f} ms"
    )
    sync = bench_first_sync(args.records)
    print(
        f"first sync of a supervisor device: {sync['records']} records ({sync['pulled']} pulled, "
        f"{sync['bytes_received'] / 1048576:.1f} MiB) in {sync['sync_s']:.2f} s, "
        f"peak client RSS {sync['peak_rss_mib']:.0f} MiB "
        f"(before sync {sync['rss_before_sync_mib']:.0f} MiB); "
        f"ok={sync['ok']}"
    )


if __name__ == "__main__":
    main()
