"""The command line's errors: the one a ``kinerja`` command raises itself, and the exit status of
every package's errors.

Each package has its own root error and knows nothing of exit codes: ``client.errors.DeviceError``
(the device), ``server.errors.SetupError`` (what the server's operator must fix) and
``sync.SyncError`` (a record the sync core cannot merge). This module, at the top of the tree,
maps them to the statuses documented in docs/cli.md: 1 sync error, 2 bad input, 3 server
unreachable, 4 signed out, 5 device revoked, 6 the app must be updated, 7 the server refused.
"""

from __future__ import annotations

from client.errors import (
    DeviceError,
    DeviceRevokedError,
    NotSignedInError,
    ServerRefusedError,
    ServerUnreachableError,
    UpdateRequiredError,
)
from server.errors import SetupError
from sync import SyncError

__all__ = ["REPORTED", "UserError", "exit_code"]


class UserError(Exception):
    """A mistake the user can fix, found by a ``kinerja`` command itself (``kinerja demo``). The
    CLI prints its message on one line and exits non-zero.

    Attributes:
        exit_code: the process exit status to use (2 for bad input, 3 for an unreachable server).
    """

    exit_code: int = 2

    def __init__(self, message: str, *, exit_code: int = 2) -> None:
        super().__init__(message)
        self.exit_code = exit_code


REPORTED: tuple[type[Exception], ...] = (UserError, DeviceError, SetupError)
"""The errors the CLI prints as one line ``kinerja: galat: ...`` before exiting non-zero."""

_DEVICE_CODES: tuple[tuple[type[DeviceError], int], ...] = (
    (ServerUnreachableError, 3),
    (NotSignedInError, 4),
    (DeviceRevokedError, 5),
    (UpdateRequiredError, 6),
    (ServerRefusedError, 7),
)


def exit_code(err: Exception) -> int:
    """The process exit status for ``err`` (2, bad input, for an error of none of the kinds)."""
    if isinstance(err, UserError):
        return err.exit_code
    if isinstance(err, SyncError):
        return 1
    for kind, code in _DEVICE_CODES:
        if isinstance(err, kind):
            return code
    from client.hr_api import HrError  # imported on an error only: `kinerja --help` stays quick

    if isinstance(err, HrError):
        return 7 if err.status else 3  # status 0: the server was not reached
    return 2
