"""Evidence picked in the app: bytes from the file picker, written to files the device copies in.

On the web the picker hands over bytes (there is no path); on a phone with ``flet build apk``
it may hand over a path. Either way the device stores the file by its sha256 and the
temporary copy is removed once the entry is saved.
"""

from __future__ import annotations

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
    folder.mkdir(parents=True, exist_ok=True)
    out = []
    for item in files:
        if item.data is not None:
            target = folder / f"{secrets.token_hex(6)}-{_safe(item.name)}"
            target.write_bytes(item.data)
            out.append(target)
        elif item.path:
            out.append(pathlib.Path(item.path))
    return out


def unstage(folder: pathlib.Path, paths: list[pathlib.Path]) -> None:
    for path in paths:
        if path.parent == folder:
            path.unlink(missing_ok=True)
