"""Retry with exponential backoff and full jitter, cancellable while it waits."""

from __future__ import annotations

import random
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

from client.transport import NetworkError

__all__ = ["RetryPolicy", "SyncCancelledError", "with_retry"]

T = TypeVar("T")


class SyncCancelledError(Exception):
    """The caller cancelled the run."""


@dataclass(frozen=True, slots=True)
class RetryPolicy:
    """``attempts`` tries per request; waits grow ``base * 2**n`` up to ``cap`` seconds, each
    drawn uniformly between half and all of that (jitter spreads a city's retries)."""

    attempts: int = 4
    base: float = 0.5
    cap: float = 30.0

    def delay(self, attempt: int, rng: random.Random) -> float:
        ceiling = min(self.cap, self.base * (2**attempt))
        return float(ceiling * (0.5 + rng.random() / 2))


def with_retry(
    fn: Callable[[], T],
    policy: RetryPolicy,
    *,
    rng: random.Random,
    cancel: threading.Event,
    on_retry: Callable[[int, float, str], None],
) -> T:
    """Call ``fn``; on :class:`NetworkError` wait and try again, up to ``policy.attempts``."""
    attempt = 0
    while True:
        if cancel.is_set():
            raise SyncCancelledError
        try:
            return fn()
        except NetworkError as err:
            attempt += 1
            if attempt >= policy.attempts:
                raise
            wait = policy.delay(attempt - 1, rng)
            on_retry(attempt, wait, str(err))
            if cancel.wait(wait):
                raise SyncCancelledError from None
