"""Push and pull: the server shell around the pure sync core.

Push runs in one write transaction per batch: exactly-once per (device, batch_seq), every change
authorized from master data and decided by :func:`sync.reconcile`, content validated against
``shared_models`` before anything is stored, accepted changes audited. Pull reads one snapshot,
scoped to what the actor may see, paged by the commit-ordered ``seq`` cursor.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable, Collection, Sequence
from typing import Any, NamedTuple

import msgspec

from server.access import opd_of
from server.actor import Actor
from server.audit import AuditAction, audit_entry, record_audit
from server.errors import BadRequestError
from server.evidence_flags import EvidenceTouch, flag_shared_evidence
from server.keberatan import apply_granted, is_newly_granted
from server.record_codec import (
    WirePullPage,
    WireRecord,
    conflict_row,
    encode_wire,
    from_stored,
    to_stored,
    wire_record,
)
from server.rule_facts import StoredFacts, admin_scope
from server.scope import pull_scope, relation_to, visible_owners
from server.storage import (
    AuditEntry,
    ConflictRow,
    Employee,
    Reader,
    Storage,
    StoredRecord,
    Tombstone,
    Unit,
    Writer,
)
from shared_models.kinds import RecordKind
from shared_models.master_rules import employee_problem, unit_problem
from shared_models.record_rules import Problem, check_record, self_assessment_lock
from shared_models.records import ContentError, known_fields, validate_content
from sync import (
    AlreadySeen,
    Applied,
    BatchAdmission,
    Change,
    ChangeResult,
    ClockSkewError,
    Decision,
    Merged,
    PullPage,
    PullRequest,
    PushBatch,
    PushResult,
    Record,
    Rejected,
    RejectReason,
    Relation,
    admit_batch,
    hlc,
    needs_reset,
    reconcile,
    result_of,
)
from sync import encode as encode_message

__all__ = ["MAX_CHANGES", "MAX_PAGE", "SyncService", "TombstoneCollection"]

MAX_CHANGES = 1000
"""Most changes in one push batch."""
MAX_PAGE = 1000
"""Most records in one pull page."""
BACKFILL_LIMIT = 20_000
"""Most records sent at once for owners newly in scope (a new subordinate after mutasi)."""

_result_decoder = msgspec.msgpack.Decoder(PushResult)


class SyncService:
    """Push and pull over the storage; the server's HLC lives here."""

    def __init__(
        self, *, storage: Storage, server_replica: str, clock: Callable[[], float]
    ) -> None:
        self._storage = storage
        self._replica = server_replica
        self._clock = clock
        self._hlc = 0
        self._hlc_lock = threading.Lock()

    def _now_hlc(self, remote: int = 0) -> int:
        """The server's clock for deciding one change: past its last value and past ``remote``
        (unless ``remote`` is too far ahead, which :func:`sync.reconcile` then refuses)."""
        now_ms = int(self._clock() * 1000)
        with self._hlc_lock:
            candidate = hlc.tick(self._hlc, now_ms)
            if remote:
                with contextlib.suppress(ClockSkewError):
                    candidate = max(candidate, hlc.receive(self._hlc, remote, now_ms))
            self._hlc = candidate
            return candidate

    # --- push --------------------------------------------------------------------------------
    def push(self, actor: Actor, batch: PushBatch) -> PushResult:
        """Decide and store one batch; a repeated batch gets its stored answer unchanged."""
        return self.push_answer(actor, batch)[0]

    def push_answer(self, actor: Actor, batch: PushBatch) -> tuple[PushResult, bytes]:
        """:meth:`push`, with the answer already encoded as MessagePack (the bytes stored for
        exactly-once replies are the bytes sent, so a new batch is encoded once)."""
        actor.require_device(batch.device_id)
        if len(batch.changes) > MAX_CHANGES:
            raise BadRequestError(
                f"Satu kiriman paling banyak {MAX_CHANGES} perubahan.", field="$.changes"
            )
        with self._storage.write() as tx:
            stored = tx.batch_result(actor.device_id, batch.batch_seq)
            if stored is not None:
                replay = msgspec.structs.replace(_result_decoder.decode(stored), replayed=True)
                return replay, encode_message(replay)
            admission = admit_batch(tx.last_batch_seq(actor.device_id), batch.batch_seq)
            if admission is not BatchAdmission.NEW:
                # superseded and forgotten: the device re-sends what is unsynced in a new batch
                empty = PushResult(batch_seq=batch.batch_seq, results=[], replayed=True)
                return empty, encode_message(empty)
            results = _Batch(self, tx, actor, batch.changes).run()
            result = PushResult(batch_seq=batch.batch_seq, results=results)
            encoded = encode_message(result)
            tx.put_batch_result(actor.device_id, batch.batch_seq, encoded)
        return result, encoded

    # --- tombstones ---------------------------------------------------------------------------
    def collect_tombstones(self, *, max_idle_s: float, min_age_s: float) -> TombstoneCollection:
        """Forget deleted records every active device has pulled past (I4 still holds: a device
        that was away longer than ``max_idle_s`` and is below the new low-water mark is told to
        reset, and an edit of a forgotten record is kept as a conflict, never resurrects it).

        Only tombstones at least ``min_age_s`` old are collected, and only up to the horizon:
        the lowest pull cursor of the devices seen within ``max_idle_s`` (not revoked).
        """
        now = self._clock()
        self._storage.project_facts()  # a tombstone's fact goes before the tombstone does
        with self._storage.write() as tx:
            head = tx.last_seq()
            active = tx.pull_horizon(now - max_idle_s)
            horizon = head if active is None else active
            old = [
                t.seq for t in tx.tombstones_before(horizon + 1) if t.deleted_at <= now - min_age_s
            ]
            dropped = tx.collect_tombstones(max(old)) if old else 0
            low_water = tx.tombstone_low_water()
            if dropped:
                record_audit(
                    tx,
                    ts=now,
                    nip="system",
                    action=AuditAction.TOMBSTONES_COLLECTED,
                    dropped=dropped,
                    low_water=low_water,
                    horizon=horizon,
                )
        return TombstoneCollection(dropped=dropped, low_water=low_water, horizon=horizon)

    # --- pull --------------------------------------------------------------------------------
    def pull(self, actor: Actor, request: PullRequest) -> PullPage:
        """One page after ``request.cursor``, plus removals and backfill when scope changed;
        ``reset_required`` when the device may have missed a collected tombstone."""
        page = self._pull_rows(actor, request)
        if isinstance(page, PullPage):
            return page
        records: list[Record] = []
        tombstones: list[Record] = []
        for row in page.rows:
            (tombstones if row.deleted else records).append(from_stored(row))
        return PullPage(
            records=records,
            removals=page.removals,
            tombstones=tombstones,
            next_cursor=page.next_cursor,
            more=page.more,
        )

    def pull_msgpack(self, actor: Actor, request: PullRequest) -> bytes:
        """:meth:`pull` encoded as MessagePack, with the stored blobs spliced in unchanged: the
        bytes are those of ``encode(pull(...))``, without decoding and re-encoding records."""
        page = self._pull_rows(actor, request)
        if isinstance(page, PullPage):
            return encode_message(page)
        records: list[WireRecord] = []
        tombstones: list[WireRecord] = []
        for row in page.rows:
            (tombstones if row.deleted else records).append(wire_record(row))
        return encode_wire(
            WirePullPage(
                records=records,
                removals=page.removals,
                tombstones=tombstones,
                next_cursor=page.next_cursor,
                more=page.more,
            )
        )

    def _pull_rows(self, actor: Actor, request: PullRequest) -> _Page | PullPage:
        actor.require_device(request.device_id)
        if request.cursor < 0:
            raise BadRequestError("cursor tidak boleh negatif.", field="$.cursor")
        limit = max(1, min(request.limit, MAX_PAGE))
        with self._storage.read() as reader:
            device = reader.device(actor.device_id)
            low_water = reader.tombstone_low_water()
            retained = 0 if device is None else device.retained_at_start
            if request.cursor > 0 and needs_reset(
                request.cursor, low_water, retained_at_start=retained
            ):
                return PullPage(records=[], next_cursor=0, reset_required=True)
            scope = pull_scope(reader, actor)
            named = visible_owners(reader, actor)
            # what the device was sent by name: owners, and "owner:kind" for the records of an
            # owner it gets one kind of (its supervisor's SKP)
            owners = named | {f"{o}:{k}" for o, k in scope.owner_kinds}
            before = reader.visible_owners(actor.device_id)
            lost = {o for o in before - owners if not (actor.is_hr and _hr_sees(reader, actor, o))}
            gained = owners - before if before else frozenset()
            removals = _removals(reader, lost, named)
            backfill = _backfill(reader, gained, before, request.cursor)
            rows = reader.records_after(request.cursor, scope, limit + 1)
            head = reader.last_seq()
        more = len(rows) > limit
        rows = rows[:limit]
        next_cursor = rows[-1].seq if more else max(head, request.cursor)
        # the stored cursor only grows (set_pull_cursor keeps the max): skip the durable write
        # when it would change nothing
        moves = request.cursor > 0 and (device is None or device.pull_cursor < request.cursor)
        # a start from nothing: collections before it cannot concern this device
        starts = request.cursor == 0 and device is not None and retained != low_water
        if owners != before or moves or starts:
            with self._storage.write() as tx:
                if owners != before:
                    tx.set_visible_owners(actor.device_id, owners)
                if starts:
                    tx.set_retained_at_start(actor.device_id, low_water)
                tx.set_pull_cursor(actor.device_id, request.cursor)
        return _Page([*backfill, *rows], removals, next_cursor, more)


