"""The real server for the second sync property test: :class:`server.sync_service.SyncService`
over :class:`server.storage.SqliteStorage` in a temporary directory, seeded with the unit tests'
dataset, with real logins, scope, rights and content rules and a hand-moved clock.

The device side is the simulation's :class:`tests.property.sim.Device` (the real sync core,
writing records of any owner), taught the app's page rule, to honour removal notices and to
keep what the server refused. :func:`scope_of` is what each employee's devices may receive,
written out from the documented rules over the stored supervisor chain (not computed by the
server's own scope code), so that the test can catch a record sent outside it.
"""

from __future__ import annotations

import atexit
import pathlib
import shutil
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import NamedTuple

import msgspec

import sync
from server.actor import Actor
from server.record_codec import from_stored
from server.seed import seed_dataset
from server.services import Services, build_services
from server.settings import Settings
from server.storage import RecordScope, SqliteStorage, StoredRecord
from tests.fixtures.clock import T0, FakeClock
from tests.fixtures.passwords import fast_passwords
from tests.fixtures.skp import SKP_ID, seed_records, skp_fields
from tests.property.sim import Device
from tests.unit.server import dataset as ds

__all__ = [
    "SKP_ID",
    "RealDevice",
    "RealServer",
    "Scope",
    "scope_of",
    "skp_fields",
]

KAPUS_SKP_ID = "0190a000-0000-7000-8000-0000000000c1"

PUBLIC = frozenset({"unit", "employee", "period", "org_predikat"})
"""Master data every signed-in device receives (owner "")."""

HR_STAFF = {
    ds.ADMIN_DINKES: frozenset({ds.KADINKES, ds.KAPUS, ds.NURSE, ds.NURSE2, ds.ADMIN_DINKES})
}
"""The Pengelola Kinerja of Dinas Kesehatan receives the records of the OPD's employees."""


class Scope(NamedTuple):
    """What a device of one employee may receive besides master data, written out from the
    rules of docs/sync.md (not computed by the server's scope code): the employee's own
    records, those of their subordinates and of the subordinates' subordinates, the SKP of
    their own supervisor, and for HR the records of the OPD's staff."""

    owners: frozenset[str]
    pairs: frozenset[tuple[str, str]]

    def admits(self, owner: str, kind: str) -> bool:
        if owner == "":
            return kind in PUBLIC
        return owner in self.owners or (owner, kind) in self.pairs


def scope_of(nip: str, supervisors: Mapping[str, str | None]) -> Scope:
    """The scope of ``nip`` given every employee's supervisor (as the server stores them)."""
    subs = {n for n, boss in supervisors.items() if boss == nip}
    below = {n for n, boss in supervisors.items() if boss in subs}
    boss = supervisors.get(nip)
    return Scope(
        owners=frozenset({nip} | subs | below | HR_STAFF.get(nip, frozenset())),
        pairs=frozenset({(boss, "skp")} if boss else set()),
    )


_template: pathlib.Path | None = None


def _template_db() -> pathlib.Path:
    """The seeded database, built once per process and copied for every example."""
    global _template
    if _template is None:
        folder = pathlib.Path(tempfile.mkdtemp(prefix="kinerja-prop-"))
        atexit.register(shutil.rmtree, folder, ignore_errors=True)
        path = folder / "template.db"
        storage = SqliteStorage(path)
        records = [
            *seed_records(),
            ds.Rec("skp", KAPUS_SKP_ID, ds.KAPUS, skp_fields(ds.KAPUS, ds.KADINKES)),
        ]
        seed_dataset(
            storage,
            ds.build(records),
            passwords=fast_passwords(),
            server_replica=Settings().server_replica_id,
            now=T0,
        )
        storage.close()
        _template = path
    return _template


