"""Tombstone horizon: when a delete marker may be dropped, and when a device must reset.

Pull cursors are positions in the server's commit-ordered change log. A device with cursor
``c`` has applied every entry ``<= c``. A tombstone at ``seq`` may be dropped once every
*active* device has pulled past it. A device that was inactive (not counted) and comes back with
a cursor below the newest dropped tombstone may have missed a delete: it must reset (wipe its
copies but keep its outbox, pull from 0, push the outbox again; nothing is lost).
"""

from __future__ import annotations

from collections.abc import Mapping

__all__ = ["active_devices", "can_drop", "horizon", "needs_reset"]


def active_devices(
    last_seen_ms: Mapping[str, int], now_ms: int, max_idle_ms: int
) -> dict[str, bool]:
    """Which devices count for the horizon: those seen within ``max_idle_ms``."""
    return {device: now_ms - seen <= max_idle_ms for device, seen in last_seen_ms.items()}


def horizon(device_cursors: Mapping[str, int], *, head: int = 0) -> int:
    """The highest sequence every active device has pulled (``head`` when there are none)."""
    return min(device_cursors.values(), default=head)


def can_drop(tombstone_seq: int, horizon: int) -> bool:
    """True when every active device has pulled past the tombstone."""
    return tombstone_seq <= horizon


def needs_reset(
    device_cursor: int, oldest_retained_seq: int, *, retained_at_start: int = 0
) -> bool:
    """True when the device may have missed a dropped tombstone.

    ``oldest_retained_seq`` is the low-water mark of the log: tombstones with a smaller sequence
    may be gone (the server sets it to the newest dropped tombstone's sequence plus one; 0 when
    nothing was ever dropped). A device with cursor 0 starts from nothing and never needs a
    reset. ``retained_at_start`` is the low-water mark when the device last started from cursor
    0 (the server keeps it per device): drops before that start cannot concern it, which lets a
    fresh device page through old sequences without being told to reset again.
    """
    if device_cursor == 0 or oldest_retained_seq <= retained_at_start:
        return False
    return device_cursor + 1 < oldest_retained_seq
