"""The storage interface in parts (server/storage/base.py): every method of Reader and Writer
belongs to exactly one part, and each part's SQL mixin implements its part (by name here; by
type in ``server/storage/sql_queries.py``, which mypy checks)."""

from __future__ import annotations

import inspect

import pytest

from server.storage import base
from server.storage.report_sql import ReportSql
from server.storage.sql_audit import AuditSql
from server.storage.sql_devices import DeviceSql
from server.storage.sql_evidence import EvidenceSql
from server.storage.sql_master import MasterSql
from server.storage.sql_records import RecordSql
from server.storage.sql_tombstones import TombstoneSql
from server.storage.state_sql import StateSql

PARTS = {
    "Master": MasterSql,
    "Device": DeviceSql,
    "Record": RecordSql,
    "Tombstone": TombstoneSql,
    "Evidence": EvidenceSql,
    "Audit": AuditSql,
    "Report": ReportSql,
    "State": StateSql,
}


def _own(protocol: type) -> set[str]:
    return {n for n in vars(protocol) if not n.startswith("_") and callable(vars(protocol)[n])}


def test_every_method_belongs_to_one_part() -> None:
    seen: dict[str, str] = {}
    for part in PARTS:
        for side in ("Reader", "Writer"):
            for name in _own(getattr(base, part + side)):
                assert name not in seen, f"{name} is in {seen[name]} and {part}{side}"
                seen[name] = part + side
    everything = {n for n, _ in inspect.getmembers(base.Writer, callable) if not n.startswith("_")}
    assert everything - seen.keys() == {"migrations", "lock_keys"}  # the whole store's


@pytest.mark.parametrize("part", sorted(PARTS))
def test_each_mixin_implements_its_part(part: str) -> None:
    mixin = PARTS[part]
    for side in ("Reader", "Writer"):
        missing = _own(getattr(base, part + side)) - set(dir(mixin))
        assert not missing, f"{mixin.__name__} lacks {sorted(missing)}"
