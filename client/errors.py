"""The device's exception tree. Every message is for a person and in Bahasa Indonesia.

:class:`DeviceError` is the root: the CLI prints one line and exits non-zero (each kind has its
exit status, mapped in :mod:`kinerja.errors`); the app shows ``str(err)``.
"""

from __future__ import annotations

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


class DeviceError(Exception):
    """Base of every error the device raises for a person to read."""


class InvalidInputError(DeviceError):
    """Bad input: says what to fix. Nothing was written."""


class NotSignedInError(DeviceError):
    """No user is signed in on this device (or the password did not match)."""


class StoreLockedError(NotSignedInError):
    """The user's data on this device stays locked: wrong password, no key in this session (the
    command line's session key expired), or a damaged key file. Nothing was read or written."""


class ServerUnreachableError(DeviceError):
    """The server could not be reached; local data is safe and sync retries later."""


class DeviceRevokedError(DeviceError):
    """HR revoked this device; its local data has been wiped."""


class UpdateRequiredError(DeviceError):
    """The server speaks a newer protocol: update the app. Local data is kept."""


class ServerRefusedError(DeviceError):
    """The server answered with an error the user must act on (wrong password ...).

    Attributes:
        code: the server's machine-readable error code (``login_failed`` ...).
        status: the HTTP status.
    """

    def __init__(self, message: str, *, code: str = "", status: int = 0) -> None:
        super().__init__(message)
        self.code = code
        self.status = status
