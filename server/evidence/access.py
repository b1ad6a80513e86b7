"""Who may see which evidence file, and how far its upload has come (the read side)."""

from __future__ import annotations

import pathlib
import re
from collections.abc import Sequence

import msgspec

from server.access import EvidenceRule
from server.actor import Actor
from server.errors import BadRequestError, ForbiddenError, NotFoundError
from server.evidence.proofs import HoldingProofs
from server.scope import may_read_evidence
from server.storage import EvidenceRow, Storage

__all__ = ["EvidenceAccess", "EvidenceStatus", "check_sha256", "checked_field", "status_of"]

_SHA256 = re.compile(r"^[0-9a-f]{64}$")


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


def checked_field(sha256: str, field: str) -> str:
    """:func:`check_sha256`, naming the field of a batch or manifest entry."""
    try:
        return check_sha256(sha256)
    except BadRequestError as err:
        raise BadRequestError(err.message, field=field) from None


def status_of(row: EvidenceRow) -> EvidenceStatus:
    """The status a stored row shows."""
    return EvidenceStatus(
        sha256=row.sha256,
        size=row.size,
        received=row.received,
        complete=row.complete,
        mime=row.mime,
    )


class EvidenceAccess:
    """Answers about stored evidence, each to someone who may have it."""

    def __init__(
        self,
        *,
        storage: Storage,
        data_dir: pathlib.Path,
        proofs: HoldingProofs,
        rules: Sequence[EvidenceRule] = (),
    ) -> None:
        self._storage = storage
        self._data_dir = data_dir
        self._proofs = proofs
        self.rules: list[EvidenceRule] = list(rules)
        """Extra reasons to allow a download, beyond the uploader and a visible naming record."""

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
            proven = self._proofs.proven(actor, sha256)
            return msgspec.structs.replace(status_of(row), received=proven, complete=False)
        return status_of(row)

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
            dict.fromkeys(
                checked_field(sha, f"$.files[{i}].sha256") for i, sha in enumerate(sha256s)
            )
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
                proven = (
                    self._proofs.proven(actor, sha256) if row is not None and row.complete else 0
                )
                if proven:
                    received[sha256] = proven  # resume the proof
                elif row is not None and row.owner == actor.nip and row.received > 0:
                    received[sha256] = row.received
        return missing, received
