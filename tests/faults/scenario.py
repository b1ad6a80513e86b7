"""The fault scenario: command-line devices of several roles edit at random while the proxy
misbehaves, the server process is SIGKILLed and restarted, and device processes are killed in
the middle of a sync. Then faults stop, every device syncs twice, and the invariants are checked
against an oracle: the list of every write a device saved.

Everything random comes from ``Profile.seed``; the proxy has its own seed derived from it.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import json
import pathlib
import random
import subprocess
import threading
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import msgspec

from client import Device
from server.record_codec import from_stored
from server.storage import RecordScope, SqliteStorage, Storage
from server.storage.postgres import PostgresStorage
from shared_models import RecordKind
from sync import Conflict, Record
from tests.faults.device_cli import main as device_main
from tests.faults.procs import device_command
from tests.faults.proxy import FaultPlan, FaultProxy
from tests.fixtures.server import ROOT, ServerProcess, seed_file
from tests.fixtures.skp import IND_REPORTS, IND_VISITS, skp_fields
from tests.unit.server import dataset as ds

PUBLIC = {"unit", "employee", "period"}
SKP_IDS = {
    ds.NURSE: "0190f000-0000-7000-8000-0000000000a1",
    ds.NURSE2: "0190f000-0000-7000-8000-0000000000a2",
}
PERIOD = "T1"


@dataclass(frozen=True)
class Profile:
    seed: int
    rounds: int
    edits_per_round: int
    devices: tuple[tuple[str, str], ...]
    server_kill_chance: float = 0.5
    device_kill_chance: float = 0.2
    sync_timeout: float = 90.0
    database_url: str = ""
    """PostgreSQL instead of the SQLite file; then ``workers`` server processes, and the
    server faults are drawn from: SIGKILL of the whole server, of one worker process (mid-push
    or not), of PostgreSQL's connections to the server."""
    workers: int = 1


DEVICES_QUICK = (
    ("phone", ds.NURSE),
    ("tablet", ds.NURSE),
    ("nurse2", ds.NURSE2),
    ("kapus_a", ds.KAPUS),
    ("kapus_b", ds.KAPUS),
)
DEVICES_LONG = (*DEVICES_QUICK, ("nurse2_tab", ds.NURSE2), ("kadinkes", ds.KADINKES))

QUICK = Profile(seed=20261128, rounds=4, edits_per_round=3, devices=DEVICES_QUICK)
LONG = Profile(seed=9, rounds=30, edits_per_round=5, devices=DEVICES_LONG)


@dataclass
class Write:
    """One write a device saved (the oracle)."""

    device: str
    replica: str
    record_id: str
    kind: str
    fields: dict[str, Any]
    deleted: bool
    counter: int
    vv: dict[str, int]


@dataclass
class Outcome:
    edits: int = 0
    refused_locally: int = 0
    faults: Counter[str] = field(default_factory=Counter)
    server_kills: int = 0
    worker_kills: int = 0
    connection_kills: int = 0
    device_kills: int = 0
    syncs: int = 0
    failed_syncs: int = 0
    conflicts: int = 0
    losses: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    def summary(self) -> str:
        faults = ", ".join(f"{k} {v}" for k, v in sorted(self.faults.items()))
        return (
            f"edits {self.edits} (refused on the device {self.refused_locally}); "
            f"faults injected {sum(v for k, v in self.faults.items() if k != 'upstream_down')} "
            f"({faults}); server SIGKILLs {self.server_kills}; worker SIGKILLs "
            f"{self.worker_kills}; database connections killed {self.connection_kills}; "
            f"device kills mid-sync "
            f"{self.device_kills}; syncs {self.syncs} ({self.failed_syncs} ended early); "
            f"conflicts {self.conflicts}; losses {len(self.losses)}"
        )