class TombstoneCollection(NamedTuple):
    """What :meth:`SyncService.collect_tombstones` did."""

    dropped: int
    low_water: int
    horizon: int


class _Page(NamedTuple):
    """What one pull page holds, before it is rendered (records and tombstones in seq order)."""

    rows: list[StoredRecord]
    removals: list[str]
    next_cursor: int
    more: bool


_MASTER_KINDS = frozenset({RecordKind.UNIT, RecordKind.EMPLOYEE})
"""Kinds whose records also change the master-data tables (and so relations and facts)."""


def _periods(stored: Record | None, change: Change) -> list[str]:
    """The periods a self-assessment change touches: the stored one (the lock is decided from
    what is stored, whatever the change's fields say) and the new one if the change moves it."""
    codes = [] if stored is None else [stored.fields.get("period_code")]
    if stored is None or "period_code" in change.changed:
        codes.append(change.fields.get("period_code"))
    return [c for c in codes if isinstance(c, str)]


_AUDITED_VALUES = frozenset(
    {
        RecordKind.UNIT,
        RecordKind.EMPLOYEE,
        RecordKind.PERIOD,
        RecordKind.ORG_PREDIKAT,
        RecordKind.LEAVE,
        RecordKind.DISCIPLINE,
        RecordKind.AWARD,
        RecordKind.APPRAISAL,
        RecordKind.OBJECTION,
    }
)
"""Kinds whose audit entries keep the values before and after (master data, ratings,
appraisals, keberatan); a progress log's entry names the changed fields only."""


