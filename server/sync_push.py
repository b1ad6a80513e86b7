"""Push: one write transaction per batch, exactly once per (device, batch_seq); every change
authorized from master data and decided by :func:`sync.reconcile`, content validated against
``shared_models`` before anything is stored, accepted changes audited."""

from __future__ import annotations

import weakref
from collections.abc import Callable, Sequence
from typing import Any

import msgspec

from server.actor import Actor
from server.audit import AuditAction
from server.errors import BadRequestError
from server.evidence_flags import EvidenceTouch, flag_shared_evidence
from server.keberatan import apply_granted, is_newly_granted
from server.record_codec import conflict_row, from_stored, to_stored
from server.rule_facts import StoredFacts, admin_scope
from server.scope import relation_to
from server.storage import AuditEntry, ConflictRow, Storage, StoredRecord, Tombstone, Writer
from server.sync_master import MASTER_KINDS, project_master_data
from shared_models.kinds import RecordKind
from shared_models.master_rules import employee_problem, unit_problem
from shared_models.record_rules import (
    Problem,
    check_record,
    log_value_problem,
    self_assessment_lock,
)
from shared_models.records import ContentError, known_fields, validate_content
from sync import (
    POLICIES,
    AlreadySeen,
    Applied,
    BatchAdmission,
    Change,
    ChangeResult,
    Decision,
    Merged,
    PushBatch,
    PushResult,
    Record,
    Rejected,
    RejectReason,
    Relation,
    admit_batch,
    reconcile,
    result_of,
)
from sync import encode as encode_message
from sync.restore import rebase

__all__ = ["MAX_CHANGES", "Batch", "push_answer"]

MAX_CHANGES = 1000
"""Most changes in one push batch."""

_result_decoder = msgspec.msgpack.Decoder(PushResult)


class _NeedsExclusiveError(Exception):
    """A batch tried concurrently turned out to touch more than its own records (a log's
    evidence flags other employees' logs): it is rolled back and run again alone."""


def _concurrent(batch: PushBatch) -> bool:
    """Whether a batch may be decided beside other pushes (PostgreSQL, several processes): only
    progress logs, whose decisions read master data, periods, leave and SKPs, which only
    exclusive writers change, and which write nothing but their own records; a log naming
    evidence files goes to the exclusive writer at once (its files' "shared evidence" flags may
    rewrite other employees' logs)."""
    log = RecordKind.PROGRESS_LOG  # read once: an enum member's lookup costs more than the test
    return bool(batch.changes) and all(
        c.kind == log and not c.fields.get("evidence") for c in batch.changes
    )


def push_answer(
    storage: Storage,
    actor: Actor,
    batch: PushBatch,
    *,
    replica: str,
    clock: Callable[[], float],
    now_hlc: Callable[[int], int],
    shared_hlc: Callable[[int], int] | None = None,
) -> tuple[PushResult, bytes]:
    """Decide and store one batch; a repeated batch gets its stored answer unchanged. The
    answer comes with its MessagePack encoding (the bytes stored for exactly-once replies are
    the bytes sent, so a new batch is encoded once).

    A batch of progress logs is first tried as a concurrent writer (it locks its device and its
    records; ``shared_hlc``: the server clock read without holding it); one that must touch
    more, and every other batch, runs as the one writer."""
    actor.require_device(batch.device_id)
    if len(batch.changes) > MAX_CHANGES:
        raise BadRequestError(
            f"Satu kiriman paling banyak {MAX_CHANGES} perubahan.", field="$.changes"
        )
    if _concurrent(batch):
        try:
            return _decide(
                storage, actor, batch, replica, clock, shared_hlc or now_hlc, concurrent=True
            )
        except _NeedsExclusiveError:
            pass
    return _decide(storage, actor, batch, replica, clock, now_hlc, concurrent=False)


