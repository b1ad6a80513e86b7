"""Evidence files (bukti dukung): content-addressed by sha256, uploaded in resumable chunks.

The bytes live in a :class:`~server.evidence.blobs.Blobs` (today the shared directory,
:class:`~server.evidence.blobs.BlobStore`); two uploads of one file, in any server process,
are kept apart by its upload lock (:meth:`~server.evidence.blobs.Blobs.holding`); who may see
a file is :mod:`server.evidence.access`; someone sending again a file the server has proves
holding it (:mod:`server.evidence.proofs`). The database row is updated only after the bytes
are on disk (fsync), so a crash at any point resumes from ``received``.
"""

from __future__ import annotations

import hashlib
import pathlib
from collections.abc import Callable, Sequence

import msgspec

from server.access import EvidenceRule
from server.actor import Actor
from server.audit import AuditAction, audit_entry, record_audit
from server.errors import (
    BadRequestError,
    ConflictError,
    HashMismatchError,
    PayloadTooLargeError,
    ServerError,
    UnsupportedMediaTypeError,
)
from server.evidence.access import (
    EvidenceAccess,
    EvidenceStatus,
    check_sha256,
    checked_field,
    status_of,
)
from server.evidence.blobs import MIB, BlobStore
from server.evidence.proofs import HoldingProofs, record_holder
from server.evidence.sniff import SNIFF_BYTES, sniff_mime
from server.storage import AuditEntry, EvidenceRow, Storage, Writer
from sync import EvidenceBlob, EvidenceUploadResult

__all__ = ["EvidenceService", "EvidenceStatus", "check_sha256"]


def _real_type(head: bytes) -> str:
    """The type the first bytes show, or 415 (the name and the header do not count)."""
    mime = sniff_mime(head)
    if mime is None:
        raise UnsupportedMediaTypeError(
            "Jenis berkas tidak didukung. Bukti harus berupa foto JPEG, PNG, WebP, atau PDF "
            "(jenis dikenali dari isi berkas, bukan dari namanya)."
        )
    return mime


def _record_complete(tx: Writer, actor: Actor, row: EvidenceRow, now: float) -> AuditEntry:
    """A file whose bytes are on disk and synced: its row and its uploader as a holder; the
    audit entry, for the caller to append."""
    tx.put_evidence(row)
    tx.add_evidence_holder(row.sha256, actor.nip, now)
    return audit_entry(
        ts=now,
        nip=actor.nip,
        action=AuditAction.EVIDENCE_UPLOADED,
        device_id=actor.device_id,
        sha256=row.sha256,
        size=row.size,
        mime=row.mime,
    )


def _rejected(sha256: str, err: ServerError) -> EvidenceUploadResult:
    return EvidenceUploadResult(
        sha256=sha256, outcome="rejected", code=err.code, message=err.message
    )


