"""The one error type a command raises for a user's mistake."""

from __future__ import annotations

__all__ = ["UserError"]


class UserError(Exception):
    """A mistake the user can fix. The CLI prints its message on one line and exits non-zero.

    Attributes:
        exit_code: the process exit status to use (2 for bad input, 3 for an unreachable server).
    """

    exit_code: int = 2

    def __init__(self, message: str, *, exit_code: int = 2) -> None:
        super().__init__(message)
        self.exit_code = exit_code
