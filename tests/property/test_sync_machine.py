"""Random edits, syncs and faults on several replicas, checked against an oracle (I1-I4, I6, I7).

Replicas: two phones of one employee (owner), a supervisor's tablet and phone, and the server.
The network drops, duplicates and reorders messages and loses responses after the server has
committed; devices crash (losing only in-memory state) and run with skewed clocks.
"""

from __future__ import annotations

import copy
from typing import Any

import hypothesis.strategies as st
import msgspec
from hypothesis.stateful import (
    RuleBasedStateMachine,
    initialize,
    invariant,
    precondition,
    rule,
)

import sync
from sync import hlc
from sync.vv import dominates
from tests.property.sim import (
    MAX_SKEW_MS,
    SERVER,
    Device,
    Oracle,
    Server,
    ServerWatch,
    Write,
    record_equal,
)

OWN, SV = sync.Relation.OWNER, sync.Relation.SUPERVISOR
LOG, APPRAISAL, SKP = "progress_log", "appraisal", "skp"


class SyncMachine(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        self.server = Server()
        self.devices: dict[str, Device] = {}
        self.oracle = Oracle()
        self.network: list[tuple[str, str, bytes]] = []  # (to, device, payload)
        self.delivered: list[bytes] = []  # pushes the server already processed
        self.now_ms = 1_700_000_000_000
        self.ids = 0
        self.values = 0
        self.watch = ServerWatch()  # I4, I6

    @initialize(owners=st.integers(1, 2), supervisors=st.integers(1, 2))
    def setup(self, owners: int, supervisors: int) -> None:
        for n in range(owners):
            self.devices[f"o{n}"] = Device(f"o{n}", OWN)
        for n in range(supervisors):
            self.devices[f"s{n}"] = Device(f"s{n}", SV)
        for d in self.devices.values():
            self.server.relations[d.id] = d.relation
        # a shared starting point: records every replica holds, so edits collide from step one
        owner, boss = self.devices["o0"], self.devices["s0"]
        for _ in range(2):
            self._edit(owner, LOG, self._new_id(), {"desc": self._value(), "val": self._value()})
        self._edit(owner, SKP, self._new_id(), {"status": "draft", "rhk": self._value()})
        patch = {"status": "draft", "rating_hk": self._value(), "rating_pk": self._value()}
        self._edit(boss, APPRAISAL, self._new_id(), patch)
        for d in [owner, boss, *self.devices.values()]:
            payload = d.push()
            if payload is not None:
                self._exchange(d, payload)
            for _ in range(3):
                self._exchange(d, d.pull())

    # helpers ---------------------------------------------------------------------------------

    def _tick(self, ms: int = 1000) -> None:
        self.now_ms += ms

    def _value(self) -> str:
        self.values += 1
        return f"v{self.values}"

    def _new_id(self) -> str:
        self.ids += 1
        return sync.uuid7(self.now_ms, self.ids.to_bytes(10, "big"))

    def _edit(self, d: Device, kind: str, rid: str, patch: dict[str, Any], **kw: Any) -> None:
        self._tick(7)
        record = d.edit(self.now_ms, kind, rid, patch, **kw)
        counter = record.vv[d.id]
        if kw.get("delete"):
            self.oracle.writes.append(Write(rid, "_deleted", True, d.id, counter, record.vv))
        for name, value in patch.items():
            if isinstance(value, str) and value.startswith("v"):
                self.oracle.writes.append(Write(rid, name, value, d.id, counter, record.vv))

    def _pick(self, d: Device, data: st.DataObject, kind: str) -> sync.Record | None:
        live = sorted(r.id for r in d.store.values() if r.kind == kind and not r.deleted)
        if not live:
            return None
        return d.store[data.draw(st.sampled_from(live))]

    def _device(self, data: st.DataObject, relation: sync.Relation) -> Device:
        names = sorted(n for n, d in self.devices.items() if d.relation is relation)
        return self.devices[data.draw(st.sampled_from(names))]

    # edits -----------------------------------------------------------------------------------

    @rule(data=st.data())
    def owner_creates_log(self, data: st.DataObject) -> None:
        d = self._device(data, OWN)
        self._edit(d, LOG, self._new_id(), {"desc": self._value(), "val": self._value()})

    @rule(data=st.data(), fields=st.sets(st.sampled_from(["desc", "val"]), min_size=1))
    def owner_edits_log(self, data: st.DataObject, fields: set[str]) -> None:
        d = self._device(data, OWN)
        r = self._pick(d, data, LOG)
        if r is not None:
            self._edit(d, LOG, r.id, {f: self._value() for f in sorted(fields)})

    @rule(data=st.data())
    def owner_deletes_log(self, data: st.DataObject) -> None:
        d = self._device(data, OWN)
        r = self._pick(d, data, LOG)
        if r is not None:
            self._edit(d, LOG, r.id, {}, delete=True)

    @rule(data=st.data())
    def supervisor_comments_log(self, data: st.DataObject) -> None:
        d = self._device(data, SV)
        r = self._pick(d, data, LOG)
        if r is not None:
            self._edit(d, LOG, r.id, {"supervisor_comment": self._value()})

    @rule(data=st.data())
    def supervisor_rates(self, data: st.DataObject) -> None:
        d = self._device(data, SV)
        r = self._pick(d, data, APPRAISAL)
        if r is None:
            patch = {"status": "draft", "rating_hk": self._value(), "rating_pk": self._value()}
            self._edit(d, APPRAISAL, self._new_id(), patch)
        elif r.fields.get("status") != "final":
            field = data.draw(st.sampled_from(["rating_hk", "rating_pk"]))
            self._edit(d, APPRAISAL, r.id, {field: self._value()})

    @rule(data=st.data())
    def supervisor_finalizes(self, data: st.DataObject) -> None:
        d = self._device(data, SV)
        r = self._pick(d, data, APPRAISAL)
        if r is not None and r.fields.get("status") == "draft":
            self._edit(d, APPRAISAL, r.id, {"status": "final", "rating_hk": self._value()})

    @rule(data=st.data())
    def owner_drafts_skp(self, data: st.DataObject) -> None:
        d = self._device(data, OWN)
        r = self._pick(d, data, SKP)
        if r is None:
            self._edit(d, SKP, self._new_id(), {"status": "draft", "rhk": self._value()})
        elif r.fields.get("status") in ("draft", "dikembalikan"):
            submit = data.draw(st.booleans())
            patch = {"rhk": self._value(), **({"status": "diajukan"} if submit else {})}
            self._edit(d, SKP, r.id, patch)

    @rule(data=st.data(), approve=st.booleans())
    def supervisor_decides_skp(self, data: st.DataObject, approve: bool) -> None:
        d = self._device(data, SV)
        r = self._pick(d, data, SKP)
        if r is None:
            return
        status = r.fields.get("status")
        if approve and status == "diajukan":
            self._edit(d, SKP, r.id, {"status": "disetujui"})
        elif not approve and status in ("diajukan", "disetujui"):
            self._edit(d, SKP, r.id, {"status": "dikembalikan", "return_note": self._value()})

    # sync and faults -------------------------------------------------------------------------

    @rule(data=st.data())
    def send_push(self, data: st.DataObject) -> None:
        d = self.devices[data.draw(st.sampled_from(sorted(self.devices)))]
        payload = d.push()
        if payload is not None:
            self.network.append(("server", d.id, payload))

    @rule(data=st.data(), lose_answer=st.booleans())
    def sync_round(self, data: st.DataObject, lose_answer: bool) -> None:
        """A device pushes and pulls directly (the answer to its push may still be lost)."""
        d = self.devices[data.draw(st.sampled_from(sorted(self.devices)))]
        payload = d.push()
        if payload is not None:
            self._tick(3)
            answer = self.server.handle(payload, self.now_ms)
            self.delivered.append(payload)
            if answer is not None and not lose_answer:
                d.receive(answer, self.now_ms)
        for _ in range(3):
            self._exchange(d, d.pull())

    @rule(data=st.data())
    def send_pull(self, data: st.DataObject) -> None:
        d = self.devices[data.draw(st.sampled_from(sorted(self.devices)))]
        self.network.append(("server", d.id, d.pull()))

    @precondition(lambda self: bool(self.network))
    @rule(data=st.data(), lose_answer=st.booleans(), keep_copy=st.booleans())
    def deliver(self, data: st.DataObject, lose_answer: bool, keep_copy: bool) -> None:
        """Deliver any in-flight message (reordering); maybe keep a duplicate in flight;
        maybe lose the server's answer after it has committed."""
        i = data.draw(st.integers(0, len(self.network) - 1))
        to, device, payload = self.network[i] if keep_copy else self.network.pop(i)
        self._tick(3)
        if to == "server":
            answer = self.server.handle(payload, self.now_ms)
            if isinstance(sync.decode_request(payload), sync.PushBatch):
                self.delivered.append(payload)
            if answer is not None and not lose_answer:
                self.network.append(("device", device, answer))
        else:
            self.devices[device].receive(payload, self.now_ms)

    @precondition(lambda self: bool(self.network))
    @rule(data=st.data())
    def drop(self, data: st.DataObject) -> None:
        self.network.pop(data.draw(st.integers(0, len(self.network) - 1)))

    @precondition(lambda self: bool(self.delivered))
    @rule(data=st.data())
    def replay_old_push(self, data: st.DataObject) -> None:
        """I3: a push the server already processed, delivered again, changes nothing."""
        payload = data.draw(st.sampled_from(self.delivered))
        before = (copy.deepcopy(self.server.store), dict(self.server.conflicts))
        self.server.handle(payload, self.now_ms)
        assert self.server.store == before[0], "I3: a replayed push changed a record"
        assert self.server.conflicts == before[1], "I3: a replayed push added a conflict"
        # and below the batch ledger, reconcile itself answers AlreadySeen for stored records
        batch = sync.decode_request(payload)
        assert isinstance(batch, sync.PushBatch)
        for change in batch.changes:
            stored = self.server.store.get(change.id)
            if stored is None or not dominates(stored.vv, change.vv):
                continue
            decision = sync.reconcile(
                stored,
                change,
                relation=self.server.relations[batch.device_id],
                server_replica=SERVER,
                now_hlc=hlc.pack(self.now_ms + MAX_SKEW_MS),
                max_skew_ms=MAX_SKEW_MS,
            )
            assert isinstance(decision, sync.AlreadySeen), decision

    @rule(data=st.data())
    def crash(self, data: st.DataObject) -> None:
        self.devices[data.draw(st.sampled_from(sorted(self.devices)))].crash()

    @rule(data=st.data(), ahead=st.sampled_from([0, 20_000, 3 * MAX_SKEW_MS]))
    def skew_clock(self, data: st.DataObject, ahead: int) -> None:
        self.devices[data.draw(st.sampled_from(sorted(self.devices)))].skew_ms = ahead

    @rule(ms=st.integers(1, 120_000))
    def time_passes(self, ms: int) -> None:
        self._tick(ms)

    @rule(data=st.data())
    def device_goes_idle(self, data: st.DataObject) -> None:
        """The server stops waiting for a device (idle past the retention window)."""
        self.server.inactive.add(data.draw(st.sampled_from(sorted(self.devices))))

    @rule()
    def collect_tombstones(self) -> None:
        self.server.collect_tombstones()

    # invariants ------------------------------------------------------------------------------

    steps = 0  # total steps run in this process (reported by the long profile)

    @invariant()
    def no_resurrection_and_locks_hold(self) -> None:
        SyncMachine.steps += 1
        self.watch.check(self.server.store)

    def teardown(self) -> None:
        if not self.devices:
            return
        self._quiesce()
        self._check_convergence()
        self._check_no_silent_loss()

    # quiescence and final checks -------------------------------------------------------------

    def _quiesce(self) -> None:
        """Faults stop, clocks are fixed and time passes; every device syncs until idle."""
        self.network.clear()
        self.now_ms += 4 * MAX_SKEW_MS
        for d in self.devices.values():
            d.skew_ms = 0
            d.inflight.clear()
        for _ in range(60):
            busy = False
            for d in self.devices.values():
                payload = d.push()
                if payload is not None:
                    busy = True
                    self._exchange(d, payload)
                for _ in range(500):
                    before = d.cursor
                    self._exchange(d, d.pull())
                    if d.cursor == before:
                        break
                    busy = True
            if not busy:
                break
        for d in self.devices.values():
            assert not d.outbox, (
                f"{d.id}: work still unsynced after quiescence: {d.outbox}; "
                f"local {[d.store.get(i) for i in d.outbox]}; "
                f"server {[self.server.store.get(i) for i in d.outbox]}"
            )

    def _exchange(self, d: Device, payload: bytes) -> None:
        self._tick(5)
        answer = self.server.handle(payload, self.now_ms)
        if answer is not None:
            d.receive(answer, self.now_ms)

    def _check_convergence(self) -> None:
        """I1: every device's live copies equal the server's."""
        live = {rid: r for rid, r in self.server.store.items() if not r.deleted}
        for d in self.devices.values():
            mine = {rid: r for rid, r in d.store.items() if not r.deleted}
            odd = mine.keys() ^ live.keys()
            assert not odd, (
                f"I1: {d.id} differs on {odd}: device {[d.store.get(i) for i in odd]}, "
                f"server {[self.server.store.get(i) for i in odd]}, outbox {d.outbox}"
            )
            for rid, record in live.items():
                assert record_equal(mine[rid], record), f"I1: {d.id} differs on {rid}"
            for rid, r in d.store.items():
                if r.deleted:
                    server = self.server.store.get(rid)
                    assert server is None or server.deleted, f"I4: {d.id} {rid}"

    def _check_no_silent_loss(self) -> None:
        """I2: every saved write is current, in a conflict, or knowingly overwritten."""
        by_record: dict[str, list[sync.Conflict]] = {}
        for c in self.server.conflicts.values():
            by_record.setdefault(c.record_id, []).append(c)
        for w in self.oracle.writes:
            record = self.server.store.get(w.rid)
            if self.oracle.accounted(w, record, lambda rid: by_record.get(rid, [])):
                continue
            raise AssertionError(f"I2: write lost silently: {w}; server has {record}")


TestSyncMachine = SyncMachine.TestCase


def test_records_round_trip_through_the_wire() -> None:
    """The simulation talks bytes: make sure a Record survives both formats unchanged."""
    record = sync.Record(
        kind=LOG,
        id="x",
        owner="n",
        fields={"a": [1, "b"]},
        vv={"o0": 1, SERVER: 2},
        hlc=hlc.pack(1, 2),
        author="o0",
        field_clocks={"a": (hlc.pack(1, 2), "o0", 1)},
    )
    page = sync.PullPage(records=[record], next_cursor=3)
    for fmt in ("msgpack", "json"):
        back = sync.decode_response(sync.encode(page, fmt), fmt)
        assert isinstance(back, sync.PullPage)
        assert msgspec.structs.astuple(back.records[0]) == msgspec.structs.astuple(record)
