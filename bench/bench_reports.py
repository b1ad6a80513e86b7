"""HR report benchmarks on a whole city: dashboard queries, distribution check, city-wide XLSX.

Run: ``.venv/bin/python -m bench.bench_reports [--employees 15000] [--logs-per-employee 200]``
(the full run writes about 3 million progress logs and takes a few minutes; ``--employees 2000
--logs-per-employee 20`` is a quick one). Seeding: the demo generator's scale mode for master data
and SKPs, then progress logs generated per employee and streamed straight into the storage in
transactions of 100,000 records (``put_record``, so the report facts are maintained exactly as in
production; the progress logs' facts are then projected, as the server does behind the pushes),
plus final appraisals, organisation predikat and devices. Measuring runs in a fresh child process
over the seeded file, so its peak RSS (``ru_maxrss``) is the report work's alone.
Each query is timed as the median of several runs; the XLSX export is the city-wide progress logs
of one period, written exactly as the endpoint writes it.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import pathlib
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from typing import Any

import msgspec

from server.actor import Actor
from server.reports import dashboard, distribution
from server.reports.audit_view import audit_page, device_list
from server.reports.exports import plan_export, write_xlsx
from server.security import Passwords
from server.seed import seed_dataset
from server.storage import SqliteStorage, StoredRecord
from shared_models import Rating, predikat
from shared_models.demo import generate
from shared_models.kinds import Role

TODAY = dt.date(2026, 11, 27)
PERIOD = "2026-T4"
BATCH = 100_000
_enc = msgspec.msgpack.Encoder()
_VV = _enc.encode({"s0": 1})
_RATINGS = list(Rating)


def _stored(kind: str, rid: str, owner: str, fields: dict[str, Any], stamp: int) -> StoredRecord:
    return StoredRecord(
        id=rid,
        kind=kind,
        owner=owner,
        fields=_enc.encode(fields),
        vv=_VV,
        hlc=stamp,
        field_clocks=_enc.encode(dict.fromkeys(fields, (stamp, "s0", 1))),
        author="s0",
    )


def seed(path: pathlib.Path, employees: int, logs_per_employee: int) -> dict[str, Any]:
    """Write the scale dataset into ``path``; returns counts and timings."""
    started = time.perf_counter()
    ds = generate(2026, employees=employees, log_days=0)
    storage = SqliteStorage(path)
    seed_dataset(
        storage,
        ds,
        passwords=Passwords(time_cost=1, memory_kib=8, parallelism=1),
        server_replica="s0",
        now=time.time(),
    )
    print(
        f"master data and {len(ds.records):,} SKP/period records "
        f"in {time.perf_counter() - started:.0f} s"
    )
    rng = random.Random(7)
    skps = {r.owner: r for r in ds.records if r.kind == "skp"}
    days = [TODAY - dt.timedelta(days=n) for n in range(400)]
    workdays = [d.isoformat() for d in days if d.weekday() < 5][:logs_per_employee]
    stamp = 1 << 16
    pending: list[StoredRecord] = []
    written = 0

    def flush() -> None:
        nonlocal written
        with storage.write() as tx:
            for record in pending:
                tx.put_record(record)
        written += len(pending)
        pending.clear()
        rate = written / (time.perf_counter() - started)
        print(f"  {written:,} records ({rate:,.0f}/s)", flush=True)

    for n, employee in enumerate(ds.employees):
        nip = employee.fields["nip"]
        skp = skps.get(nip)
        if skp is None or not skp.fields["rhk"]:
            continue
        indicator = skp.fields["rhk"][0]["indicators"][0]
        for k, day in enumerate(workdays):
            fields = {
                "employee_nip": nip,
                "skp_id": skp.id,
                "indicator_id": indicator["id"],
                "date": day,
                "start_time": "08:00",
                "end_time": "10:30",
                "value": float(rng.randint(1, 6)),
                "unit": indicator["target_unit"],
                "description": "Pelaksanaan kegiatan harian sesuai rencana aksi",
                "evidence": [],
                "place": "Kantor",
            }
            pending.append(_stored("progress_log", f"log-{n:05d}-{k:04d}", nip, fields, stamp))
        if employee.fields.get("supervisor_nip"):
            hasil, perilaku = rng.choice(_RATINGS), rng.choice(_RATINGS)
            appraisal = {
                "employee_nip": nip,
                "supervisor_nip": employee.fields["supervisor_nip"],
                "period_code": PERIOD,
                "kind": "periodik",
                "hasil_kerja": hasil.value,
                "perilaku_kerja": perilaku.value,
                "predikat": predikat(hasil, perilaku).value,
                "status": "final",
                "finalized_at": "2026-11-20T08:00:00Z",
            }
            pending.append(_stored("appraisal", f"apr-{n:05d}", nip, appraisal, stamp))
        if len(pending) >= BATCH:
            flush()
    for m, unit in enumerate(ds.units):
        org = {
            "unit_id": unit.id,
            "period_code": PERIOD,
            "predikat": "baik",
            "decided_by": ds.grants[0].nip,
        }
        pending.append(_stored("org_predikat", f"org-{m:04d}", "", org, stamp))
    flush()
    with storage.write() as tx:  # one device for every fifth employee, some long silent
        for n, employee in enumerate(ds.employees[::5]):
            seen = time.time() - rng.choice((0, 1, 3, 10, 30)) * 86400
            tx.add_device(
                nip=employee.fields["nip"], token_hash=f"h{n}", now=seen, expires=seen + 1e7
            )
    projected = storage.project_facts()
    print(f"  report facts of {projected:,} progress logs projected", flush=True)
    storage.close()
    return {
        "employees": employees,
        "records_written": written,
        "seed_s": time.perf_counter() - started,
    }


def _median(fn: Callable[[], Any], runs: int) -> float:
    fn()  # warm the page cache and the statement cache
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def measure(path: pathlib.Path, runs: int, export_period: str) -> dict[str, Any]:
    """Time the queries and the city-wide export over a seeded file (in this process)."""
    storage = SqliteStorage(path)
    with storage.read() as reader:
        units = reader.units()
    city = Actor(
        nip="bench",
        device_id="d0",
        roles=frozenset({Role.ADMIN_BKPP}),
        unit_id="",
        opd_id=None,
        city_wide=True,
    )
    with storage.read() as reader:
        sizes: dict[str, int] = {}
        for e in reader.employees_in():
            sizes[e.unit_id] = sizes.get(e.unit_id, 0) + 1
    opd_size: dict[str, int] = {}
    for u in units:
        if u.opd_id:
            opd_size[u.opd_id] = opd_size.get(u.opd_id, 0) + sizes.get(u.id, 0)
    big_opd = max(opd_size, key=lambda k: opd_size[k])
    big_unit = max(sizes, key=lambda k: sizes[k])
    pkm = next(u.id for u in units if u.kind == "puskesmas")
    opd_admin = Actor(
        nip="bench2",
        device_id="d0",
        roles=frozenset({Role.ADMIN_OPD}),
        unit_id="",
        opd_id=big_opd,
        admin_opds=frozenset({big_opd}),
    )
    now = dt.datetime(2026, 11, 27, 12, tzinfo=dt.UTC).timestamp()
    queries: dict[str, Callable[[], Any]] = {
        "dashboard city (BKPP)": lambda: dashboard(storage, city, today=TODAY, now=now),
        f"dashboard OPD ({opd_size[big_opd]:,} employees)": lambda: dashboard(
            storage, city, today=TODAY, now=now, opd_id=big_opd
        ),
        "dashboard as admin_opd of that OPD": lambda: dashboard(
            storage, opd_admin, today=TODAY, now=now
        ),
        f"dashboard unit ({sizes[big_unit]:,} employees)": lambda: dashboard(
            storage, city, today=TODAY, now=now, unit_id=big_unit
        ),
        "distribution Puskesmas": lambda: distribution(storage, city, unit_id=pkm, period=PERIOD),
        f"distribution OPD ({opd_size[big_opd]:,} employees)": lambda: distribution(
            storage, city, unit_id=big_opd, period=PERIOD
        ),
        "audit page (50)": lambda: audit_page(storage, city),
        "device list (city)": lambda: device_list(storage, city, opd_id=None, now=now),
    }
    timings = {}
    for name, fn in queries.items():
        timings[name] = _median(fn, runs)
        print(f"  {name}: {timings[name]:.1f} ms", flush=True)
    plan = plan_export(storage, city, dataset="progress-logs", period=export_period)
    start = time.perf_counter()
    out = tempfile.mkdtemp()
    path_xlsx = write_xlsx(plan, out)
    export_s = time.perf_counter() - start
    size = os.path.getsize(path_xlsx)
    os.unlink(path_xlsx)
    storage.close()
    return {
        "queries_ms": timings,
        "export_rows": plan.total,
        "export_period": export_period,
        "export_s": export_s,
        "export_mib": size / 2**20,
        "peak_rss_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--employees", type=int, default=15_000)
    parser.add_argument("--logs-per-employee", type=int, default=200)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--export-period", default=PERIOD)
    parser.add_argument("--db", type=pathlib.Path, help="reuse (or create) this database file")
    parser.add_argument("--measure-only", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure_only:
        print(json.dumps(measure(args.db, args.runs, args.export_period)))
        return
    db = args.db or pathlib.Path(tempfile.mkdtemp()) / "bench-reports.db"
    if not db.exists():
        print(f"seeding {args.employees:,} employees x {args.logs_per_employee} logs into {db}")
        seeded = seed(db, args.employees, args.logs_per_employee)
        print(f"seeded {seeded['records_written']:,} records in {seeded['seed_s']:.0f} s")
    print(f"database: {db.stat().st_size / 2**20:,.0f} MiB; measuring in a fresh process")
    child = subprocess.run(
        [sys.executable, __file__, "--measure-only", "--db", str(db), "--runs", str(args.runs),
         "--export-period", args.export_period],
        check=True, capture_output=True, text=True,
    )  # fmt: skip
    sys.stdout.write("\n".join(line for line in child.stdout.splitlines()[:-1]) + "\n")
    result = json.loads(child.stdout.splitlines()[-1])
    print("\n| query | median |\n|---|---|")
    for name, ms in result["queries_ms"].items():
        print(f"| {name} | {ms:.0f} ms |")
    print(
        f"\nXLSX export, city-wide progress logs {result['export_period']}: "
        f"{result['export_rows']:,} rows in {result['export_s']:.1f} s "
        f"({result['export_rows'] / result['export_s']:,.0f} rows/s), "
        f"{result['export_mib']:.0f} MiB file; peak RSS of the measuring process "
        f"{result['peak_rss_mib']:.0f} MiB"
    )


if __name__ == "__main__":
    main()
