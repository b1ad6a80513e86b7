"""Device bearer tokens: 32 random bytes, shown to the device once, stored only as sha256."""

from __future__ import annotations

import hashlib
import secrets

__all__ = ["hash_token", "new_token", "parse_bearer"]

_PREFIX = "Bearer "


def new_token() -> str:
    """A fresh token: 32 random bytes, URL-safe base64 (43 characters)."""
    return secrets.token_urlsafe(32)


def hash_token(token: str) -> str:
    """What the database keeps: the hex sha256 of the token."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def parse_bearer(header: str | None) -> str | None:
    """The token in an ``Authorization: Bearer ...`` header, or None when absent or malformed."""
    if not header or not header.startswith(_PREFIX):
        return None
    token = header[len(_PREFIX) :].strip()
    if not token or len(token) > 200 or not token.isascii():
        return None
    return token