class _Batch:
    """One push batch in one write transaction, written in bulk.

    Stored versions of every record named by the batch are read in one query; relations are
    resolved once per owner; decisions come from :func:`sync.reconcile` change by change, in
    order (a record named twice sees its own earlier version); records, facts, tombstones,
    conflicts and audit entries are then written with one ``executemany`` each. A unit or
    employee record writes everything buffered before it and updates the master tables at once,
    so later changes of the batch are judged against the master data as it then is.
    """

    def __init__(
        self, service: SyncService, tx: Writer, actor: Actor, changes: Sequence[Change]
    ) -> None:
        self.service = service
        self.tx = tx
        self.actor = actor
        self.changes = changes
        self.now = service._clock()
        # One server clock reading for the batch, past its newest change (within the allowed
        # skew): reconcile only compares each change's clock with it, to refuse clocks too far
        # ahead, and that comparison gives the same answer as one reading per change.
        self.now_hlc = service._now_hlc(max((c.hlc for c in changes), default=0))
        self.rows = tx.records_by_id({c.id for c in changes})
        self.current: dict[str, Record | None] = {}
        self.relations: dict[str, Relation] = {}
        self.records: list[StoredRecord] = []
        self.deleted: list[int] = []  # indexes into ``records`` of tombstones
        self.conflicts: list[ConflictRow] = []
        self.audits: list[AuditEntry] = []
        self.facts = StoredFacts(tx, self.now, flush=self.flush)
        self.decided: list[Record] = []  # granted keberatan, applied once buffered
        self.evidence = EvidenceTouch()  # the logs' files, for the shared-evidence flags
        self.scope = admin_scope(actor)

    def run(self) -> list[ChangeResult]:
        results = [self.apply(change) for change in self.changes]
        self.flush()
        # the same file in several employees' logs: flagged in each (server.evidence_flags)
        for record in flag_shared_evidence(
            self.tx,
            self.evidence,
            self.current,
            actor=self.actor,
            replica=self.service._replica,
            now=self.now,
        ):
            self.current[record.id] = record
        return results

    def stored(self, record_id: str) -> Record | None:
        if record_id in self.current:
            return self.current[record_id]
        row = self.rows.get(record_id)
        record = None if row is None else from_stored(row)
        self.current[record_id] = record
        return record

    def assessment_locked(self, stored: Record | None, change: Change) -> str | None:
        """Why a self-assessment is closed: its period's appraisal is final (I6); the stored
        period and the one it would move to both count (an appraisal finalized earlier in
        this batch too: the facts flush the batch first)."""
        if change.kind != RecordKind.SELF_ASSESSMENT:
            return None
        return self_assessment_lock(change.owner, _periods(stored, change), self.facts)

    def relation(self, basis: Record | Change) -> Relation:
        if basis.owner == "":  # city master data: judged by kind and content, not cached
            return relation_to(
                self.tx, self.actor, basis.owner, kind=basis.kind, fields=basis.fields
            )
        relation = self.relations.get(basis.owner)
        if relation is None:
            relation = self.relations[basis.owner] = relation_to(
                self.tx, self.actor, basis.owner, kind=basis.kind, fields=basis.fields
            )
        return relation

    def apply(self, change: Change) -> ChangeResult:
        stored = self.stored(change.id)
        if change.replica != self.actor.device_id:
            return _refuse(change, "replika perubahan tidak sesuai dengan perangkat ini.")
        relation = self.relation(stored or change)
        known = known_fields(change.kind)
        unknown = next((n for n in change.changed if n not in known), None)
        if unknown is not None and not change.deleted and known:
            return _refuse(
                change,
                f"isian '{unknown}' tidak dikenal pada {change.kind}",
                stored if relation is not Relation.NONE else None,
            )
        decision = reconcile(
            stored,
            change,
            relation=relation,
            server_replica=self.service._replica,
            now_hlc=self.now_hlc,
            context_locked=self.assessment_locked(stored, change) or False,
            now_ms=int(self.now * 1000),
        )
        if change.kind in _MASTER_KINDS:
            self.flush()  # checks of master records read the tables as they are now
        problem = self.check(change, decision, stored)
        if problem is not None:
            return _refuse(change, problem, stored if relation is not Relation.NONE else None)
        self.persist(change, decision, stored)
        result = result_of(change.id, decision)
        if relation is Relation.NONE and result.outcome == "rejected":
            # never show a record to someone outside its scope, not even when refusing
            result = msgspec.structs.replace(result, record=None, conflicts=[])
        return result

    def check(self, change: Change, decision: Decision, stored: Record | None) -> str | None:
        """The content and every rule that needs stored state, on the version that would be
        stored (never on what the change claims); a message when it breaks one (I10)."""
        if not isinstance(decision, Applied | Merged):
            return None
        record = decision.record
        before = None if stored is None or stored.deleted else stored.fields
        if record.deleted:
            return _words(self.master_problem(record, before, None))
        named = record.fields.get("employee_nip", record.owner)
        if record.owner and named != record.owner:
            # the content must be about the record's owner, or a device could file work, ratings
            # or feedback under someone outside its scope while owning the record itself
            return f"employee_nip {named} bukan pemilik catatan {record.owner}"
        try:
            validate_content(record.kind, record.fields, strict=True)
        except ContentError as err:
            return f"isi tidak valid di {err.path}: {err.detail}"
        except ValueError:
            return f"jenis catatan '{record.kind}' tidak dikenal"
        problem = self.master_problem(record, before, record.fields) or check_record(
            record.kind,
            record.id,
            record.owner,
            record.fields,
            changed=change.changed,
            created=before is None,
            actor_nip=self.actor.nip,
            facts=self.facts,
        )
        return _words(problem)

    def master_problem(
        self, record: Record, before: dict[str, Any] | None, after: dict[str, Any] | None
    ) -> Problem | None:
        if record.kind == RecordKind.EMPLOYEE:
            return employee_problem(self.scope, record.id, before, after, self.facts)
        if record.kind == RecordKind.UNIT:
            return unit_problem(self.scope, record.id, before, after, self.facts)
        return None

    def persist(self, change: Change, decision: Decision, previous: Record | None) -> None:
        match decision:
            case AlreadySeen():
                return
            case Applied(record=record) | Merged(record=record):
                conflicts = decision.conflicts if isinstance(decision, Merged) else []
                action = AuditAction.CHANGE_MERGED if conflicts else AuditAction.CHANGE_ACCEPTED
            case Rejected(authoritative=record, conflicts=conflicts):
                action = AuditAction.CHANGE_REJECTED
        if isinstance(decision, Rejected) and not conflicts:
            if decision.reason in (RejectReason.FORBIDDEN, RejectReason.FIELD_FORBIDDEN):
                self.audit(change, action, reason=str(decision.reason))
            return
        values = {} if record is None else self.keep(change, record, previous)
        self.conflicts.extend(conflict_row(conflict, self.now) for conflict in conflicts)
        self.audit(change, action, conflicts=len(conflicts), **values)
        if self.decided:
            self.apply_decided()

    def keep(self, change: Change, record: Record, previous: Record | None) -> dict[str, object]:
        """Buffer a version to store, with what follows from it; the audit's values."""
        if record.deleted:
            self.deleted.append(len(self.records))
        self.records.append(to_stored(record))
        self.current[record.id] = record
        self.evidence.note(record, previous)
        if _becomes_final(record, previous):
            self.tx.stamp_final(record.id, self.now)
        if is_newly_granted(record, previous):
            self.decided.append(record)
        if record.kind in _MASTER_KINDS:
            self.flush()
            _project_master_data(self.tx, record, previous)
            self.relations.clear()  # a mutasi changes who stands where
        return _before_after(change, previous, record) if record.kind in _AUDITED_VALUES else {}

    def apply_decided(self) -> None:
        """Fix the appraisals of the keberatan granted in this batch (after the decisions)."""
        self.flush()
        for objection in self.decided:
            fixed = apply_granted(
                self.tx, objection, self.actor, replica=self.service._replica, now=self.now
            )
            if fixed is not None:
                self.current[fixed.id] = fixed
        self.decided.clear()

    def audit(self, change: Change, action: AuditAction, **detail: object) -> None:
        self.audits.append(
            audit_entry(
                ts=self.now,
                nip=self.actor.nip,
                action=action,
                device_id=self.actor.device_id,
                record_kind=change.kind,
                record_id=change.id,
                owner=change.owner,
                deleted=change.deleted,
                changed=list(change.changed),
                subject=_subject(change, self.current.get(change.id) or self.stored(change.id)),
                **detail,
            )
        )

    def flush(self) -> None:
        """Write what is buffered: records (one seq range), facts, tombstones, conflicts,
        audit entries, in the order the single-change path wrote them."""
        tx = self.tx
        if self.records:
            written = tx.put_records(self.records)
            if self.deleted:
                tx.add_tombstones(
                    [
                        Tombstone(
                            record_id=(w := written[i]).id,
                            kind=w.kind,
                            owner=w.owner,
                            seq=w.seq,
                            deleted_at=self.now,
                        )
                        for i in self.deleted
                    ]
                )
        if self.conflicts:
            tx.add_conflicts(self.conflicts)
        if self.audits:
            tx.append_audits(self.audits)
        self.records, self.deleted, self.conflicts, self.audits = [], [], [], []


