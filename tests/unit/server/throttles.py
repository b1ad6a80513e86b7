"""The login throttle the unit tests count against: a NIP and address pair waits after its
fifth failure, an address after its eighth, a NIP after failing from three addresses, a known
device after its fifth; waits start at 2 s, double up to 600 s, and a key is forgotten after
900 quiet seconds."""

from __future__ import annotations

from server.security import Backoff, LoginThrottle
from server.security.throttle_state import ThrottleState
from tests.fixtures.clock import FakeClock


def login_throttle(clock: FakeClock, state: ThrottleState | None = None) -> LoginThrottle:
    """The throttle over ``state`` (its own counts in memory by default)."""
    return LoginThrottle(
        per_pair=Backoff(free=5, base=2, cap=600, forget=900),
        per_address=Backoff(free=8, base=2, cap=600, forget=900),
        per_nip=Backoff(free=3, base=2, cap=600, forget=900),
        per_device=Backoff(free=5, base=2, cap=600, forget=900),
        clock=clock,
        state=state,
    )
