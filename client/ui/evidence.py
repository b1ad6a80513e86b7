"""Evidence picked in the app: bytes from the file picker, written to files the device copies in.

On the web the picker hands over bytes (there is no path); on a phone with ``flet build apk``
it may hand over a path. Either way the device stores the file by its sha256 (encrypted) and
the temporary copy (0600, in a 0700 folder) is removed once the save is over, saved or not.
"""

from __future__ import annotations

import os
import pathlib
import re
import secrets
from dataclasses import dataclass

__all__ = ["ALLOWED", "Picked", "stage", "unstage"]

ALLOWED = ("jpg", "jpeg", "png", "webp", "pdf")


@dataclass(frozen=True, slots=True)
class Picked:
    """A file chosen in the picker: its name and either its bytes or a path on this device."""

    name: str
    data: bytes | None = None
    path: str | None = None


def _safe(name: str) -> str:
    return re.sub(r"[^A-Za-z0-9._-]", "_", name)[-80:] or "bukti"


def stage(folder: pathlib.Path, files: list[Picked]) -> list[pathlib.Path]:
    """Write picked bytes to ``folder`` (paths pass through); returns the paths to give the
    device. Runs on the worker thread."""
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    os.chmod(folder, 0o700)
    out = []
    for item in files:
        if item.data is not None:
            target = folder / f"{secrets.token_hex(6)}-{_safe(item.name)}"
            with os.fdopen(
                os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600), "wb"
            ) as fh:
                fh.write(item.data)
            out.append(target)
        elif item.path:
            out.append(pathlib.Path(item.path))
    return out


def unstage(folder: pathlib.Path, paths: list[pathlib.Path]) -> None:
    for path in paths:
        if path.parent == folder:
            path.unlink(missing_ok=True)
