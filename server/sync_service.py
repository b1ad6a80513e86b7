"""Push and pull: the server shell around the pure sync core.

Push runs in one write transaction per batch: exactly-once per (device, batch_seq), every change
authorized from master data and decided by :func:`sync.reconcile`, content validated against
``shared_models`` before anything is stored, accepted changes audited. Pull reads one snapshot,
scoped to what the actor may see, paged by the commit-ordered ``seq`` cursor.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable

import msgspec

from server.access import opd_of
from server.actor import Actor
from server.audit import AuditAction, record_audit
from server.errors import BadRequestError, ForbiddenError
from server.record_codec import conflict_row, from_stored, to_stored
from server.scope import pull_scope, relation_to, visible_owners
from server.storage import Employee, Reader, Storage, Tombstone, Unit, Writer
from shared_models.kinds import RecordKind
from shared_models.records import ContentError, validate_content
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

__all__ = ["MAX_CHANGES", "MAX_PAGE", "SyncService"]

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
        if batch.device_id != actor.device_id:
            raise ForbiddenError(
                "device_id tidak sesuai dengan token perangkat.", field="$.device_id"
            )
        if len(batch.changes) > MAX_CHANGES:
            raise BadRequestError(
                f"Satu kiriman paling banyak {MAX_CHANGES} perubahan.", field="$.changes"
            )
        with self._storage.write() as tx:
            stored = tx.batch_result(actor.device_id, batch.batch_seq)
            if stored is not None:
                return msgspec.structs.replace(_result_decoder.decode(stored), replayed=True)
            admission = admit_batch(tx.last_batch_seq(actor.device_id), batch.batch_seq)
            if admission is not BatchAdmission.NEW:
                # superseded and forgotten: the device re-sends what is unsynced in a new batch
                return PushResult(batch_seq=batch.batch_seq, results=[], replayed=True)
            results = [self._apply(tx, actor, change) for change in batch.changes]
            result = PushResult(batch_seq=batch.batch_seq, results=results)
            tx.put_batch_result(actor.device_id, batch.batch_seq, encode_message(result))
        return result

    def _apply(self, tx: Writer, actor: Actor, change: Change) -> ChangeResult:
        row = tx.record(change.id)
        stored = None if row is None else from_stored(row)
        if change.replica != actor.device_id:
            return _refuse(change, "replika perubahan tidak sesuai dengan perangkat ini.")
        basis = stored or change
        relation = relation_to(tx, actor, basis.owner, kind=basis.kind, fields=basis.fields)
        decision = reconcile(
            stored,
            change,
            relation=relation,
            server_replica=self._replica,
            now_hlc=self._now_hlc(change.hlc),
        )
        problem = self._check(tx, decision)
        if problem is not None:
            return _refuse(change, problem, stored if relation is not Relation.NONE else None)
        self._persist(tx, actor, change, decision, stored)
        result = result_of(change.id, decision)
        if relation is Relation.NONE and result.outcome == "rejected":
            # never show a record to someone outside its scope, not even when refusing
            result = msgspec.structs.replace(result, record=None, conflicts=[])
        return result

    def _check(self, tx: Writer, decision: Decision) -> str | None:
        """Content and master-data checks of what would be stored; a message when invalid."""
        if not isinstance(decision, Applied | Merged) or decision.record.deleted:
            return None
        record = decision.record
        named = record.fields.get("employee_nip", record.owner)
        if record.owner and named != record.owner:
            # the content must be about the record's owner, or a device could file work, ratings
            # or feedback under someone outside its scope while owning the record itself
            return f"employee_nip {named} bukan pemilik catatan {record.owner}"
        try:
            content = validate_content(RecordKind(record.kind), record.fields)
        except ContentError as err:
            return f"isi tidak valid di {err.path}: {err.detail}"
        except ValueError:
            return f"jenis catatan '{record.kind}' tidak dikenal"
        if record.kind == RecordKind.EMPLOYEE:
            unit_id = getattr(content, "unit_id", "")
            if tx.unit(unit_id) is None:
                return f"unit {unit_id} tidak dikenal"
        return None

    def _persist(
        self,
        tx: Writer,
        actor: Actor,
        change: Change,
        decision: Decision,
        previous: Record | None,
    ) -> None:
        now = self._clock()
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
                self._audit(tx, actor, change, action, now, reason=str(decision.reason))
            return
        if record is not None:
            written = tx.put_record(to_stored(record))
            if record.deleted:
                tx.add_tombstone(
                    Tombstone(
                        record_id=record.id,
                        kind=record.kind,
                        owner=record.owner,
                        seq=written.seq,
                        deleted_at=now,
                    )
                )
            _project_master_data(tx, record, previous)
        for conflict in conflicts:
            tx.add_conflict(conflict_row(conflict, now))
        self._audit(tx, actor, change, action, now, conflicts=len(conflicts))

    def _audit(
        self,
        tx: Writer,
        actor: Actor,
        change: Change,
        action: AuditAction,
        now: float,
        **detail: object,
    ) -> None:
        record_audit(
            tx,
            ts=now,
            nip=actor.nip,
            action=action,
            device_id=actor.device_id,
            record_kind=change.kind,
            record_id=change.id,
            owner=change.owner,
            deleted=change.deleted,
            changed=list(change.changed),
            **detail,
        )

    # --- pull --------------------------------------------------------------------------------
    def pull(self, actor: Actor, request: PullRequest, *, low_water: int = 0) -> PullPage:
        """One page after ``request.cursor``, plus removals and backfill when scope changed."""
        if request.device_id != actor.device_id:
            raise ForbiddenError(
                "device_id tidak sesuai dengan token perangkat.", field="$.device_id"
            )
        if request.cursor < 0:
            raise BadRequestError("cursor tidak boleh negatif.", field="$.cursor")
        limit = max(1, min(request.limit, MAX_PAGE))
        if needs_reset(request.cursor, low_water) and request.cursor > 0:
            return PullPage(records=[], next_cursor=0, reset_required=True)
        with self._storage.read() as reader:
            scope = pull_scope(reader, actor)
            owners = visible_owners(reader, actor)
            before = reader.visible_owners(actor.device_id)
            lost = {o for o in before - owners if not (actor.is_hr and _hr_sees(reader, actor, o))}
            gained = owners - before if before else frozenset()
            removals = reader.record_ids_of_owners(lost) if lost else []
            backfill = (
                reader.records_of_owners(gained, max_seq=request.cursor, limit=BACKFILL_LIMIT)
                if gained and request.cursor > 0
                else []
            )
            rows = reader.records_after(request.cursor, scope, limit + 1)
            head = reader.last_seq()
        more = len(rows) > limit
        rows = rows[:limit]
        next_cursor = rows[-1].seq if more else max(head, request.cursor)
        records: list[Record] = []
        tombstones: list[Record] = []
        for row in [*backfill, *rows]:
            (tombstones if row.deleted else records).append(from_stored(row))
        if owners != before or request.cursor:
            with self._storage.write() as tx:
                if owners != before:
                    tx.set_visible_owners(actor.device_id, owners)
                tx.set_pull_cursor(actor.device_id, request.cursor)
        return PullPage(
            records=records,
            removals=removals,
            tombstones=tombstones,
            next_cursor=next_cursor,
            more=more,
        )


def _hr_sees(reader: Reader, actor: Actor, owner: str) -> bool:
    return actor.is_hr_for(opd_of(reader, owner))


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
