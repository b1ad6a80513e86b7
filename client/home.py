"""The app's data folder: one database and one evidence folder per user who signed in.

::

    HOME/session.json                  which user is signed in ({"nip": ...}; no secrets)
    HOME/users/<nip>/device.db         the user's local store (token, verifier, records ...)
    HOME/users/<nip>/evidence/ab/<sha256>
"""

from __future__ import annotations

import json
import os
import pathlib
import shutil

__all__ = ["Home"]


class Home:
    """Paths inside the data folder, and the session marker."""

    def __init__(self, root: pathlib.Path | str) -> None:
        self.root = pathlib.Path(root)

    def user_dir(self, nip: str) -> pathlib.Path:
        return self.root / "users" / nip

    def db_path(self, nip: str) -> pathlib.Path:
        return self.user_dir(nip) / "device.db"

    def evidence_dir(self, nip: str) -> pathlib.Path:
        return self.user_dir(nip) / "evidence"

    def has_user(self, nip: str) -> bool:
        return self.db_path(nip).exists()

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
        self.root.mkdir(parents=True, exist_ok=True)
        tmp = self._session.with_suffix(".tmp")
        tmp.write_text(json.dumps({"nip": nip}), encoding="utf-8")
        os.replace(tmp, self._session)

    def sign_out(self) -> None:
        self._session.unlink(missing_ok=True)

    def wipe(self, nip: str) -> None:
        """Delete everything the device holds for ``nip`` (a revoked device)."""
        if self.current() == nip:
            self.sign_out()
        shutil.rmtree(self.user_dir(nip), ignore_errors=True)
