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

from client.evidence_files import MAX_EVIDENCE_BYTES, sniff
from client.ui.common.i18n import tr

__all__ = ["ALLOWED", "Picked", "mime_of", "picked_problem", "stage", "unstage"]

ALLOWED = ("jpg", "jpeg", "png", "webp", "pdf")


@dataclass(frozen=True, slots=True)
class Picked:
    """A file chosen in the picker: its name and either its bytes or a path on this device."""

    name: str
    data: bytes | None = None
    path: str | None = None


def mime_of(item: Picked) -> str | None:
    """The picked file's type from its first bytes (None: not a photo or PDF); a file given
    by path is read for it."""
    head = item.data[:16] if item.data is not None else b""
    if item.data is None and item.path:
        try:
            with open(item.path, "rb") as fh:
                head = fh.read(16)
        except OSError:
            return None
    return sniff(head)


def picked_problem(lang: str, item: Picked) -> str | None:
    """Why a picked file cannot be evidence, in words about that file (None: it can). The
    device checks the same when it saves; the form asks at once, so the person sees it beside
    the file and never a temporary path."""
    size = len(item.data) if item.data is not None else None
    if size is None and item.path:
        try:
            size = os.path.getsize(item.path)
        except OSError:
            return tr(lang, "ev.unreadable", name=item.name)
    if mime_of(item) is None:
        return tr(lang, "ev.not_photo", name=item.name)
    if size is not None and size > MAX_EVIDENCE_BYTES:
        mib = f"{size / 1048576:.1f}".replace(".", "," if lang != "en" else ".")
        return tr(lang, "ev.too_big", name=item.name, size=mib, max=MAX_EVIDENCE_BYTES >> 20)
    return None


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
