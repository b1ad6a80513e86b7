"""Password hashing, device tokens and login throttling."""

from __future__ import annotations

import pytest

from server.security import (
    LoginThrottle,
    Passwords,
    ThrottleRule,
    hash_token,
    new_token,
    parse_bearer,
)
from tests.unit.server.conftest import FakeClock, fast_passwords


def test_hashes_are_argon2id_and_salted() -> None:
    pw = fast_passwords()
    first, second = pw.hash("rahasia"), pw.hash("rahasia")
    assert first.startswith("$argon2id$")
    assert first != second
    assert "rahasia" not in first


def test_verify() -> None:
    pw = fast_passwords()
    stored = pw.hash("rahasia")
    assert pw.verify(stored, "rahasia")
    assert not pw.verify(stored, "Rahasia")
    assert not pw.verify(None, "rahasia")  # no account: same work, still False
    assert not pw.verify("not-a-hash", "rahasia")


def test_needs_rehash_after_costs_rise() -> None:
    weak = fast_passwords().hash("rahasia")
    stronger = Passwords(time_cost=2, memory_kib=16, parallelism=1)
    assert stronger.needs_rehash(weak)
    assert not stronger.needs_rehash(stronger.hash("rahasia"))
    assert stronger.needs_rehash("garbage")


def test_tokens() -> None:
    token = new_token()
    assert len(token) == 43
    assert token != new_token()
    digest = hash_token(token)
    assert len(digest) == 64
    assert token not in digest


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("Bearer abc", "abc"),
        ("Bearer  abc ", "abc"),
        ("bearer abc", None),
        ("Basic abc", None),
        ("Bearer ", None),
        ("Bearer " + "x" * 300, None),
        ("Bearer ñ", None),
        (None, None),
        ("", None),
    ],
)
def test_parse_bearer(header: str | None, expected: str | None) -> None:
    assert parse_bearer(header) == expected


def _throttle(clock: FakeClock) -> LoginThrottle:
    return LoginThrottle(
        per_nip=ThrottleRule(max_failures=5, window=900, lockout=600),
        per_address=ThrottleRule(max_failures=8, window=900, lockout=600),
        clock=clock,
    )


def test_five_failures_lock_the_nip(clock: FakeClock) -> None:
    throttle = _throttle(clock)
    for _ in range(4):
        throttle.failed("n1", "1.1.1.1")
    assert throttle.locked_for("n1", "1.1.1.1") == 0
    throttle.failed("n1", "1.1.1.1")
    assert throttle.locked_for("n1", "2.2.2.2") == 600  # the NIP is locked from anywhere
    assert throttle.locked_for("n2", "3.3.3.3") == 0
    clock.advance(599)
    assert throttle.locked_for("n1", "2.2.2.2") == 1
    clock.advance(1)
    assert throttle.locked_for("n1", "2.2.2.2") == 0


def test_failures_outside_the_window_do_not_count(clock: FakeClock) -> None:
    throttle = _throttle(clock)
    for _ in range(4):
        throttle.failed("n1", "a")
    clock.advance(901)
    throttle.failed("n1", "b")
    assert throttle.locked_for("n1", "c") == 0


def test_success_clears_the_nip_but_not_the_address(clock: FakeClock) -> None:
    throttle = _throttle(clock)
    for i in range(4):
        throttle.failed("n1", "a")
        throttle.failed(f"other{i}", "a")
    throttle.succeeded("n1")
    throttle.failed("n1", "b")
    assert throttle.locked_for("n1", "b") == 0
    assert throttle.locked_for("n9", "a") == 600  # 8 failures from one address


def test_prune_forgets_old_state(clock: FakeClock) -> None:
    throttle = _throttle(clock)
    for _ in range(5):
        throttle.failed("n1", "a")
    clock.advance(1000)
    throttle.prune()
    assert throttle.locked_for("n1", "a") == 0
