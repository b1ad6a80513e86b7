"""Exactly-once bookkeeping for push batches (the server keeps one entry per device)."""

from __future__ import annotations

from enum import StrEnum

__all__ = ["BatchAdmission", "admit_batch"]


class BatchAdmission(StrEnum):
    """What to do with an arriving batch."""

    NEW = "new"  # process it, then remember its seq and its result
    REPLAY = "replay"  # the last batch again (its answer was lost): send the stored result
    STALE = "stale"  # older than the last batch: superseded (the device re-sends what is
    # still unsynced in every new batch); ignore it


def admit_batch(last_seq: int, batch_seq: int) -> BatchAdmission:
    """Classify ``batch_seq`` against the last processed sequence of the same device.

    Gaps are allowed (a device may burn a sequence number when it crashes after reserving it).
    """
    if batch_seq > last_seq:
        return BatchAdmission.NEW
    if batch_seq == last_seq:
        return BatchAdmission.REPLAY
    return BatchAdmission.STALE
