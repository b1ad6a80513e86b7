"""Hybrid logical clock: 64-bit ints ``physical_ms << 16 | logical``.

HLC timestamps order edits for display and break ties between concurrent writes of one field.
They never decide causality: that is the version vectors' job. The clock is read by the caller
and passed in as ``now_ms``.
"""

from __future__ import annotations

from sync._errors import ClockSkewError

__all__ = [
    "DEFAULT_MAX_SKEW_MS",
    "LOGICAL_BITS",
    "ClockSkewError",
    "check_skew",
    "logical",
    "pack",
    "physical",
    "receive",
    "tick",
]

LOGICAL_BITS = 16
_LOGICAL_MASK = (1 << LOGICAL_BITS) - 1
DEFAULT_MAX_SKEW_MS = 5 * 60 * 1000  # five minutes


def pack(physical_ms: int, logical_count: int = 0) -> int:
    """Build a timestamp from its parts."""
    if not 0 <= logical_count <= _LOGICAL_MASK:
        raise ValueError(f"hlc: logical counter {logical_count} outside 0..{_LOGICAL_MASK}")
    if physical_ms < 0:
        raise ValueError(f"hlc: physical time {physical_ms} ms is negative")
    return (physical_ms << LOGICAL_BITS) | logical_count


def physical(ts: int) -> int:
    """The wall-clock part, in unix milliseconds."""
    return ts >> LOGICAL_BITS


def logical(ts: int) -> int:
    """The logical counter part."""
    return ts & _LOGICAL_MASK


def tick(last: int, now_ms: int) -> int:
    """Timestamp for a local event: above ``last``, at the wall clock when it has moved on."""
    wall = now_ms << LOGICAL_BITS
    return wall if wall > last else last + 1


def check_skew(remote: int, now_ms: int, max_skew_ms: int = DEFAULT_MAX_SKEW_MS) -> None:
    """Raise :class:`ClockSkewError` when ``remote`` is more than ``max_skew_ms`` ahead."""
    ahead = physical(remote) - now_ms
    if ahead > max_skew_ms:
        raise ClockSkewError(ahead, max_skew_ms)


def receive(last: int, remote: int, now_ms: int, max_skew_ms: int = DEFAULT_MAX_SKEW_MS) -> int:
    """Timestamp after receiving ``remote``: above both ``last`` and ``remote``.

    Raises:
        ClockSkewError: ``remote`` is more than ``max_skew_ms`` ahead of ``now_ms``.
    """
    check_skew(remote, now_ms, max_skew_ms)
    wall = now_ms << LOGICAL_BITS
    top = last if last > remote else remote
    return wall if wall > top else top + 1