def _decide(
    storage: Storage,
    actor: Actor,
    batch: PushBatch,
    replica: str,
    clock: Callable[[], float],
    now_hlc: Callable[[int], int],
    *,
    concurrent: bool,
) -> tuple[PushResult, bytes]:
    with storage.write(concurrent=concurrent) as tx:
        if concurrent:
            tx.lock_keys([f"device:{actor.device_id}", *(f"record:{c.id}" for c in batch.changes)])
        stored = tx.batch_result(actor.device_id, batch.batch_seq)
        if stored is not None:
            replay = _in_scope(tx, actor, _result_decoder.decode(stored), batch.changes)
            replay = msgspec.structs.replace(replay, replayed=True)
            return replay, encode_message(replay)
        admission = admit_batch(tx.last_batch_seq(actor.device_id), batch.batch_seq)
        if admission is not BatchAdmission.NEW:
            # superseded and forgotten: the device re-sends what is unsynced in a new batch
            empty = PushResult(batch_seq=batch.batch_seq, results=[], replayed=True)
            return empty, encode_message(empty)
        work = Batch(
            tx,
            actor,
            batch.changes,
            replica=replica,
            clock=clock,
            now_hlc=now_hlc,
            alone=not concurrent,
        )
        result = PushResult(batch_seq=batch.batch_seq, results=work.decide())
        encoded = encode_message(result)
        # the answer is kept before the records take their seqs: the less follows that, the
        # less the other writers wait (see Batch.flush)
        tx.put_batch_result(actor.device_id, batch.batch_seq, encoded)
        work.finish()
    return result, encoded


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


_MASTER_RULES: dict[str, Callable[..., Problem | None]] = {
    RecordKind.EMPLOYEE: employee_problem,
    RecordKind.UNIT: unit_problem,
}
"""The master-data rule of each kind that has one (looked up once per pushed change)."""


