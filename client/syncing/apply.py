"""Applying what the server sends to the store, each in one transaction.

* :func:`apply_push_result`: the per-change decisions of one push batch; clears the in-flight
  batch in the same transaction, so a batch is applied at most once.
* :func:`apply_page`: one pull page; the cursor advances in the same transaction, so a page
  applied twice (a crash after the commit, before the next request) changes nothing.
* :func:`reset_for_repull`: the server said "reset required": drop every synced copy, keep the
  outbox, start the pull again from cursor 0.
* :func:`resend_after_restore`: the server was restored from a backup: queue every copy this
  device holds to be sent again (:mod:`sync.restore`), start the pull again from cursor 0.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from client.store import PENDING, SYNCED, ConflictRow, Store
from shared_models import RecordKind
from sync.device import Integration, integrate_pull, integrate_result
from sync.protocol import MAX_REFETCH, ChangeResult, PullPage, PushBatch
from sync.reconcile import RejectReason
from sync.records import Change, Conflict, Record, conflict_id

__all__ = ["apply_page", "apply_push_result", "resend_after_restore", "reset_for_repull"]


def _conflict_row(c: Conflict, message: str, now_ms: int) -> ConflictRow:
    return ConflictRow(
        id=c.id,
        record_id=c.record_id,
        kind=c.kind,
        owner=c.owner,
        cause=str(c.cause),
        message=message,
        fields=list(c.fields),
        losing=dict(c.losing),
        winning=dict(c.winning),
        losing_replica=c.losing_replica,
        losing_hlc=c.losing_hlc,
        winning_replica=c.winning_replica,
        winning_hlc=c.winning_hlc,
        created_ms=now_ms,
    )


def _refused_row(sent: Change, result: ChangeResult, now_ms: int) -> ConflictRow:
    """A change refused outright (no conflict kept by the server): keep it visible here (I2)."""
    own = sent.vv.get(sent.replica, 0)
    losing: dict[str, Any] = (
        {"_deleted": True} if sent.deleted else {n: sent.fields.get(n) for n in sent.changed}
    )
    winner = result.record
    winning = (
        {} if winner is None else {n: winner.fields.get(n) for n in losing if n in winner.fields}
    )
    return ConflictRow(
        id=conflict_id(sent.id, sent.replica, own, "server", "rejected"),
        record_id=sent.id,
        kind=sent.kind,
        owner=sent.owner,
        cause="rejected",
        message=result.message,
        fields=sorted(losing),
        losing=losing,
        winning=winning,
        losing_replica=sent.replica,
        losing_hlc=sent.hlc,
        winning_replica="" if winner is None else winner.author,
        winning_hlc=0 if winner is None else winner.hlc,
        created_ms=now_ms,
    )


def _write(store: Store, record_id: str, result: Integration, revision: int, now_ms: int) -> None:
    if not result.changed:
        return
    if result.store is None:
        store.records.remove(record_id)
    else:
        store.records.put(result.store, PENDING if result.pending is not None else SYNCED)
    if result.pending is None:
        store.outbox.remove(record_id)
    else:
        store.outbox.put(result.pending, revision, now_ms)


def apply_push_result(
    store: Store, batch: PushBatch, results: list[ChangeResult], now_ms: int
) -> tuple[int, int]:
    """Apply the answer to ``batch`` and clear the in-flight batch; return (done, conflicts).

    Call inside ``store.transaction()``.
    """
    done = 0
    new_conflicts = 0
    gone: list[str] = []
    by_id = {r.id: r for r in results}
    for sent in batch.changes:
        result = by_id.get(sent.id)
        if result is None:
            continue  # not answered: it stays in the outbox and goes in the next batch
        entry = store.outbox.get(sent.id)
        pending = None if entry is None else entry.change
        if sent.resend:
            integration = _resent(store.records.get(sent.id), pending, sent, result)
        else:
            integration = integrate_result(store.records.get(sent.id), pending, sent, result)
        _write(store, sent.id, integration, 1 if entry is None else entry.revision, now_ms)
        for c in result.conflicts:
            new_conflicts += store.conflicts.add(_conflict_row(c, result.message, now_ms))
        refused = (
            result.outcome == "rejected"
            and not result.conflicts
            and result.reason is not RejectReason.CLOCK_SKEW
        )
        if refused:
            new_conflicts += store.conflicts.add(_refused_row(sent, result, now_ms))
        if refused and result.record is None:
            gone.append(sent.id)
        done += 1
    if gone:  # dropped, outside the scope then: asked for again at the next pull
        store.meta.set("refetch", sorted({*refetch_ids(store), *gone})[-MAX_REFETCH:])
    store.inflight.clear()
    return done, new_conflicts


def refetch_ids(store: Store) -> list[str]:
    """Ids dropped on a refusal without the record, for the next pull to ask for again
    (:attr:`sync.PullRequest.refetch`)."""
    return list(store.meta.get("refetch", []))


def _resent(
    local: Record | None, pending: Change | None, sent: Change, result: ChangeResult
) -> Integration:
    """The answer to a copy sent again after a restore: the server's version (or none: it does
    not have the record) replaces the copy, whose vector may hold entries the restored server
    never gave; an edit made since it was sent stays queued, as a re-send still."""
    if pending is not None and pending.vv != sent.vv:
        return Integration(store=local, pending=pending, changed=False)
    return Integration(store=result.record, pending=None)


def resend_after_restore(store: Store, epoch: int, now_ms: int) -> int:
    """The server was restored from a backup (its ``epoch`` changed): queue every record this
    device holds to be sent again, whole, with its vector (:mod:`sync.restore`; the server keeps
    of each what this device wrote and the restored server lacks, and answers its own version
    of the rest), offer its evidence files again (the server's manifest answer says which it
    lacks) and pull again from 0. Return how many records are queued.

    Call inside ``store.transaction()``.
    """
    queued = 0
    pending = store.outbox.ids()
    for record, _state in list(store.records.rows()):
        entry = store.outbox.get(record.id) if record.id in pending else None
        change = Change(
            kind=record.kind,
            id=record.id,
            owner=record.owner,
            fields=dict(record.fields),
            changed=sorted(record.fields),
            base_vv={} if entry is None else entry.change.base_vv,
            vv=dict(record.vv),
            hlc=record.hlc,
            replica=store.outbox.replica,
            deleted=record.deleted,
            resend=True,
        )
        store.outbox.put(change, 1 if entry is None else entry.revision + 1, now_ms)
        queued += 1
    for row in store.evidence.in_state("synced"):  # the server may have lost them too: the
        store.evidence.set_state(row.sha256, "upload")  # manifest tells which it lacks
    store.meta.set("server_epoch", epoch)
    store.meta.set("pull_cursor", 0)
    return queued


def _evidence_of(records: Iterable[Record]) -> set[str]:
    names: set[str] = set()
    for r in records:
        if r.kind == RecordKind.PROGRESS_LOG and not r.deleted:
            names.update(r.fields.get("evidence") or ())
    return names


def apply_page(store: Store, page: PullPage, now_ms: int) -> int:
    """Apply one pull page and advance the cursor; return how many records it changed.

    Call inside ``store.transaction()``. Records without a local copy or unsynced edit (the
    whole of a first sync) are written in bulk; the rest go through the sync core.
    """
    cursor = int(store.meta.get("pull_cursor", 0))
    if page.next_cursor < cursor:
        return 0  # an old page (I7: the cursor never goes back)
    incoming = [*page.records, *page.tombstones]
    ids = [r.id for r in incoming]
    known = store.records.known_ids(ids)
    pending_ids = store.outbox.ids() if known else set()
    fresh: list[Record] = []
    changed = 0
    for remote in incoming:
        if remote.id not in known:
            fresh.append(remote)
            continue
        entry = store.outbox.get(remote.id) if remote.id in pending_ids else None
        result = integrate_pull(
            store.records.get(remote.id), remote, None if entry is None else entry.change
        )
        _write(store, remote.id, result, 1 if entry is None else entry.revision, now_ms)
        changed += int(result.changed)
    store.records.put_many(fresh, SYNCED)
    changed += len(fresh)
    pending_ids = store.outbox.ids()
    for record_id in page.removals:
        if record_id not in pending_ids:
            store.records.remove(record_id)
            changed += 1
    for sha in sorted(_evidence_of(incoming)):
        store.evidence.add_remote(sha, now_ms)  # known files are left as they are
    store.meta.set("pull_cursor", page.next_cursor)
    if page.epoch and page.epoch != int(store.meta.get("server_epoch", 0)):
        store.meta.set("server_epoch", page.epoch)  # learned once (restores: the runner)
    return changed


def reset_for_repull(store: Store) -> int:
    """Drop synced copies and rewind the cursor, keeping unsynced work; return records dropped.

    Call inside ``store.transaction()``.
    """
    dropped = store.records.remove_synced()
    store.meta.set("pull_cursor", 0)
    return dropped
