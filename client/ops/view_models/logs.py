"""A progress entry as the screens and ``kinerja device log list`` show it
(:func:`client.ops.logs.list_logs`), with its evidence files and the server's evidence
checks."""

from __future__ import annotations

from typing import Literal

import msgspec

from client.store import SyncState

__all__ = ["EvidenceOwner", "EvidenceState", "LogEntry", "LogEvidence", "OwnEntry"]

EvidenceState = Literal["belum_terunggah", "tersimpan", "di_server"]
"""Where an evidence file is: not uploaded yet, here (and on the server), or only on the
server (downloaded on demand)."""


class EvidenceOwner(msgspec.Struct, frozen=True, kw_only=True):
    """Another employee whose entry names the very same evidence file."""

    nip: str
    name: str


class LogEvidence(msgspec.Struct, frozen=True, kw_only=True):
    """One evidence file of an entry; ``shared_with``: other employees whose entries name it
    too (the server's check), ``shared_more``: more than the ones named."""

    sha256: str
    status: EvidenceState
    shared_with: list[EvidenceOwner]
    shared_more: bool


class LogEntry(msgspec.Struct, frozen=True, kw_only=True):
    """One progress entry (``note``: the description; ``start``/``end``: the times, if any)."""

    id: str
    nip: str
    date: str
    start: str | None
    end: str | None
    indicator_id: str
    value: float
    unit: str
    note: str
    place: str | None
    evidence: list[LogEvidence]
    acknowledged_by: str | None
    supervisor_comment: str
    sync_state: SyncState
    no_evidence: bool
    shared_evidence: bool


class OwnEntry(LogEntry, frozen=True, kw_only=True):
    """An entry on its owner's screens: whether a conflict names it, and the supervisor's
    feedback about it (texts)."""

    in_conflict: bool = False
    feedback: list[str] = []
