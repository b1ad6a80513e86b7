"""Evidence files (bukti dukung): content-addressed by sha256, uploaded in resumable chunks.

Layout under the data folder: ``evidence/partial/<sha>.part`` while uploading, then
``evidence/<sha[:2]>/<sha>`` once the bytes hash to the name. The database row is updated only
after the bytes are on disk (fsync), so a crash at any point resumes from ``received``.
"""

from __future__ import annotations

import hashlib
import os
import pathlib
import re
import threading
from collections.abc import Callable, Sequence

import msgspec

from server.access import EvidenceRule
from server.actor import Actor
from server.audit import AuditAction, audit_entry, record_audit
from server.errors import (
    BadRequestError,
    ConflictError,
    ForbiddenError,
    HashMismatchError,
    NotFoundError,
    PayloadTooLargeError,
    ServerError,
    UnsupportedMediaTypeError,
)
from server.evidence.sniff import SNIFF_BYTES, sniff_mime
from server.scope import may_read_evidence
from server.storage import AuditEntry, EvidenceRow, Storage, Writer
from sync import EvidenceBlob, EvidenceUploadResult

__all__ = ["EvidenceService", "EvidenceStatus", "check_sha256"]

_SHA256 = re.compile(r"^[0-9a-f]{64}$")
_MIB = 1024 * 1024
_MAX_PROOFS = 10_000
"""Proofs in progress kept at once (a few integers each); beyond it the oldest are forgotten."""


class EvidenceStatus(msgspec.Struct, frozen=True, kw_only=True):
    """How far an upload has come."""

    sha256: str
    size: int
    received: int
    complete: bool
    mime: str


def check_sha256(sha256: str) -> str:
    """The name normalised to lowercase hex, or a 400 naming the parameter."""
    value = sha256.lower()
    if not _SHA256.match(value):
        raise BadRequestError(
            "sha256 harus 64 karakter heksadesimal (hash SHA-256 dari isi berkas).",
            field="sha256",
        )
    return value


def _checked(sha256: str, field: str) -> str:
    """:func:`check_sha256`, naming the field of a batch or manifest entry."""
    try:
        return check_sha256(sha256)
    except BadRequestError as err:
        raise BadRequestError(err.message, field=field) from None


def _real_type(head: bytes) -> str:
    """The type the first bytes show, or 415 (the name and the header do not count)."""
    mime = sniff_mime(head)
    if mime is None:
        raise UnsupportedMediaTypeError(
            "Jenis berkas tidak didukung. Bukti harus berupa foto JPEG, PNG, WebP, atau PDF "
            "(jenis dikenali dari isi berkas, bukan dari namanya)."
        )
    return mime


def _record_holder(tx: Writer, actor: Actor, sha256: str, now: float) -> AuditEntry:
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