def _words(problem: Problem | None) -> str | None:
    return None if problem is None else f"{problem.message} (di {problem.field})"


def _becomes_final(record: Record, previous: Record | None) -> bool:
    """An appraisal whose stored version turns final now: the day its employee receives it."""
    if record.kind != RecordKind.APPRAISAL or record.deleted:
        return False
    was = None if previous is None or previous.deleted else previous.fields.get("status")
    return record.fields.get("status") == "final" and was != "final"


def _subject(change: Change, record: Record | None) -> str | None:
    """Whom an audit entry is about: the owner, or the employee an employee record describes."""
    if change.owner:
        return change.owner
    fields = record.fields if record is not None else change.fields
    nip = fields.get("nip") or fields.get("employee_nip")
    if isinstance(nip, str) and nip:
        return nip
    return change.id if change.kind == RecordKind.UNIT else None


def _before_after(change: Change, previous: Record | None, record: Record) -> dict[str, object]:
    names = list(change.changed) or sorted(record.fields)
    old = {} if previous is None or previous.deleted else previous.fields
    new = {} if record.deleted else record.fields
    return {
        "before": {n: old.get(n) for n in names},
        "after": {n: new.get(n) for n in names},
    }


def _hr_sees(reader: Reader, actor: Actor, owner: str) -> bool:
    return actor.is_hr_for(opd_of(reader, owner.split(":", 1)[0]))


