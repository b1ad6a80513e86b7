"""The push and the first sync on each backend, in one run: SQLite (one server process), and
PostgreSQL with one and with two server processes (issue #18, item 5).

Run: ``.venv/bin/python -m bench.bench_scale [--quick]``. Default: 40,000 progress logs made
offline on 20 devices, pushed in batches of 500, all devices at once; then a supervisor
device's first sync (20,000 records in scope). ``--quick``: 10,000 logs. PostgreSQL is a
throwaway cluster started by this script (:class:`kinerja.devcluster.DevCluster`, Debian's
binaries; ``make bench`` installs them), on the same 2 cores as the server and the devices.

Then the morning of the load test (:mod:`bench.load`: 2,000 devices, each signing in, pushing
its entries with photos and pulling; ``--quick``: 200) on each configuration.

Figures per configuration: push records/s, the server's CPU per pushed record (every server
process: uvicorn's supervisor and its workers), PostgreSQL's CPU per pushed record (its
backends serving the server), the first sync's records/s. Ratios: PostgreSQL 2 workers / 1
worker, and each against SQLite in the same run. Printed as Markdown after a
``<!-- markdown -->`` line.
"""

from __future__ import annotations

import argparse
import os
import pathlib
import tempfile
import time
from typing import Any

from bench import bench_push, load
from bench.processes import ServerProcess, child_pids, cpu_seconds
from kinerja.devcluster import DevCluster

CONFIGS = (("sqlite", 1), ("postgresql", 1), ("postgresql", 2))


def _cluster_cpu(cluster: DevCluster) -> float:
    """CPU seconds of PostgreSQL's postmaster and its live children so far."""
    pid = int((cluster.data / "postmaster.pid").read_text().split()[0])
    return cpu_seconds(pid) + sum(cpu_seconds(c) for c in child_pids(pid))


def one(
    root: pathlib.Path,
    records: int,
    devices: int,
    batch: int,
    url: str,
    workers: int,
    cluster: DevCluster | None,
) -> dict[str, Any]:
    """Seed, start the server, push every device's logs at once, then one first sync."""
    bosses, staff = bench_push.seed(root / "server.db", devices, database_url=url)
    server = ServerProcess(
        root / "server.db",
        root / "data",
        root / "server.log",
        env={"KINERJA_FACTS_IDLE_SECONDS": "0"},
        database_url=url,
        workers=workers,
    )
    server.start(timeout=60.0 * workers)
    made: list[bench_push.Dev] = []
    try:
        phones = {nip: bench_push.login(server.url, nip) for nip in staff}
        made += phones.values()
        per_device = records // devices
        offline = {nip: bench_push.offline_logs(dev, per_device) for nip, dev in phones.items()}
        work = {nip: bench_push._batches(phones[nip], offline[nip], batch) for nip in staff}
        cpu0, own0 = server.cpu_seconds(), time.process_time()
        pg0 = _cluster_cpu(cluster) if cluster else 0.0
        push_s, _sent, _got, pushed = bench_push._push_all(work, phones)
        server_cpu = server.cpu_seconds() - cpu0
        client_cpu = time.process_time() - own0
        pg_cpu = (_cluster_cpu(cluster) - pg0) if cluster else 0.0
        boss = bench_push.login(server.url, bosses[0])
        made.append(boss)
        pull_s, pulled, _bytes, _ = bench_push.pull_all(boss, typed=False)
    finally:
        for dev in made:
            dev.client.close()
        server.stop()
    return {
        "records": pushed,
        "push_s": push_s,
        "push_rps": pushed / push_s,
        "server_cpu_us": server_cpu * 1e6 / pushed,
        "pg_cpu_us": pg_cpu * 1e6 / pushed,
        "client_cpu_us": client_cpu * 1e6 / pushed,
        "cores_busy": (server_cpu + pg_cpu + client_cpu) / push_s,
        "pulled": pulled,
        "pull_rps": pulled / pull_s,
    }


def _label(backend: str, workers: int) -> str:
    return f"{backend}, {workers} process{'es' if workers > 1 else ''}"