class Batch:
    """One push batch in one write transaction, written in bulk.

    Stored versions of every record named by the batch are read in one query; relations are
    resolved once per owner; decisions come from :func:`sync.reconcile` change by change, in
    order (a record named twice sees its own earlier version); records, facts, tombstones,
    conflicts and audit entries are then written with one ``executemany`` each. A unit or
    employee record writes everything buffered before it and updates the master tables at once,
    so later changes of the batch are judged against the master data as it then is.
    """

    def __init__(
        self,
        tx: Writer,
        actor: Actor,
        changes: Sequence[Change],
        *,
        replica: str,
        clock: Callable[[], float],
        now_hlc: Callable[[int], int],
        alone: bool = True,
    ) -> None:
        self.alone = alone
        """False: decided beside other concurrent pushes, which may write only their own
        records (see :func:`push_answer`)."""
        self.replica = replica
        self.tx = tx
        self.actor = actor
        self.changes = changes
        self.now = clock()
        # One server clock reading for the batch, past its newest change (within the allowed
        # skew): reconcile only compares each change's clock with it, to refuse clocks too far
        # ahead, and that comparison gives the same answer as one reading per change.
        self.now_hlc = now_hlc(max((c.hlc for c in changes), default=0))
        self.rows = tx.records_by_id({c.id for c in changes})
        self.current: dict[str, Record | None] = {}
        self.relations: dict[str, Relation] = {}
        self.records: list[StoredRecord] = []
        self.deleted: list[int] = []  # indexes into ``records`` of tombstones
        self.conflicts: list[ConflictRow] = []
        self.audits: list[AuditEntry] = []
        self.grouped: dict[str, list[AuditEntry]] = {}  # accepted changes, by owner
        self.facts = StoredFacts(tx, self.now, flush=_flush_of(self))
        self.decided: list[Record] = []  # granted keberatan, applied once buffered
        self.evidence = EvidenceTouch()  # the logs' files, for the shared-evidence flags
        self.scope = admin_scope(actor)

    def decide(self) -> list[ChangeResult]:
        """Decide every change, in order; what to store stays buffered (a decision that reads
        facts of the batch's own earlier records writes the buffer first)."""
        results = [self.apply(change) for change in self.changes]
        if not self.alone and self.evidence.files:
            raise _NeedsExclusiveError  # evidence flags may rewrite other employees' logs
        return results

    def finish(self) -> None:
        """Write what is buffered, then the shared-evidence flags it calls for."""
        self.flush()
        # the same file in several employees' logs: flagged in each (server.evidence_flags)
        for record in flag_shared_evidence(
            self.tx,
            self.evidence,
            self.current,
            actor=self.actor,
            replica=self.replica,
            now=self.now,
        ):
            self.current[record.id] = record

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
        resent = change.resend
        if resent:  # a copy sent again after a restore: rebased, then decided as any edit
            rebased = _rebase(stored, change, relation)
            if rebased is None:
                seen = stored if relation is not Relation.NONE else None
                return ChangeResult(id=change.id, outcome="already_seen", record=seen)
            change = rebased
        known = known_fields(change.kind)
        if known and not change.deleted and not known.issuperset(change.changed):
            unknown = next(n for n in change.changed if n not in known)
            return _refuse(
                change,
                f"isian '{unknown}' tidak dikenal pada {change.kind}",
                stored if relation is not Relation.NONE else None,
            )
        decision = reconcile(
            stored,
            change,
            relation=relation,
            server_replica=self.replica,
            now_hlc=self.now_hlc,
            context_locked=self.assessment_locked(stored, change) or False,
            now_ms=int(self.now * 1000),
        )
        if change.kind in MASTER_KINDS:
            self.flush()  # checks of master records read the tables as they are now
        problem = self.check(change, decision, stored)
        if problem is not None:
            return _refuse(change, problem, stored if relation is not Relation.NONE else None)
        self.persist(change, decision, stored)
        result = result_of(change.id, decision)
        if resent and isinstance(decision, Applied) and result.record is None:
            # the device cannot rebuild a rebased first version from what it sent: send it
            result = msgspec.structs.replace(result, record=decision.record, vv=None)
        if relation is Relation.NONE and result.outcome in ("rejected", "already_seen"):
            # never show a record to someone outside its scope, not even when refusing or when
            # answering a change sent again after its writer lost the scope (the device then
            # drops its copy, as the removal notice of its next pull says anyway)
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
        problem = (
            self.master_problem(record, before, record.fields)
            or check_record(
                record.kind,
                record.id,
                record.owner,
                record.fields,
                changed=change.changed,
                created=before is None,
                actor_nip=self.actor.nip,
                facts=self.facts,
            )
            or self.log_value_problem(record, change, created=before is None)
        )
        return _words(problem)

    def log_value_problem(self, record: Record, change: Change, *, created: bool) -> Problem | None:
        """A count's log holds a whole number, judged on the indicator of the SKP as stored."""
        if record.kind != RecordKind.PROGRESS_LOG:
            return None
        fields = record.fields
        indicator = self.facts.indicator(
            record.owner, str(fields.get("skp_id")), str(fields.get("indicator_id"))
        )
        return log_value_problem(fields, indicator, change.changed, created=created)

    def master_problem(
        self, record: Record, before: dict[str, Any] | None, after: dict[str, Any] | None
    ) -> Problem | None:
        rule = _MASTER_RULES.get(record.kind)
        return None if rule is None else rule(self.scope, record.id, before, after, self.facts)

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
        if conflicts:
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
        self.facts.note_written(record.id)
        self.evidence.note(record, previous)
        if _becomes_final(record, previous):
            self.tx.stamp_final(record.id, self.now)
        if is_newly_granted(record, previous):
            self.decided.append(record)
        if record.kind in MASTER_KINDS:
            self.flush()
            project_master_data(self.tx, record, previous)
            self.relations.clear()  # a mutasi changes who stands where
        return _before_after(change, previous, record) if record.kind in _AUDITED_VALUES else {}

    def apply_decided(self) -> None:
        """Fix the appraisals of the keberatan granted in this batch (after the decisions)."""
        self.flush()
        for objection in self.decided:
            fixed = apply_granted(
                self.tx, objection, self.actor, replica=self.replica, now=self.now
            )
            if fixed is not None:
                self.current[fixed.id] = fixed
        self.decided.clear()

    def audit(self, change: Change, action: AuditAction, **detail: object) -> None:
        """Buffer the change's entry (built here, not by :func:`server.audit.audit_entry`: one
        per pushed record, and its detail keys are these fixed names, never a secret). The
        accepted changes of an employee's records are written as one row (a group, see
        :meth:`Writer.append_audit_group`); refusals and city master data one row each."""
        if change.owner and action is not AuditAction.CHANGE_REJECTED:
            group = self.grouped.get(change.owner)
            if group is None:
                group = self.grouped[change.owner] = []
            buffer = group
        else:
            buffer = self.audits
        buffer.append(
            AuditEntry(
                ts=self.now,
                nip=self.actor.nip,
                action=str(action),
                device_id=self.actor.device_id,
                record_kind=change.kind,
                record_id=change.id,
                detail={
                    "owner": change.owner,
                    "deleted": change.deleted,
                    "changed": change.changed,  # encoded as it is, never changed
                    **detail,
                },
                subject=change.owner
                or _subject(change, self.current.get(change.id) or self.stored(change.id)),
            )
        )

    def flush(self) -> None:
        """Write what is buffered: conflicts and audit entries, then the records (one seq range,
        taken last: from then on the seq counter stays locked until the commit, so the less
        that follows it the less other writers wait) and their tombstones."""
        tx = self.tx
        if self.conflicts:
            tx.add_conflicts(self.conflicts)
        if self.audits:
            tx.append_audits(self.audits)
        for group in self.grouped.values():
            tx.append_audit_group(group)
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
        self.records, self.deleted, self.conflicts, self.audits = [], [], [], []
        self.grouped = {}


