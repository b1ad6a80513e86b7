"""Evidence files on disk: type sniffed from magic bytes, content-addressed by sha256, encrypted.

Only photos (JPEG, PNG, WebP) and PDF documents are accepted, whatever the file name says.
A file is copied into the device's evidence folder (:class:`EvidenceVault`) through a temporary
name and renamed, so a crash never leaves a half-written file under a sha256 name.

On the device every evidence file is encrypted with the user's store key; its name and its
address everywhere (records, server, manifest) stay the sha256 of the *plain* content. Format
(chunked AES-256-GCM, so that large files stream and an upload can resume at any offset)::

    header   b"KNJE" 01 00 00 00  salt (16 random bytes)                          24 bytes
    chunk i  AES-GCM(file key, nonce = i as 11 bytes big-endian + final flag,
                     aad = header) of plain bytes [i*64 KiB, (i+1)*64 KiB)         + 16 bytes tag

The file key is HKDF-SHA256(store key's evidence key, salt, "…/<sha256>"): every file has its
own key, and a file renamed to another sha256 does not decrypt. Only the last chunk carries the
final flag (possibly empty), so a truncated file is refused too. What stays visible: the sha256
names, the number of files and their approximate sizes.
"""

from __future__ import annotations

import hashlib
import os
import pathlib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import BinaryIO

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from client.errors import DeviceError, InvalidInputError

