"""Which device a browser session is: one data folder per browser, under the app's folder.

In web mode one ``kinerja app`` process serves every browser that opens it (a supervisor's
tablet, an HR analyst's desktop, a city's hosted app). Each browser is its own device: its own
registration, store, key and token in ``<app folder>/sessions/<slot>``, where ``slot`` is a
random name the browser keeps in its own storage (``SharedPreferences``: the browser's
localStorage; on the phone build, the app's preferences). Tabs of one browser share the slot,
as they share cookies; another browser, or a private window, starts with none and signs in on
its own. The slot is read from the browser, so it is checked like any input: only the shape
``new_slot`` makes is accepted, anything else gets a new slot (never a path outside
``sessions``).
"""

from __future__ import annotations

import os
import pathlib
import re
import secrets

__all__ = ["PREF_KEY", "adopt_legacy", "is_slot", "new_slot", "slot_home"]

PREF_KEY = "kinerja.perangkat"
"""The browser-storage key that holds the slot."""

_SLOT = re.compile(r"^[A-Za-z0-9_-]{22}$")


def new_slot() -> str:
    """A fresh slot name: 128 random bits, URL-safe (22 characters)."""
    return secrets.token_urlsafe(16)


def is_slot(value: object) -> bool:
    return isinstance(value, str) and _SLOT.fullmatch(value) is not None


def slot_home(app_home: pathlib.Path, slot: str) -> pathlib.Path:
    """The data folder of ``slot`` (created 0700 with its parents)."""
    if not is_slot(slot):
        raise ValueError("not a device slot")
    sessions = app_home / "sessions"
    for folder in (app_home, sessions):
        if not folder.exists():
            folder.mkdir(mode=0o700, parents=True, exist_ok=True)
            os.chmod(folder, 0o700)
    home = sessions / slot
    home.mkdir(mode=0o700, exist_ok=True)
    return home


def adopt_legacy(app_home: pathlib.Path, home: pathlib.Path) -> bool:
    """Move the stores of an app folder from before per-browser devices (``users/`` at its top)
    into ``home``, the first new slot, so that unsent entries are not left behind. The
    signed-in marker is dropped: whoever opens them signs in with their password. Returns
    whether anything was moved."""
    legacy = app_home / "users"
    if not legacy.is_dir() or (home / "users").exists():
        return False
    legacy.rename(home / "users")
    (app_home / "session.json").unlink(missing_ok=True)
    return True