def _split(tracked: Collection[str]) -> tuple[set[str], list[tuple[str, str]]]:
    """Tracked entries as (owners, [(owner, kind), ...]): NIPs never contain ":"."""
    owners = {t for t in tracked if ":" not in t}
    pairs = [(o, k) for o, _, k in (t.partition(":") for t in tracked if ":" in t)]
    return owners, pairs


def _removals(reader: Reader, lost: Collection[str], named: Collection[str]) -> list[str]:
    """Ids the device must drop: every record of an owner it lost, and the records of the
    kinds it got of an owner (the former supervisor's SKP) unless it still sees all of theirs."""
    if not lost:
        return []
    owners, pairs = _split(lost)
    ids = reader.record_ids_of_owners(owners) if owners else []
    for owner, kind in pairs:
        if owner not in named:
            ids += reader.record_ids_of_owners([owner], kind=kind)
    return ids


def _backfill(
    reader: Reader, gained: Collection[str], before: Collection[str], cursor: int
) -> list[StoredRecord]:
    """Records older than the cursor of what the device newly sees (a new subordinate, a new
    supervisor's SKP), in seq order; nothing for a device starting from 0."""
    if not gained or cursor <= 0:
        return []
    owners, pairs = _split(gained)
    rows = reader.records_of_owners(owners, max_seq=cursor, limit=BACKFILL_LIMIT) if owners else []
    for owner, kind in pairs:
        if owner not in before and owner not in owners:
            rows += reader.records_of_owners(
                [owner], max_seq=cursor, limit=BACKFILL_LIMIT, kind=kind
            )
    return sorted(rows, key=lambda r: r.seq)


