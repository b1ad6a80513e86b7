"""The field-level merge shared by the server (pushes) and the device (pull previews).

A stored field write is *unseen* by a change when its dot ``(replica, counter)`` is neither the
change's own replica nor covered by the change's ``base_vv``: the author edited without seeing
it, so the two writes are concurrent. Only unseen writes can conflict.
"""

from __future__ import annotations

from typing import Any

from sync.policy import Policy
from sync.records import Change, Conflict, ConflictCause, FieldClock, Record, conflict_id

__all__ = ["merge_change", "new_record", "rejected_conflict"]

_ABSENT: Any = None  # value reported for a field that does not exist on one side


def _next_vv(stored: dict[str, int], incoming: dict[str, int], bump: str | None) -> dict[str, int]:
    out = dict(stored)
    for replica, count in incoming.items():
        if count > out.get(replica, 0):
            out[replica] = count
    if bump is not None:
        out[bump] = out.get(bump, 0) + 1
    return out


def new_record(change: Change, own: int, bump: str | None) -> Record:
    """The first version of a record, from its creating change."""
    clock: FieldClock = (change.hlc, change.replica, own)
    src = change.fields
    fields = {name: src[name] for name in change.changed if name in src}
    vv = dict(change.vv)
    if bump is not None:
        vv[bump] = vv.get(bump, 0) + 1
    if change.deleted:  # created and deleted before it was ever synced
        return Record(
            kind=change.kind,
            id=change.id,
            owner=change.owner,
            fields={},
            vv=vv,
            hlc=change.hlc,
            author=change.replica,
            deleted=True,
        )
    return Record(
        kind=change.kind,
        id=change.id,
        owner=change.owner,
        fields=fields,
        vv=vv,
        hlc=change.hlc,
        author=change.replica,
        field_clocks=dict.fromkeys(change.changed, clock),
    )


def _unseen(stored: Record, change: Change) -> dict[str, FieldClock]:
    base = change.base_vv
    me = change.replica
    return {
        name: clock
        for name, clock in stored.field_clocks.items()
        if clock[1] != me and base.get(clock[1], 0) < clock[2]
    }


def _conflict(
    record: Record,
    cause: ConflictCause,
    losing: dict[str, Any],
    lose: FieldClock,
    winning: dict[str, Any],
    win: FieldClock,
) -> Conflict:
    return Conflict(
        id=conflict_id(record.id, lose[1], lose[2], f"{win[1]}:{win[2]}", cause),
        kind=record.kind,
        record_id=record.id,
        owner=record.owner,
        cause=cause,
        fields=sorted(losing),
        losing=losing,
        winning=winning,
        losing_replica=lose[1],
        losing_hlc=lose[0],
        losing_counter=lose[2],
        winning_replica=win[1],
        winning_hlc=win[0],
    )


def rejected_conflict(
    stored: Record | None, change: Change, own: int, cause: ConflictCause
) -> Conflict:
    """Keep a rejected change (locked record, stale status, purged record) as a conflict."""
    src = change.fields
    losing = {"_deleted": True} if change.deleted else {n: src.get(n) for n in change.changed}
    target = stored or Record(
        kind=change.kind, id=change.id, owner=change.owner, fields={}, vv={}, hlc=0, author=""
    )
    winning = {n: target.fields.get(n) for n in losing if n in target.fields}
    win: FieldClock = (target.hlc, target.author, 0)
    return _conflict(target, cause, losing, (change.hlc, change.replica, own), winning, win)


def _group_losers(
    stored: Record, losers: dict[str, FieldClock]
) -> dict[tuple[str, int], tuple[FieldClock, dict[str, Any]]]:
    groups: dict[tuple[str, int], tuple[FieldClock, dict[str, Any]]] = {}
    for name, clock in losers.items():
        key = (clock[1], clock[2])
        entry = groups.get(key)
        if entry is None:
            entry = groups[key] = (clock, {})
        elif clock[0] > entry[0][0]:
            groups[key] = entry = (clock, entry[1])
        entry[1][name] = stored.fields.get(name, _ABSENT)
    return groups


def _merge_delete(
    stored: Record, change: Change, own: int, bump: str | None
) -> tuple[Record, list[Conflict], bool]:
    unseen = _unseen(stored, change)
    mine: FieldClock = (change.hlc, change.replica, own)
    tomb = Record(
        kind=stored.kind,
        id=stored.id,
        owner=stored.owner,
        fields={},
        vv=_next_vv(stored.vv, change.vv, bump),
        hlc=max(stored.hlc, change.hlc),
        author=change.replica,
        field_clocks={},
        deleted=True,
    )
    conflicts = [
        _conflict(stored, ConflictCause.DELETED, values, clock, {}, mine)
        for clock, values in _group_losers(stored, unseen).values()
    ]
    return tomb, conflicts, bool(unseen)


