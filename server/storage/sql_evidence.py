"""Evidence files and who holds them (a mixin of :class:`SqlQueries`)."""

from __future__ import annotations

import json
from collections.abc import Collection
from typing import Any

from server.storage.row_sql import (
    EVIDENCE_COLS,
    evidence_from_row,
    upsert_sql,
)
from server.storage.rows import (
    EvidenceRow,
)
from server.storage.sql_base import SqlBase

__all__ = ["EvidenceSql"]

_PUT_EVIDENCE = upsert_sql("evidence", EVIDENCE_COLS, "sha256")


class EvidenceSql(SqlBase):
    """Evidence files and who holds them."""

    def evidence(self, sha256: str) -> EvidenceRow | None:
        row = self._one(f"SELECT {EVIDENCE_COLS} FROM evidence WHERE sha256 = ?", sha256)
        return None if row is None else evidence_from_row(row)

    def put_evidence(self, evidence: EvidenceRow) -> None:
        e = evidence
        self._conn.execute(
            _PUT_EVIDENCE,
            (
                e.sha256,
                e.size,
                e.mime,
                e.path,
                e.received,
                int(e.complete),
                e.owner,
                e.created,
                e.completed,
            ),
        )

    def evidence_holders(self, sha256: str) -> list[str]:
        rows = self._all("SELECT nip FROM evidence_holders WHERE sha256 = ? ORDER BY nip", sha256)
        return [str(r[0]) for r in rows]

    def add_evidence_holder(self, sha256: str, nip: str, since: float) -> None:
        self._conn.execute(
            "INSERT INTO evidence_holders (sha256, nip, since) VALUES (?, ?, ?)"
            " ON CONFLICT DO NOTHING",
            (sha256, nip, since),
        )

    def drop_evidence(self, sha256: str) -> None:
        self._conn.execute("DELETE FROM evidence WHERE sha256 = ?", (sha256,))
        self._conn.execute("DELETE FROM evidence_holders WHERE sha256 = ?", (sha256,))

    def evidence_owners(self, sha256: str) -> list[str]:
        """Owners of the live records whose content names this evidence file."""
        rows = self._conn.execute(
            "SELECT DISTINCT owner FROM evidence_refs WHERE sha256 = ? ORDER BY owner", (sha256,)
        ).fetchall()
        return [str(r[0]) for r in rows]

    def evidence_claims(self, sha256s: Collection[str]) -> list[tuple[str, str, str]]:
        """(sha256, record id, owner) of the live records naming these files (one query on
        the primary key; the evidence checks of a push)."""
        if not sha256s:
            return []
        rows = self._conn.execute(
            "SELECT sha256, record_id, owner FROM evidence_refs "
            "WHERE sha256 IN (SELECT value FROM json_each(?)) ORDER BY sha256, owner, record_id",
            (json.dumps(sorted(sha256s)),),
        ).fetchall()
        return [(str(r[0]), str(r[1]), str(r[2])) for r in rows]

    def evidence_proof(self, sha256: str, nip: str) -> int:
        """Bytes of a stored file ``nip`` has proven holding so far (0: none)."""
        row: tuple[Any, ...] | None = self._conn.execute(
            "SELECT proven FROM evidence_proofs WHERE sha256 = ? AND nip = ?", (sha256, nip)
        ).fetchone()
        return 0 if row is None else int(row[0])

    def put_evidence_proof(
        self, sha256: str, nip: str, *, proven: int, at: float, keep: int
    ) -> None:
        """Remember how far a proof came; past ``keep`` proofs, the least recently advanced
        ones are forgotten (their senders start again from 0)."""
        self._conn.execute(
            "INSERT INTO evidence_proofs (sha256, nip, proven, advanced_at) VALUES (?, ?, ?, ?)"
            " ON CONFLICT(sha256, nip) DO UPDATE SET proven = excluded.proven,"
            " advanced_at = excluded.advanced_at",
            (sha256, nip, proven, at),
        )
        self._conn.execute(
            "DELETE FROM evidence_proofs WHERE advanced_at <= (SELECT advanced_at FROM"
            " evidence_proofs ORDER BY advanced_at DESC LIMIT 1 OFFSET ?)",
            (keep,),
        )

    def drop_evidence_proof(self, sha256: str, nip: str) -> None:
        self._conn.execute(
            "DELETE FROM evidence_proofs WHERE sha256 = ? AND nip = ?", (sha256, nip)
        )
