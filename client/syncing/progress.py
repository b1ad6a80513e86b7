"""What the sync runner tells whoever listens: progress while it runs, a report at the end."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from typing import Any, Literal

__all__ = ["Listener", "Outcome", "Phase", "SyncProgress", "SyncReport"]

Phase = Literal["start", "upload", "push", "pull", "reset", "download", "retry", "done"]
Outcome = Literal[
    "ok", "offline", "revoked", "signed_out", "update_required", "refused", "cancelled"
]


@dataclass(frozen=True, slots=True)
class SyncProgress:
    """A snapshot of one sync run (counts since the run started)."""

    phase: Phase
    pushed: int = 0
    pulled: int = 0
    bytes_sent: int = 0
    bytes_received: int = 0
    pending: int = 0
    message: str = ""

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True, slots=True)
class SyncReport:
    """How a run ended. ``ok`` only for a complete sync; the message is for a person."""

    outcome: Outcome
    message: str
    pushed: int = 0
    pulled: int = 0
    bytes_sent: int = 0
    bytes_received: int = 0
    pending: int = 0
    new_conflicts: int = 0
    cursor: int = 0
    warnings: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.outcome == "ok"

    def as_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["ok"] = self.ok
        return data


Listener = Callable[[SyncProgress], None]
"""Called from the sync thread: keep it quick (copy the values, hand them to the UI)."""
