"""The server's exception trees, each message in Bahasa Indonesia.

:class:`ServerError`: what a request did wrong. Each carries the HTTP status and a stable machine
code; :mod:`server.http_errors` turns them into answers in one place. Services raise these;
third-party errors are wrapped at the boundary with ``raise X(...) from err``.

:class:`SetupError`: what the server's operator must fix before it can run (a setting, a
command's argument, the database file). The CLI prints it on one line and exits non-zero.
"""

from __future__ import annotations

from typing import ClassVar

__all__ = [
    "AccountInactiveError",
    "BadRequestError",
    "ConflictError",
    "DeviceRevokedError",
    "ForbiddenError",
    "HashMismatchError",
    "LoginFailedError",
    "LoginThrottledError",
    "NotFoundError",
    "PasswordChangeRequiredError",
    "PasswordExpiredError",
    "PayloadTooLargeError",
    "ProtocolOutdatedError",
    "ServerError",
    "SetupError",
    "TokenExpiredError",
    "UnauthenticatedError",
    "UnsupportedMediaTypeError",
    "WeakPasswordError",
    "WrongPasswordError",
]


class SetupError(Exception):
    """A setting, a command's argument or the database file the server's operator must fix."""


class ServerError(Exception):
    """Base of every error the server answers with a 4xx.

    Attributes:
        status_code: the HTTP status of the answer.
        code: a stable snake_case code a client can branch on.
        message: what went wrong, for a person, in Bahasa Indonesia.
        field: the msgspec-style path of the offending field (``$.changes[2].owner``), if any.
        headers: extra response headers (``Retry-After`` ...).
    """

    status_code: ClassVar[int] = 400
    code: ClassVar[str] = "bad_request"

    def __init__(
        self,
        message: str,
        *,
        field: str | None = None,
        headers: dict[str, str] | None = None,
        extra: dict[str, object] | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.field = field
        self.headers = headers or {}
        self.extra = extra or {}


class BadRequestError(ServerError):
    """Malformed body, unknown field, bad NIP, bad parameter."""


class UnauthenticatedError(ServerError):
    """No token, or a token the server does not know."""

    status_code = 401
    code = "unauthenticated"


class LoginFailedError(UnauthenticatedError):
    """Wrong NIP or password (never says which)."""

    code = "login_failed"


class TokenExpiredError(UnauthenticatedError):
    """The device's token ran out; log in again with the same device id."""

    code = "token_expired"


class DeviceRevokedError(UnauthenticatedError):
    """HR revoked this device: the app must wipe its local data."""

    code = "device_revoked"


class ForbiddenError(ServerError):
    """Authenticated, but not allowed to do this."""

    status_code = 403
    code = "forbidden"


class PasswordExpiredError(UnauthenticatedError):
    """The temporary password of an admin reset ran out: ask the admin for a new reset."""

    code = "password_expired"


class AccountInactiveError(ForbiddenError):
    """The employee is no longer active in the master data."""

    code = "account_inactive"


class PasswordChangeRequiredError(ForbiddenError):
    """The account's password was set for the person (created, reset): until they change it,
    their devices may only change it or log out."""

    code = "password_change_required"


class WrongPasswordError(ForbiddenError):
    """The current password given to change it is wrong."""

    code = "wrong_password"


class WeakPasswordError(BadRequestError):
    """A new password that breaks the rule of :mod:`shared_models.passwords`."""

    code = "weak_password"


class NotFoundError(ServerError):
    status_code = 404
    code = "not_found"


class ConflictError(ServerError):
    """The request does not fit the current state (e.g. an upload offset that skips bytes)."""

    status_code = 409
    code = "conflict"


class PayloadTooLargeError(ServerError):
    status_code = 413
    code = "payload_too_large"


class UnsupportedMediaTypeError(ServerError):
    status_code = 415
    code = "unsupported_media_type"


class HashMismatchError(ServerError):
    """An uploaded file whose bytes do not hash to the name it was uploaded under."""

    status_code = 422
    code = "hash_mismatch"


class ProtocolOutdatedError(ServerError):
    """The client speaks an older protocol or schema: it must update the app."""

    status_code = 426
    code = "protocol_outdated"


class LoginThrottledError(ServerError):
    """Too many failed logins for this NIP or this address."""

    status_code = 429
    code = "login_throttled"
