"""Encryption at rest of one user's store: a random data key, wrapped by the password.

Each user store has its own random 256-bit *data key*. It never lies on disk in the clear:
``key.json`` beside the database holds it encrypted (AES-256-GCM) under a *wrapping key*
derived from the user's password with argon2id and a random salt::

    {"v": 1, "kdf": "argon2id", "t": 2, "m": 19456, "p": 1,
     "salt": "<b64>", "nonce": "<b64>", "wrapped": "<b64>"}

A wrong password fails the GCM tag, so the wrapped key doubles as the offline sign-in check.
A password change re-wraps the same data key (nothing else is re-encrypted). The database key
(SQLCipher, raw key) and the evidence key (AES-GCM of the files) are derived from the data key
with HKDF-SHA256 under distinct labels, so neither use can be turned against the other.
"""

from __future__ import annotations

import base64
import binascii
import json
import os
import pathlib
from dataclasses import dataclass, field
from typing import Any

from argon2.low_level import Type, hash_secret_raw
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from client.errors import StoreLockedError

__all__ = [
    "KDF_MEMORY_KIB",
    "KDF_PARALLELISM",
    "KDF_TIME_COST",
    "StoreKey",
    "read_key_file",
    "sync_dir",
    "unwrap_key",
    "wrap_key",
    "write_key_file",
    "write_private",
]

KDF_TIME_COST = 2
KDF_MEMORY_KIB = 19 * 1024
KDF_PARALLELISM = 1
"""argon2id at OWASP's minimum (19 MiB, 2 passes): about 40 ms on a laptop core, bearable on a
phone at every sign-in; the same parameters as the old offline verifier."""

_MAX_MEMORY_KIB = 1024 * 1024  # a tampered key file must not make a sign-in allocate more
_VERSION = 1


def _hkdf(key: bytes, label: bytes) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=label).derive(key)


@dataclass(frozen=True, slots=True, repr=False)
class StoreKey:
    """A user store's data key and the keys derived from it. Its repr never shows the bytes."""

    data: bytes
    db: bytes = field(init=False)
    """SQLCipher's raw key for ``device.db``."""
    files: bytes = field(init=False)
    """AES-GCM key material for the evidence files (each file derives its own key from it)."""

    def __post_init__(self) -> None:
        if len(self.data) != 32:
            raise ValueError("a store key is 32 bytes")
        object.__setattr__(self, "db", _hkdf(self.data, b"kinerja/device-db/v1"))
        object.__setattr__(self, "files", _hkdf(self.data, b"kinerja/evidence/v1"))

    @classmethod
    def new(cls) -> StoreKey:
        return cls(os.urandom(32))

    def __repr__(self) -> str:
        return "StoreKey(<hidden>)"


def _aad(nip: str) -> bytes:
    return f"kinerja device store key v{_VERSION}|{nip}".encode()


def _wrapping_key(password: str, salt: bytes, t: int, m: int, p: int) -> bytes:
    return hash_secret_raw(
        password.encode("utf-8"),
        salt,
        time_cost=t,
        memory_cost=m,
        parallelism=p,
        hash_len=32,
        type=Type.ID,
    )


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def wrap_key(key: StoreKey, password: str, nip: str) -> dict[str, Any]:
    """The content of ``key.json``: ``key`` encrypted under a key derived from ``password``."""
    salt, nonce = os.urandom(16), os.urandom(12)
    kek = _wrapping_key(password, salt, KDF_TIME_COST, KDF_MEMORY_KIB, KDF_PARALLELISM)
    wrapped = AESGCM(kek).encrypt(nonce, key.data, _aad(nip))
    return {
        "v": _VERSION,
        "kdf": "argon2id",
        "t": KDF_TIME_COST,
        "m": KDF_MEMORY_KIB,
        "p": KDF_PARALLELISM,
        "salt": _b64(salt),
        "nonce": _b64(nonce),
        "wrapped": _b64(wrapped),
    }


def unwrap_key(doc: dict[str, Any], password: str, nip: str) -> StoreKey | None:
    """The data key in ``doc`` opened with ``password``; None when the password is wrong.

    Raises :class:`StoreLockedError` when the key file itself is unreadable."""
    try:
        if doc.get("v") != _VERSION or doc.get("kdf") != "argon2id":
            raise ValueError("unknown key file version")
        t, m, p = int(doc["t"]), int(doc["m"]), int(doc["p"])
        if not (1 <= t <= 16 and 8 * p <= m <= _MAX_MEMORY_KIB and 1 <= p <= 16):
            raise ValueError("argon2 parameters out of range")
        salt = base64.b64decode(doc["salt"], validate=True)
        nonce = base64.b64decode(doc["nonce"], validate=True)
        wrapped = base64.b64decode(doc["wrapped"], validate=True)
    except (KeyError, TypeError, ValueError, binascii.Error):
        raise StoreLockedError(
            "berkas kunci data perangkat rusak; data di perangkat ini tidak dapat dibuka. "
            "Hubungi BKPP: data yang sudah tersinkron dapat diunduh lagi di perangkat baru"
        ) from None
    kek = _wrapping_key(password, salt, t, m, p)
    try:
        data = AESGCM(kek).decrypt(nonce, wrapped, _aad(nip))
    except InvalidTag:
        return None
    return StoreKey(data)


def write_private(path: pathlib.Path, data: bytes) -> None:
    """Write ``data`` to ``path`` atomically (temporary name, fsync, rename), mode 0600."""
    tmp = path.with_name(path.name + ".tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as fh:
        if hasattr(os, "fchmod"):  # an older temporary file keeps its mode under O_TRUNC
            os.fchmod(fh.fileno(), 0o600)
        fh.write(data)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, path)
    sync_dir(path.parent)


def sync_dir(folder: pathlib.Path) -> None:
    """Make a rename in ``folder`` durable (POSIX; a no-op where directories cannot be opened)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def read_key_file(path: pathlib.Path) -> dict[str, Any] | None:
    """The wrapped key in ``path``; None when there is no key file."""
    try:
        doc = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None
    except (OSError, ValueError):
        doc = None
    if not isinstance(doc, dict):
        raise StoreLockedError(
            "berkas kunci data perangkat rusak; data di perangkat ini tidak dapat dibuka. "
            "Hubungi BKPP: data yang sudah tersinkron dapat diunduh lagi di perangkat baru"
        )
    return doc


def write_key_file(path: pathlib.Path, doc: dict[str, Any]) -> None:
    write_private(path, json.dumps(doc, sort_keys=True).encode("utf-8"))
