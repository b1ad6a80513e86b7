"""Password hashing with argon2id (argon2-cffi). Passwords never leave this module's callers'
stack frames: nothing here logs or stores them.
"""

from __future__ import annotations

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from argon2.low_level import Type

__all__ = ["Passwords"]


class Passwords:
    """Hash and verify passwords; cost parameters come from the settings."""

    def __init__(self, *, time_cost: int = 3, memory_kib: int = 64 * 1024, parallelism: int = 4):
        self._hasher = PasswordHasher(
            time_cost=time_cost, memory_cost=memory_kib, parallelism=parallelism, type=Type.ID
        )
        # Verifying against this when the NIP is unknown keeps the answer time the same, so the
        # time taken does not reveal which NIPs have accounts.
        self._dummy = self._hasher.hash("kinerja-dummy-password")

    def hash(self, password: str) -> str:
        """An argon2id hash string (``$argon2id$v=19$...``) with a fresh salt."""
        return self._hasher.hash(password)

    def verify(self, password_hash: str | None, password: str) -> bool:
        """True if ``password`` matches; ``None`` (no account) spends the same time, then False."""
        try:
            return self._hasher.verify(password_hash or self._dummy, password) and (
                password_hash is not None
            )
        except (VerifyMismatchError, VerificationError, InvalidHashError):
            return False

    def needs_rehash(self, password_hash: str) -> bool:
        """True when the hash was made with weaker parameters than the current ones."""
        try:
            return self._hasher.check_needs_rehash(password_hash)
        except InvalidHashError:
            return True
