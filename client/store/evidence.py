"""Evidence files (bukti dukung) the device holds or needs, by sha256, with their upload state.

States: ``upload`` (on this device, not yet on the server; ``sent`` bytes already uploaded),
``synced`` (on this device and on the server), ``remote`` (named by a record, only on the
server: downloaded during sync).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from sqlite_utils import Database

__all__ = ["EvidenceRow", "EvidenceState", "EvidenceTable"]

EvidenceState = Literal["upload", "synced", "remote"]


@dataclass(frozen=True, slots=True)
class EvidenceRow:
    sha256: str
    size: int
    mime: str
    state: EvidenceState
    sent: int


class EvidenceTable:
    """Access to the ``evidence`` table."""

    def __init__(self, db: Database) -> None:
        self._db = db

    def get(self, sha256: str) -> EvidenceRow | None:
        row = self._db.execute(
            "SELECT sha256, size, mime, state, sent FROM evidence WHERE sha256 = ?", [sha256]
        ).fetchone()
        return None if row is None else EvidenceRow(*row)

    def add_local(self, sha256: str, size: int, mime: str, now_ms: int) -> None:
        """A file copied into the device: to upload (kept as is when already known)."""
        self._db.execute(
            "INSERT INTO evidence (sha256, size, mime, state, sent, added_ms) "
            "VALUES (?, ?, ?, 'upload', 0, ?) ON CONFLICT(sha256) DO UPDATE SET "
            "state = CASE WHEN state = 'remote' THEN 'synced' ELSE state END",
            [sha256, size, mime, now_ms],
        )

    def add_remote(self, sha256: str, now_ms: int) -> None:
        """A file named by a pulled record: download it unless the device has it."""
        self._db.execute(
            "INSERT OR IGNORE INTO evidence (sha256, size, mime, state, sent, added_ms) "
            "VALUES (?, 0, '', 'remote', 0, ?)",
            [sha256, now_ms],
        )

    def set_state(self, sha256: str, state: EvidenceState, *, sent: int = 0) -> None:
        self._db.execute(
            "UPDATE evidence SET state = ?, sent = ? WHERE sha256 = ?", [state, sent, sha256]
        )

    def set_sent(self, sha256: str, sent: int) -> None:
        self._db.execute("UPDATE evidence SET sent = ? WHERE sha256 = ?", [sent, sha256])

    def set_file(self, sha256: str, size: int, mime: str) -> None:
        self._db.execute(
            "UPDATE evidence SET size = ?, mime = ?, state = 'synced' WHERE sha256 = ?",
            [size, mime, sha256],
        )

    def in_state(self, state: EvidenceState) -> list[EvidenceRow]:
        rows = self._db.execute(
            "SELECT sha256, size, mime, state, sent FROM evidence WHERE state = ? "
            "ORDER BY added_ms, sha256",
            [state],
        )
        return [EvidenceRow(*row) for row in rows]

    def all(self) -> list[EvidenceRow]:
        rows = self._db.execute(
            "SELECT sha256, size, mime, state, sent FROM evidence ORDER BY sha256"
        )
        return [EvidenceRow(*row) for row in rows]
