"""Where an unlocked store key is kept between sign-in and sign-out.

The key is derived from the password at sign-in; after that a device needs it for every call.

* :class:`MemoryKeys` (the app, ``kinerja app`` and the phone): in the process's memory only.
  Keys are per data folder (each browser is a device with its own folder) and NIP; a
  restarted app asks for the password again.
* :class:`SessionKeyFiles` (``kinerja device``, and the default of :class:`client.Device`): each
  command is a process of its own, so the key of the last ``login`` is kept in a file of the
  user's *runtime* folder, not beside the data: ``$KINERJA_DEVICE_KEYS`` when set, else
  ``$XDG_RUNTIME_DIR/kinerja`` (a per-user tmpfs: in memory, emptied at logout and shutdown),
  else ``<temp dir>/kinerja-<uid>``. The folder must be the user's own and mode 0700, each file
  0600 (both checked). A file expires ``$KINERJA_DEVICE_SESSION_HOURS`` (default 12) hours after
  the login that wrote it; ``logout`` removes it. Without it a command says the data is locked
  and asks for ``kinerja device login`` again (offline sign-in works without a server).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import pathlib
import stat
import tempfile
import time
from typing import Protocol

from client.errors import StoreLockedError
from client.store.crypto import StoreKey, write_private

__all__ = ["KeyCache", "MemoryKeys", "SessionKeyFiles", "session_key_dir"]

DEFAULT_SESSION_HOURS = 12.0


class KeyCache(Protocol):
    """Keeps the unlocked key of each (data folder, NIP)."""

    def get(self, home: pathlib.Path, nip: str) -> StoreKey | None: ...

    def put(self, home: pathlib.Path, nip: str, key: StoreKey) -> None: ...

    def forget(self, home: pathlib.Path, nip: str) -> None: ...


def _ident(home: pathlib.Path, nip: str) -> str:
    return f"{home.expanduser().resolve()}\n{nip}"


class MemoryKeys:
    """Keys in this process's memory (one instance shared by the app's sessions)."""

    def __init__(self) -> None:
        self._keys: dict[str, StoreKey] = {}

    def get(self, home: pathlib.Path, nip: str) -> StoreKey | None:
        return self._keys.get(_ident(home, nip))

    def put(self, home: pathlib.Path, nip: str, key: StoreKey) -> None:
        self._keys[_ident(home, nip)] = key

    def forget(self, home: pathlib.Path, nip: str) -> None:
        self._keys.pop(_ident(home, nip), None)


def session_key_dir() -> pathlib.Path:
    """The folder of the command line's session keys (see the module's docstring)."""
    chosen = os.environ.get("KINERJA_DEVICE_KEYS")
    if chosen:
        return pathlib.Path(chosen).expanduser()
    runtime = os.environ.get("XDG_RUNTIME_DIR")
    if runtime and os.path.isdir(runtime):
        return pathlib.Path(runtime) / "kinerja"
    suffix = f"-{os.getuid()}" if hasattr(os, "getuid") else ""
    return pathlib.Path(tempfile.gettempdir()) / f"kinerja{suffix}"


def _session_seconds() -> float:
    try:
        hours = float(os.environ.get("KINERJA_DEVICE_SESSION_HOURS", DEFAULT_SESSION_HOURS))
    except ValueError:
        hours = DEFAULT_SESSION_HOURS
    return max(hours, 0.0) * 3600


def _owned_private(st: os.stat_result) -> bool:
    if not hasattr(os, "getuid"):  # Windows: the temp folder is the user's own
        return True
    return st.st_uid == os.getuid() and not st.st_mode & 0o077


class SessionKeyFiles:
    """Keys in 0600 files of the user's runtime folder, each with an expiry."""

    def __init__(self, folder: pathlib.Path | None = None) -> None:
        self._folder = folder

    @property
    def folder(self) -> pathlib.Path:
        return self._folder if self._folder is not None else session_key_dir()

    def _path(self, home: pathlib.Path, nip: str) -> pathlib.Path:
        name = hashlib.sha256(_ident(home, nip).encode()).hexdigest()[:32]
        return self.folder / f"{name}.key"

    def get(self, home: pathlib.Path, nip: str) -> StoreKey | None:
        path = self._path(home, nip)
        try:
            st = path.lstat()
            if not stat.S_ISREG(st.st_mode) or not _owned_private(path.parent.lstat()):
                return None
            if not _owned_private(st):
                return None
            doc = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        try:
            if doc["ident"] != _ident(home, nip) or float(doc["expires"]) <= time.time():
                path.unlink(missing_ok=True)
                return None
            return StoreKey(bytes.fromhex(doc["key"]))
        except (KeyError, TypeError, ValueError):
            return None

    def put(self, home: pathlib.Path, nip: str, key: StoreKey) -> None:
        folder = self._private_folder()
        self._prune(folder)
        doc = {
            "ident": _ident(home, nip),
            "expires": time.time() + _session_seconds(),
            "key": key.data.hex(),
        }
        write_private(self._path(home, nip), json.dumps(doc).encode())

    def forget(self, home: pathlib.Path, nip: str) -> None:
        with contextlib.suppress(OSError):
            self._path(home, nip).unlink(missing_ok=True)

    def _private_folder(self) -> pathlib.Path:
        folder = self.folder
        try:
            folder.mkdir(mode=0o700, parents=True, exist_ok=True)
            st = folder.lstat()
            if stat.S_ISDIR(st.st_mode) and hasattr(os, "getuid") and st.st_uid == os.getuid():
                os.chmod(folder, 0o700)
                st = folder.lstat()
        except OSError as err:
            raise StoreLockedError(
                f"folder kunci sesi {folder} tidak dapat dibuat ({err.strerror}); setel "
                "KINERJA_DEVICE_KEYS ke folder pribadi Anda"
            ) from None
        if not stat.S_ISDIR(st.st_mode) or not _owned_private(st):
            raise StoreLockedError(
                f"folder kunci sesi {folder} bukan folder pribadi Anda (pemilik lain atau dapat "
                "dibaca orang lain); hapus folder itu atau setel KINERJA_DEVICE_KEYS"
            )
        return folder

    def _prune(self, folder: pathlib.Path) -> None:
        """Drop expired keys, and keys of data folders that no longer exist."""
        now = time.time()
        for path in folder.glob("*.key"):
            try:
                doc = json.loads(path.read_text(encoding="utf-8"))
                home, nip = str(doc["ident"]).split("\n", 1)
                gone = not (pathlib.Path(home) / "users" / nip).is_dir()
                stale = float(doc["expires"]) <= now or gone
            except (OSError, ValueError, KeyError, TypeError):
                stale = True
            if stale:
                path.unlink(missing_ok=True)
