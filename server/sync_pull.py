"""Pull: one snapshot, scoped to what the actor may see, paged by the commit-ordered ``seq``
cursor; removals and backfill when the scope changed, a reset when a device may have missed a
collected tombstone."""

from __future__ import annotations

from collections.abc import Collection
from typing import NamedTuple

from server.access import opd_of
from server.actor import Actor
from server.errors import BadRequestError
from server.record_codec import WirePullPage, WireRecord, encode_wire, from_stored, wire_record
from server.scope import pull_scope, scope_admits, visible_owners
from server.storage import Reader, RecordScope, Storage, StoredRecord
from sync import PullPage, PullRequest, Record, needs_reset
from sync import encode as encode_message

__all__ = ["BACKFILL_LIMIT", "MAX_PAGE", "pull", "pull_msgpack"]

MAX_PAGE = 1000
"""Most records in one pull page."""
BACKFILL_LIMIT = 20_000
"""Most records sent at once for owners newly in scope (a new subordinate after mutasi)."""


def pull(storage: Storage, actor: Actor, request: PullRequest, *, epoch: int = 1) -> PullPage:
    """One page after ``request.cursor``, plus removals and backfill when scope changed;
    ``reset_required`` when the device may have missed a collected tombstone; ``restored``
    when the request names another ``epoch`` than the server's (it was restored since)."""
    page = _pull_rows(storage, actor, request, epoch)
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
        epoch=epoch,
    )


def pull_msgpack(storage: Storage, actor: Actor, request: PullRequest, *, epoch: int = 1) -> bytes:
    """:func:`pull` encoded as MessagePack, with the stored blobs spliced in unchanged: the
    bytes are those of ``encode(pull(...))``, without decoding and re-encoding records."""
    page = _pull_rows(storage, actor, request, epoch)
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
            epoch=epoch,
        )
    )


def _pull_rows(
    storage: Storage, actor: Actor, request: PullRequest, epoch: int
) -> _Page | PullPage:
    """The rows of one page (or the answer when the device must reset or learn of a restore);
    what the device now sees by name is recorded for the next page."""
    actor.require_device(request.device_id)
    if request.cursor < 0:
        raise BadRequestError("cursor tidak boleh negatif.", field="$.cursor")
    if request.epoch and request.epoch != epoch:
        # restored from a backup since this device last synced: its cursor may lie past what
        # the server now has, and its copies hold what the server lost (sync.restore)
        return PullPage(records=[], next_cursor=0, epoch=epoch, restored=True)
    limit = max(1, min(request.limit, MAX_PAGE))
    with storage.read() as reader:
        device = reader.device(actor.device_id)
        low_water = reader.tombstone_low_water()
        retained = 0 if device is None else device.retained_at_start
        if request.cursor > 0 and needs_reset(
            request.cursor, low_water, retained_at_start=retained
        ):
            return PullPage(records=[], next_cursor=0, reset_required=True, epoch=epoch)
        scope = pull_scope(reader, actor)
        named = visible_owners(reader, actor)
        # what the device was sent by name: owners, and "owner:kind" for the records of an
        # owner it gets one kind of (its supervisor's SKP)
        owners = named | {f"{o}:{k}" for o, k in scope.owner_kinds}
        # what the device holds by name: what it confirmed, or the scope the last answer that
        # changed it sent, once the device's cursor shows it applied that answer (a lost answer
        # is answered again: its removals and backfill are sent once more)
        before = reader.visible_owners(actor.device_id)
        sent = reader.scope_sent(actor.device_id)
        applied = sent is not None and request.cursor >= sent[2] and request.cursor > sent[1]
        if applied:
            assert sent is not None
            before = sent[0]
        lost = {o for o in before - owners if not (actor.is_hr and _hr_sees(reader, actor, o))}
        gained = owners - before if before else frozenset()
        removals = _removals(reader, lost, named)
        backfill = _backfill(reader, gained, before, request.cursor)
        backfill += _refetched(reader, scope, request.refetch, {r.id for r in backfill})
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
    rescoped = owners != before
    if rescoped or applied or sent is not None or moves or starts:
        # only this device's own rows: beside other concurrent writers (pushes of logs)
        with storage.write(concurrent=True) as tx:
            tx.lock_keys([f"device:{actor.device_id}"])
            if applied:
                tx.set_visible_owners(actor.device_id, before)
            if rescoped:
                tx.set_scope_sent(actor.device_id, owners, request.cursor, next_cursor)
            elif sent is not None:
                tx.set_scope_sent(actor.device_id, None, -1, -1)
            if starts:
                tx.set_retained_at_start(actor.device_id, low_water)
            tx.set_pull_cursor(actor.device_id, request.cursor)
    return _Page([*backfill, *rows], removals, next_cursor, more)


class _Page(NamedTuple):
    """What one pull page holds, before it is rendered (records and tombstones in seq order)."""

    rows: list[StoredRecord]
    removals: list[str]
    next_cursor: int
    more: bool


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


def _refetched(
    reader: Reader, scope: RecordScope, ids: Collection[str], sent: Collection[str]
) -> list[StoredRecord]:
    """The records of ``ids`` (a device's :attr:`~sync.PullRequest.refetch`) it may see now,
    in seq order, besides those in ``sent``."""
    if not ids:
        return []
    rows = reader.records_by_id(set(ids) - set(sent)).values()
    return sorted(
        (r for r in rows if scope_admits(reader, scope, r.owner, r.kind)), key=lambda r: r.seq
    )


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
