"""The app's data folder: one encrypted database and evidence folder per user who signed in.

::

    HOME/session.json                  which user is signed in ({"nip": ...}; no secrets)
    HOME/users/<nip>/key.json          the user's data key, wrapped by their password (argon2id)
    HOME/users/<nip>/device.db         the user's local store, SQLCipher (token, records ...)
    HOME/users/<nip>/evidence/ab/<sha256>   evidence files, AES-GCM (client.evidence_files)

``users/`` and everything below it is 0700 (folders) and 0600 (files); so are ``session.json``
and HOME itself when this module creates it (an existing HOME chosen with ``--home`` keeps its
mode). Nothing stored here opens the data without the password: see
:mod:`client.store.crypto` for the key, :meth:`Home.unlock` for sign-in.
"""

from __future__ import annotations

import json
import os
import pathlib
import shutil

from client import auth
from client.errors import StoreLockedError
from client.evidence_files import EvidenceVault, is_encrypted
from client.store import Store, encrypt_plain_database, is_plain_sqlite
from client.store.crypto import (
    StoreKey,
    read_key_file,
    unwrap_key,
    wrap_key,
    write_key_file,
    write_private,
)

__all__ = ["WRONG_PASSWORD", "Home", "rewrap_store_key"]

WRONG_PASSWORD = "NIP atau kata sandi salah"


def _private_dir(path: pathlib.Path) -> None:
    path.mkdir(mode=0o700, exist_ok=True)
    os.chmod(path, 0o700)


