"""The envelope every syncable record travels in, the change a device pushes, and conflicts.

Record content (``fields``) is an opaque dict of msgspec-encodable builtins: the server checks it
against ``shared_models`` separately, the sync core only moves and merges it.
"""

from __future__ import annotations

import hashlib
from enum import StrEnum
from typing import Annotated, Any

import msgspec

__all__ = [
    "MAX_COUNTER",
    "MAX_HLC",
    "MAX_REPLICAS",
    "Change",
    "Conflict",
    "ConflictCause",
    "Counter",
    "FieldClock",
    "Record",
    "Vector",
    "conflict_id",
]

MAX_COUNTER = 2**53
"""Largest version counter accepted from a peer: exact in every JSON reader, far below the
64-bit limits of SQLite and MessagePack (a device makes one per edit)."""
MAX_HLC = 2**62
"""Largest hybrid logical clock accepted from a peer (year ~2100 in the physical part)."""
MAX_REPLICAS = 256
"""Most entries in one version vector (the devices and the server that ever edited a record)."""

Counter = Annotated[int, msgspec.Meta(ge=0, le=MAX_COUNTER)]
Vector = Annotated[dict[str, Counter], msgspec.Meta(max_length=MAX_REPLICAS)]
"""A version vector as it travels: bounded in size and in every counter."""
Clock = Annotated[int, msgspec.Meta(ge=0, le=MAX_HLC)]

FieldClock = tuple[int, str, int]
"""Per-field clock ``(hlc, replica, counter)``: when, by whom and as which event a field was last
written. ``(replica, counter)`` is the write's dot; it is covered by a vector ``vv`` when
``vv[replica] >= counter``. Dots from folded replicas are rewritten with counter 0 (covered by all).
"""


class Record(msgspec.Struct, frozen=True, kw_only=True):
    """One version of one syncable record, as stored by the server and by devices."""

    kind: str
    id: str  # UUIDv7 string
    owner: str  # NIP of the employee the record is about; "" for city-wide master data
    fields: dict[str, Any]
    vv: dict[str, int]
    hlc: int  # HLC of the last edit
    author: str  # replica of the last edit
    field_clocks: dict[str, FieldClock] = {}
    deleted: bool = False


class Change(msgspec.Struct, frozen=True, kw_only=True):
    """What a device pushes: one (possibly coalesced) edit of one record.

    ``fields`` holds the record's content after the edit (a full state or only a patch); only the
    names in ``changed`` are read from it, and a name in ``changed`` that is missing from
    ``fields`` removes that field. ``base_vv`` is the version the edit started from, ``vv`` the
    device's vector after its own bump (``vv[replica]`` is the edit's counter).

    ``resend``: after the server was restored from a backup, the device sends its copy again
    (``fields`` whole, ``vv`` its vector, which may hold server entries the restored server
    never gave): the server rebases it (:func:`sync.restore.rebase`) instead of refusing it.
    """

    kind: str
    id: str
    owner: str
    fields: dict[str, Any]
    changed: Annotated[list[str], msgspec.Meta(max_length=256)]
    base_vv: Vector
    vv: Vector
    hlc: Clock
    replica: str
    deleted: bool = False
    resend: bool = False


class ConflictCause(StrEnum):
    """Why a value lost."""

    FIELD = "field"  # the same field written on both sides; one value won
    DELETED = "deleted"  # an edit concurrent with a delete; the delete won
    LOCKED = "locked"  # an edit that reached a locked (final/approved) record
    TRANSITION = "transition"  # a status change the current status no longer allows
    PURGED = "purged"  # an edit of a record whose tombstone is past the horizon


class Conflict(msgspec.Struct, frozen=True, kw_only=True):
    """A value that lost, kept so that a person can see it and resolve it (I2).

    ``losing`` holds the losing values by field (for a lost delete, the key ``"_deleted"``),
    ``winning`` the values that were kept (empty when the record ended deleted).
    """

    id: str
    kind: str
    record_id: str
    owner: str
    cause: ConflictCause
    fields: list[str]
    losing: dict[str, Any]
    winning: dict[str, Any]
    losing_replica: str
    losing_hlc: int
    losing_counter: int
    winning_replica: str
    winning_hlc: int
    resolved: bool = False


def conflict_id(
    record_id: str, losing_replica: str, losing_counter: int, winning: str, cause: str
) -> str:
    """A deterministic UUID-shaped id, so that a replayed push stores the same conflict again."""
    key = f"{record_id}\x1f{losing_replica}\x1f{losing_counter}\x1f{winning}\x1f{cause}"
    h = hashlib.blake2b(key.encode(), digest_size=16).hexdigest()
    return f"{h[:8]}-{h[8:12]}-8{h[13:16]}-{h[16:20]}-{h[20:]}"
