"""Password hashing, device tokens and login throttling."""

from __future__ import annotations

import pytest

from server.security import (
    Backoff,
    Passwords,
    TrustedProxies,
    hash_token,
    new_token,
    parse_bearer,
)
from server.settings import Settings
from tests.fixtures.clock import FakeClock
from tests.fixtures.passwords import fast_passwords
from tests.unit.server.throttles import login_throttle


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


def test_backoff_doubles_up_to_the_cap() -> None:
    rule = Backoff(free=3, base=2, cap=60, forget=900)
    assert [rule.wait_after(n) for n in range(1, 10)] == [0, 0, 2, 4, 8, 16, 32, 60, 60]
    assert rule.wait_after(10_000) == 60


def test_waits_grow_per_nip_and_address_and_never_spill_to_another_address(
    clock: FakeClock,
) -> None:
    throttle = login_throttle(clock)
    for _ in range(4):
        throttle.failed("n1", "1.1.1.1")
    assert throttle.wait("n1", "1.1.1.1") == 0
    throttle.failed("n1", "1.1.1.1")
    assert throttle.wait("n1", "1.1.1.1") == 2
    assert throttle.wait("n1", "2.2.2.2") == 0  # the same NIP from elsewhere: no wait
    clock.advance(2)
    throttle.failed("n1", "1.1.1.1")
    assert throttle.wait("n1", "1.1.1.1") == 4
    clock.advance(4)
    throttle.failed("n1", "1.1.1.1")
    assert throttle.wait("n1", "1.1.1.1") == 8
    assert throttle.wait("n2", "3.3.3.3") == 0


def test_a_known_device_waits_only_for_its_own_failures(clock: FakeClock) -> None:
    throttle = login_throttle(clock)
    for i in range(40):  # the NIP from many addresses, and one address for many NIPs
        throttle.failed("n1", f"10.0.0.{i}")
        throttle.failed(f"other{i}", "10.0.0.1")
    assert throttle.wait("n1", "10.0.0.1") > 0
    assert throttle.wait("n1", "192.168.1.9") > 0  # a new device of n1: the NIP waits
    assert throttle.wait("n1", "10.0.0.1", "d7") == 0  # its known device: never
    for _ in range(5):
        throttle.failed("n1", "10.0.0.1", "d7")
    assert throttle.wait("n1", "10.0.0.1", "d7") == 2
    assert throttle.wait("n1", "10.0.0.1", "d8") == 0  # another device of n1


def test_the_nip_counts_each_address_once(clock: FakeClock) -> None:
    throttle = login_throttle(clock)
    for _ in range(30):  # one address: only its pair and address keys grow
        throttle.failed("n1", "a")
    assert throttle.wait("n1", "b") == 0
    for address in ("b", "c"):
        throttle.failed("n1", address)
    assert throttle.wait("n1", "d") == 2  # three addresses failed for n1


def test_quiet_keys_are_forgotten(clock: FakeClock) -> None:
    throttle = login_throttle(clock)
    for _ in range(4):
        throttle.failed("n1", "a")
    clock.advance(901)
    throttle.failed("n1", "a")
    assert throttle.wait("n1", "a") == 0


def test_success_clears_the_pair_but_not_the_address(clock: FakeClock) -> None:
    throttle = login_throttle(clock)
    for i in range(4):
        throttle.failed("n1", "a")
        throttle.failed(f"other{i}", "a")
    throttle.succeeded("n1", "a")
    throttle.failed("n1", "a")
    assert throttle.wait("n1", "a") == 4  # 9 failures from one address: 8 free, 2 s, 4 s
    assert throttle.wait("n9", "a") == 4


def test_forget_nip_after_an_admin_reset(clock: FakeClock) -> None:
    throttle = login_throttle(clock)
    for i in range(10):
        throttle.failed("n1", f"a{i % 3}")
        throttle.failed("n1", "b", "d1")
    throttle.forget_nip("n1")
    assert throttle.wait("n1", "a0") == 0
    assert throttle.wait("n1", "b", "d1") == 0


def test_prune_forgets_old_state(clock: FakeClock) -> None:
    throttle = login_throttle(clock)
    for _ in range(5):
        throttle.failed("n1", "a")
    clock.advance(1000)
    throttle.prune()
    assert throttle.wait("n1", "a") == 0


def _proxies(value: str) -> TrustedProxies:
    return TrustedProxies(Settings(trusted_proxies=value).check().trusted_networks())


def test_no_trusted_proxy_means_the_peer_is_the_client() -> None:
    proxies = _proxies("")
    assert not proxies
    assert proxies.client("127.0.0.1", ["6.6.6.6"]) == "127.0.0.1"
    assert proxies.client(None, ["6.6.6.6"]) == "unknown"


@pytest.mark.parametrize(
    ("peer", "forwarded", "client"),
    [
        ("10.0.0.5", ["1.2.3.4"], "1.2.3.4"),
        ("10.0.0.5", ["6.6.6.6, 1.2.3.4"], "1.2.3.4"),  # what the client wrote stays left
        ("10.0.0.5", ["6.6.6.6", "1.2.3.4, 10.1.2.3"], "1.2.3.4"),  # two proxies of ours
        ("10.0.0.5", ["1.2.3.4:5123"], "1.2.3.4"),
        ("10.0.0.5", ["[2001:db8::7]:443"], "2001:db8::7"),
        ("10.0.0.5", ["1.2.3.4, nonsense"], "10.0.0.5"),  # unreadable hop: stop at the proxy
        ("10.0.0.5", [], "10.0.0.5"),
        ("10.1.9.9", ["10.1.0.1"], "10.1.0.1"),  # only proxies: the leftmost
        ("192.168.1.1", ["1.2.3.4"], "192.168.1.1"),  # not a proxy of ours
    ],
)
def test_forwarded_for_is_read_only_from_trusted_proxies(
    peer: str, forwarded: list[str], client: str
) -> None:
    assert _proxies("10.0.0.5, 10.1.0.0/16").client(peer, forwarded) == client


def test_a_bad_trusted_proxy_is_refused_by_name() -> None:
    from server.errors import SetupError

    with pytest.raises(SetupError, match=r"'proxy\.local' bukan alamat IP"):
        Settings(trusted_proxies="10.0.0.1, proxy.local").check()
