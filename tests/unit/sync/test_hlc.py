from __future__ import annotations

import pytest

from sync import ClockSkewError
from sync.hlc import logical, pack, physical, receive, tick


def test_pack_round_trip() -> None:
    ts = pack(1_700_000_000_000, 5)
    assert physical(ts) == 1_700_000_000_000
    assert logical(ts) == 5
    with pytest.raises(ValueError, match="logical counter"):
        pack(1, 1 << 16)


def test_tick_follows_the_wall_clock_and_never_goes_back() -> None:
    t1 = tick(0, 1000)
    assert t1 == pack(1000)
    assert tick(t1, 1000) == pack(1000, 1)
    assert tick(pack(1000, 1), 999) == pack(1000, 2)  # wall clock stepped back
    assert tick(pack(1000, 2), 2000) == pack(2000)


def test_receive_is_above_both() -> None:
    local, remote = pack(1000, 3), pack(1500, 7)
    t = receive(local, remote, 1200, max_skew_ms=60_000)
    assert t > local
    assert t > remote
    assert receive(local, pack(900), 5000) == pack(5000)


def test_receive_refuses_a_clock_too_far_ahead() -> None:
    with pytest.raises(ClockSkewError, match="Jam perangkat 120 detik lebih cepat") as info:
        receive(0, pack(1_000 + 120_000), 1_000, max_skew_ms=60_000)
    assert info.value.ahead_ms == 120_000
    assert info.value.max_skew_ms == 60_000