__all__ = [
    "CHUNK_BYTES",
    "MAX_EVIDENCE_BYTES",
    "EvidenceDamagedError",
    "EvidenceFile",
    "EvidenceReceiver",
    "EvidenceVault",
    "evidence_path",
    "inspect_file",
    "is_encrypted",
    "sniff",
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


# encrypted files --------------------------------------------------------------------------------

CHUNK_BYTES = 64 * 1024
"""Plain bytes per encrypted chunk."""

_MAGIC = b"KNJE\x01\x00\x00\x00"
_HEADER = len(_MAGIC) + 16
_TAG = 16
_SEALED = CHUNK_BYTES + _TAG


class EvidenceDamagedError(DeviceError):
    """An evidence file on this device does not decrypt (damaged, or not this user's)."""


def _damaged(sha256: str) -> EvidenceDamagedError:
    return EvidenceDamagedError(
        f"berkas bukti {sha256[:12]} di perangkat ini rusak atau tidak dapat dibuka; "
        "sinkronkan agar diunduh ulang dari server"
    )


def _cipher(key: bytes, salt: bytes, sha256: str) -> AESGCM:
    info = b"kinerja/evidence-file/v1/" + sha256.encode("ascii")
    return AESGCM(HKDF(algorithm=hashes.SHA256(), length=32, salt=salt, info=info).derive(key))


def _nonce(index: int, final: bool) -> bytes:
    return index.to_bytes(11, "big") + (b"\x01" if final else b"\x00")


def _chunks_of(sealed_body: int) -> int:
    """How many chunks an encrypted body of this many bytes holds (at least one)."""
    return max(1, -(-sealed_body // _SEALED))


def plain_size(sealed_size: int) -> int:
    """The plain size of an encrypted file of ``sealed_size`` bytes."""
    body = sealed_size - _HEADER
    return max(0, body - _TAG * _chunks_of(body))


def is_encrypted(path: pathlib.Path) -> bool:
    """True when ``path`` starts like an encrypted evidence file."""
    with path.open("rb") as fh:
        return fh.read(len(_MAGIC)) == _MAGIC


def _private_dirs(folder: pathlib.Path, leaf: pathlib.Path) -> None:
    """Create ``leaf`` (inside ``folder``) and ``folder`` itself with mode 0700."""
    for path in (folder, leaf):
        path.mkdir(mode=0o700, parents=True, exist_ok=True)
        os.chmod(path, 0o700)


class _Sealer:
    """Encrypts a stream into ``fh``: a chunk is sealed once more bytes follow it (so it is not
    the last); :meth:`close` seals what remains as the final chunk."""

    def __init__(self, fh: BinaryIO, aead: AESGCM, header: bytes, index: int = 0) -> None:
        self.fh = fh
        self.aead = aead
        self.header = header
        self.index = index
        self.buffer = bytearray()

    def write(self, data: bytes) -> None:
        self.buffer += data
        while len(self.buffer) > CHUNK_BYTES:
            self._seal(bytes(self.buffer[:CHUNK_BYTES]), final=False)
            del self.buffer[:CHUNK_BYTES]

    def close(self) -> None:
        self._seal(bytes(self.buffer), final=True)
        self.buffer.clear()

    def _seal(self, plain: bytes, *, final: bool) -> None:
        self.fh.write(self.aead.encrypt(_nonce(self.index, final), plain, self.header))
        self.index += 1


def _new_part(path: pathlib.Path, key: bytes, sha256: str) -> tuple[BinaryIO, _Sealer]:
    header = _MAGIC + os.urandom(16)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    fh = os.fdopen(fd, "wb")
    if hasattr(os, "fchmod"):
        os.fchmod(fd, 0o600)
    fh.write(header)
    return fh, _Sealer(fh, _cipher(key, header[len(_MAGIC) :], sha256), header)


def _finish(fh: BinaryIO, part: pathlib.Path, target: pathlib.Path) -> None:
    fh.flush()
    os.fsync(fh.fileno())
    fh.close()
    os.replace(part, target)


class _Opened:
    """An encrypted file opened for reading chunk by chunk."""

    def __init__(self, fh: BinaryIO, key: bytes, sha256: str, size: int) -> None:
        header = fh.read(_HEADER)
        if len(header) != _HEADER or not header.startswith(_MAGIC):
            raise _damaged(sha256)
        self.fh = fh
        self.sha256 = sha256
        self.header = header
        self.aead = _cipher(key, header[len(_MAGIC) :], sha256)
        self.count = _chunks_of(size - _HEADER)

    def chunk(self, index: int, *, final: bool | None = None) -> bytes:
        self.fh.seek(_HEADER + index * _SEALED)
        sealed = self.fh.read(_SEALED)
        last = index == self.count - 1 if final is None else final
        try:
            return self.aead.decrypt(_nonce(index, last), sealed, self.header)
        except InvalidTag:
            raise _damaged(self.sha256) from None


class EvidenceVault:
    """The user's evidence folder: files by sha256, encrypted with ``key`` (the store key's
    evidence key). Folders are 0700, files 0600."""

    def __init__(self, folder: pathlib.Path, key: bytes) -> None:
        self.folder = folder
        self._key = key

    def __repr__(self) -> str:
        return f"EvidenceVault({self.folder})"

    def path(self, sha256: str) -> pathlib.Path:
        """Where the (encrypted) file lives; its bytes are not the evidence."""
        return evidence_path(self.folder, sha256)

    def has(self, sha256: str) -> bool:
        return self.path(sha256).is_file()

    def size(self, sha256: str) -> int:
        """The plain size of a file the device holds."""
        return plain_size(self.path(sha256).stat().st_size)

    def put(self, item: EvidenceFile) -> pathlib.Path:
        """Encrypt ``item`` into the folder under its sha256 (no-op when already there)."""
        target = self.path(item.sha256)
        if target.is_file() and self.size(item.sha256) == item.size:
            return target
        _private_dirs(self.folder, target.parent)
        part = target.with_name(target.name + ".part")
        digest = hashlib.sha256()
        fh, sealer = _new_part(part, self._key, item.sha256)
        try:
            with item.source.open("rb") as src:
                while chunk := src.read(1 << 20):
                    digest.update(chunk)
                    sealer.write(chunk)
            sealer.close()
        except BaseException:
            fh.close()
            part.unlink(missing_ok=True)
            raise
        if digest.hexdigest() != item.sha256:
            fh.close()
            part.unlink(missing_ok=True)
            raise InvalidInputError(f"berkas bukti {item.source} berubah saat disalin; coba lagi")
        _finish(fh, part, target)
        return target

    def put_plain(self, path: pathlib.Path, sha256: str) -> None:
        """Encrypt a plain file already in the folder under ``sha256`` in place (a store from
        before encryption). The plain file is replaced only once the encrypted one is whole."""
        size = path.stat().st_size
        self.put(EvidenceFile(source=path, sha256=sha256, size=size, mime=""))

    @contextmanager
    def _open(self, sha256: str) -> Iterator[_Opened]:
        with self.path(sha256).open("rb") as fh:
            yield _Opened(fh, self._key, sha256, os.fstat(fh.fileno()).st_size)

    def chunks(self, sha256: str) -> Iterator[bytes]:
        """The plain content, chunk by chunk."""
        with self._open(sha256) as opened:
            for index in range(opened.count):
                yield opened.chunk(index)

    def read(self, sha256: str) -> bytes:
        """The whole plain content (evidence is at most 10 MiB)."""
        return b"".join(self.chunks(sha256))

    def read_range(self, sha256: str, offset: int, length: int) -> bytes:
        """Plain bytes ``offset .. offset+length`` (fewer at the end of the file)."""
        out = bytearray()
        with self._open(sha256) as opened:
            index = offset // CHUNK_BYTES
            skip = offset - index * CHUNK_BYTES
            while len(out) < length and index < opened.count:
                plain = opened.chunk(index)
                out += plain[skip : skip + length - len(out)]
                skip = 0
                index += 1
        return bytes(out)

    def head(self, sha256: str, count: int = 16) -> bytes:
        return self.read_range(sha256, 0, count)

    def receive(self, sha256: str) -> EvidenceReceiver:
        """A download into the folder (see :class:`EvidenceReceiver`)."""
        _private_dirs(self.folder, self.path(sha256).parent)
        return EvidenceReceiver(self, sha256)


class EvidenceReceiver:
    """A download of one file, encrypted as it arrives, resumable.

    The ``.part`` file keeps only whole chunks that are not the last; bytes that arrived after
    the last whole chunk are fetched again on resume. A resumed download re-seals the held
    bytes under a fresh salt (so no chunk key and nonce ever seal two different contents).
    :meth:`finish` checks the sha256 of the plain content and renames the file into place."""

    def __init__(self, vault: EvidenceVault, sha256: str) -> None:
        self.vault = vault
        self.sha256 = sha256
        self.target = vault.path(sha256)
        self.part = self.target.with_name(self.target.name + ".part")
        self.digest = hashlib.sha256()
        self._held = b""
        self._fh: BinaryIO | None = None
        self._sealer: _Sealer | None = None

    def offset(self) -> int:
        """Plain bytes already held from an earlier, interrupted download."""
        held = bytearray()
        try:
            size = self.part.stat().st_size
            with self.part.open("rb") as fh:
                opened = _Opened(fh, self.vault._key, self.sha256, size)
                for index in range((size - _HEADER) // _SEALED):
                    held += opened.chunk(index, final=False)
        except (OSError, EvidenceDamagedError):
            self.part.unlink(missing_ok=True)
            held.clear()
        self._held = bytes(held)
        return len(self._held)

    def begin(self, *, resume: bool) -> None:
        """Start writing: after the held bytes (``resume``), or from the start."""
        held = self._held if resume else b""
        self._held = b""
        self.digest = hashlib.sha256()
        self._fh, self._sealer = _new_part(self.part, self.vault._key, self.sha256)
        self.write(held)

    def write(self, data: bytes) -> None:
        assert self._sealer is not None
        self.digest.update(data)
        self._sealer.write(data)

    def abort(self) -> None:
        """Stop (the connection broke): keep the whole chunks for the next attempt."""
        if self._fh is not None:
            self._fh.flush()
            self._fh.close()
            self._fh = self._sealer = None

    def finish(self) -> bool:
        """Seal the last chunk and put the file in place; False (and nothing kept) when the
        content does not have the expected sha256."""
        assert self._fh is not None
        assert self._sealer is not None
        self._sealer.close()
        fh, self._fh, self._sealer = self._fh, None, None
        if self.digest.hexdigest() != self.sha256:
            fh.close()
            self.part.unlink(missing_ok=True)
            return False
        _finish(fh, self.part, self.target)
        return True