def _flush_of(batch: Batch) -> Callable[[], None]:
    """``batch.flush`` through a weak reference, for the batch's facts: a bound method there
    would make a reference cycle (batch, facts, batch) that only the cyclic garbage collector
    frees, so every object of a push outlived it, and the collections walking them all cost
    ~8 us of server CPU per pushed record (docs/benchmarks.md, "Scale")."""
    ref = weakref.ref(batch)

    def flush() -> None:
        alive = ref()
        if alive is not None:
            alive.flush()

    return flush


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


def _in_scope(
    tx: Writer, actor: Actor, answer: PushResult, changes: Sequence[Change]
) -> PushResult:
    """A stored answer, without what the device may no longer see: it was stored while the
    device had the scope, and a mutasi since may have taken the records' owner from it (the
    device then drops its copy, as its pull's removals say anyway)."""
    sent = {c.id: c for c in changes}
    relations: dict[tuple[str, str], Relation] = {}
    results = []
    for result in answer.results:
        basis: Record | Change | None = result.record or sent.get(result.id)
        if basis is None or (result.record is None and result.vv is None and not result.conflicts):
            results.append(result)
            continue
        key = (basis.owner, basis.kind)
        if key not in relations:
            relations[key] = relation_to(
                tx, actor, basis.owner, kind=basis.kind, fields=basis.fields
            )
        if relations[key] is Relation.NONE:
            result = msgspec.structs.replace(result, record=None, vv=None, conflicts=[])
        results.append(result)
    return msgspec.structs.replace(answer, results=results)


def _rebase(stored: Record | None, change: Change, relation: Relation) -> Change | None:
    """:func:`sync.restore.rebase` with the fields ``relation`` may write of the change's kind."""
    policy = POLICIES.get(change.kind)
    rule = None if policy is None else policy.write.get(relation)
    return rebase(stored, change, lambda name: rule is not None and rule.allows(name))


def _refuse(change: Change, message: str, stored: Record | None = None) -> ChangeResult:
    return ChangeResult(
        id=change.id,
        outcome="rejected",
        record=stored,
        reason=RejectReason.INVALID_CHANGE,
        message=f"Perubahan ditolak: {message}",
    )
