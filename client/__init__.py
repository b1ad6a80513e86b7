"""The device: local store, sync runner and the operations the app and the CLI share.

The Flet app (a later package) builds its screens on :class:`Device`; ``kinerja device`` is the
same Device on the command line.
"""

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
