"""Throttling of failed logins with growing waits.

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
address's or the NIP's counts. Where the counts live is a :class:`ThrottleState`
(:mod:`server.security.throttle_state`): the server keeps them in its database, so every server
process over it counts the same failures (N processes do not give N times the tries) and a
restart forgets none; the default, for a throttle on its own, is this process's memory.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from server.security.throttle_state import Count, Key, MemoryThrottleState, ThrottleState

__all__ = ["Backoff", "LoginThrottle"]

_PRUNE_ABOVE = 10_000
_MAX_KEYS = 100_000


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
        state: ThrottleState | None = None,
    ) -> None:
        self._rules = {"pair": per_pair, "addr": per_address, "nip": per_nip, "dev": per_device}
        self._clock = clock
        self._state: ThrottleState = state if state is not None else MemoryThrottleState()

    @staticmethod
    def _keys(nip: str, address: str, device_id: str | None) -> list[Key]:
        if device_id is not None:
            return [("dev", nip, device_id)]
        return [("pair", nip, address), ("addr", address), ("nip", nip)]

    def wait(self, nip: str, address: str, device_id: str | None = None) -> float:
        """Seconds before a login for ``nip`` from ``address`` may be tried (0: now).

        ``device_id`` is given only when the login proved it comes from that known device of
        ``nip``; then only that device's own failures count."""
        now = self._clock()
        with self._state.reading() as table:
            counts = table.get(self._keys(nip, address, device_id), now)
        return max([0.0, *(count.until - now for count in counts.values())])

    def failed(self, nip: str, address: str, device_id: str | None = None) -> None:
        """Count one wrong password (the state stays bounded: stale keys are pruned as it
        grows)."""
        now = self._clock()
        with self._state.writing() as table:
            if table.more_than(_PRUNE_ABOVE):
                table.prune(now, _MAX_KEYS)
            keys = self._keys(nip, address, device_id)
            counts = table.get(keys, now)
            if device_id is None and ("pair", nip, address) in counts:
                keys.remove(("nip", nip))  # this address already counted for this NIP
            for key in keys:
                rule = self._rules[key[0]]
                failures = (counts[key].failures if key in counts else 0) + 1
                until = now + rule.wait_after(failures)
                table.put(key, Count(failures, until), until + rule.forget)

    def succeeded(self, nip: str, address: str, device_id: str | None = None) -> None:
        """A correct password: forget this NIP's failures from this address, or, for a known
        device, that device's own (not the failures of others at its address)."""
        key = ("dev", nip, device_id) if device_id is not None else ("pair", nip, address)
        with self._state.reading() as table:
            if not table.get([key], self._clock()):
                return  # nothing to forget: no write (a login's usual case)
        with self._state.writing() as table:
            table.pop(key)

    def forget_nip(self, nip: str) -> None:
        """Forget every count about ``nip`` (an admin just set a new password for it)."""
        with self._state.writing() as table:
            table.forget_nip(nip)

    def prune(self) -> None:
        """Drop forgotten keys; past ``_MAX_KEYS`` live ones, the ones whose wait ends first."""
        now = self._clock()
        with self._state.writing() as table:
            table.prune(now, _MAX_KEYS)