def _onto_tombstone(
    stored: Record, change: Change, own: int, bump: str | None
) -> tuple[Record, list[Conflict], bool]:
    """Delete wins: an edit reaching a tombstone is kept only as a conflict."""
    tomb = Record(
        kind=stored.kind,
        id=stored.id,
        owner=stored.owner,
        fields={},
        vv=_next_vv(stored.vv, change.vv, bump),
        hlc=max(stored.hlc, change.hlc),
        author=stored.author,
        field_clocks={},
        deleted=True,
    )
    if change.deleted:
        return tomb, [], True
    src = change.fields
    losing = {n: src.get(n) for n in change.changed}
    if not losing:
        return tomb, [], True
    win: FieldClock = (stored.hlc, stored.author, 0)
    mine: FieldClock = (change.hlc, change.replica, own)
    return tomb, [_conflict(stored, ConflictCause.DELETED, losing, mine, {}, win)], True


def merge_change(
    stored: Record,
    change: Change,
    policy: Policy | None,
    own: int,
    bump: str | None,
    *,
    force: bool = False,
) -> tuple[Record, list[Conflict], bool]:
    """Merge ``change`` into ``stored``; returns (record, conflicts, concurrent).

    ``force``: the change wins every contested field (it reopens a locked record).
    """
    if stored.deleted:
        return _onto_tombstone(stored, change, own, bump)
    if change.deleted:
        return _merge_delete(stored, change, own, bump)
    unseen = _unseen(stored, change)
    mine: FieldClock = (change.hlc, change.replica, own)
    fields = dict(stored.fields)
    clocks = dict(stored.field_clocks)
    src = change.fields
    conflicts: list[Conflict] = []
    if not unseen:
        for name in change.changed:
            if name in src:
                fields[name] = src[name]
            else:
                fields.pop(name, None)
            clocks[name] = mine
    else:
        conflicts = _contest(stored, change, policy, unseen, mine, fields, clocks, force)
    later = change.hlc >= stored.hlc
    record = Record(
        kind=stored.kind,
        id=stored.id,
        owner=stored.owner,
        fields=fields,
        vv=_next_vv(stored.vv, change.vv, bump),
        hlc=change.hlc if later else stored.hlc,
        author=change.replica if later else stored.author,
        field_clocks=clocks,
    )
    return record, conflicts, bool(unseen)


def _whole_record_winner(
    change: Change, policy: Policy | None, unseen: dict[str, FieldClock], locking: bool
) -> bool | None:
    """For whole-record kinds: does the change win the record? ``None`` for field merge."""
    if policy is None or policy.field_merge or not change.changed:
        return None
    top = max((c[0], c[1]) for c in unseen.values())
    return locking or (change.hlc, change.replica) > top


def _contest(
    stored: Record,
    change: Change,
    policy: Policy | None,
    unseen: dict[str, FieldClock],
    mine: FieldClock,
    fields: dict[str, Any],
    clocks: dict[str, FieldClock],
    force: bool,
) -> list[Conflict]:
    """Resolve concurrent writes in place on ``fields``/``clocks``; return the conflicts."""
    src = change.fields
    locking = force or (policy is not None and policy.locks(change.changed, src))
    key = (change.hlc, change.replica)
    whole_wins = _whole_record_winner(change, policy, unseen, locking)
    stored_losers: dict[str, FieldClock] = {}
    mine_lost: dict[str, Any] = {}
    mine_lost_to: FieldClock = (-1, "", 0)
    for name in change.changed:
        theirs = unseen.get(name)
        if whole_wins is not None:
            wins = whole_wins
        else:
            wins = theirs is None or locking or key > (theirs[0], theirs[1])
        new = src.get(name, _ABSENT)
        old = stored.fields.get(name, _ABSENT)
        if wins:
            if theirs is not None and new != old:
                stored_losers[name] = theirs
            if name in src:
                fields[name] = new
            else:
                fields.pop(name, None)
            clocks[name] = mine
        elif new != old:
            mine_lost[name] = new
            mine_lost_to = max(mine_lost_to, theirs or max(unseen.values()))
    if whole_wins:
        _take_whole(stored, src, unseen, mine, fields, clocks, stored_losers)
    conflicts = [
        _conflict(
            stored, ConflictCause.FIELD, values, clock, {n: fields.get(n) for n in values}, mine
        )
        for clock, values in _group_losers(stored, stored_losers).values()
    ]
    if mine_lost:
        winning = {n: fields.get(n) for n in mine_lost}
        conflicts.append(
            _conflict(stored, ConflictCause.FIELD, mine_lost, mine, winning, mine_lost_to)
        )
    return conflicts


def _take_whole(
    stored: Record,
    src: dict[str, Any],
    unseen: dict[str, FieldClock],
    mine: FieldClock,
    fields: dict[str, Any],
    clocks: dict[str, FieldClock],
    stored_losers: dict[str, FieldClock],
) -> None:
    """The change won the whole record: its view replaces the stored side's unseen writes."""
    for name, theirs in unseen.items():
        if clocks.get(name) is mine or name not in src:
            continue
        if src[name] != stored.fields.get(name, _ABSENT):
            stored_losers[name] = theirs
            fields[name] = src[name]
            clocks[name] = mine
