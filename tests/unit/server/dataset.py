"""A small hand-built dataset with the shape of ``shared_models.demo.DemoDataset``.

Dinas Kesehatan (Kepala Dinas -> Kepala Puskesmas -> two nurses, plus the OPD's admin), BKPP
(the city's HR admin) and Dinas Pendidikan (a teacher, outside Dinkes).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from shared_models.nip import make_nip

PASSWORD = "rahasia-123"
OTHER_PASSWORD = "sandi-lain-456"


def _nip(year: int, serial: int, gender: int = 1) -> str:
    return make_nip(date(year, 3, 14), year + 24, 3, gender, serial)


KADINKES = _nip(1970, 1)
KAPUS = _nip(1978, 2)
NURSE = _nip(1990, 3, 2)
NURSE2 = _nip(1991, 4, 2)
ADMIN_DINKES = _nip(1985, 5)
BKPP = _nip(1975, 6)
TEACHER = _nip(1988, 7, 2)

PEMKOT, DINKES, PKM, BKPP_UNIT, DISDIK = "u-pemkot", "u-dinkes", "u-pkm", "u-bkpp", "u-disdik"


@dataclass(frozen=True)
class Rec:
    kind: str
    id: str
    owner: str
    fields: dict[str, Any]


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


def _unit(uid: str, name: str, kind: str, parent: str | None, opd: str | None) -> Rec:
    fields = {
        "code": uid.upper().replace("-", "_"),
        "name": name,
        "kind": kind,
        "parent_id": parent,
        "opd_id": opd,
    }
    return Rec(kind="unit", id=uid, owner="", fields=fields)


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
    (ADMIN_DINKES, "Agus Wibowo", DINKES, KADINKES),
    (BKPP, "Hendra Nugroho", BKPP_UNIT, None),
    (TEACHER, "Ratna Sari", DISDIK, None),
]


def build(records: list[Rec] | None = None) -> Dataset:
    """The dataset; every account has :data:`PASSWORD` except the teacher's."""
    units = [
        _unit(PEMKOT, "Pemerintah Kota Semarang", "pemkot", None, None),
        _unit(DINKES, "Dinas Kesehatan", "perangkat_daerah", PEMKOT, DINKES),
        _unit(PKM, "Puskesmas Pandanaran", "puskesmas", DINKES, DINKES),
        _unit(BKPP_UNIT, "BKPP", "perangkat_daerah", PEMKOT, BKPP_UNIT),
        _unit(DISDIK, "Dinas Pendidikan", "perangkat_daerah", PEMKOT, DISDIK),
    ]
    employees = [
        Rec(kind="employee", id=f"e-{nip}", owner="", fields=employee_fields(nip, n, u, s))
        for nip, n, u, s in PEOPLE
    ]
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
    return Dataset(units, employees, accounts, grants, records or [])


def log_fields(
    owner: str, *, evidence: list[str] | None = None, value: float = 2
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
