"""A small hand-built dataset with the shape of ``shared_models.demo.DemoDataset``.

Dinas Kesehatan (Kepala Dinas -> Kepala Puskesmas -> two nurses, plus the OPD's admin), BKPP
(the city's HR admin) and Dinas Pendidikan (a teacher, outside Dinkes). The Dinkes people, units
and record contents are the benchmarks' organisation (``bench/dataset.py``); this adds the
others, each account's name and role, and the admins' grants.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from bench.dataset import (
    DINKES,
    KADINKES,
    KAPUS,
    NURSE,
    NURSE2,
    PASSWORD,
    PEMKOT,
    PKM,
    Rec,
    employee,
    employee_fields,
    log_fields,
    unit_record,
    units,
)
from bench.dataset import PEOPLE as _BENCH_PEOPLE
from bench.dataset import person_nip as _nip

__all__ = [
    "ADMIN_DINKES",
    "BKPP",
    "BKPP_UNIT",
    "DINKES",
    "DISDIK",
    "KADINKES",
    "KAPUS",
    "NURSE",
    "NURSE2",
    "OTHER_PASSWORD",
    "PASSWORD",
    "PEMKOT",
    "PEOPLE",
    "PKM",
    "TEACHER",
    "Acc",
    "Dataset",
    "Grant",
    "Rec",
    "build",
    "employee_fields",
    "log_fields",
]

OTHER_PASSWORD = "sandi-lain-456"

ADMIN_DINKES = _nip(1985, 5)
BKPP = _nip(1975, 6)
TEACHER = _nip(1988, 7, 2)

BKPP_UNIT, DISDIK = "u-bkpp", "u-disdik"


@dataclass(frozen=True)
class Acc:
    nip: str
    name: str
    role: str
    password: str


@dataclass(frozen=True)
class Grant:
    nip: str
    role: str
    unit_id: str


@dataclass(frozen=True)
class Dataset:
    units: list[Rec]
    employees: list[Rec]
    accounts: list[Acc]
    grants: list[Grant]
    records: list[Rec] = field(default_factory=list)


PEOPLE = [
    *_BENCH_PEOPLE,
    (ADMIN_DINKES, "Agus Wibowo", DINKES, KADINKES),
    (BKPP, "Hendra Nugroho", BKPP_UNIT, None),
    (TEACHER, "Ratna Sari", DISDIK, None),
]


def build(records: list[Rec] | None = None) -> Dataset:
    """The dataset; every account has :data:`PASSWORD` except the teacher's."""
    all_units = [
        *units(),
        unit_record(BKPP_UNIT, "BKPP", "perangkat_daerah", PEMKOT, BKPP_UNIT),
        unit_record(DISDIK, "Dinas Pendidikan", "perangkat_daerah", PEMKOT, DISDIK),
    ]
    employees = [employee(nip, n, u, s) for nip, n, u, s in PEOPLE]
    accounts = [
        Acc(
            nip=nip, name=n, role="pegawai", password=OTHER_PASSWORD if nip == TEACHER else PASSWORD
        )
        for nip, n, _, _ in PEOPLE
    ]
    grants = [
        Grant(nip=ADMIN_DINKES, role="admin_opd", unit_id=DINKES),
        Grant(nip=BKPP, role="admin_bkpp", unit_id=BKPP_UNIT),
    ]
    return Dataset(all_units, employees, accounts, grants, records or [])
