"""After a server restore: a device's copy sent again, rebased onto what the server now holds.

A server restored from a backup no longer has what it acknowledged after that backup, but the
devices do: they hold those versions, marked synced. Their vectors carry server entries the
restored server never gave (and, from its new replica id on, never will: counters are never
reused), so sent as ordinary changes they would be refused as forged (invariant I10: a change
raises only its own device's entry).

:func:`rebase` turns such a copy into an ordinary change that claims nothing the device may not
claim: every entry but the device's own is lowered to what the stored version holds, the
device's own entry is the only one raised, and ``changed`` names only the fields whose value
differs from the stored one and that the sender may write. It is then decided by
:func:`sync.reconcile` like any edit: applied when the stored version is the one the device's
copy grew from, merged by the kind's policy when others wrote meanwhile (the loser kept, I2).
What the device did not write itself it cannot give back: its author's device does.
"""

from __future__ import annotations

from collections.abc import Callable

import msgspec

from sync.records import Change, Record

__all__ = ["rebase"]

_MISSING = object()


def rebase(
    stored: Record | None, change: Change, may_write: Callable[[str], bool]
) -> Change | None:
    """The ordinary change a re-sent copy (``change.resend``) amounts to, or ``None`` when the
    server holds everything of it that the sender wrote (answer with the stored version).

    ``may_write``: whether the sender may write a field of this record (its relation's rule).
    """
    me = change.replica
    own = change.vv.get(me, 0)
    known = {} if stored is None else stored.vv
    if own <= known.get(me, 0):
        return None  # the server has this device's newest edit of it (or it never wrote it)
    base = {r: min(c, known.get(r, 0)) for r, c in change.vv.items() if r != me}
    base = {r: c for r, c in base.items() if c > 0}
    if known.get(me, 0):
        base[me] = known[me]
    if change.deleted:
        if stored is None or stored.deleted:
            return None  # nothing to delete
        changed: list[str] = []
    else:
        before = {} if stored is None or stored.deleted else stored.fields
        names = set(change.fields) | set(before)
        changed = sorted(
            n
            for n in names
            if may_write(n) and change.fields.get(n, _MISSING) != before.get(n, _MISSING)
        )
        if not changed:
            return None  # nothing the sender may write differs from the stored version
    vv = dict(base)
    vv[me] = own
    return msgspec.structs.replace(change, base_vv=base, vv=vv, changed=changed, resend=False)