class RealServer:
    """One server: its services over a fresh copy of the seeded database."""

    def __init__(self) -> None:
        self._dir = tempfile.TemporaryDirectory(prefix="kinerja-prop-")
        folder = pathlib.Path(self._dir.name)
        db = folder / "server.db"
        shutil.copyfile(_template_db(), db)
        self.clock = FakeClock()
        self.settings = Settings(db_path=db, data_dir=folder / "data")
        self.storage = SqliteStorage(db)
        self.services: Services = build_services(
            self.settings, storage=self.storage, clock=self.clock, passwords=fast_passwords()
        )

    def close(self) -> None:
        self.storage.close()
        self._dir.cleanup()

    def login(self, nip: str, name: str) -> Actor:
        session = self.services.auth.login(
            nip=nip, password=ds.PASSWORD, address="10.0.0.1", device_name=name
        )
        return session.actor

    def handle(self, actor: Actor, data: bytes) -> bytes:
        """What the push and pull routes do with a request's bytes (MessagePack both ways)."""
        msg = sync.decode_request(data)
        if isinstance(msg, sync.PushBatch):
            return self.services.sync.push_answer(actor, msg)[1]
        assert isinstance(msg, sync.PullRequest), msg
        return self.services.sync.pull_msgpack(actor, msg)

    def rows(self) -> dict[str, StoredRecord]:
        """Every stored record (tombstones too), as the storage holds it."""
        with self.storage.read() as reader:
            found = reader.records_after(0, RecordScope(everything=True), 1 << 30)
        return {r.id: r for r in found}

    def records(self) -> dict[str, sync.Record]:
        return {rid: from_stored(row) for rid, row in self.rows().items()}

    def row(self, record_id: str) -> StoredRecord | None:
        with self.storage.read() as reader:
            return reader.record(record_id)

    def supervisors(self) -> dict[str, str | None]:
        """Every employee's supervisor, from the stored employee records."""
        with self.storage.read() as reader:
            rows = reader.records_after(
                0, RecordScope(public_kinds=frozenset({"employee"})), 1 << 30
            )
        people = [from_stored(r).fields for r in rows if r.kind == "employee" and not r.deleted]
        return {str(f["nip"]): f.get("supervisor_nip") for f in people}

    def conflicts(self, record_id: str) -> list[sync.Conflict]:
        with self.storage.read() as reader:
            rows = reader.conflicts_of(record_id)
        return [msgspec.msgpack.decode(r.detail, type=sync.Conflict) for r in rows]

    def collect_tombstones(self, max_idle_s: float) -> None:
        self.services.sync.collect_tombstones(max_idle_s=max_idle_s, min_age_s=0)


@dataclass
class RealDevice(Device):
    """A device of one employee: the simulation's device, signed in on the real server."""

    nip: str = ""
    name: str = ""
    actor: Actor | None = None
    refused: list[sync.Change] = field(default_factory=list)
    """Changes the server refused outright (no conflict kept): the app keeps them visible."""
    refetch: set[str] = field(default_factory=set)
    """Ids refused without the record (outside the scope then): the copy is dropped and asked
    for again at the next pull (the app's rule, client.syncing.apply)."""

    def _on_push_result(self, msg: sync.PushResult) -> None:
        sent = self.inflight.get(msg.batch_seq, {})
        for result in msg.results:
            skew = result.reason is sync.RejectReason.CLOCK_SKEW
            refused = result.outcome == "rejected" and not result.conflicts and not skew
            if refused and result.id in sent:
                self.refused.append(sent[result.id])
                if result.record is None:
                    self.refetch.add(result.id)
        super()._on_push_result(msg)

    def pull(self) -> bytes:
        request = sync.PullRequest(
            device_id=self.id, cursor=self.cursor, limit=4, refetch=sorted(self.refetch)
        )
        return sync.encode(request)

    def _on_page(self, page: sync.PullPage, world_ms: int) -> None:
        """The app's rule (client.syncing.apply): the server does not echo the request's
        cursor, so a page is applied unless it ends before the device's cursor."""
        if page.reset_required:
            self._reset()
            return
        if page.next_cursor < self.cursor:
            return  # an old page (I7: the cursor never goes back)
        self.refetch.clear()  # what it may see of them came with the page
        self._take_records(page, world_ms)
        for rid in page.removals:  # out of its scope now: drop the copy, never unsynced work
            if rid not in self.outbox:
                self.store.pop(rid, None)
        self.cursor = page.next_cursor
