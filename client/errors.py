"""The device's exception tree. Every message is for a person and in Bahasa Indonesia.

All of them are :class:`kinerja.errors.UserError`, so the CLI prints one line and exits non-zero;
the app shows ``str(err)``. Exit codes: 2 bad input, 3 server unreachable, 4 signed out,
5 device revoked, 6 the app must be updated, 7 the server refused.
"""

from __future__ import annotations

from kinerja.errors import UserError

__all__ = [
    "DeviceError",
    "DeviceRevokedError",
    "InvalidInputError",
    "NotSignedInError",
    "ServerRefusedError",
    "ServerUnreachableError",
    "StoreLockedError",
    "UpdateRequiredError",
]


class DeviceError(UserError):
    """Base of every error the device raises for a person to read."""


class InvalidInputError(DeviceError):
    """Bad input: says what to fix. Nothing was written."""


class NotSignedInError(DeviceError):
    """No user is signed in on this device (or the password did not match)."""

    def __init__(self, message: str) -> None:
        super().__init__(message, exit_code=4)


class StoreLockedError(NotSignedInError):
    """The user's data on this device stays locked: wrong password, no key in this session (the
    command line's session key expired), or a damaged key file. Nothing was read or written."""


class ServerUnreachableError(DeviceError):
    """The server could not be reached; local data is safe and sync retries later."""

    def __init__(self, message: str) -> None:
        super().__init__(message, exit_code=3)


class DeviceRevokedError(DeviceError):
    """HR revoked this device; its local data has been wiped."""

    def __init__(self, message: str) -> None:
        super().__init__(message, exit_code=5)


class UpdateRequiredError(DeviceError):
    """The server speaks a newer protocol: update the app. Local data is kept."""

    def __init__(self, message: str) -> None:
        super().__init__(message, exit_code=6)


class ServerRefusedError(DeviceError):
    """The server answered with an error the user must act on (wrong password ...).

    Attributes:
        code: the server's machine-readable error code (``login_failed`` ...).
        status: the HTTP status.
    """

    def __init__(self, message: str, *, code: str = "", status: int = 0) -> None:
        super().__init__(message, exit_code=7)
        self.code = code
        self.status = status
