"""Proofs of holding: someone sends again, whole or in chunks, a file the server already has.

Bytes that match the stored file make the sender one of its holders (their supervisors may then
see it through their records). Proofs in progress are kept in memory: after a restart the
sender's next chunk is told to start again from 0.
"""

from __future__ import annotations

import hashlib
import pathlib
from collections.abc import Callable

from server.actor import Actor
from server.audit import AuditAction, audit_entry
from server.errors import ConflictError, HashMismatchError
from server.evidence.blobs import BlobStore
from server.storage import AuditEntry, EvidenceRow, Storage, Writer

__all__ = ["MAX_PROOFS", "HoldingProofs", "record_holder"]

MAX_PROOFS = 10_000
"""Proofs in progress kept at once (a few integers each); beyond it the oldest are forgotten."""


def record_holder(tx: Writer, actor: Actor, sha256: str, now: float) -> AuditEntry:
    """Someone proved holding a file the server already had: a holder; its audit entry, for
    the caller to append (a batch appends all of its entries in one statement)."""
    tx.add_evidence_holder(sha256, actor.nip, now)
    return audit_entry(
        ts=now,
        nip=actor.nip,
        action=AuditAction.EVIDENCE_HELD,
        device_id=actor.device_id,
        sha256=sha256,
    )


class HoldingProofs:
    """The proofs of holding in progress, and the holders they make."""

    def __init__(self, *, storage: Storage, blobs: BlobStore, clock: Callable[[], float]) -> None:
        self._storage = storage
        self._blobs = blobs
        self._clock = clock
        self._proofs: dict[tuple[str, str], int] = {}
        """(sha256, nip) -> bytes proven so far by someone sending, in chunks, a file the
        server already has (see :meth:`prove`)."""

    def proven(self, actor: Actor, sha256: str) -> int:
        """Bytes of a stored file the actor has proven holding so far (0: none, or done)."""
        return self._proofs.get((sha256, actor.nip), 0)

    def hold(self, actor: Actor, row: EvidenceRow, data: bytes) -> None:
        """The whole bytes of a file the server already has, sent again: when they hash to its
        name, the sender holds the file too. Other bytes change nothing."""
        with self._storage.read() as reader:
            if actor.nip in reader.evidence_holders(row.sha256):
                return
        if hashlib.sha256(data).hexdigest() != row.sha256:
            return
        self._add_holder(actor, row.sha256)

    def _add_holder(self, actor: Actor, sha256: str) -> None:
        """The actor proved holding a stored file: record it, with its audit entry."""
        with self._storage.write() as tx:
            tx.append_audits([record_holder(tx, actor, sha256, self._clock())])

    def prove(self, actor: Actor, row: EvidenceRow, *, offset: int, chunk: bytes) -> int:
        """A chunk of a file the server already has, from someone who is not yet a holder: the
        bytes are compared with the stored file's, in order; once every byte matched, the sender
        holds the file (as if it had been sent whole). Returns the bytes proven so far, or
        ``row.size`` once the sender holds the file.

        409 with ``received`` when the chunk skips bytes; 422 when it differs from the file (the
        proof starts again from 0). A holder's chunks change nothing."""
        key = (row.sha256, actor.nip)
        with self._storage.read() as reader:
            if actor.nip in reader.evidence_holders(row.sha256):
                self._proofs.pop(key, None)
                return row.size
        proven = self._proofs.get(key, 0)
        if offset > proven:
            raise ConflictError(
                f"Lanjutkan unggahan dari byte {proven}.",
                field="offset",
                extra={"received": proven},
            )
        end = offset + len(chunk)
        if end > proven:
            stored = self._blobs.read(pathlib.Path(row.path), proven, end - proven)
            if stored != chunk[proven - offset :]:
                self._proofs.pop(key, None)
                raise HashMismatchError(
                    "Isi berkas tidak cocok dengan berkas bukti bernama hash SHA-256 ini; "
                    "unggah ulang berkas dari awal.",
                    field="sha256",
                    extra={"expected": row.sha256, "received": 0},
                )
            proven = end
        if proven < row.size:
            self._proofs[key] = proven
            while len(self._proofs) > MAX_PROOFS:  # the oldest proofs in progress go first
                del self._proofs[next(iter(self._proofs))]
            return proven
        self._proofs.pop(key, None)
        self._add_holder(actor, row.sha256)
        return row.size
