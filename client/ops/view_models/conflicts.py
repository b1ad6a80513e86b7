"""A conflict as the screens and ``kinerja device conflicts`` show it, and what resolving one
did (:mod:`client.ops.conflicts`). ``losing`` and ``winning`` are the two versions' values as
they travel (record content)."""

from __future__ import annotations

from typing import Literal

import msgspec

from client.store import ConflictRow

__all__ = ["ConflictView", "Keep", "Resolution"]

Keep = Literal["mine", "theirs", "both"]
"""Which version a resolution keeps ("both": the current record and a copy with the other)."""


class ConflictView(ConflictRow, frozen=True, kw_only=True):
    """One conflict (the store's row) with its cause in words and which version this device
    wrote (``mine``)."""

    cause_text: str
    reason: str
    mine: Literal["losing", "winning"]


class Resolution(msgspec.Struct, frozen=True, kw_only=True, omit_defaults=True):
    """What resolving a conflict did; ``new_record_id`` when the other values became a new
    record."""

    conflict: str
    keep: Keep
    record_id: str
    new_record_id: str | None = None
