"""A local edit: the record and its outbox entry, written together in one transaction.

The sync core (:func:`sync.device.local_edit`) bumps this device's entry in the record's version
vector with the next value of one device-wide counter (persisted here, never reused) and
coalesces a second edit into the one pending change.
"""

from __future__ import annotations

from typing import Any

from client.errors import InvalidInputError
from client.store import PENDING, Store
from sync import hlc
from sync._errors import EditError
from sync.device import local_edit
from sync.records import Record

__all__ = ["local_write", "next_counter", "next_hlc"]

_MISSING: Any = object()


def next_hlc(store: Store, now_ms: int) -> int:
    """Tick the device's hybrid logical clock (inside the caller's transaction)."""
    stamp = hlc.tick(int(store.meta.get("hlc", 0)), now_ms)
    store.meta.set("hlc", stamp)
    return stamp


def next_counter(store: Store, *, above: int = 0) -> int:
    """The next value of the device-wide version counter (inside the caller's transaction),
    past ``above`` too: a record whose vector already holds a higher entry of this device (a
    store restored from a backup, a forged vector the server once kept) must not stop the
    edit with a regression; counters are never reused, so jumping ahead is always safe."""
    counter = max(int(store.meta.get("counter", 0)), above) + 1
    store.meta.set("counter", counter)
    return counter


def local_write(
    store: Store,
    *,
    kind: str,
    record_id: str,
    owner: str,
    fields: dict[str, Any],
    now_ms: int,
    deleted: bool = False,
) -> Record | None:
    """Save a create, edit or delete of one record and its pending change.

    Call inside ``store.transaction()``. ``fields`` is the whole new content (ignored for a
    delete). Returns the new local version; ``None`` when a record the server never saw is
    deleted (it disappears with its pending change) or when nothing changed.
    """
    current = store.records.get(record_id)
    pending = store.outbox.get(record_id)
    if deleted and current is not None and pending is not None:
        never_sent = not pending.change.base_vv and not store.inflight.contains(record_id)
        if never_sent and not _known_to_server(current, store.outbox.replica):
            store.outbox.remove(record_id)
            store.records.remove(record_id)
            return None
    old = {} if current is None else current.fields
    patch = {k: v for k, v in fields.items() if old.get(k, _MISSING) != v}
    remove = [k for k in old if k not in fields]
    if not deleted and current is not None and not patch and not remove:
        return None
    try:
        record, change = local_edit(
            current,
            None if pending is None else pending.change,
            kind=kind,
            id=record_id,
            owner=owner,
            patch={} if deleted else patch,
            remove=() if deleted else remove,
            replica=store.outbox.replica,
            counter=next_counter(
                store, above=0 if current is None else current.vv.get(store.outbox.replica, 0)
            ),
            hlc=next_hlc(store, now_ms),
            delete=deleted,
        )
    except EditError as err:
        raise InvalidInputError(str(err)) from err
    store.records.put(record, PENDING)
    store.outbox.put(change, 1 if pending is None else pending.revision + 1, now_ms)
    return record


def _known_to_server(record: Record, me: str) -> bool:
    """True when some replica other than this device has seen the record."""
    return any(replica != me for replica in record.vv)
