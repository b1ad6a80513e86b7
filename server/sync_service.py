"""Push and pull: the server shell around the pure sync core.

The service keeps the server's HLC (in the database, shared by every server process) and
collects tombstones; push (:mod:`server.sync_push`),
pull (:mod:`server.sync_pull`) and the master-data projection of unit and employee records
(:mod:`server.sync_master`) are modules of their own.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable
from functools import partial
from typing import NamedTuple

from server.actor import Actor
from server.audit import AuditAction, record_audit
from server.storage import Storage
from server.sync_pull import MAX_PAGE, pull, pull_msgpack
from server.sync_push import MAX_CHANGES, push_answer
from sync import ClockSkewError, PullPage, PullRequest, PushBatch, PushResult, hlc
from sync import encode as encode_message

__all__ = ["MAX_CHANGES", "MAX_PAGE", "SyncService", "TombstoneCollection"]


class SyncService:
    """Push and pull over the storage; the server's HLC lives here."""

    def __init__(
        self,
        *,
        storage: Storage,
        server_replica: str,
        clock: Callable[[], float],
        epoch: int = 1,
    ) -> None:
        self._storage = storage
        self._replica = server_replica
        self.epoch = epoch
        """Which life of the database (:meth:`server.storage.Reader.epoch`): read once, at the
        start (a restore happens with the server stopped)."""
        self._clock = clock
        self._hlc = 0
        self._hlc_lock = threading.Lock()

    def _now_hlc(self, remote: int = 0, *, keep: bool = True) -> int:
        """The server's clock for deciding one change: past its last value and past ``remote``
        (unless ``remote`` is too far ahead, which :func:`sync.reconcile` then refuses).

        The last value is kept in the database too, read and (``keep``) written in the caller's
        write transaction (a nested write: the same transaction), so every server process, and
        a restarted one, continues past the newest stamp any of them kept. A concurrent push
        (``keep=False``) reads it without writing: writing would lock the row to its commit and
        line the concurrent pushes up again; in a push the clock is only the bound a device's
        clock is held against."""
        now_ms = int(self._clock() * 1000)
        with self._hlc_lock, self._storage.write() as tx:
            last = max(self._hlc, tx.server_hlc())
            candidate = hlc.tick(last, now_ms)
            if remote:
                with contextlib.suppress(ClockSkewError):
                    candidate = max(candidate, hlc.receive(last, remote, now_ms))
            self._hlc = candidate
            if keep:
                tx.set_server_hlc(candidate)
            return candidate

    # --- push --------------------------------------------------------------------------------
    def push(self, actor: Actor, batch: PushBatch) -> PushResult:
        """Decide and store one batch; a repeated batch gets its stored answer unchanged."""
        return self.push_answer(actor, batch)[0]

    def push_answer(self, actor: Actor, batch: PushBatch) -> tuple[PushResult, bytes]:
        """:meth:`push`, with the answer already encoded as MessagePack (the bytes stored for
        exactly-once replies are the bytes sent, so a new batch is encoded once).

        A batch that names another epoch than the server's is not decided: the device learns
        that the server was restored and sends its copies again (:mod:`sync.restore`)."""
        if batch.epoch and batch.epoch != self.epoch:
            actor.require_device(batch.device_id)
            restored = PushResult(
                batch_seq=batch.batch_seq, results=[], epoch=self.epoch, restored=True
            )
            return restored, encode_message(restored)
        return push_answer(
            self._storage,
            actor,
            batch,
            replica=self._replica,
            clock=self._clock,
            now_hlc=self._now_hlc,
            shared_hlc=partial(self._now_hlc, keep=False),
        )

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
        return pull(self._storage, actor, request, epoch=self.epoch)

    def pull_msgpack(self, actor: Actor, request: PullRequest) -> bytes:
        """:meth:`pull` encoded as MessagePack, with the stored blobs spliced in unchanged: the
        bytes are those of ``encode(pull(...))``, without decoding and re-encoding records."""
        return pull_msgpack(self._storage, actor, request, epoch=self.epoch)


class TombstoneCollection(NamedTuple):
    """What :meth:`SyncService.collect_tombstones` did."""

    dropped: int
    low_water: int
    horizon: int