def _status(row: EvidenceRow) -> EvidenceStatus:
    return EvidenceStatus(
        sha256=row.sha256,
        size=row.size,
        received=row.received,
        complete=row.complete,
        mime=row.mime,
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
        self._data_dir = data_dir
        self._max_bytes = max_bytes
        self._clock = clock
        self.rules: list[EvidenceRule] = list(rules)
        """Extra reasons to allow a download, beyond the uploader and a visible naming record."""
        self._locks: dict[str, threading.Lock] = {}
        self._locks_guard = threading.Lock()
        self._dirs: set[str] = set()
        """Directories this process made (or found) under the data folder."""
        self._proofs: dict[tuple[str, str], int] = {}
        """(sha256, nip) -> bytes proven so far by someone sending, in chunks, a file the
        server already has (see :meth:`_prove`); kept in memory: after a restart the sender's
        next chunk is told to start again from 0."""

    def _lock(self, sha256: str) -> threading.Lock:
        with self._locks_guard:
            return self._locks.setdefault(sha256, threading.Lock())

    def _partial(self, sha256: str) -> pathlib.Path:
        return pathlib.Path("evidence") / "partial" / f"{sha256}.part"

    def _final(self, sha256: str) -> pathlib.Path:
        return pathlib.Path("evidence") / sha256[:2] / sha256

    # --- queries -----------------------------------------------------------------------------
    def status(self, actor: Actor, sha256: str) -> EvidenceStatus:
        """Bytes received so far. A partial upload is visible only to its uploader."""
        sha256 = check_sha256(sha256)
        with self._storage.read() as reader:
            row = reader.evidence(sha256)
            holders = reader.evidence_holders(sha256) if row is not None else []
        if row is None or (not row.complete and row.owner != actor.nip):
            raise NotFoundError("Bukti belum terunggah.", field="sha256", extra={"received": 0})
        if row.complete and actor.nip not in holders:
            # a file the server has, which this user has not (yet) proven to hold: the bytes of
            # their own proof so far, where their upload resumes
            proven = self.proven(actor, sha256)
            return msgspec.structs.replace(_status(row), received=proven, complete=False)
        return _status(row)

    def open(self, actor: Actor, sha256: str) -> tuple[pathlib.Path, EvidenceRow]:
        """The file to send to ``actor``: complete, and one they may see."""
        sha256 = check_sha256(sha256)
        with self._storage.read() as reader:
            row = reader.evidence(sha256)
            if row is None or not row.complete:
                raise NotFoundError("Bukti belum terunggah.", field="sha256")
            if not may_read_evidence(reader, actor, row, self.rules):
                raise ForbiddenError("Anda tidak berhak melihat bukti ini.")
        return self._data_dir / row.path, row

    def manifest(self, actor: Actor, sha256s: Sequence[str]) -> tuple[list[str], dict[str, int]]:
        """Of the files a device holds: those the server still needs from this user (it has
        no complete copy, or has one but the user never proved holding the bytes), and for
        those the caller had begun uploading, the bytes already received (where to resume)."""
        names = list(
            dict.fromkeys(_checked(sha, f"$.files[{i}].sha256") for i, sha in enumerate(sha256s))
        )
        missing: list[str] = []
        received: dict[str, int] = {}
        with self._storage.read() as reader:
            for sha256 in names:
                row = reader.evidence(sha256)
                if (
                    row is not None
                    and row.complete
                    and actor.nip in reader.evidence_holders(sha256)
                ):
                    continue  # the server has it from this user (a copy from someone else
                    # is sent again once, whole: that proves holding it, see put_many)
                missing.append(sha256)
                proven = self.proven(actor, sha256) if row is not None and row.complete else 0
                if proven:
                    received[sha256] = proven  # resume the proof
                elif row is not None and row.owner == actor.nip and row.received > 0:
                    received[sha256] = row.received
        return missing, received

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
                sha256 = _checked(blob.sha256, f"$.files[{i}].sha256")
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
        locks = [self._lock(sha256) for sha256 in sorted(checked)]
        for lock in locks:  # in name order, as every caller takes at most one: no deadlock
            lock.acquire()
        try:
            self._store_checked(actor, checked, results, mismatches)
        finally:
            for lock in reversed(locks):
                lock.release()
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
            partial, final = self._partial(sha256), self._final(sha256)
            self._write_at(partial, 0, data)  # synced before the row names it
            self._ensure_dir((self._data_dir / final).parent)
            os.replace(self._data_dir / partial, self._data_dir / final)
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
        with self._storage.write() as tx:
            entries = [_record_holder(tx, actor, sha256, now) for sha256 in joined]
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

    def _hold(self, actor: Actor, row: EvidenceRow, data: bytes) -> None:
        """The whole bytes of a file the server already has, sent again: when they hash to its
        name, the sender holds the file too (their supervisors may then see it through their
        records). Other bytes change nothing."""
        with self._storage.read() as reader:
            if actor.nip in reader.evidence_holders(row.sha256):
                return
        if hashlib.sha256(data).hexdigest() != row.sha256:
            return
        self._add_holder(actor, row.sha256)

    def _add_holder(self, actor: Actor, sha256: str) -> None:
        """The actor proved holding a stored file: record it, with its audit entry."""
        with self._storage.write() as tx:
            tx.append_audits([_record_holder(tx, actor, sha256, self._clock())])

    def _prove(
        self, actor: Actor, row: EvidenceRow, *, offset: int, chunk: bytes
    ) -> EvidenceStatus:
        """A chunk of a file the server already has, from someone who is not yet a holder: the
        bytes are compared with the stored file's, in order; once every byte matched, the sender
        holds the file (as if it had been sent whole). The status shows the bytes proven.

        409 with ``received`` when the chunk skips bytes; 422 when it differs from the file (the
        proof starts again from 0). A holder's chunks change nothing."""
        key = (row.sha256, actor.nip)
        with self._storage.read() as reader:
            if actor.nip in reader.evidence_holders(row.sha256):
                self._proofs.pop(key, None)
                return _status(row)
        proven = self._proofs.get(key, 0)
        if offset > proven:
            raise ConflictError(
                f"Lanjutkan unggahan dari byte {proven}.",
                field="offset",
                extra={"received": proven},
            )
        end = offset + len(chunk)
        if end > proven:
            with (self._data_dir / row.path).open("rb") as fh:
                fh.seek(proven)
                stored = fh.read(end - proven)
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
            while len(self._proofs) > _MAX_PROOFS:  # the oldest proofs in progress go first
                del self._proofs[next(iter(self._proofs))]
            return msgspec.structs.replace(_status(row), received=proven, complete=False)
        self._proofs.pop(key, None)
        self._add_holder(actor, row.sha256)
        return _status(row)

    def proven(self, actor: Actor, sha256: str) -> int:
        """Bytes of a stored file the actor has proven holding so far (0: none, or done)."""
        return self._proofs.get((sha256, actor.nip), 0)

    def _check_size(self, total: int) -> None:
        """413 beyond the size limit, 400 for an empty file."""
        if total > self._max_bytes:
            raise PayloadTooLargeError(
                f"Berkas bukti terlalu besar: {total} byte, batasnya "
                f"{self._max_bytes // _MIB} MB ({self._max_bytes} byte).",
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
        with self._lock(sha256):
            with self._storage.read() as reader:
                row = reader.evidence(sha256)
            if row is not None and row.complete:
                if offset == 0 and len(chunk) == row.size:
                    self._hold(actor, row, chunk)
                    return _status(row), False
                return self._prove(actor, row, offset=offset, chunk=chunk), False
            if row is None or (row.owner != actor.nip and offset == 0):
                # Another user's unfinished upload does not block this one: a start from byte 0
                # takes the upload over (the partial bytes are rewritten from 0). The hash still
                # decides in the end, so nobody can complete a file without its exact bytes.
                row = self._start(actor, sha256, offset=offset, total=total, chunk=chunk)
            else:
                row = self._append(actor, row, offset=offset, total=total, chunk=chunk)
            if row.received < row.size:
                return _status(row), False
            return _status(self._finish(actor, row)), True

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
        path = self._partial(sha256)
        self._write_at(path, 0, chunk)
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
            with self._storage.write() as tx:
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
        self._write_at(pathlib.Path(row.path), row.received, fresh)
        row = msgspec.structs.replace(row, received=row.received + len(fresh))
        with self._storage.write() as tx:
            tx.put_evidence(row)
        return row

    def _finish(self, actor: Actor, row: EvidenceRow) -> EvidenceRow:
        partial = self._data_dir / row.path
        digest = hashlib.sha256()
        with partial.open("rb") as fh:
            for block in iter(lambda: fh.read(_MIB), b""):
                digest.update(block)
        if digest.hexdigest() != row.sha256:
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
            partial.unlink(missing_ok=True)
            raise HashMismatchError(
                "Isi berkas tidak cocok dengan hash SHA-256 yang disebutkan; unggahan dibuang. "
                "Unggah ulang berkas dari awal.",
                field="sha256",
                extra={"expected": row.sha256, "actual": digest.hexdigest()},
            )
        final = self._final(row.sha256)
        self._ensure_dir((self._data_dir / final).parent)
        os.replace(partial, self._data_dir / final)
        now = self._clock()
        done = msgspec.structs.replace(row, path=str(final), complete=True, completed=now)
        with self._storage.write() as tx:
            tx.append_audits([_record_complete(tx, actor, done, now)])
        return done

    def _ensure_dir(self, path: pathlib.Path) -> None:
        """``mkdir -p``, once per directory and process (nothing removes them): a batch of
        photos paid two failing ``mkdir`` calls, and their exceptions, per file."""
        key = str(path)
        if key not in self._dirs:
            path.mkdir(parents=True, exist_ok=True)
            self._dirs.add(key)

    def _write_at(self, relative: pathlib.Path, offset: int, data: bytes) -> None:
        path = self._data_dir / relative
        self._ensure_dir(path.parent)
        flags = os.O_WRONLY | os.O_CREAT
        fd = os.open(path, flags, 0o600)
        try:
            os.lseek(fd, offset, os.SEEK_SET)
            view = memoryview(data)
            while view:
                written = os.write(fd, view)
                view = view[written:]
            os.ftruncate(fd, offset + len(data))
            os.fsync(fd)
        finally:
            os.close(fd)
