"""Throttling of failed logins, per NIP and per client address, in memory.

After ``max_failures`` failures inside ``window`` seconds the key is locked for ``lockout``
seconds. A success clears the NIP's count (not the address's: one address may try many NIPs).
The state is per process, which is what an embedded single-process server needs; a restart
forgets it, which is acceptable since only the server's operator can restart it.
"""

from __future__ import annotations

import threading
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass

__all__ = ["LoginThrottle", "ThrottleRule"]

_PRUNE_ABOVE = 10_000


@dataclass(frozen=True, slots=True)
class ThrottleRule:
    """How many failures within which window lock a key, and for how long."""

    max_failures: int
    window: float
    lockout: float


class LoginThrottle:
    """Counts failures per key (``nip:…`` or ``addr:…``); answers how long a key is locked."""

    def __init__(
        self, *, per_nip: ThrottleRule, per_address: ThrottleRule, clock: Callable[[], float]
    ) -> None:
        self._rules = {"nip": per_nip, "addr": per_address}
        self._clock = clock
        self._failures: dict[str, deque[float]] = {}
        self._locked_until: dict[str, float] = {}
        self._lock = threading.Lock()

    @staticmethod
    def _keys(nip: str, address: str) -> tuple[str, str]:
        return f"nip:{nip}", f"addr:{address}"

    def locked_for(self, nip: str, address: str) -> float:
        """Seconds until a login for ``nip`` from ``address`` may be tried again (0: now)."""
        now = self._clock()
        with self._lock:
            waits = [self._locked_until.get(k, 0.0) - now for k in self._keys(nip, address)]
        return max(0.0, *waits)

    def failed(self, nip: str, address: str) -> None:
        """Record one failed login (memory stays bounded: stale keys are pruned as it grows)."""
        if len(self._failures) > _PRUNE_ABOVE:
            self.prune()
        now = self._clock()
        with self._lock:
            for key in self._keys(nip, address):
                rule = self._rules[key.split(":", 1)[0]]
                times = self._failures.setdefault(key, deque())
                times.append(now)
                while times and times[0] <= now - rule.window:
                    times.popleft()
                if len(times) >= rule.max_failures:
                    self._locked_until[key] = now + rule.lockout
                    times.clear()

    def succeeded(self, nip: str) -> None:
        """Forget the NIP's failures after a correct password."""
        with self._lock:
            key = f"nip:{nip}"
            self._failures.pop(key, None)
            self._locked_until.pop(key, None)

    def prune(self) -> None:
        """Drop expired locks and stale counts (call now and then to bound memory)."""
        now = self._clock()
        with self._lock:
            for key in [k for k, until in self._locked_until.items() if until <= now]:
                del self._locked_until[key]
            for key, times in list(self._failures.items()):
                rule = self._rules[key.split(":", 1)[0]]
                while times and times[0] <= now - rule.window:
                    times.popleft()
                if not times:
                    del self._failures[key]
