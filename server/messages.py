"""Request and answer bodies of the non-sync endpoints (sync messages live in ``sync.protocol``).

Requests forbid unknown fields, so a typo is a 400 naming it rather than a silently ignored value.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated

import msgspec

from server.actor import Actor
from shared_models.wire import SessionAnswer

__all__ = [
    "DeviceAnswer",
    "HealthAnswer",
    "LoginRequest",
    "MeAnswer",
    "PasswordChangeAnswer",
    "PasswordChangeRequest",
    "PasswordResetAnswer",
    "SessionAnswer",
    "iso",
]

_Nip = Annotated[str, msgspec.Meta(min_length=1, max_length=40)]
_Password = Annotated[str, msgspec.Meta(min_length=1, max_length=256)]
_DeviceId = Annotated[str, msgspec.Meta(min_length=2, max_length=32, pattern=r"^d[0-9a-z]+$")]
_DeviceKey = Annotated[str, msgspec.Meta(min_length=16, max_length=64, pattern=r"^[A-Za-z0-9_-]+$")]
_NewPassword = Annotated[str, msgspec.Meta(max_length=1024)]
"""The rule (length included) is checked by shared_models.passwords, with its own messages."""


def iso(ts: float) -> str:
    """A UNIX time as ISO-8601 UTC text (``2026-01-05T03:00:00Z``)."""
    return datetime.fromtimestamp(ts, UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


class LoginRequest(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True):
    """NIP + password; ``device_id`` when this install already has a replica id."""

    nip: _Nip
    password: _Password
    device_id: _DeviceId | None = None
    device_name: Annotated[str, msgspec.Meta(max_length=100)] = ""
    device_key: _DeviceKey | None = None
    """The key the last login of this install returned: proves a known device (its login
    never waits for other people's failed attempts)."""


class PasswordChangeRequest(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True):
    """The caller's current password and the new one (see shared_models.passwords)."""

    current_password: _Password
    new_password: _NewPassword


class PasswordChangeAnswer(msgspec.Struct, frozen=True, kw_only=True):
    changed: bool
    must_change_password: bool
    other_sessions_ended: int
    """The person's other devices whose session ended: they log in again with the new one."""


class PasswordResetAnswer(msgspec.Struct, frozen=True, kw_only=True):
    """Shown to the admin once: they hand the temporary password to the person themselves."""

    nip: str
    temporary_password: str
    expires: float
    expires_at: str
    must_change_password: bool
    sessions_ended: int
    account_created: bool


class MeAnswer(msgspec.Struct, frozen=True, kw_only=True):
    """Who the server thinks the caller is."""

    nip: str
    name: str
    unit_id: str
    unit_name: str
    opd_id: str | None
    roles: list[str]
    admin_opds: list[str]
    city_wide: bool
    device_id: str
    token_expires_at: str


class DeviceAnswer(msgspec.Struct, frozen=True, kw_only=True):
    """A device as HR sees it."""

    id: str
    nip: str
    name: str
    created_at: str
    last_seen_at: str
    revoked: bool


class HealthAnswer(msgspec.Struct, frozen=True, kw_only=True):
    status: str
    schema: list[str]


def roles_of(actor: Actor) -> list[str]:
    """The actor's roles as sorted strings."""
    return sorted(str(r) for r in actor.roles)
