"""The small organisation the benchmarks seed around their workloads, and how they seed it.

Dinas Kesehatan: the Kepala Dinas, the Kepala Puskesmas Pandanaran (the Pejabat Penilai) and two
nurses, every account with :data:`PASSWORD`. A benchmark adds its own people and records
(:func:`build`) and writes them with the server's own seeding (:func:`seed`), at tiny argon2id
costs. It has the shape ``server.seed.seed_dataset`` reads (``shared_models.demo.DemoDataset``'s).
The tests' dataset (``tests/unit/server/dataset.py``) is this organisation with more people.
"""

from __future__ import annotations

import pathlib
import time
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from server.security import Passwords
from server.seed import Dataset, seed_dataset
from server.storage import SqliteStorage, Storage
from shared_models.nip import make_nip

PASSWORD = "rahasia-123"


def person_nip(year: int, serial: int, gender: int = 1) -> str:
    """A valid NIP of someone born on 14 March ``year``, appointed 24 years later."""
    return make_nip(date(year, 3, 14), year + 24, 3, gender, serial)


KADINKES = person_nip(1970, 1)
KAPUS = person_nip(1978, 2)
NURSE = person_nip(1990, 3, 2)
NURSE2 = person_nip(1991, 4, 2)
PEMKOT, DINKES, PKM = "u-pemkot", "u-dinkes", "u-pkm"


@dataclass(frozen=True)
class Rec:
    kind: str
    id: str
    owner: str
    fields: dict[str, Any]


@dataclass(frozen=True)
class Acc:
    nip: str
    password: str = PASSWORD


@dataclass(frozen=True)
class Organisation:
    units: list[Rec]
    employees: list[Rec]
    accounts: list[Acc]
    grants: list[Any] = field(default_factory=list)
    records: list[Rec] = field(default_factory=list)


def unit_record(uid: str, name: str, kind: str, parent: str | None, opd: str | None) -> Rec:
    fields = {
        "code": uid.upper().replace("-", "_"),
        "name": name,
        "kind": kind,
        "parent_id": parent,
        "opd_id": opd,
    }
    return Rec("unit", uid, "", fields)


def employee(nip: str, name: str, unit: str, supervisor: str | None) -> Rec:
    return Rec("employee", f"e-{nip}", "", employee_fields(nip, name, unit, supervisor))


def employee_fields(nip: str, name: str, unit: str, supervisor: str | None) -> dict[str, Any]:
    return {
        "nip": nip,
        "name": name,
        "kind": "pns",
        "golongan": "III/a",
        "jabatan_name": "Pelaksana",
        "jabatan_kind": "pelaksana",
        "jenjang": None,
        "unit_id": unit,
        "supervisor_nip": supervisor,
        "active": True,
    }


PEOPLE = [
    (KADINKES, "dr. Bambang Santoso", DINKES, None),
    (KAPUS, "dr. Sri Lestari", PKM, KADINKES),
    (NURSE, "Dewi Rahayu", PKM, KAPUS),
    (NURSE2, "Siti Handayani", PKM, KAPUS),
]


def units() -> list[Rec]:
    """The city, Dinas Kesehatan and its Puskesmas Pandanaran."""
    return [
        unit_record(PEMKOT, "Pemerintah Kota Semarang", "pemkot", None, None),
        unit_record(DINKES, "Dinas Kesehatan", "perangkat_daerah", PEMKOT, DINKES),
        unit_record(PKM, "Puskesmas Pandanaran", "puskesmas", DINKES, DINKES),
    ]


def build(
    people: list[tuple[str, str, str, str | None]] | None = None, records: list[Rec] | None = None
) -> Organisation:
    """The organisation with ``people`` (NIP, name, unit, supervisor) besides its own, each with
    an account, and ``records``."""
    everyone = PEOPLE + (people or [])
    employees = [employee(nip, name, unit, boss) for nip, name, unit, boss in everyone]
    return Organisation(units(), employees, [Acc(p[0]) for p in everyone], [], records or [])


def open_storage(db: pathlib.Path, database_url: str = "") -> Storage:
    """The server's database: the SQLite file ``db``, or the PostgreSQL ``database_url``."""
    if database_url:
        from server.storage.postgres import PostgresStorage

        return PostgresStorage(database_url, pool_size=2)
    return SqliteStorage(db)


def seed(db: pathlib.Path, dataset: Dataset, database_url: str = "") -> None:
    """Create the server's database at ``db`` (or fill the empty PostgreSQL ``database_url``)
    holding ``dataset`` (an :class:`Organisation`, or the demo city), then close it."""
    storage = open_storage(db, database_url)
    try:
        seed_dataset(
            storage,
            dataset,
            passwords=Passwords(time_cost=1, memory_kib=8, parallelism=1),
            server_replica="s0",
            now=time.time(),
        )
    finally:
        storage.close()


def log_fields(
    owner: str, value: float = 2, *, evidence: list[str] | None = None
) -> dict[str, Any]:
    """Valid progress-log content of ``owner``."""
    return {
        "employee_nip": owner,
        "skp_id": "0190a000-0000-7000-8000-000000000001",
        "indicator_id": "0190a000-0000-7000-8000-000000000002",
        "date": "2026-11-20",
        "value": value,
        "unit": "kunjungan",
        "description": "Pelayanan kunjungan rumah pasien hipertensi",
        "evidence": evidence or [],
    }