class Scenario:
    def __init__(
        self,
        profile: Profile,
        root: pathlib.Path,
        kill_connections: Callable[[], int] | None = None,
    ) -> None:
        self.p = profile
        self.kill_connections = kill_connections
        self.root = root
        self.rng = random.Random(profile.seed)
        self.today = dt.date.today()
        self.year = self.today.year
        self.server = ServerProcess(
            root / "server.db",
            root / "data",
            root / "server.log",
            database_url=profile.database_url,
            workers=profile.workers,
        )
        self.proxy = FaultProxy(self.server.port, seed=profile.seed + 1, plan=FaultPlan())
        self.homes = {name: root / name for name, _ in profile.devices}
        self.nips = dict(profile.devices)
        self.replicas: dict[str, str] = {}
        self.writes: list[Write] = []
        self.deleted_ids: set[str] = set()
        self.out = Outcome()
        self.final_appraisal: dict[str, Any] | None = None
        self.appraisal_id: str | None = None
        self._lock = threading.Lock()

    # setup -----------------------------------------------------------------------------------
    def seed(self) -> None:
        records = [
            ds.Rec("skp", SKP_IDS[nip], nip, skp_fields(nip, ds.KAPUS, self.year))
            for nip in SKP_IDS
        ]
        seed_file(self.root / "server.db", records, database_url=self.p.database_url)

    def cli(self, name: str, *args: str) -> tuple[int, Any]:
        out, err = io.StringIO(), io.StringIO()
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = device_main(["--home", str(self.homes[name]), *args, "--json"])
        text = out.getvalue()
        return code, (json.loads(text) if code == 0 and text.strip() else err.getvalue())

    def sync_in_process(self, name: str) -> None:
        code, answer = self.cli(name, "sync")
        assert code == 0, f"{name}: sync failed after faults stopped: {answer}"

    def login_all(self) -> None:
        for name, nip in self.p.devices:
            code, answer = self.cli(
                name, "login", "--server", self.proxy.url, "--nip", nip, "--password", ds.PASSWORD
            )
            assert code == 0, answer
            self.replicas[name] = answer["device_id"]

    # edits -----------------------------------------------------------------------------------
    def _day(self) -> str:
        start = dt.date(self.year, 1, 1)
        span = max(0, (self.today - start).days)
        return (start + dt.timedelta(days=self.rng.randint(0, span))).isoformat()

    def _own_logs(self, name: str) -> list[Record]:
        with Device(self.homes[name]) as device:
            return [
                r
                for r in device.ctx.store.records.of_kind(RecordKind.PROGRESS_LOG)
                if r.owner == self.nips[name] and not r.deleted
            ]

    def _record(self, name: str, record_id: str) -> Record | None:
        with Device(self.homes[name]) as device:
            return device.ctx.store.records.get(record_id)

    def _note(self, name: str, record_id: str, kind: str, fields: dict[str, Any]) -> None:
        local = self._record(name, record_id)
        replica = self.replicas[name]
        if local is None:  # a never-synced record deleted on the device: it is simply gone
            self.writes = [
                w for w in self.writes if not (w.device == name and w.record_id == record_id)
            ]
            return
        self.writes.append(
            Write(
                device=name,
                replica=replica,
                record_id=record_id,
                kind=kind,
                fields=fields,
                deleted=local.deleted,
                counter=local.vv.get(replica, 0),
                vv=dict(local.vv),
            )
        )
        self.out.edits += 1

    def edit(self, name: str) -> None:
        nip = self.nips[name]
        if nip in SKP_IDS:
            self._employee_edit(name)
        elif nip == ds.KAPUS:
            self._supervisor_edit(name)
        else:
            sub = ds.KAPUS
            text = f"Arahan {self.rng.randint(0, 10**6)}"
            code, answer = self.cli(name, "feedback", "--nip", sub, "--text", text)
            self._saved(name, code, answer, "feedback", {"text": text})

    def _saved(self, name: str, code: int, answer: Any, kind: str, fields: dict[str, Any]) -> None:
        if code == 0:
            self._note(name, answer["id"] if isinstance(answer, dict) else answer, kind, fields)
        elif code == 2:
            self.out.refused_locally += 1  # refused on the device: nothing was saved
        else:
            raise AssertionError(f"{name}: edit failed with exit {code}: {answer}")

    def _employee_edit(self, name: str) -> None:
        logs = self._own_logs(name)
        roll = self.rng.random()
        value = str(self.rng.randint(0, 9))
        note = f"Kegiatan {self.rng.randint(0, 10**6)}"
        if not logs or roll < 0.5:
            indicator = self.rng.choice([IND_VISITS, IND_REPORTS])
            args = ("log", "add", "--indicator", indicator, "--date", self._day())
            code, answer = self.cli(name, *args, "--value", value, "--note", note)
            self._saved(
                name, code, answer, "progress_log", {"value": float(value), "description": note}
            )
            return
        target = self.rng.choice(logs)
        if roll < 0.9:
            if self.rng.random() < 0.5:
                code, answer = self.cli(name, "log", "edit", target.id, "--value", value)
                fields: dict[str, Any] = {"value": float(value)}
            else:
                code, answer = self.cli(name, "log", "edit", target.id, "--note", note)
                fields = {"description": note}
            self._saved(
                name, code, {"id": target.id} if code == 0 else answer, "progress_log", fields
            )
            return
        code, answer = self.cli(name, "log", "delete", target.id)
        if code == 0:
            self.deleted_ids.add(target.id)
        self._saved(name, code, {"id": target.id} if code == 0 else answer, "progress_log", {})

    def _supervisor_edit(self, name: str) -> None:
        sub = self.rng.choice(list(SKP_IDS))
        if self.rng.random() < 0.5:
            text = f"Umpan balik {self.rng.randint(0, 10**6)}"
            code, answer = self.cli(name, "feedback", "--nip", sub, "--text", text)
            self._saved(name, code, answer, "feedback", {"text": text})
            return
        ratings = ["di_atas_ekspektasi", "sesuai_ekspektasi", "di_bawah_ekspektasi"]
        hasil, perilaku = self.rng.choice(ratings), self.rng.choice(ratings)
        period = f"{self.year}-T2"
        code, answer = self.cli(
            name,
            "rate",
            "--nip",
            sub,
            "--period",
            period,
            "--hasil-kerja",
            hasil,
            "--perilaku",
            perilaku,
        )
        fields = {"hasil_kerja": hasil, "perilaku_kerja": perilaku}
        self._saved(name, code, answer, "appraisal", fields)

    # the appraisal that gets finalized (I6) ----------------------------------------------------
    def prepare_final(self) -> None:
        """kapus_a rates nurse2's T1 (draft) and both kapus devices sync it."""
        period = f"{self.year}-{PERIOD}"
        code, answer = self.cli(
            "kapus_a",
            "rate",
            "--nip",
            ds.NURSE2,
            "--period",
            period,
            "--hasil-kerja",
            "sesuai_ekspektasi",
            "--perilaku",
            "sesuai_ekspektasi",
        )
        assert code == 0, answer
        self.appraisal_id = answer["id"]
        self._note("kapus_a", answer["id"], "appraisal", {"hasil_kerja": "sesuai_ekspektasi"})
        for name in ("kapus_a", "kapus_b"):
            self.sync_in_process(name)

    def finalize(self) -> None:
        period = f"{self.year}-{PERIOD}"
        code, answer = self.cli(
            "kapus_a",
            "rate",
            "--nip",
            ds.NURSE2,
            "--period",
            period,
            "--hasil-kerja",
            "di_atas_ekspektasi",
            "--perilaku",
            "di_atas_ekspektasi",
        )
        assert code == 0, answer
        code, answer = self.cli("kapus_a", "finalize", "--nip", ds.NURSE2, "--period", period)
        assert code == 0, answer
        self.final_appraisal = {k: v for k, v in answer.items() if k != "id"}
        self._note("kapus_a", answer["id"], "appraisal", {"status": "final"})

    def stale_rating(self) -> None:
        """kapus_b, which has not seen the finalization, changes the draft."""
        period = f"{self.year}-{PERIOD}"
        code, answer = self.cli(
            "kapus_b",
            "rate",
            "--nip",
            ds.NURSE2,
            "--period",
            period,
            "--hasil-kerja",
            "di_bawah_ekspektasi",
        )
        self._saved("kapus_b", code, answer, "appraisal", {"hasil_kerja": "di_bawah_ekspektasi"})

    # faults ----------------------------------------------------------------------------------
    def _sync_process(self, name: str, kill_after: float | None) -> None:
        with (self.root / f"{name}.sync.log").open("ab") as log:
            proc = subprocess.Popen(
                device_command(self.homes[name], "sync", "--json"),
                cwd=ROOT,
                stdout=subprocess.DEVNULL,
                stderr=log,
            )
        try:
            if kill_after is not None:
                try:
                    proc.wait(timeout=kill_after)
                except subprocess.TimeoutExpired:
                    proc.kill()
                    proc.wait()
                    with self._lock:
                        self.out.device_kills += 1
                    return
            code = proc.wait(timeout=self.p.sync_timeout)
        finally:
            if proc.poll() is None:
                proc.kill()
                proc.wait()
        with self._lock:
            self.out.syncs += 1
            if code != 0:
                self.out.failed_syncs += 1
            if code not in {0, 3, 7}:
                self.out.problems.append(f"{name}: sync exited {code}")

    def fault_round(self, number: int) -> None:
        names = [n for n, _ in self.p.devices]
        for _ in range(self.p.edits_per_round):
            for name in self.rng.sample(names, len(names)):
                self.edit(name)
        if number == 1:
            self.finalize()
        if number == 2:
            self.stale_rating()
        syncing = [n for n in names if self.rng.random() < 0.8]
        threads = []
        for name in syncing:
            kill = (
                self.rng.uniform(0.6, 2.5)
                if self.rng.random() < self.p.device_kill_chance
                else None
            )
            thread = threading.Thread(target=self._sync_process, args=(name, kill))
            threads.append(thread)
            thread.start()
            # edits while syncs run: the runner must push them next time
            if self.rng.random() < 0.3:
                self.edit(name)
        if self.rng.random() < self.p.server_kill_chance:
            time.sleep(self.rng.uniform(0.2, 2.0))
            self.server_fault()
        for thread in threads:
            thread.join(timeout=self.p.sync_timeout + 30)

    def server_fault(self) -> None:
        """SIGKILL of the server; with several workers on PostgreSQL, sometimes of one worker
        (its supervisor starts another) or of PostgreSQL's connections to the server."""
        kinds = ["server"]
        if self.p.workers > 1:
            kinds.append("worker")
        if self.kill_connections is not None:
            kinds.append("connections")
        kind = self.rng.choice(kinds)
        if kind == "worker":
            self.server.kill_worker()
            self.out.worker_kills += 1
        elif kind == "connections":
            assert self.kill_connections is not None
            self.kill_connections()
            self.out.connection_kills += 1
        else:
            self.server.kill()
            time.sleep(self.rng.uniform(0.0, 1.0))
            self.server.start()
            self.out.server_kills += 1

    # run -------------------------------------------------------------------------------------
    def run(self) -> Outcome:
        self.seed()
        self.server.start()
        self.proxy.start()
        try:
            self.login_all()
            for name in self.homes:
                self.sync_in_process(name)
            self.prepare_final()
            self.proxy.enabled = True
            for number in range(self.p.rounds):
                self.fault_round(number)
            self.proxy.enabled = False
            names = list(self.homes)
            for _ in range(2):
                for name in names:
                    self.sync_in_process(name)
            self.out.faults = Counter(self.proxy.fired)
            self.check()
        finally:
            self.proxy.stop()
            self.server.stop()
        return self.out

    # invariants ------------------------------------------------------------------------------
    def _server_state(self) -> tuple[dict[str, Record], dict[str, list[Conflict]], list[Any]]:
        storage: Storage = (
            PostgresStorage(self.p.database_url, pool_size=2)
            if self.p.database_url
            else SqliteStorage(self.root / "server.db")
        )
        try:
            with storage.read() as reader:
                rows = reader.records_after(0, RecordScope(everything=True), 10_000_000)
                records = {r.id: from_stored(r) for r in rows}
                conflicts = {
                    rid: [
                        msgspec.msgpack.decode(c.detail, type=Conflict)
                        for c in reader.conflicts_of(rid)
                    ]
                    for rid in records
                }
                audit = []
                after = 0
                while True:
                    page = reader.audit_entries(after_id=after, limit=1000)
                    if not page:
                        break
                    audit.extend(page)
                    after = page[-1].id
        finally:
            storage.close()
        return records, conflicts, audit

    def _owners(self, nip: str) -> set[str]:
        chain = {p[0]: p[3] for p in ds.PEOPLE}
        owners = {nip}
        for person, boss in chain.items():
            if boss == nip or (boss is not None and chain.get(boss) == nip):
                owners.add(person)
        return owners

    def check(self) -> None:
        server, conflicts, audit = self._server_state()
        self.out.conflicts = sum(len(c) for c in conflicts.values())
        self._check_convergence(server)
        self._check_no_loss(server, conflicts)
        self._check_exactly_once(audit)
        self._check_no_resurrection(server)
        self._check_final(server)
        if not self.oracle_notices_a_loss(server):
            self.out.problems.append("the I2 checker did not notice a forged loss")

    def _check_convergence(self, server: dict[str, Record]) -> None:  # I1
        for name, nip in self.p.devices:
            with Device(self.homes[name]) as device:
                export = device.export()
            local = {r["id"]: r for r in export["records"] if not r["deleted"]}
            owners = self._owners(nip)
            visible = {
                rid
                for rid, r in server.items()
                if not r.deleted and (r.kind in PUBLIC or r.owner in owners)
            }
            if set(local) != visible:
                self.out.problems.append(
                    f"I1 {name}: missing {sorted(visible - set(local))[:3]}, "
                    f"extra {sorted(set(local) - visible)[:3]}"
                )
            for rid in visible & set(local):
                if local[rid]["fields"] != server[rid].fields or local[rid]["vv"] != server[rid].vv:
                    self.out.problems.append(f"I1 {name}: {rid} differs from the server")
            if export["outbox"]:
                self.out.problems.append(f"I1 {name}: {len(export['outbox'])} changes unsent")

    def _by_dot(self) -> dict[tuple[str, int], Write]:
        return {(w.replica, w.counter): w for w in self.writes}

    def _check_no_loss(
        self, server: dict[str, Record], conflicts: dict[str, list[Conflict]]
    ) -> None:  # I2
        latest: dict[tuple[str, str, str], Write] = {}
        for w in self.writes:
            for name in ["_deleted"] if w.deleted else list(w.fields):
                latest[(w.device, w.record_id, name)] = w
        dots = self._by_dot()
        for (device, rid, name), w in latest.items():
            reason = self._lost(w, name, server.get(rid), conflicts.get(rid, []), dots)
            if reason:
                self.out.losses.append(f"{device} {w.kind} {rid} {name}: {reason}")

    @staticmethod
    def _in_conflict(w: Write, conflicts: list[Conflict]) -> bool:
        return any(
            c.losing_replica == w.replica and c.losing_counter >= w.counter for c in conflicts
        )

    def _lost(
        self,
        w: Write,
        name: str,
        record: Record | None,
        conflicts: list[Conflict],
        dots: dict[tuple[str, int], Write],
    ) -> str:
        if self._in_conflict(w, conflicts):
            return ""
        if record is None:
            return "never reached the server"
        if record.vv.get(w.replica, 0) < w.counter:
            return f"not in the server's version {record.vv} (dot {w.replica}:{w.counter})"
        if w.deleted:
            return "" if record.deleted else "a saved delete was undone"
        if record.deleted:
            deleters = [d for d in self.writes if d.record_id == w.record_id and d.deleted]
            if any(d.vv.get(w.replica, 0) >= w.counter for d in deleters):
                return ""  # deleted by someone who had seen the edit
            return "deleted concurrently without a conflict"
        clock = record.field_clocks.get(name)
        if clock is None:
            return "field has no clock on the server"
        _, replica, counter = clock
        if (replica, counter) == (w.replica, w.counter):
            value = record.fields.get(name)
            return "" if value == w.fields[name] else f"value {value!r} != saved {w.fields[name]!r}"
        winner = dots.get((replica, counter))
        if winner is not None and winner.vv.get(w.replica, 0) >= w.counter:
            return ""  # overwritten by a later edit that had seen this one
        if replica == w.replica and counter > w.counter:
            return ""  # the same device wrote it again later
        if name in record.fields and record.fields[name] == w.fields[name]:
            return ""  # a concurrent write of the same value: nothing to keep apart
        return f"overwritten by {replica}:{counter} without a conflict"

    def oracle_notices_a_loss(self, server: dict[str, Record]) -> bool:
        """Self-test of the checker: overwrite a saved value on a copy of the server's record
        with a foreign dot and no conflict; :meth:`_lost` must call it a loss."""
        dots = self._by_dot()
        for w in reversed(self.writes):
            record = server.get(w.record_id)
            if w.deleted or record is None or record.deleted:
                continue
            for name in w.fields:
                clock = record.field_clocks.get(name)
                if clock is None or (clock[1], clock[2]) != (w.replica, w.counter):
                    continue
                forged = msgspec.structs.replace(
                    record,
                    fields={**record.fields, name: "hilang"},
                    field_clocks={**record.field_clocks, name: (clock[0] + 1, "dX", 1)},
                )
                return bool(self._lost(w, name, forged, [], dots))
        return False

    def _check_exactly_once(self, audit: list[Any]) -> None:  # I3
        accepted: Counter[tuple[str, str]] = Counter()
        for entry in audit:
            if entry.action in {"change_accepted", "change_merged"} and entry.record_id:
                accepted[(entry.device_id, entry.record_id)] += 1
        edits: Counter[tuple[str, str]] = Counter((w.replica, w.record_id) for w in self.writes)
        for key, count in accepted.items():
            if count > edits.get(key, 0) and key[0] in self.replicas.values():
                self.out.problems.append(f"I3: {key} accepted {count} times for {edits[key]} edits")

    def _check_no_resurrection(self, server: dict[str, Record]) -> None:  # I4
        for rid in self.deleted_ids:
            record = server.get(rid)
            if record is not None and not record.deleted:
                self.out.problems.append(f"I4: {rid} came back on the server")
        for name in self.homes:
            with Device(self.homes[name]) as device:
                live = {r["id"] for r in device.export()["records"] if not r["deleted"]}
            back = live & self.deleted_ids
            if back:
                self.out.problems.append(f"I4: {name} still shows deleted {sorted(back)[:3]}")

    def _check_final(self, server: dict[str, Record]) -> None:  # I6
        assert self.appraisal_id is not None
        assert self.final_appraisal is not None
        record = server[self.appraisal_id]
        if record.fields.get("status") != "final":
            self.out.problems.append(f"I6: the appraisal is {record.fields.get('status')}")
        for key, value in self.final_appraisal.items():
            if key in record.fields and record.fields[key] != value:
                self.out.problems.append(f"I6: {key} changed after finalization")
