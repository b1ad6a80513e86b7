"""Request and answer bodies of the non-sync endpoints (sync messages live in ``sync.protocol``).

Requests forbid unknown fields, so a typo is a 400 naming it rather than a silently ignored value.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated

import msgspec

from server.actor import Actor

__all__ = [
    "DeviceAnswer",
    "HealthAnswer",
    "LoginRequest",
    "MeAnswer",
    "SessionAnswer",
    "iso",
]

_Nip = Annotated[str, msgspec.Meta(min_length=1, max_length=40)]
_Password = Annotated[str, msgspec.Meta(min_length=1, max_length=256)]
_DeviceId = Annotated[str, msgspec.Meta(min_length=2, max_length=32, pattern=r"^d[0-9a-z]+$")]


def iso(ts: float) -> str:
    """A UNIX time as ISO-8601 UTC text (``2026-01-05T03:00:00Z``)."""
    return datetime.fromtimestamp(ts, UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


class LoginRequest(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True):
    """NIP + password; ``device_id`` when this install already has a replica id."""

    nip: _Nip
    password: _Password
    device_id: _DeviceId | None = None
    device_name: Annotated[str, msgspec.Meta(max_length=100)] = ""


class SessionAnswer(msgspec.Struct, frozen=True, kw_only=True):
    """A device's token (shown once), its replica id and the roles the server derived."""

    token: str
    device_id: str
    expires: float
    expires_at: str
    nip: str
    roles: list[str]
    server_replica_id: str


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
