"""Seeding a dataset: master data, accounts with one hash per distinct password, grants, records."""

from __future__ import annotations

import pathlib

import msgspec

from server.record_codec import from_stored
from server.security import Passwords
from server.seed import seed_dataset
from server.storage import AdminGrant, SqliteStorage
from shared_models.kinds import Role
from tests.fixtures.passwords import fast_passwords
from tests.unit.server import dataset as ds


class CountingPasswords(Passwords):
    def __init__(self) -> None:
        super().__init__(time_cost=1, memory_kib=8, parallelism=1)
        self.calls = 0

    def hash(self, password: str) -> str:
        self.calls += 1
        return super().hash(password)


def test_seed_writes_everything(tmp_path: pathlib.Path) -> None:
    log = ds.Rec(kind="progress_log", id="log-1", owner=ds.NURSE, fields=ds.log_fields(ds.NURSE))
    storage = SqliteStorage(tmp_path / "seed.db")
    passwords = CountingPasswords()
    try:
        summary = seed_dataset(
            storage, ds.build([log]), passwords=passwords, server_replica="s0", now=1000.0
        )
        with storage.read() as reader:
            assert reader.employee_count() == len(ds.PEOPLE)
            assert reader.unit(ds.PKM) is not None
            kapus = reader.employee(ds.KAPUS)
            assert kapus is not None
            assert kapus.supervisor_nip == ds.KADINKES
            account = reader.account(ds.NURSE)
            assert account is not None
            assert passwords.verify(account.password_hash, ds.PASSWORD)
            assert reader.admin_grants(ds.ADMIN_DINKES) == [
                AdminGrant(nip=ds.ADMIN_DINKES, role=Role.ADMIN_OPD, opd_id=ds.DINKES)
            ]
            assert reader.admin_grants(ds.BKPP) == [
                AdminGrant(nip=ds.BKPP, role=Role.ADMIN_BKPP, opd_id=None)
            ]
            row = reader.record("log-1")
            assert row is not None
            record = from_stored(row)
            unit_record = reader.record(ds.PKM)
    finally:
        storage.close()
    assert passwords.calls == 2  # two distinct passwords, seven accounts
    assert summary.employees == len(ds.PEOPLE)
    assert summary.records == 1
    assert summary.last_seq == 5 + len(ds.PEOPLE) + 1
    assert record.vv == {"s0": 1}
    assert record.author == "s0"
    assert record.fields == ds.log_fields(ds.NURSE)
    assert set(record.field_clocks) == set(record.fields)
    assert unit_record is not None
    assert unit_record.owner == ""


def test_seed_demo_generator_shape(tmp_path: pathlib.Path) -> None:
    from shared_models.demo import generate

    dataset = generate(seed=7)
    storage = SqliteStorage(tmp_path / "demo.db")
    try:
        summary = seed_dataset(
            storage, dataset, passwords=fast_passwords(), server_replica="s0", now=1.0
        )
        with storage.read() as reader:
            account = dataset.accounts[0]
            assert reader.account(account.nip) is not None
            assert reader.employee_count() == len(dataset.employees)
    finally:
        storage.close()
    assert summary.records == len(dataset.records)
    assert msgspec.to_builtins(summary)["grants"] == len(dataset.grants)
