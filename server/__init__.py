"""The Kinerja sync server (Litestar): auth, devices, sync, evidence, over one storage interface.

Assemble it with :func:`create_app`; run it with ``kinerja server``. The exports load on first
use, so that ``kinerja --help`` and the device CLI do not pay for importing the whole server.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from server.app import create_app
    from server.settings import Settings

__all__ = ["Settings", "create_app"]

_HOME = {"Settings": "server.settings", "create_app": "server.app"}


def __getattr__(name: str) -> Any:
    if name not in _HOME:
        raise AttributeError(f"module 'server' has no attribute {name!r}")
    return getattr(importlib.import_module(_HOME[name]), name)
