"""Version vectors: ``{replica id: counter}`` as plain dicts, compared, merged and bumped.

A vector is a plain ``dict[str, int]`` so that it travels through msgspec unchanged and the hot
path allocates nothing it does not need. Missing entries count as zero. Functions never mutate
their arguments.
"""

from __future__ import annotations

from collections.abc import Mapping
from enum import Enum

import msgspec

from sync._errors import VectorRegression

__all__ = [
    "Order",
    "VersionVector",
    "check_monotonic",
    "compare",
    "covers",
    "decode",
    "dominates",
    "encode",
    "fold",
    "increment",
    "merge",
]

VersionVector = dict[str, int]

_encoder = msgspec.msgpack.Encoder()
_decoder = msgspec.msgpack.Decoder(dict[str, int])


class Order(Enum):
    """How vector ``a`` stands to vector ``b``."""

    EQUAL = "equal"
    OLDER = "older"  # a happened before b
    NEWER = "newer"  # a happened after b
    CONCURRENT = "concurrent"


def compare(a: Mapping[str, int], b: Mapping[str, int]) -> Order:
    """Compare two vectors: the single source of truth for "is this a conflict"."""
    a_ahead = False
    b_ahead = False
    for replica, count in a.items():
        other = b.get(replica, 0)
        if count > other:
            a_ahead = True
        elif count < other:
            b_ahead = True
    for replica, count in b.items():
        if replica not in a and count > 0:
            b_ahead = True
    if a_ahead:
        return Order.CONCURRENT if b_ahead else Order.NEWER
    return Order.OLDER if b_ahead else Order.EQUAL


def dominates(a: Mapping[str, int], b: Mapping[str, int]) -> bool:
    """True when ``a`` has seen everything ``b`` has (``a >= b`` pointwise)."""
    get = a.get
    return all(get(replica, 0) >= count for replica, count in b.items())


def covers(vv: Mapping[str, int], replica: str, counter: int) -> bool:
    """True when ``vv`` includes the event ``(replica, counter)``."""
    return vv.get(replica, 0) >= counter


def merge(a: Mapping[str, int], b: Mapping[str, int]) -> VersionVector:
    """Pointwise maximum."""
    out = dict(a)
    for replica, count in b.items():
        if count > out.get(replica, 0):
            out[replica] = count
    return out


def increment(vv: Mapping[str, int], replica: str, to: int | None = None) -> VersionVector:
    """A copy of ``vv`` with ``replica``'s entry bumped by one (or set to ``to``).

    Raises:
        VectorRegression: when ``to`` is not above the current entry.
    """
    out = dict(vv)
    current = out.get(replica, 0)
    if to is None:
        out[replica] = current + 1
    elif to <= current:
        raise VectorRegression(replica, current, to)
    else:
        out[replica] = to
    return out


def check_monotonic(before: Mapping[str, int], after: Mapping[str, int]) -> None:
    """Raise :class:`VectorRegression` naming the first replica whose counter decreased."""
    for replica, count in before.items():
        now = after.get(replica, 0)
        if now < count:
            raise VectorRegression(replica, count, now)


def fold(vv: Mapping[str, int], retired: Mapping[str, int]) -> VersionVector:
    """Drop the entries of retired replicas that sit at their final counter (I9: bounded).

    ``retired`` maps each retired replica (a revoked, wiped or reinstalled device, which can
    never push again) to its final counter on this record. Precondition, kept by the server: it
    folds a replica only once the tombstone horizon (``sync.tombstones``) has passed the last
    version carrying that replica's final counter, so every active copy holds exactly the final
    counter and a device that missed it must reset first. Under that precondition the entry is
    the same on every copy and removing it changes no comparison. Entries other than the final
    counter are kept, so a copy that breaks the precondition still compares as concurrent
    (a visible conflict) rather than as equal.
    """
    out = dict(vv)
    for replica, final in retired.items():
        if out.get(replica, -1) == final:
            del out[replica]
    return out


def encode(vv: Mapping[str, int]) -> bytes:
    """Compact MessagePack encoding (a map of str to int, entries sorted by replica)."""
    return _encoder.encode(dict(sorted(vv.items())))


def decode(data: bytes) -> VersionVector:
    """Inverse of :func:`encode`; rejects negative counters."""
    vv = _decoder.decode(data)
    for replica, count in vv.items():
        if count < 0:
            raise VectorRegression(replica, 0, count)
    return vv
