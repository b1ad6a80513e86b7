"""The login throttle's rules hold wherever its counts live: in memory, or in the database
(SQLite, PostgreSQL), where two throttles over one database (two server processes) share them.
The stored counts stay bounded as the in-memory ones do."""

from __future__ import annotations

import pathlib
from collections.abc import Callable, Iterator

import pytest

from server.security import throttle as throttle_module
from server.security.throttle_state import (
    MemoryThrottleState,
    StoredThrottleState,
    ThrottleState,
)
from server.storage import SqliteStorage, Storage
from server.storage.postgres import PostgresStorage
from tests.fixtures.clock import FakeClock
from tests.unit.server.throttles import login_throttle

States = Callable[[], ThrottleState]
"""Makes a state over the test's one store: each call is "another process" (in memory: the
same state, as threads of one process share it)."""


@pytest.fixture(params=["memory", "sqlite", "postgresql"])
def states(request: pytest.FixtureRequest, tmp_path: pathlib.Path) -> Iterator[States]:
    if request.param == "memory":
        shared = MemoryThrottleState()
        yield lambda: shared
        return
    opened: list[Storage] = []
    url = request.getfixturevalue("pg_url") if request.param == "postgresql" else ""

    def make() -> ThrottleState:
        storage: Storage
        storage = PostgresStorage(url, pool_size=2) if url else SqliteStorage(tmp_path / "t.db")
        opened.append(storage)
        return StoredThrottleState(storage)

    yield make
    for storage in opened:
        storage.close()


def test_waits_grow_and_quiet_keys_are_forgotten(states: States) -> None:
    clock = FakeClock()
    throttle = login_throttle(clock, states())
    for _ in range(4):
        throttle.failed("n1", "1.1.1.1")
    assert throttle.wait("n1", "1.1.1.1") == 0
    throttle.failed("n1", "1.1.1.1")
    assert throttle.wait("n1", "1.1.1.1") == 2
    assert throttle.wait("n1", "2.2.2.2") == 0  # the same NIP from elsewhere: no wait
    clock.advance(2)
    throttle.failed("n1", "1.1.1.1")
    assert throttle.wait("n1", "1.1.1.1") == 4
    clock.advance(4 + 901)  # quiet past the window: forgotten
    assert throttle.wait("n1", "1.1.1.1") == 0
    throttle.failed("n1", "1.1.1.1")
    assert throttle.wait("n1", "1.1.1.1") == 0  # counting from 1 again


def test_keys_of_nips_addresses_and_devices(states: States) -> None:
    clock = FakeClock()
    throttle = login_throttle(clock, states())
    for _ in range(30):  # one address: only its pair and address keys grow
        throttle.failed("n1", "a")
    assert throttle.wait("n1", "b") == 0
    for address in ("b", "c"):
        throttle.failed("n1", address)
    assert throttle.wait("n1", "d") == 2  # three addresses failed for n1
    assert throttle.wait("n1", "d", "d7") == 0  # its known device: never
    for _ in range(5):
        throttle.failed("n1", "d", "d7")
    assert throttle.wait("n1", "d", "d7") == 2
    assert throttle.wait("n1", "d", "d8") == 0
    throttle.succeeded("n1", "d", "d7")
    assert throttle.wait("n1", "d", "d7") == 0
    assert throttle.wait("n9", "a") > 0  # the address's count is not cleared by a success
    throttle.forget_nip("n1")
    assert throttle.wait("n1", "e") == 0
    assert throttle.wait("n1", "a") > 0  # the address "a" still waits (it sprayed)


def test_two_processes_count_one_set_of_failures(states: States) -> None:
    """Failures counted by one throttle make the other's login wait; a success at one clears
    the pair at both; an admin's reset at one is seen by the other."""
    clock = FakeClock()
    first, second = login_throttle(clock, states()), login_throttle(clock, states())
    for _ in range(2):
        first.failed("n1", "a")
        second.failed("n1", "a")
    assert first.wait("n1", "a") == second.wait("n1", "a") == 0
    second.failed("n1", "a")  # the fifth: alone each would have counted 2 and 3
    assert first.wait("n1", "a") == 2
    first.succeeded("n1", "a")
    assert second.wait("n1", "a") == 0
    for _ in range(5):
        first.failed("n1", "b", "d1")
    assert second.wait("n1", "b", "d1") == 2
    second.forget_nip("n1")
    assert first.wait("n1", "b", "d1") == 0


def test_the_counts_stay_bounded(states: States, monkeypatch: pytest.MonkeyPatch) -> None:
    """Past the prune threshold a failure prunes first: forgotten keys go, and past the cap
    the keys whose wait ends first; the newest waits stay."""
    monkeypatch.setattr(throttle_module, "_PRUNE_ABOVE", 6)
    monkeypatch.setattr(throttle_module, "_MAX_KEYS", 6)
    clock = FakeClock()
    state = states()
    throttle = login_throttle(clock, state)
    throttle.failed("old", "x")
    clock.advance(1000)  # forgotten
    for i in range(20):  # three keys a NIP and address: 60 without pruning
        for _ in range(5):
            throttle.failed(f"n{i}", f"a{i}")
        with state.reading() as table:
            assert not table.more_than(6 + 3)  # the cap, plus one failure's three keys
        clock.advance(1)
    assert throttle.wait("n19", "a19") > 0  # the newest wait stays
    assert throttle.wait("n0", "a0") == 0  # within its window, but past the cap it went