def run(
    records: int, devices: int, batch: int, morning: int
) -> tuple[dict[str, dict[str, Any]], dict[str, dict[str, Any]]]:
    """The push workload, then the load test's morning (``morning`` devices; 0: skipped), on
    every configuration of :data:`CONFIGS`."""
    pushes: dict[str, dict[str, Any]] = {}
    mornings: dict[str, dict[str, Any]] = {}
    with tempfile.TemporaryDirectory(prefix="kinerja-bench-scale-") as tmp, DevCluster() as pg:
        for n, (backend, workers) in enumerate(CONFIGS):
            root = pathlib.Path(tmp) / f"push{n}"
            root.mkdir()
            url = pg.create_database(f"push{n}") if backend == "postgresql" else ""
            pushes[_label(backend, workers)] = one(
                root, records, devices, batch, url, workers, pg if url else None
            )
            time.sleep(1.0)  # let the previous server's processes go before the next starts
        for n, (backend, workers) in enumerate(CONFIGS if morning else ()):
            root = pathlib.Path(tmp) / f"load{n}"
            root.mkdir()
            url = pg.create_database(f"load{n}") if backend == "postgresql" else ""
            mornings[_label(backend, workers)] = load.run(
                morning, workdir=root, database_url=url, workers=workers
            )
            time.sleep(1.0)
    return pushes, mornings


def morning_markdown(mornings: dict[str, dict[str, Any]]) -> str:
    lines = [
        "| backend | devices done | wall | requests/s | records/s | p50 / p99 | errors |",
        "|---|---|---|---|---|---|---|",
    ]
    for label, f in mornings.items():
        lines.append(
            f"| {label} | {f['devices_done']:,} / {f['devices']:,} | {f['wall_s']:.1f} s | "
            f"{f['requests_per_s']:,.0f} | {f['records_per_s']:,.0f} | {f['p50_ms']:,.0f} / "
            f"{f['p99_ms']:,.0f} ms | {f['errors']} |"
        )
    return "\n".join(lines)


def markdown(figures: dict[str, dict[str, Any]], records: int, devices: int) -> str:
    sqlite = figures["sqlite, 1 process"]
    one_w = figures["postgresql, 1 process"]
    two_w = figures["postgresql, 2 processes"]
    lines = [
        f"Workload: {records:,} progress logs from {devices} devices in batches of 500, all at "
        f"once, then a supervisor's first sync; one run, machine with {os.cpu_count()} cores "
        "shared by the devices, the server processes and PostgreSQL.",
        "",
        "| backend | push records/s | x SQLite | server CPU / record | PostgreSQL CPU / record "
        "| devices' CPU / record | cores busy during the push | first sync records/s |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for label, f in figures.items():
        pg_cpu = "" if label.startswith("sqlite") else f"{f['pg_cpu_us']:.0f} us"
        lines.append(
            f"| {label} | {f['push_rps']:,.0f} | {f['push_rps'] / sqlite['push_rps']:.2f} | "
            f"{f['server_cpu_us']:.0f} us | "
            f"{pg_cpu} | {f['client_cpu_us']:.0f} us | {f['cores_busy']:.2f} of "
            f"{os.cpu_count()} | {f['pull_rps']:,.0f} |"
        )
    ratio = two_w["push_rps"] / one_w["push_rps"]
    lines += [
        "",
        f"PostgreSQL, 2 processes / 1 process: push {ratio:.2f} x (target >= 1.6: "
        f"{'met' if ratio >= 1.6 else '**missed**'}), first sync "
        f"{two_w['pull_rps'] / one_w['pull_rps']:.2f} x. Server CPU per pushed record "
        f"(target <= 40 us): SQLite {sqlite['server_cpu_us']:.0f} us, PostgreSQL "
        f"{one_w['server_cpu_us']:.0f} us.",
    ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n", 1)[0])
    parser.add_argument("--quick", action="store_true", help="10,000 records")
    parser.add_argument("--records", type=int, default=40_000)
    parser.add_argument("--devices", type=int, default=20)
    parser.add_argument(
        "--morning", type=int, help="devices of the load test's morning (0: skip it)"
    )
    args = parser.parse_args(argv)
    records = 10_000 if args.quick else args.records
    morning = args.morning if args.morning is not None else (200 if args.quick else 2000)
    figures, mornings = run(records, args.devices, 500, morning)
    for label, f in figures.items():
        print(label, {k: round(v, 1) if isinstance(v, float) else v for k, v in f.items()})
    for label, f in mornings.items():
        print(label, {k: v for k, v in f.items() if not isinstance(v, dict)})
    print("<!-- markdown -->")
    print(markdown(figures, records, args.devices))
    if mornings:
        print()
        print(f"The load test's morning ({morning:,} devices), on each backend:")
        print()
        print(morning_markdown(mornings))
    errors = sum(int(f["errors"]) for f in mornings.values())
    return 0 if errors == 0 else 1


if __name__ == "__main__":
    raise SystemExit(main())