class Home:
    """Paths inside the data folder, the session marker, and each user's key."""

    def __init__(self, root: pathlib.Path | str) -> None:
        self.root = pathlib.Path(root)

    def user_dir(self, nip: str) -> pathlib.Path:
        return self.root / "users" / nip

    def db_path(self, nip: str) -> pathlib.Path:
        return self.user_dir(nip) / "device.db"

    def key_path(self, nip: str) -> pathlib.Path:
        return self.user_dir(nip) / "key.json"

    def evidence_dir(self, nip: str) -> pathlib.Path:
        return self.user_dir(nip) / "evidence"

    def has_user(self, nip: str) -> bool:
        return self.db_path(nip).exists()

    def ensure_root(self) -> None:
        """Create HOME (0700 when it is new)."""
        if not self.root.exists():
            self.root.mkdir(mode=0o700, parents=True, exist_ok=True)
            os.chmod(self.root, 0o700)

    def ensure_user_dir(self, nip: str) -> pathlib.Path:
        """Create ``users/<nip>`` (and ``users``) with mode 0700; tighten them when older."""
        self.ensure_root()
        _private_dir(self.root / "users")
        _private_dir(self.user_dir(nip))
        return self.user_dir(nip)

    # the session marker ---------------------------------------------------------------------

    @property
    def _session(self) -> pathlib.Path:
        return self.root / "session.json"

    def current(self) -> str | None:
        """The signed-in NIP, or None."""
        try:
            data = json.loads(self._session.read_text(encoding="utf-8"))
        except (FileNotFoundError, ValueError):
            return None
        nip = data.get("nip") if isinstance(data, dict) else None
        return nip if isinstance(nip, str) and self.has_user(nip) else None

    def sign_in(self, nip: str) -> None:
        self.ensure_root()
        write_private(self._session, json.dumps({"nip": nip}).encode("utf-8"))

    def sign_out(self) -> None:
        self._session.unlink(missing_ok=True)

    def wipe(self, nip: str) -> None:
        """Delete everything the device holds for ``nip`` (a revoked device). With the key file
        gone, a copy of the data taken earlier cannot be opened even with the password."""
        if self.current() == nip:
            self.sign_out()
        shutil.rmtree(self.user_dir(nip), ignore_errors=True)

    # keys -------------------------------------------------------------------------------------

    def create_key(self, nip: str, password: str) -> StoreKey:
        """A new data key for a user's first sign-in on this device, wrapped by ``password``."""
        self.ensure_user_dir(nip)
        key = StoreKey.new()
        write_key_file(self.key_path(nip), wrap_key(key, password, nip))
        return key

    def is_plain(self, nip: str) -> bool:
        """True when the user's store is from before encryption (no key file, plain SQLite)."""
        return not self.key_path(nip).exists() and is_plain_sqlite(self.db_path(nip))

    def unlock(self, nip: str, password: str, *, trusted: bool = False) -> StoreKey:
        """The user's data key, opened with ``password``; raises :class:`StoreLockedError`
        ("NIP atau kata sandi salah") when the password does not open it."""
        key = self.try_unlock(nip, password, trusted=trusted)
        if key is None:
            raise StoreLockedError(WRONG_PASSWORD)
        return key

    def try_unlock(self, nip: str, password: str, *, trusted: bool = False) -> StoreKey | None:
        """The user's data key opened with ``password``, or None when the password is wrong;
        :class:`StoreLockedError` when there is no key to open (never signed in here, a lost
        or damaged key file).

        A store from before encryption is encrypted now, with a new key wrapped by this
        password: checked against the old offline verifier, or ``trusted`` (the server has just
        accepted it)."""
        doc = read_key_file(self.key_path(nip))
        if doc is not None:
            key = unwrap_key(doc, password, nip)
            if key is not None:
                self._finish_encryption(nip, key)
            return key
        if not self.is_plain(nip):
            if not self.has_user(nip):
                raise StoreLockedError(
                    f"NIP {nip} belum pernah masuk di perangkat ini; masuk pertama kali memerlukan "
                    "sambungan ke server"
                )
            raise StoreLockedError(
                "kunci data perangkat ini hilang; data lama di perangkat tidak dapat dibuka. "
                "Hubungi BKPP: data yang sudah tersinkron dapat diunduh lagi di perangkat baru"
            )
        if not trusted and not _plain_verifier_accepts(self.db_path(nip), password):
            return None
        key = self.create_key(nip, password)
        self._finish_encryption(nip, key)
        return key

    def _finish_encryption(self, nip: str, key: StoreKey) -> None:
        """Encrypt what a store from before encryption still holds in the clear: its evidence
        files first, then the database (a crash in between is finished at the next sign-in)."""
        db = self.db_path(nip)
        if not is_plain_sqlite(db):
            return
        self.ensure_user_dir(nip)
        vault = EvidenceVault(self.evidence_dir(nip), key.files)
        if self.evidence_dir(nip).is_dir():
            for path in sorted(self.evidence_dir(nip).glob("??/*")):
                if path.is_file() and len(path.name) == 64 and not is_encrypted(path):
                    vault.put_plain(path, path.name)
                elif path.name.endswith(".part"):
                    path.unlink(missing_ok=True)  # a plain half-download
        encrypt_plain_database(db, key)

    def rewrap(self, nip: str, old_password: str, new_password: str) -> None:
        """Wrap the user's data key by ``new_password`` (after a password change); raises
        :class:`StoreLockedError` when ``old_password`` does not open it. Nothing else is
        re-encrypted: the data key stays the same."""
        self.relock(nip, self.unlock(nip, old_password), new_password)

    def relock(self, nip: str, key: StoreKey, password: str) -> None:
        """Wrap the (unlocked) data key by ``password`` from now on."""
        write_key_file(self.key_path(nip), wrap_key(key, password, nip))


def rewrap_store_key(
    home: Home | pathlib.Path | str, nip: str, old_password: str, new_password: str
) -> None:
    """After a password change: the data of ``nip`` in ``home`` opens with ``new_password``
    (and no longer with ``old_password``). Raises :class:`client.errors.StoreLockedError`
    ("NIP atau kata sandi salah") when ``old_password`` does not open it; nothing changes then.
    About 80 ms (two argon2id derivations)."""
    (home if isinstance(home, Home) else Home(home)).rewrap(nip, old_password, new_password)


def _plain_verifier_accepts(db: pathlib.Path, password: str) -> bool:
    """The old offline check of a store from before encryption: its argon2id verifier."""
    verifier = Store.plain_meta(db, "verifier")
    return isinstance(verifier, str) and auth.verify(verifier, password)
