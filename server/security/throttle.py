"""Throttling of failed logins with growing waits, in memory.

Nothing here locks an account. Each key counts wrong passwords; after ``free`` of them every
further failure doubles the wait before the key may try again (``base``, ``2 x base`` ... up to
``cap``). A key quiet for ``forget`` seconds after its wait ended is forgotten. The keys:

* ``pair``: one NIP from one address. A wrong password from one address never delays the same
  NIP from another address.
* ``addr``: one address, whatever the NIP (one address spraying many NIPs).
* ``nip``: one NIP, counted once per address that failed for it (a guess spread over many
  addresses). It delays only logins from devices the server does not know.
* ``dev``: one known device of that NIP (the login proved it with the device key the server
  gave that install). Such a login is checked against this key only: nobody else's wrong
  passwords, from anywhere, delay it; only its own holder's do.

A correct password clears the ``pair`` key (a known device: its ``dev`` key only), never the
address's or the NIP's counts. The state is per process: what a single-process embedded server
needs; a restart forgets it, which only the server's operator can cause.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass

__all__ = ["Backoff", "LoginThrottle"]

_PRUNE_ABOVE = 10_000
_MAX_KEYS = 100_000

_Key = tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Backoff:
    """After ``free`` failures each further one waits ``base`` seconds, doubling, at most ``cap``;
    a key is forgotten ``forget`` seconds after its wait ended."""

    free: int
    base: float
    cap: float
    forget: float

    def wait_after(self, failures: int) -> float:
        """Seconds to wait after ``failures`` failures (0 while within the free ones)."""
        if failures < self.free:
            return 0.0
        return float(min(self.cap, self.base * 2.0 ** min(failures - self.free, 64)))


@dataclass(slots=True)
class _State:
    failures: int
    until: float
    """No try before this time (the last failure plus its wait)."""


class LoginThrottle:
    """Answers how long a login must wait, and counts its failures (see the module)."""

    def __init__(
        self,
        *,
        per_pair: Backoff,
        per_address: Backoff,
        per_nip: Backoff,
        per_device: Backoff,
        clock: Callable[[], float],
    ) -> None:
        self._rules = {"pair": per_pair, "addr": per_address, "nip": per_nip, "dev": per_device}
        self._clock = clock
        self._state: dict[_Key, _State] = {}
        self._lock = threading.Lock()

    @staticmethod
    def _keys(nip: str, address: str, device_id: str | None) -> list[_Key]:
        if device_id is not None:
            return [("dev", nip, device_id)]
        return [("pair", nip, address), ("addr", address), ("nip", nip)]

    def _live(self, key: _Key, now: float) -> _State | None:
        state = self._state.get(key)
        if state is not None and now >= state.until + self._rules[key[0]].forget:
            del self._state[key]
            return None
        return state

    def wait(self, nip: str, address: str, device_id: str | None = None) -> float:
        """Seconds before a login for ``nip`` from ``address`` may be tried (0: now).

        ``device_id`` is given only when the login proved it comes from that known device of
        ``nip``; then only that device's own failures count."""
        now = self._clock()
        with self._lock:
            waits = [
                state.until - now
                for key in self._keys(nip, address, device_id)
                if (state := self._live(key, now)) is not None
            ]
        return max([0.0, *waits])

    def failed(self, nip: str, address: str, device_id: str | None = None) -> None:
        """Count one wrong password (memory stays bounded: stale keys are pruned as it grows)."""
        if len(self._state) > _PRUNE_ABOVE:
            self.prune()
        now = self._clock()
        with self._lock:
            keys = self._keys(nip, address, device_id)
            if device_id is None and self._live(("pair", nip, address), now) is not None:
                keys.remove(("nip", nip))  # this address already counted for this NIP
            for key in keys:
                state = self._live(key, now) or _State(failures=0, until=now)
                state.failures += 1
                state.until = now + self._rules[key[0]].wait_after(state.failures)
                self._state[key] = state

    def succeeded(self, nip: str, address: str, device_id: str | None = None) -> None:
        """A correct password: forget this NIP's failures from this address, or, for a known
        device, that device's own (not the failures of others at its address)."""
        with self._lock:
            key = ("dev", nip, device_id) if device_id is not None else ("pair", nip, address)
            self._state.pop(key, None)

    def forget_nip(self, nip: str) -> None:
        """Forget every count about ``nip`` (an admin just set a new password for it)."""
        with self._lock:
            for key in [k for k in self._state if k[0] != "addr" and k[1] == nip]:
                del self._state[key]

    def prune(self) -> None:
        """Drop forgotten keys; past ``_MAX_KEYS`` live ones, the ones whose wait ends first."""
        now = self._clock()
        with self._lock:
            for key in list(self._state):
                self._live(key, now)
            if len(self._state) > _MAX_KEYS:
                by_end = sorted(self._state, key=lambda k: self._state[k].until)
                for key in by_end[: len(self._state) - _MAX_KEYS]:
                    del self._state[key]
