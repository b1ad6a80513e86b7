"""A simulated deployment for the sync property test: one server, several devices, a bad network.

Everything decision-like goes through the real sync core (``reconcile``, ``local_edit``,
``integrate_pull``, ``integrate_result``, the protocol codecs, the batch ledger and the tombstone
horizon); this module only plays the shells around it: storage, transport and clocks.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

import msgspec

import sync
from sync import hlc, tombstones
from sync.vv import check_monotonic, covers

SERVER = "S"
OWNER_NIP = "199001012015011001"
MAX_SKEW_MS = 60_000


@dataclass
class Server:
    store: dict[str, sync.Record] = field(default_factory=dict)
    seq_of: dict[str, int] = field(default_factory=dict)  # record id -> commit seq of latest
    head: int = 0
    conflicts: dict[str, sync.Conflict] = field(default_factory=dict)
    last_batch: dict[str, int] = field(default_factory=dict)
    last_result: dict[str, bytes] = field(default_factory=dict)
    cursors: dict[str, int] = field(default_factory=dict)  # device -> last pulled cursor
    inactive: set[str] = field(default_factory=set)
    oldest_retained: int = 0
    fresh_start: dict[str, int] = field(default_factory=dict)  # device -> low-water at cursor 0
    relations: dict[str, sync.Relation] = field(default_factory=dict)

    def commit(self, record: sync.Record) -> None:
        self.head += 1
        self.store[record.id] = record
        self.seq_of[record.id] = self.head

    def handle(self, data: bytes, now_ms: int) -> bytes | None:
        msg = sync.decode_request(data)
        if isinstance(msg, sync.PushBatch):
            return self._push(msg, now_ms)
        if isinstance(msg, sync.PullRequest):
            return self._pull(msg)
        return None

    def _push(self, batch: sync.PushBatch, now_ms: int) -> bytes | None:
        device = batch.device_id
        admission = sync.admit_batch(self.last_batch.get(device, 0), batch.batch_seq)
        if admission is sync.BatchAdmission.REPLAY:
            return self.last_result[device]
        if admission is sync.BatchAdmission.STALE:
            return None
        results = []
        for change in batch.changes:
            decision = sync.reconcile(
                self.store.get(change.id),
                change,
                relation=self.relations[device],
                server_replica=SERVER,
                now_hlc=hlc.pack(now_ms),
                max_skew_ms=MAX_SKEW_MS,
            )
            self._persist(decision)
            results.append(sync.result_of(change.id, decision))
        answer = sync.encode(sync.PushResult(batch_seq=batch.batch_seq, results=results))
        self.last_batch[device] = batch.batch_seq
        self.last_result[device] = answer
        return answer

    def _persist(self, decision: sync.Decision) -> None:
        match decision:
            case sync.Applied(record=record):
                self.commit(record)
            case sync.Merged(record=record, conflicts=conflicts):
                self.commit(record)
                for c in conflicts:
                    self.conflicts[c.id] = c
            case sync.Rejected(authoritative=record, conflicts=conflicts) if conflicts:
                if record is not None:
                    self.commit(record)
                for c in conflicts:
                    self.conflicts[c.id] = c
            case _:
                pass

    def _pull(self, req: sync.PullRequest) -> bytes:
        device = req.device_id
        self.inactive.discard(device)
        self.cursors[device] = req.cursor
        if req.cursor == 0:
            self.fresh_start[device] = self.oldest_retained
        start = self.fresh_start.get(device, 0)
        if tombstones.needs_reset(req.cursor, self.oldest_retained, retained_at_start=start):
            page = sync.PullPage(records=[], cursor=req.cursor, next_cursor=0, reset_required=True)
            return sync.encode(page)
        newer = sorted((s, i) for i, s in self.seq_of.items() if s > req.cursor)
        chunk = newer[: req.limit]
        live = [self.store[i] for _, i in chunk if not self.store[i].deleted]
        dead = [self.store[i] for _, i in chunk if self.store[i].deleted]
        page = sync.PullPage(
            records=live,
            tombstones=dead,
            cursor=req.cursor,
            next_cursor=chunk[-1][0] if chunk else req.cursor,
            more=len(newer) > req.limit,
        )
        return sync.encode(page)

    def collect_tombstones(self) -> None:
        active = {d: c for d, c in self.cursors.items() if d not in self.inactive}
        limit = tombstones.horizon(active, head=self.head)
        for rid, record in list(self.store.items()):
            seq = self.seq_of[rid]
            if record.deleted and tombstones.can_drop(seq, limit):
                del self.store[rid]
                del self.seq_of[rid]
                self.oldest_retained = max(self.oldest_retained, seq + 1)


@dataclass
class Device:
    """Committed state (survives a crash) and in-memory state (``inflight``, lost on crash)."""

    id: str
    relation: sync.Relation
    store: dict[str, sync.Record] = field(default_factory=dict)
    outbox: dict[str, sync.Change] = field(default_factory=dict)
    cursor: int = 0
    counter: int = 0
    batch_seq: int = 0
    clock: int = 0
    skew_ms: int = 0
    inflight: dict[int, dict[str, sync.Change]] = field(default_factory=dict)
    shown_conflicts: int = 0

    def now(self, world_ms: int) -> int:
        return world_ms + self.skew_ms

    def local_change(
        self,
        world_ms: int,
        base: sync.Record | None,
        pending: sync.Change | None,
        *,
        kind: str,
        rid: str,
        owner: str,
        patch: dict[str, Any],
        delete: bool = False,
    ) -> tuple[sync.Record, sync.Change]:
        """``sync.local_edit`` over ``base`` (and the unsynced ``pending``) with this device's
        next counter and a tick of its clock: a counter is never reused, even by a change
        that is never stored."""
        self.counter += 1
        self.clock = hlc.tick(self.clock, self.now(world_ms))
        return sync.local_edit(
            base,
            pending,
            kind=kind,
            id=rid,
            owner=owner,
            patch=patch,
            replica=self.id,
            counter=self.counter,
            hlc=self.clock,
            delete=delete,
        )

    def edit(
        self,
        world_ms: int,
        kind: str,
        rid: str,
        patch: dict[str, Any],
        *,
        delete: bool = False,
        owner: str | None = None,
    ) -> sync.Record:
        """A saved edit of ``rid``: the record keeps its stored owner; a new one is owned by
        ``owner`` (the simulation's one owner unless given)."""
        local = self.store.get(rid)
        record, change = self.local_change(
            world_ms,
            local,
            self.outbox.get(rid),
            kind=kind,
            rid=rid,
            owner=local.owner if local is not None else owner or OWNER_NIP,
            patch=patch,
            delete=delete,
        )
        self.store[rid] = record
        self.outbox[rid] = change
        return record

    def push(self) -> bytes | None:
        if not self.outbox:
            return None
        self.batch_seq += 1
        changes = list(self.outbox.values())
        self.inflight[self.batch_seq] = {c.id: c for c in changes}
        batch = sync.PushBatch(device_id=self.id, batch_seq=self.batch_seq, changes=changes)
        return sync.encode(batch)

    def pull(self) -> bytes:
        return sync.encode(sync.PullRequest(device_id=self.id, cursor=self.cursor, limit=4))

    def receive(self, data: bytes, world_ms: int) -> None:
        msg = sync.decode_response(data)
        if isinstance(msg, sync.PushResult):
            self._on_push_result(msg)
        elif isinstance(msg, sync.PullPage):
            self._on_page(msg, world_ms)

    def _apply(self, rid: str, out: sync.Integration) -> None:
        old = self.store.get(rid)
        if out.store is None:
            self.store.pop(rid, None)
        else:
            if old is not None and not old.deleted:
                check_monotonic(old.vv, out.store.vv)  # I7: observed versions never decrease
            self.store[rid] = out.store
        if out.pending is None:
            self.outbox.pop(rid, None)
        else:
            self.outbox[rid] = out.pending
        self.shown_conflicts += len(out.conflicts)

    def _on_push_result(self, msg: sync.PushResult) -> None:
        sent = self.inflight.pop(msg.batch_seq, None)
        if sent is None:  # crashed since, or a duplicate answer: the outbox still holds the work
            return
        for result in msg.results:
            rid = result.id
            out = sync.integrate_result(
                self.store.get(rid), self.outbox.get(rid), sent[rid], result
            )
            self._apply(rid, out)

    def _on_page(self, page: sync.PullPage, world_ms: int) -> None:
        if page.cursor != self.cursor:
            return  # a late or duplicated page for an older cursor
        if page.reset_required:
            self._reset()
            return
        assert page.next_cursor >= self.cursor, "I7: pull cursor went backwards"
        self._take_records(page, world_ms)
        self.cursor = page.next_cursor

    def _reset(self) -> None:
        """The server asked for a fresh start: wipe copies but keep unsynced work (its records
        stay shown until re-pushed) and pull from the beginning."""
        self.store = {rid: r for rid, r in self.store.items() if rid in self.outbox}
        self.cursor = 0

    def _take_records(self, page: sync.PullPage, world_ms: int) -> None:
        """Integrate a page's records and tombstones (the cursor is the caller's)."""
        for remote in [*page.records, *page.tombstones]:
            self.clock = hlc.receive(self.clock, remote.hlc, self.now(world_ms), 1 << 40)
            out = sync.integrate_pull(self.store.get(remote.id), remote, self.outbox.get(remote.id))
            self._apply(remote.id, out)

    def crash(self) -> None:
        self.inflight.clear()


@dataclass
class Write:
    """One saved edit, as the oracle saw it: a unique value or a delete."""

    rid: str
    field: str  # "_deleted" for a delete
    value: Any
    replica: str
    counter: int
    vv: dict[str, int]


@dataclass
class Oracle:
    writes: list[Write] = field(default_factory=list)

    def accounted(
        self,
        w: Write,
        record: sync.Record | None,
        conflicts: Callable[[str], Iterable[sync.Conflict]],
    ) -> bool:
        """I2 for one write: it is current in ``record`` (the server's copy), the losing side
        of one of the record's ``conflicts`` (read only when needed), or knowingly
        overwritten."""
        if w.field == "_deleted":
            if record is None or record.deleted:
                return True
        elif record is not None and record.fields.get(w.field) == w.value:
            return True
        if any(c.losing.get(w.field) == w.value for c in conflicts(w.rid)):
            return True
        return self.superseded(w)

    def superseded(self, w: Write) -> bool:
        """Did someone who had seen ``w`` later overwrite the same field (or delete the record)?"""
        return any(
            o is not w
            and o.rid == w.rid
            and (o.field in (w.field, "_deleted"))
            and covers(o.vv, w.replica, w.counter)
            for o in self.writes
        )


@dataclass
class ServerWatch:
    """I4 and I6, step by step over the server's records: a deleted record never comes back,
    and a final or approved record keeps its fields (only an approved SKP may be returned)."""

    deleted_ids: set[str] = field(default_factory=set)
    locked: dict[str, tuple[str, dict[str, Any]]] = field(default_factory=dict)
    """Record id -> (status, fields) when it was first seen locked."""

    def check(self, records: Mapping[str, sync.Record]) -> None:
        for rid, record in records.items():
            if rid in self.deleted_ids:
                assert record.deleted, f"I4: {rid} came back after its delete"
            if record.deleted:
                self.deleted_ids.add(rid)
            status = record.fields.get("status")
            if rid in self.locked:
                was, fields = self.locked[rid]
                if status == was:
                    assert record.fields == fields, f"I6: locked {rid} changed"
                else:
                    assert record.kind == "skp", f"I6: {rid} unlocked"
                    assert status == "dikembalikan", f"I6: {rid} unlocked"
                    del self.locked[rid]
            if not record.deleted and status in ("final", "disetujui"):
                self.locked.setdefault(rid, (status, dict(record.fields)))


def record_equal(a: sync.Record, b: sync.Record) -> bool:
    return (
        a.fields == b.fields
        and a.deleted == b.deleted
        and a.vv == b.vv
        and msgspec.structs.astuple(a) == msgspec.structs.astuple(b)
    )
