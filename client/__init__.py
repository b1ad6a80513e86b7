"""The device: local store, sync runner and the operations the app and the CLI share.

The Flet app (a later package) builds its screens on :class:`Device`; ``kinerja device`` is the
same Device on the command line. The exports load on first use, so that ``kinerja --help``
stays quick.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from client.errors import (
        DeviceError,
        DeviceRevokedError,
        InvalidInputError,
        NotSignedInError,
        ServerRefusedError,
        ServerUnreachableError,
        UpdateRequiredError,
    )
    from client.service import Device
    from client.syncing import RunnerConfig, SyncHandle, SyncProgress, SyncReport, SyncRunner

__all__ = [
    "Device",
    "DeviceError",
    "DeviceRevokedError",
    "InvalidInputError",
    "NotSignedInError",
    "RunnerConfig",
    "ServerRefusedError",
    "ServerUnreachableError",
    "SyncHandle",
    "SyncProgress",
    "SyncReport",
    "SyncRunner",
    "UpdateRequiredError",
]

_HOME = {
    "Device": "client.service",
    "DeviceError": "client.errors",
    "DeviceRevokedError": "client.errors",
    "InvalidInputError": "client.errors",
    "NotSignedInError": "client.errors",
    "RunnerConfig": "client.syncing",
    "ServerRefusedError": "client.errors",
    "ServerUnreachableError": "client.errors",
    "SyncHandle": "client.syncing",
    "SyncProgress": "client.syncing",
    "SyncReport": "client.syncing",
    "SyncRunner": "client.syncing",
    "UpdateRequiredError": "client.errors",
}


def __getattr__(name: str) -> Any:
    if name not in _HOME:
        raise AttributeError(f"module 'client' has no attribute {name!r}")
    return getattr(importlib.import_module(_HOME[name]), name)