def _refuse(change: Change, message: str, stored: Record | None = None) -> ChangeResult:
    return ChangeResult(
        id=change.id,
        outcome="rejected",
        record=stored,
        reason=RejectReason.INVALID_CHANGE,
        message=f"Perubahan ditolak: {message}",
    )


def _project_master_data(tx: Writer, record: Record, previous: Record | None) -> None:
    """Keep the master-data tables (used for roles and scope) in step with master records."""
    f = record.fields if not record.deleted or previous is None else previous.fields
    if record.kind == RecordKind.UNIT and not record.deleted:
        tx.put_unit(
            Unit(
                id=record.id,
                name=str(f.get("name", "")),
                parent_id=f.get("parent_id"),
                opd_id=f.get("opd_id"),
                kind=str(f.get("kind", "")),
            )
        )
    elif record.kind == RecordKind.EMPLOYEE:
        nip = str(f.get("nip", ""))
        current = tx.employee(nip)
        if record.deleted:
            if current is not None:
                tx.put_employee(msgspec.structs.replace(current, active=False))
            return
        tx.put_employee(
            Employee(
                nip=nip,
                name=str(f.get("name", "")),
                unit_id=str(f.get("unit_id", "")),
                supervisor_nip=f.get("supervisor_nip"),
                jabatan=str(f.get("jabatan_name", "")),
                kind=str(f.get("jabatan_kind", "")),
                active=bool(f.get("active", True)),
            )
        )
