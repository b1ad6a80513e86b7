"""The device side: local edits into the outbox, pulled versions and push results into the store.

A device keeps, per record, the version it shows (``local``) and at most one unsynced change
(``pending``, coalesced: later edits widen ``changed`` and raise the counter, ``base_vv`` stays
the version the first unsynced edit started from). Counters come from one device-wide sequence
that the caller persists, so a counter is never reused even when a record is dropped.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

import msgspec

from sync._errors import EditError, VectorRegression
from sync._merge import merge_change, new_record, rejected_conflict
from sync.policy import POLICIES
from sync.protocol import ChangeResult
from sync.reconcile import RejectReason
from sync.records import Change, Conflict, ConflictCause, FieldClock, Record
from sync.vv import dominates, merge

__all__ = ["Integration", "first_version", "integrate_pull", "integrate_result", "local_edit"]


class Integration(msgspec.Struct, frozen=True, kw_only=True):
    """What the device does with a pulled version or a push result.

    ``store``: the version to keep (``None``: drop the record). ``pending``: what stays in the
    outbox (``None``: nothing). ``conflicts``: to show now; for an unsynced edit they preview
    what the server will record when the edit arrives. ``changed``: anything to write at all.
    """

    store: Record | None
    pending: Change | None
    conflicts: list[Conflict] = []
    changed: bool = True


def local_edit(
    local: Record | None,
    pending: Change | None,
    *,
    kind: str,
    id: str,
    owner: str,
    patch: Mapping[str, Any],
    replica: str,
    counter: int,
    hlc: int,
    remove: Iterable[str] = (),
    delete: bool = False,
) -> tuple[Record, Change]:
    """Apply a local edit (or create, or delete); return the new local version and outbox entry.

    Raises:
        EditError: editing a deleted record, or deleting one that does not exist.
        VectorRegression: ``counter`` is not above this device's entry in the record's vector.
    """
    if local is not None and local.deleted:
        raise EditError(f"catatan {id} sudah dihapus dan tidak dapat diubah")
    if local is None and delete:
        raise EditError(f"catatan {id} belum ada dan tidak dapat dihapus")
    before = {} if local is None else local.vv
    if counter <= before.get(replica, 0):
        raise VectorRegression(replica, before.get(replica, 0), counter)
    vv = dict(before)
    vv[replica] = counter
    removed = list(remove)
    touched = [*patch, *removed]
    clock: FieldClock = (hlc, replica, counter)
    if delete:
        fields: dict[str, Any] = {}
        clocks: dict[str, FieldClock] = {}
    else:
        fields = {} if local is None else dict(local.fields)
        fields.update(patch)
        for name in removed:
            fields.pop(name, None)
        clocks = {} if local is None else dict(local.field_clocks)
        clocks.update(dict.fromkeys(touched, clock))
    record = Record(
        kind=kind,
        id=id,
        owner=owner,
        fields=fields,
        vv=vv,
        hlc=hlc,
        author=replica,
        field_clocks=clocks,
        deleted=delete,
    )
    changed = set(touched) if pending is None else set(pending.changed) | set(touched)
    change = Change(
        kind=kind,
        id=id,
        owner=owner,
        fields=fields,
        changed=sorted(changed),
        base_vv=dict(before) if pending is None else pending.base_vv,
        vv=vv,
        hlc=hlc,
        replica=replica,
        deleted=delete,
    )
    return record, change


def integrate_pull(local: Record | None, remote: Record, pending: Change | None) -> Integration:
    """Integrate a pulled (or pushed-back) server version without erasing an unsynced edit."""
    if pending is not None and remote.vv.get(pending.replica, 0) >= pending.vv.get(
        pending.replica, 0
    ):
        # the server already has this edit (its answer may have been lost): the outbox is done,
        # whether or not this device still holds a copy that is as new
        if local is not None and local.vv != remote.vv and dominates(local.vv, remote.vv):
            return Integration(store=local, pending=None)
        return Integration(store=remote, pending=None)
    if local is None:
        return Integration(store=remote, pending=pending)
    if dominates(local.vv, remote.vv):
        return Integration(store=local, pending=pending, changed=False)
    if pending is None:
        return Integration(store=remote, pending=None)
    own = pending.vv.get(pending.replica, 0)
    # concurrent with an unsynced local edit: keep the edit, preview the server's merge
    view_vv = merge(local.vv, remote.vv)
    policy = POLICIES.get(remote.kind)
    locked = (
        policy is not None
        and not remote.deleted
        and policy.is_locked(remote.fields)
        and (
            pending.deleted
            or policy.unlock is None
            or not policy.opens(policy.unlock[0], pending.changed, pending.fields)
        )
    )
    if locked:
        conflict = rejected_conflict(remote, pending, own, ConflictCause.LOCKED)
        store = msgspec.structs.replace(remote, vv=view_vv)
        return Integration(store=store, pending=pending, conflicts=[conflict])
    reopens = policy is not None and not remote.deleted and policy.is_locked(remote.fields)
    preview, conflicts, _ = merge_change(remote, pending, policy, own, None, force=reopens)
    store = msgspec.structs.replace(preview, vv=view_vv)
    if not conflicts and not remote.deleted:
        pending = msgspec.structs.replace(
            pending, base_vv=merge(pending.base_vv, remote.vv), vv=merge(pending.vv, remote.vv)
        )
    return Integration(store=store, pending=pending, conflicts=conflicts)


def first_version(sent: Change, vv: dict[str, int]) -> Record:
    """The server's first version of a record created by ``sent``, given the server's vector of
    it (the ``vv`` of an ``applied`` push result): exactly what :func:`sync.reconcile` stored."""
    record = new_record(sent, sent.vv.get(sent.replica, 0), None)
    return msgspec.structs.replace(record, vv=dict(vv))


def integrate_result(
    local: Record | None, pending: Change | None, sent: Change, result: ChangeResult
) -> Integration:
    """Integrate the server's answer to ``sent`` (which may be older than ``pending``)."""
    same = pending is not None and pending.vv == sent.vv
    if result.outcome == "applied" and result.record is None and result.vv is not None:
        return integrate_pull(local, first_version(sent, result.vv), pending)
    if result.outcome != "rejected" or result.conflicts:
        if result.record is None:  # kept as a conflict, but the record is gone (purged)
            rest = None if same else pending
            return Integration(store=None if rest is None else local, pending=rest)
        return integrate_pull(local, result.record, pending)
    if result.reason is RejectReason.CLOCK_SKEW:
        # nothing is lost: the edit stays queued until the clock is fixed and it is re-stamped
        return Integration(store=local, pending=pending, changed=False)
    rest = None if same else pending
    if result.record is not None:
        store = result.record if rest is None else local
        return Integration(store=store, pending=rest)
    return Integration(store=None if rest is None else local, pending=rest)
