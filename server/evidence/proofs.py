"""Proofs of holding: someone sends again, whole or in chunks, a file the server already has.

Bytes that match the stored file make the sender one of its holders (their supervisors may then
see it through their records). Proofs in progress are kept in the database (how many bytes each
sender has proven so far): with several server processes the next chunk may reach another one,
which continues the proof where it stands, as after a restart. The chunks of one file are taken
one at a time (the file's upload lock, held by the caller).
"""

from __future__ import annotations

import hashlib
import pathlib
from collections.abc import Callable

from server.actor import Actor
from server.audit import AuditAction, audit_entry
from server.errors import ConflictError, HashMismatchError
from server.evidence.blobs import Blobs
from server.storage import AuditEntry, EvidenceRow, Storage, Writer

__all__ = ["MAX_PROOFS", "HoldingProofs", "record_holder"]

MAX_PROOFS = 10_000
"""Proofs in progress kept at once (a row each); beyond it the least recently advanced are
forgotten (their senders are told to start again from 0)."""


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

    def __init__(self, *, storage: Storage, blobs: Blobs, clock: Callable[[], float]) -> None:
        self._storage = storage
        self._blobs = blobs
        self._clock = clock

    def proven(self, actor: Actor, sha256: str) -> int:
        """Bytes of a stored file the actor has proven holding so far (0: none, or done)."""
        with self._storage.read() as reader:
            return reader.evidence_proof(sha256, actor.nip)

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
        """The actor proved holding a stored file: record it, with its audit entry (a proof
        in progress is done)."""
        with self._storage.write() as tx:
            tx.drop_evidence_proof(sha256, actor.nip)
            tx.append_audits([record_holder(tx, actor, sha256, self._clock())])

    def _forget(self, actor: Actor, sha256: str) -> None:
        with self._storage.write() as tx:
            tx.drop_evidence_proof(sha256, actor.nip)

    def prove(self, actor: Actor, row: EvidenceRow, *, offset: int, chunk: bytes) -> int:
        """A chunk of a file the server already has, from someone who is not yet a holder: the
        bytes are compared with the stored file's, in order; once every byte matched, the sender
        holds the file (as if it had been sent whole). Returns the bytes proven so far, or
        ``row.size`` once the sender holds the file.

        409 with ``received`` when the chunk skips bytes; 422 when it differs from the file (the
        proof starts again from 0). A holder's chunks change nothing."""
        with self._storage.read() as reader:
            holder = actor.nip in reader.evidence_holders(row.sha256)
            proven = reader.evidence_proof(row.sha256, actor.nip)
        if holder:
            if proven:
                self._forget(actor, row.sha256)
            return row.size
        if offset > proven:
            raise ConflictError(
                f"Lanjutkan unggahan dari byte {proven}.",
                field="offset",
                extra={"received": proven},
            )
        end = offset + len(chunk)
        advanced = end > proven
        if advanced:
            stored = self._blobs.read(pathlib.Path(row.path), proven, end - proven)
            if stored != chunk[proven - offset :]:
                if proven:
                    self._forget(actor, row.sha256)
                raise HashMismatchError(
                    "Isi berkas tidak cocok dengan berkas bukti bernama hash SHA-256 ini; "
                    "unggah ulang berkas dari awal.",
                    field="sha256",
                    extra={"expected": row.sha256, "received": 0},
                )
            proven = end
        if proven < row.size:
            if not advanced:
                return proven  # a chunk proven before: nothing new to remember
            with self._storage.write() as tx:
                tx.put_evidence_proof(
                    row.sha256, actor.nip, proven=proven, at=self._clock(), keep=MAX_PROOFS
                )
            return proven
        self._add_holder(actor, row.sha256)
        return row.size
