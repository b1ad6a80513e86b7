"""Pin the public surface so that it cannot drift unnoticed."""

from __future__ import annotations

import sync
from shared_models.kinds import RecordKind


def test_all_is_sorted_and_complete() -> None:
    names = sync.__all__

    # ruff's RUF022 order: SCREAMING_CASE, then CamelCase, then the rest
    def key(name: str) -> tuple[int, str]:
        group = 0 if name.isupper() else 1 if name[0].isupper() else 2
        return group, name

    assert names == sorted(names, key=key)
    assert all(hasattr(sync, n) for n in names)


def test_contract_names() -> None:
    assert sync.RecordKind is RecordKind
    for name in (
        "Record",
        "Change",
        "Conflict",
        "Relation",
        "reconcile",
        "Applied",
        "AlreadySeen",
        "Merged",
        "Rejected",
        "RejectReason",
        "integrate_pull",
        "uuid7",
    ):
        assert name in sync.__all__
    for module, names in (
        (sync.vv, ("compare", "merge", "increment", "dominates", "Order")),
        (sync.hlc, ("tick", "receive", "ClockSkewError")),
        (sync.tombstones, ("horizon", "can_drop", "needs_reset")),
        (sync.protocol, ("PROTOCOL_VERSION", "encode", "decode_request", "PullPage")),
    ):
        for name in names:
            assert hasattr(module, name), (module, name)
    assert sync.VectorRegression.__name__ == "VectorRegression"


def test_uuid7_is_deterministic() -> None:
    a = sync.uuid7(1_700_000_000_000, bytes(10))
    assert a == sync.uuid7(1_700_000_000_000, bytes(10))
    assert a[14] == "7"
