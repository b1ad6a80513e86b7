from __future__ import annotations

import pytest

from sync import VectorRegression
from sync.vv import (
    Order,
    check_monotonic,
    compare,
    covers,
    decode,
    dominates,
    encode,
    fold,
    increment,
    merge,
)


@pytest.mark.parametrize(
    ("a", "b", "order"),
    [
        ({}, {}, Order.EQUAL),
        ({"a": 1}, {"a": 1}, Order.EQUAL),
        ({"a": 1, "b": 0}, {"a": 1}, Order.EQUAL),
        ({"a": 1}, {"a": 2}, Order.OLDER),
        ({}, {"a": 1}, Order.OLDER),
        ({"a": 2}, {"a": 1}, Order.NEWER),
        ({"a": 1, "b": 1}, {"a": 1}, Order.NEWER),
        ({"a": 2}, {"a": 1, "b": 1}, Order.CONCURRENT),
        ({"a": 1, "b": 2}, {"a": 2, "b": 1}, Order.CONCURRENT),
    ],
)
def test_compare_every_outcome(a: dict[str, int], b: dict[str, int], order: Order) -> None:
    assert compare(a, b) is order
    mirror = {Order.OLDER: Order.NEWER, Order.NEWER: Order.OLDER}.get(order, order)
    assert compare(b, a) is mirror


def test_merge_is_pointwise_max_and_dominates_both() -> None:
    a, b = {"a": 3, "b": 1}, {"b": 4, "c": 2}
    m = merge(a, b)
    assert m == {"a": 3, "b": 4, "c": 2}
    assert dominates(m, a)
    assert dominates(m, b)
    assert a == {"a": 3, "b": 1}  # arguments are not mutated


def test_increment_and_regression_names_the_replica() -> None:
    assert increment({"a": 1}, "a") == {"a": 2}
    assert increment({}, "d") == {"d": 1}
    assert increment({"d": 1}, "d", to=7) == {"d": 7}
    with pytest.raises(VectorRegression, match="replika d mundur dari 7 ke 3") as info:
        increment({"d": 7}, "d", to=3)
    assert info.value.replica == "d"


def test_check_monotonic() -> None:
    check_monotonic({"a": 1}, {"a": 1, "b": 2})
    with pytest.raises(VectorRegression) as info:
        check_monotonic({"a": 2, "b": 5}, {"a": 2, "b": 4})
    assert (info.value.replica, info.value.before, info.value.after) == ("b", 5, 4)


def test_covers() -> None:
    assert covers({"a": 3}, "a", 3)
    assert not covers({"a": 3}, "a", 4)
    assert not covers({}, "b", 1)


def test_encoding_is_compact_and_round_trips() -> None:
    vv = {"S": 12, "dev-7": 3}
    data = encode(vv)
    assert decode(data) == vv
    assert len(data) < 16
    assert encode({"b": 1, "a": 2}) == encode({"a": 2, "b": 1})


def test_decode_rejects_negative_counters() -> None:
    with pytest.raises(VectorRegression):
        decode(encode({"a": -1}))


def test_fold_drops_only_entries_at_their_final_counter() -> None:
    assert fold({"S": 9, "old": 4, "dev": 2}, {"old": 4}) == {"S": 9, "dev": 2}
    assert fold({"S": 9, "old": 3}, {"old": 4}) == {"S": 9, "old": 3}
    a, b = {"S": 9, "old": 4, "x": 1}, {"S": 8, "old": 4, "x": 2}
    assert compare(fold(a, {"old": 4}), fold(b, {"old": 4})) is compare(a, b)