class EvidenceService:
    """Receives, verifies, stores and serves evidence files."""

    def __init__(
        self,
        *,
        storage: Storage,
        data_dir: pathlib.Path,
        max_bytes: int,
        clock: Callable[[], float],
        rules: Sequence[EvidenceRule] = (),
    ) -> None:
        self._storage = storage
        self._max_bytes = max_bytes
        self._clock = clock
        self.blobs = BlobStore(data_dir)
        self._proofs = HoldingProofs(storage=storage, blobs=self.blobs, clock=clock)
        self._access = EvidenceAccess(
            storage=storage, data_dir=data_dir, proofs=self._proofs, rules=rules
        )

    @property
    def rules(self) -> list[EvidenceRule]:
        """Extra reasons to allow a download, beyond the uploader and a visible naming record."""
        return self._access.rules

    # --- queries -----------------------------------------------------------------------------
    def status(self, actor: Actor, sha256: str) -> EvidenceStatus:
        """Bytes received so far. A partial upload is visible only to its uploader."""
        return self._access.status(actor, sha256)

    def open(self, actor: Actor, sha256: str) -> tuple[pathlib.Path, EvidenceRow]:
        """The file to send to ``actor``: complete, and one they may see."""
        return self._access.open(actor, sha256)

    def manifest(self, actor: Actor, sha256s: Sequence[str]) -> tuple[list[str], dict[str, int]]:
        """The files the server still needs from this user, and where to resume each (see
        :meth:`EvidenceAccess.manifest`)."""
        return self._access.manifest(actor, sha256s)

    def proven(self, actor: Actor, sha256: str) -> int:
        """Bytes of a stored file the actor has proven holding so far (0: none, or done)."""
        return self._proofs.proven(actor, sha256)

    # --- upload ------------------------------------------------------------------------------
    def put_many(self, actor: Actor, blobs: Sequence[EvidenceBlob]) -> list[EvidenceUploadResult]:
        """Store several whole files, each checked as a whole single upload is (name, size,
        real type, hash); one result per file, in order. The files are written and synced
        first, then recorded with their audit entries in one transaction: one commit for the
        batch instead of one per file. A file the server already has is ``present``; its bytes,
        checked, make the sender one of its holders."""
        results: list[EvidenceUploadResult | None] = [None] * len(blobs)
        checked: dict[str, tuple[int, str, bytes]] = {}  # sha256 -> (index, mime, bytes)
        mismatches: list[tuple[str, str]] = []
        for i, blob in enumerate(blobs):
            try:
                sha256 = checked_field(blob.sha256, f"$.files[{i}].sha256")
                mime = self._check_whole(sha256, blob.data)
            except HashMismatchError as err:
                mismatches.append((blob.sha256.lower(), str(err.extra.get("actual", ""))))
                results[i] = _rejected(blob.sha256, err)
                continue
            except ServerError as err:
                results[i] = _rejected(blob.sha256, err)
                continue
            if sha256 in checked:  # the same file twice in one batch: stored once
                results[i] = EvidenceUploadResult(sha256=sha256, outcome="present")
                continue
            checked[sha256] = (i, mime, blob.data)
        with self.blobs.holding(checked):
            self._store_checked(actor, checked, results, mismatches)
        return [r for r in results if r is not None]

    def _store_checked(
        self,
        actor: Actor,
        checked: dict[str, tuple[int, str, bytes]],
        results: list[EvidenceUploadResult | None],
        mismatches: list[tuple[str, str]],
    ) -> None:
        """The storing half of :meth:`put_many`, under the files' locks."""
        now = self._clock()
        with self._storage.read() as reader:
            present = {
                sha256
                for sha256 in checked
                if (row := reader.evidence(sha256)) is not None and row.complete
            }
            joined = [s for s in present if actor.nip not in reader.evidence_holders(s)]
        done: list[EvidenceRow] = []
        for sha256, (i, mime, data) in checked.items():
            if sha256 in present:
                results[i] = EvidenceUploadResult(sha256=sha256, outcome="present")
                continue
            partial = self.blobs.partial(sha256)
            self.blobs.write_at(partial, 0, data)  # synced before the row names it
            final = self.blobs.place(sha256, partial)
            done.append(
                EvidenceRow(
                    sha256=sha256,
                    size=len(data),
                    mime=mime,
                    path=str(final),
                    received=len(data),
                    complete=True,
                    owner=actor.nip,
                    created=now,
                    completed=now,
                )
            )
            results[i] = EvidenceUploadResult(sha256=sha256, outcome="stored")
        if not (done or mismatches or joined):
            return
        # rows of these files only (evidence, holders) and audit entries: beside other writers
        touched = [*joined, *(row.sha256 for row in done), *(e for e, _ in mismatches)]
        with self._storage.write(concurrent=True) as tx:
            tx.lock_keys([f"evidence:{sha}" for sha in touched])
            entries = [record_holder(tx, actor, sha256, now) for sha256 in joined]
            entries += [_record_complete(tx, actor, row, now) for row in done]
            entries += [
                audit_entry(
                    ts=now,
                    nip=actor.nip,
                    action=AuditAction.EVIDENCE_REJECTED,
                    device_id=actor.device_id,
                    sha256=expected,
                    reason="hash_mismatch",
                    actual=actual,
                )
                for expected, actual in mismatches
            ]
            tx.append_audits(entries)

    def _check_size(self, total: int) -> None:
        """413 beyond the size limit, 400 for an empty file."""
        if total > self._max_bytes:
            raise PayloadTooLargeError(
                f"Berkas bukti terlalu besar: {total} byte, batasnya "
                f"{self._max_bytes // MIB} MB ({self._max_bytes} byte).",
                extra={"max_bytes": self._max_bytes},
            )
        if total <= 0:
            raise BadRequestError("Berkas bukti kosong.", field="size")

    def _check_whole(self, sha256: str, data: bytes) -> str:
        """The checks of a whole-file upload, in memory; its real type."""
        self._check_size(len(data))
        mime = _real_type(data[:SNIFF_BYTES])
        actual = hashlib.sha256(data).hexdigest()
        if actual != sha256:
            raise HashMismatchError(
                "Isi berkas tidak cocok dengan hash SHA-256 yang disebutkan; berkas tidak "
                "disimpan.",
                field="sha256",
                extra={"expected": sha256, "actual": actual},
            )
        return mime

    def put(
        self, actor: Actor, sha256: str, *, offset: int, total: int, chunk: bytes
    ) -> tuple[EvidenceStatus, bool]:
        """Store ``chunk`` at ``offset`` of a file of ``total`` bytes.

        Returns the status and whether this call completed the file. Retrying a chunk already
        received is harmless; an offset beyond what was received is a 409 naming ``received``.
        """
        sha256 = check_sha256(sha256)
        self._check_size(total)
        if offset < 0 or offset + len(chunk) > total:
            raise BadRequestError(
                f"Potongan byte {offset}..{offset + len(chunk)} di luar ukuran berkas {total}.",
                field="offset",
            )
        with self.blobs.holding([sha256]):
            with self._storage.read() as reader:
                row = reader.evidence(sha256)
            if row is not None and row.complete:
                if offset == 0 and len(chunk) == row.size:
                    self._proofs.hold(actor, row, chunk)
                    return status_of(row), False
                proven = self._proofs.prove(actor, row, offset=offset, chunk=chunk)
                if proven < row.size:
                    status = status_of(row)
                    return msgspec.structs.replace(status, received=proven, complete=False), False
                return status_of(row), False
            if row is None or (row.owner != actor.nip and offset == 0):
                # Another user's unfinished upload does not block this one: a start from byte 0
                # takes the upload over (the partial bytes are rewritten from 0). The hash still
                # decides in the end, so nobody can complete a file without its exact bytes.
                row = self._start(actor, sha256, offset=offset, total=total, chunk=chunk)
            else:
                row = self._append(actor, row, offset=offset, total=total, chunk=chunk)
            if row.received < row.size:
                return status_of(row), False
            return status_of(self._finish(actor, row)), True

    def _start(
        self, actor: Actor, sha256: str, *, offset: int, total: int, chunk: bytes
    ) -> EvidenceRow:
        if offset != 0:
            raise ConflictError(
                "Unggahan bukti harus dimulai dari byte 0.", field="offset", extra={"received": 0}
            )
        head = chunk[:SNIFF_BYTES]
        if len(head) < min(SNIFF_BYTES, total):
            raise BadRequestError(
                f"Potongan pertama minimal {SNIFF_BYTES} byte agar jenis berkas dapat dikenali.",
                field="offset",
            )
        mime = _real_type(head)
        path = self.blobs.partial(sha256)
        self.blobs.write_at(path, 0, chunk)
        row = EvidenceRow(
            sha256=sha256,
            size=total,
            mime=mime,
            path=str(path),
            received=len(chunk),
            complete=False,
            owner=actor.nip,
            created=self._clock(),
        )
        if len(chunk) < total:
            # a file that arrives whole is recorded once, complete, by _finish: one durable
            # commit per photo instead of two (a crash before it leaves no row: re-upload)
            with self._storage.write(concurrent=True) as tx:
                tx.lock_keys([f"evidence:{row.sha256}"])
                tx.put_evidence(row)
        return row

    def _append(
        self, actor: Actor, row: EvidenceRow, *, offset: int, total: int, chunk: bytes
    ) -> EvidenceRow:
        if row.owner != actor.nip:
            raise ConflictError(
                "Bukti ini sedang diunggah oleh pengguna lain; mulai ulang dari byte 0.",
                field="sha256",
                extra={"received": 0},
            )
        if total != row.size:
            raise ConflictError(
                f"Ukuran berkas berbeda dari unggahan yang sedang berjalan ({row.size} byte).",
                field="size",
                extra={"received": row.received, "size": row.size},
            )
        if offset > row.received:
            raise ConflictError(
                f"Lanjutkan unggahan dari byte {row.received}.",
                field="offset",
                extra={"received": row.received},
            )
        fresh = chunk[row.received - offset :]
        if not fresh:
            return row
        self.blobs.write_at(pathlib.Path(row.path), row.received, fresh)
        row = msgspec.structs.replace(row, received=row.received + len(fresh))
        with self._storage.write(concurrent=True) as tx:
            tx.lock_keys([f"evidence:{row.sha256}"])
            tx.put_evidence(row)
        return row

    def _finish(self, actor: Actor, row: EvidenceRow) -> EvidenceRow:
        partial = pathlib.Path(row.path)
        digest = self.blobs.digest(partial)
        if digest != row.sha256:
            with self._storage.write() as tx:
                tx.drop_evidence(row.sha256)
                record_audit(
                    tx,
                    ts=self._clock(),
                    nip=actor.nip,
                    action=AuditAction.EVIDENCE_REJECTED,
                    device_id=actor.device_id,
                    sha256=row.sha256,
                    reason="hash_mismatch",
                )
            self.blobs.discard(partial)
            raise HashMismatchError(
                "Isi berkas tidak cocok dengan hash SHA-256 yang disebutkan; unggahan dibuang. "
                "Unggah ulang berkas dari awal.",
                field="sha256",
                extra={"expected": row.sha256, "actual": digest},
            )
        final = self.blobs.place(row.sha256, partial)
        now = self._clock()
        done = msgspec.structs.replace(row, path=str(final), complete=True, completed=now)
        with self._storage.write(concurrent=True) as tx:
            tx.lock_keys([f"evidence:{done.sha256}"])
            tx.append_audits([_record_complete(tx, actor, done, now)])
        return done
