"""Evidence files on disk: type sniffed from magic bytes, content-addressed by sha256.

Only photos (JPEG, PNG, WebP) and PDF documents are accepted, whatever the file name says.
A file is copied into the device's evidence folder through a temporary name and renamed, so a
crash never leaves a half-written file under a sha256 name.
"""

from __future__ import annotations

import hashlib
import os
import pathlib
from dataclasses import dataclass

from client.errors import InvalidInputError

__all__ = [
    "MAX_EVIDENCE_BYTES",
    "EvidenceFile",
    "evidence_path",
    "inspect_file",
    "sniff",
    "store_file",
]

MAX_EVIDENCE_BYTES = 10 * 1024 * 1024
"""The server's limit for one evidence file."""


def sniff(head: bytes) -> str | None:
    """The MIME type of a file from its first bytes, or None when it is not an accepted type."""
    if head.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if len(head) >= 12 and head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "image/webp"
    if head.startswith(b"%PDF-"):
        return "application/pdf"
    return None


@dataclass(frozen=True, slots=True)
class EvidenceFile:
    """A checked file: where it is, its sha256, size and type."""

    source: pathlib.Path
    sha256: str
    size: int
    mime: str


def inspect_file(path: pathlib.Path) -> EvidenceFile:
    """Check a file named as evidence; raise :class:`InvalidInputError` saying what to fix."""
    try:
        with path.open("rb") as fh:
            head = fh.read(16)
            digest = hashlib.sha256(head)
            size = len(head)
            while chunk := fh.read(1 << 20):
                digest.update(chunk)
                size += len(chunk)
    except FileNotFoundError:
        raise InvalidInputError(
            f"berkas bukti {path} tidak ditemukan; periksa nama dan foldernya"
        ) from None
    except IsADirectoryError:
        raise InvalidInputError(f"bukti {path} adalah folder, bukan berkas") from None
    except OSError as err:
        raise InvalidInputError(f"berkas bukti {path} tidak dapat dibaca: {err.strerror}") from err
    mime = sniff(head)
    if mime is None:
        raise InvalidInputError(
            f"berkas bukti {path} bukan foto (JPEG, PNG, WebP) atau dokumen PDF; "
            "lampirkan foto atau PDF"
        )
    if size > MAX_EVIDENCE_BYTES:
        raise InvalidInputError(
            f"berkas bukti {path} berukuran {size / 1048576:.1f} MiB; batasnya 10 MiB, "
            "kecilkan foto atau pindai ulang dokumen"
        )
    return EvidenceFile(source=path, sha256=digest.hexdigest(), size=size, mime=mime)


def evidence_path(folder: pathlib.Path, sha256: str) -> pathlib.Path:
    """Where the file with this sha256 lives in the device's evidence folder."""
    return folder / sha256[:2] / sha256


def store_file(folder: pathlib.Path, item: EvidenceFile) -> pathlib.Path:
    """Copy ``item`` into ``folder`` under its sha256 (no-op when already there)."""
    target = evidence_path(folder, item.sha256)
    if target.exists() and target.stat().st_size == item.size:
        return target
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(target.name + ".part")
    digest = hashlib.sha256()
    with item.source.open("rb") as src, tmp.open("wb") as dst:
        while chunk := src.read(1 << 20):
            digest.update(chunk)
            dst.write(chunk)
        dst.flush()
        os.fsync(dst.fileno())
    if digest.hexdigest() != item.sha256:
        tmp.unlink(missing_ok=True)
        raise InvalidInputError(f"berkas bukti {item.source} berubah saat disalin; coba lagi")
    os.replace(tmp, target)
    return target
