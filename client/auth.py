"""Offline sign-in: a local argon2id verifier of the password, never the password itself.

The first login of a user on a device needs the server; it stores this verifier in the user's
device database. Later the user opens their data without a connection by typing the same
password. The parameters are lighter than the server's (a phone's memory), still argon2id.
"""

from __future__ import annotations

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

__all__ = ["make_verifier", "needs_refresh", "verify"]

_hasher = PasswordHasher(time_cost=2, memory_cost=19 * 1024, parallelism=1)


def make_verifier(password: str) -> str:
    """An argon2id hash of ``password`` to store on the device."""
    return _hasher.hash(password)


def verify(verifier: str, password: str) -> bool:
    """True when ``password`` matches ``verifier``."""
    try:
        return _hasher.verify(verifier, password)
    except (VerificationError, InvalidHashError):
        return False


def needs_refresh(verifier: str) -> bool:
    """True when the verifier was made with other parameters (re-hash after the next login)."""
    return _hasher.check_needs_rehash(verifier)
