"""The deterministic demo-data generator for Kota Semarang.

``generate(seed)`` always returns the same dataset for the same arguments: units, employees with
valid and unique NIPs, accounts, HR grants, periods, SKPs whose RHK cascade into the supervisor's
SKP, and a few weeks of progress logs. ``generate(employees=15_000)`` is the scale mode for
benchmarks; it runs in seconds because it builds plain dicts and validates nothing twice.

People are believable (``shared_models.demo.careers``): the golongan follows from the TMT CPNS
in the NIP and the years of service, a functional position's jenjang (and so its name, "Perawat
Ahli Muda") from the golongan, a head of unit has the years the position's lowest grade needs,
nobody is past the retirement age, names follow the NIP's gender digit and a position held
only by women (Bidan) has a woman in it.

The random stream is the demo's identity: each person's NIP and name depend on every draw
before them, and the README, ``make run`` and the tests name demo people by NIP. So the draws
of ``_person`` keep their order and their shape, and a correction (a Bidan drawn as a man, a
head whose TMT is too recent, someone past retirement) draws from that person's own stream
(``_Builder.own``): only the corrected person changes.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import msgspec

from shared_models.demo.careers import (
    grade_index,
    jenjang_for,
    promoted,
    retirement_age,
    retires_on,
    years_of_service,
)
from shared_models.demo.jobs import JOBS, Job
from shared_models.demo.names import person_name
from shared_models.demo.organisation import UnitPlan, blueprint
from shared_models.enums import EmployeeKind, Jenjang
from shared_models.ids import uuid7
from shared_models.kinds import RecordKind
from shared_models.nip import make_nip, parse_nip

__all__ = [
    "DEFAULT_EMPLOYEES",
    "DEFAULT_TODAY",
    "DEMO_PASSWORD",
    "DemoAccount",
    "DemoDataset",
    "DemoGrant",
    "DemoRecord",
    "generate",
]

DEMO_PASSWORD = "semarang-kinerja"  # every demo account; documented in the README
DEFAULT_EMPLOYEES = 85
DEFAULT_TODAY = dt.date(2026, 11, 27)

_BERAKHLAK_EXPECTATIONS = {
    "berorientasi_pelayanan": "Melayani warga dengan ramah dan tuntas pada hari yang sama",
    "akuntabel": "Melaporkan capaian kerja tepat waktu dengan bukti yang sah",
    "kompeten": "Mengikuti minimal satu pengembangan kompetensi setiap semester",
    "harmonis": "Menjaga suasana kerja yang saling menghargai di unit",
    "loyal": "Menjaga kerahasiaan data pasien, murid dan warga",
    "adaptif": "Menggunakan aplikasi layanan terbaru tanpa menunda pekerjaan",
    "kolaboratif": "Berbagi data dan membantu rekan lintas unit saat dibutuhkan",
}


# birth years by jabatan kind: heads of units are older than their staff
_BORN = {
    "jpt_pratama": (1966, 1976),
    "administrator": (1968, 1982),
    "pengawas": (1970, 1988),
}
_STAFF_BORN = (1968, 1998)
_HEAD_BORN = (1966, 1984)  # a head drawn again: old enough for the position's lowest grade


class DemoRecord(msgspec.Struct, frozen=True, kw_only=True):
    """One record of the dataset: its kind, id, owner (NIP, or "" for master data) and content."""

    kind: RecordKind
    id: str
    owner: str
    fields: dict[str, Any]


class DemoAccount(msgspec.Struct, frozen=True, kw_only=True):
    """A login of the demo data, for the README, scripts and tests."""

    nip: str
    name: str
    role: str
    jabatan: str
    unit_name: str
    supervisor_nip: str | None
    password: str


class DemoGrant(msgspec.Struct, frozen=True, kw_only=True):
    """A role granted to an employee: admin_bkpp (the city), admin_opd (one OPD), or
    pemutus_keberatan (decides keberatan against the ratings of the Sekda)."""

    nip: str
    role: str
    unit_id: str


class DemoDataset(msgspec.Struct, frozen=True, kw_only=True):
    """Everything the generator makes. ``records`` holds periods, SKPs and progress logs."""

    seed: int
    today: dt.date
    units: list[DemoRecord]
    employees: list[DemoRecord]
    accounts: list[DemoAccount]
    grants: list[DemoGrant]
    records: list[DemoRecord]

    def account(self, *, jabatan_prefix: str = "", role: str | None = None) -> DemoAccount:
        """The first account whose jabatan starts with ``jabatan_prefix`` (and has ``role``)."""
        for acc in self.accounts:
            if acc.jabatan.startswith(jabatan_prefix) and role in (None, acc.role):
                return acc
        raise LookupError(f"no demo account with jabatan {jabatan_prefix!r} and role {role!r}")


@dataclass(slots=True)
class _Person:
    nip: str
    name: str
    job: Job
    jabatan: str
    unit: UnitPlan
    supervisor: _Person | None
    kind: str = "pns"
    golongan: str = ""
    jenjang: str | None = None
    skp_id: str = ""
    rhk_ids: list[str] = field(default_factory=list)
    indicators: list[tuple[str, str]] = field(default_factory=list)  # (indicator id, unit)


class _Builder:
    """Holds the random generator and the clock of one generation run."""

    def __init__(self, seed: int, today: dt.date) -> None:
        self.seed = seed
        self.rng = random.Random(seed)
        self.today = today
        self.ms = int(dt.datetime(today.year, 1, 2, tzinfo=dt.UTC).timestamp() * 1000)
        self.nips: set[str] = set()
        self.names: set[str] = set()

    def new_id(self) -> str:
        self.ms += 1
        return uuid7(self.ms, self.rng.randbytes(10))

    def nip(self, gender: int, born: tuple[int, int], kind: str) -> str:
        """A new, unique NIP (or NI PPPK, whose digits 13-14 are the series code 21)."""
        rng = self.rng
        while True:
            birth = dt.date(rng.randint(*born), rng.randint(1, 12), rng.randint(1, 28))
            if kind == "pppk":
                tmt_year, tmt_month = rng.randint(2022, 2024), 21
            else:
                tmt_year = min(birth.year + rng.randint(22, 30), self.today.year - 1)
                tmt_month = rng.choice((1, 2, 3, 4, 12))
            serial = rng.randint(1, 999)
            nip = make_nip(birth, tmt_year, tmt_month, gender, serial, EmployeeKind(kind))
            if nip not in self.nips:
                self.nips.add(nip)
                return nip

    def own(self, nip: str) -> random.Random:
        """The stream of one person's corrections: it leaves the main stream as it was."""
        return random.Random(f"{self.seed}:{nip}")

    def replace(self, old: str, kind: str, rng: random.Random, **parts: Any) -> str:
        """A new, unique NIP instead of ``old``, keeping the parts not given (``birth``,
        ``tmt``: (year, month), ``gender``); a clash draws another serial from ``rng``."""
        parsed = parse_nip(old, EmployeeKind(kind))
        birth = parts.get("birth", parsed.birth_date)
        tmt = parts.get("tmt", parsed.tmt)
        gender = parts.get("gender", int(parsed.gender))
        serial = parsed.serial
        while True:
            nip = make_nip(birth, tmt[0], tmt[1], gender, serial, parsed.kind)
            if nip not in self.nips:
                self.nips.discard(old)
                self.nips.add(nip)
                return nip
            serial = rng.randint(1, 999)


def generate(
    seed: int = 2026,
    employees: int | None = None,
    *,
    today: dt.date = DEFAULT_TODAY,
    log_days: int = 21,
) -> DemoDataset:
    """Build the demo dataset; ``employees`` switches to the scale mode (whole-city size)."""
    total = DEFAULT_EMPLOYEES if employees is None else employees
    if employees is None:
        plans = blueprint(puskesmas=4, schools=4, kecamatan=1)
    else:
        plans = blueprint(puskesmas=38, schools=max(4, total // 40), kecamatan=16)
    heads = sum(1 for p in plans if p.head_job)
    if total < heads:
        raise ValueError(f"at least {heads} employees are needed to fill every head of unit")
    b = _Builder(seed, today)
    unit_ids = {p.key: b.new_id() for p in plans}
    people = _people(b, plans, total)
    units = [_unit_record(p, unit_ids, people) for p in plans]
    employee_records = [_employee_record(b, person, unit_ids) for person in people]
    records = _period_records(b, today.year)
    for person in people:  # supervisors come first, so every cascade target exists
        records.append(_skp_record(b, person, today.year))
    on_leave = next((p for p in people if p.job.key == "perawat" and p.supervisor), None)
    leave_days = _demo_leave_days(today)
    for person in people:
        records.extend(
            _log_records(b, person, log_days, leave_days if person is on_leave else frozenset())
        )
    if on_leave is not None:  # ids drawn last: everything before stays as it was
        records.append(_leave_record(b, on_leave, leave_days))
    grants = _grants(plans, people, unit_ids)
    granted = {g.nip: g.role for g in grants}
    supervisors = {p.supervisor.nip for p in people if p.supervisor}
    accounts = [
        DemoAccount(
            nip=p.nip,
            name=p.name,
            role=granted.get(p.nip, "pejabat_penilai" if p.nip in supervisors else "pegawai"),
            jabatan=p.jabatan,
            unit_name=p.unit.name,
            supervisor_nip=p.supervisor.nip if p.supervisor else None,
            password=DEMO_PASSWORD,
        )
        for p in people
    ]
    grants += _decider_grant(plans, people, unit_ids)
    return DemoDataset(
        seed=seed,
        today=today,
        units=units,
        employees=employee_records,
        accounts=accounts,
        grants=grants,
        records=records,
    )


def _people(b: _Builder, plans: list[UnitPlan], total: int) -> list[_Person]:
    """Heads of units in blueprint order, then staff spread over units by weight."""
    head_of: dict[str, _Person] = {}
    people: list[_Person] = []
    sekda: _Person | None = None
    by_key = {p.key: p for p in plans}
    for plan in plans:
        if not plan.head_job:
            continue
        supervisor = _head_above(plan, by_key, head_of) or sekda
        person = _person(b, plan.head_job, plan.head_title, plan, supervisor)
        if plan.head_job == "sekda":
            sekda = person
        head_of[plan.key] = person
        people.append(person)
    tokens = [p for p in plans for _ in range(p.weight)]
    tokens = sorted(tokens, key=lambda p: b.rng.random())  # interleave units
    counters: dict[str, int] = {}
    i = 0
    while len(people) < total:
        plan = tokens[i % len(tokens)]
        i += 1
        n = counters.get(plan.key, 0)
        counters[plan.key] = n + 1
        job = JOBS[plan.staff_jobs[n % len(plan.staff_jobs)]]
        people.append(_person(b, job.key, job.jabatan_name, plan, head_of[plan.key]))
    return people


def _head_above(
    plan: UnitPlan, by_key: dict[str, UnitPlan], head_of: dict[str, _Person]
) -> _Person | None:
    parent = plan.parent
    while parent is not None:
        if parent in head_of:
            return head_of[parent]
        parent = by_key[parent].parent
    return None


def _person(
    b: _Builder, job_key: str, jabatan: str, unit: UnitPlan, supervisor: _Person | None
) -> _Person:
    job = JOBS[job_key]
    # the main stream's draws, in their order and shape (see the module docstring)
    gender = b.rng.choice((1, 2))
    kind = "pppk" if job_key == "guru" and b.rng.random() < 0.25 else "pns"  # new teachers
    nip = b.nip(gender, _BORN.get(job.jabatan_kind, _STAFF_BORN), kind)
    name = person_name(b.rng, gender, prefix=job.prefix, suffix=job.suffix)
    pace = b.rng.choice(job.career.paces) if kind == "pns" else 0
    own = b.own(nip)
    if job.gender is not None and gender != job.gender:
        gender = job.gender
        nip = b.replace(nip, kind, own, gender=gender)
        name = person_name(own, gender, prefix=job.prefix, suffix=job.suffix)
        while name in b.names:  # a name of its own, like the main stream's so far
            name = person_name(own, gender, prefix=job.prefix, suffix=job.suffix)
    b.names.add(name)
    nip, golongan, jenjang = _career(b, own, job, nip, kind, pace)
    if jenjang is not None and jabatan == job.jabatan_name:
        jabatan = f"{jabatan} {jenjang.label}"
    return _Person(
        nip=nip,
        name=name,
        job=job,
        jabatan=jabatan,
        unit=unit,
        supervisor=supervisor,
        kind=kind,
        golongan=golongan,
        jenjang=None if jenjang is None else jenjang.value,
    )


def _career(
    b: _Builder, own: random.Random, job: Job, nip: str, kind: str, pace: int
) -> tuple[str, str, Jenjang | None]:
    """(NIP, golongan, jenjang) of someone in ``job``: the golongan from the years since the
    TMT CPNS, the jenjang from the golongan. A NIP that does not fit (a head whose TMT is too
    recent for the position's lowest grade, someone past the retirement age on ``today``) is
    drawn again from ``own``, keeping the gender."""
    career = job.career
    while True:
        parsed = parse_nip(nip, EmployeeKind(kind))
        if kind == "pppk":  # PPPK teachers: golongan IX, the first step of the ladder
            golongan, jenjang = "IX", Jenjang.AHLI_PERTAMA if job.ladder else None
            fits = True
        else:
            years = years_of_service(parsed.tmt, b.today)
            golongan = promoted(career.entry, career.ceiling, years, pace)
            jenjang = jenjang_for(job.ladder, golongan) if job.ladder else None
            reached = grade_index(career.entry) + years // pace
            fits = career.lowest is None or reached >= grade_index(career.lowest)
        age = retirement_age(jabatan_kind=job.jabatan_kind, jenjang=jenjang, teacher=job.teacher)
        if fits and b.today < retires_on(parsed.birth_date, age):
            return nip, golongan, jenjang
        nip = _redraw(b, own, job, nip, kind)


def _redraw(b: _Builder, own: random.Random, job: Job, nip: str, kind: str) -> str:
    """Another birth date and TMT for ``nip``'s holder, from their own stream."""
    low, high = _HEAD_BORN if job.career.lowest else _BORN.get(job.jabatan_kind, _STAFF_BORN)
    birth = dt.date(own.randint(low, high), own.randint(1, 12), own.randint(1, 28))
    if kind == "pppk":
        tmt = (own.randint(2022, 2024), 21)
    else:
        tmt = (min(birth.year + own.randint(22, 30), b.today.year - 1), own.randint(1, 12))
    return b.replace(nip, kind, own, birth=birth, tmt=tmt)


def _unit_record(plan: UnitPlan, unit_ids: dict[str, str], people: list[_Person]) -> DemoRecord:
    head = next((p.nip for p in people if p.unit is plan and p.job.key == plan.head_job), None)
    opd = plan.key if plan.kind in ("perangkat_daerah", "kecamatan", "pemkot") else None
    if opd is None:
        opd = _opd_key(plan)
    fields = {
        "code": plan.code,
        "name": plan.name,
        "kind": plan.kind,
        "parent_id": unit_ids[plan.parent] if plan.parent else None,
        "head_nip": head,
        "opd_id": unit_ids[opd],
    }
    return DemoRecord(kind=RecordKind.UNIT, id=unit_ids[plan.key], owner="", fields=fields)


def _opd_key(plan: UnitPlan) -> str:
    """Units below an OPD name it by prefix of their key (``dinkes_yankes`` -> ``dinkes``)."""
    if plan.kind in ("puskesmas",):
        return "dinkes"
    if plan.kind == "sekolah":
        return "disdik"
    return plan.key.split("_", 1)[0]


def _employee_record(b: _Builder, p: _Person, unit_ids: dict[str, str]) -> DemoRecord:
    fields = {
        "nip": p.nip,
        "name": p.name,
        "kind": p.kind,
        "golongan": p.golongan,
        "jabatan_name": p.jabatan,
        "jabatan_kind": p.job.jabatan_kind,
        "jenjang": p.jenjang,
        "unit_id": unit_ids[p.unit.key],
        "supervisor_nip": p.supervisor.nip if p.supervisor else None,
        "active": True,
    }
    return DemoRecord(kind=RecordKind.EMPLOYEE, id=b.new_id(), owner="", fields=fields)


def _period_records(b: _Builder, year: int) -> list[DemoRecord]:
    records = [
        _period(b, f"{year}", year, "tahunan", 1, dt.date(year, 1, 1), dt.date(year, 12, 31))
    ]
    for q in range(1, 5):
        first = dt.date(year, 3 * q - 2, 1)
        last = dt.date(year, 12, 31) if q == 4 else dt.date(year, 3 * q + 1, 1) - dt.timedelta(1)
        records.append(_period(b, f"{year}-T{q}", year, "triwulan", q, first, last))
    return records


def _period(
    b: _Builder, code: str, year: int, kind: str, number: int, first: dt.date, last: dt.date
) -> DemoRecord:
    fields = {
        "code": code,
        "year": year,
        "kind": kind,
        "number": number,
        "first_day": first.isoformat(),
        "last_day": last.isoformat(),
        "open": True,
    }
    return DemoRecord(kind=RecordKind.PERIOD, id=b.new_id(), owner="", fields=fields)


def _skp_record(b: _Builder, p: _Person, year: int) -> DemoRecord:
    p.skp_id = b.new_id()
    parents = p.supervisor.rhk_ids if p.supervisor else []
    rhk_list = []
    for n, template in enumerate(p.job.rhk):
        rhk_id = b.new_id()
        p.rhk_ids.append(rhk_id)
        indicators = []
        for ind in template.indicators:
            ind_id = b.new_id()
            p.indicators.append((ind_id, ind.unit))
            indicators.append(
                {
                    "id": ind_id,
                    "aspect": ind.aspect,
                    "text": ind.text,
                    "target_value": ind.target,
                    "target_unit": ind.unit,
                }
            )
        rhk_list.append(
            {
                "id": rhk_id,
                "kind": template.kind,
                "text": template.text,
                "parent_rhk_id": parents[n % len(parents)] if parents else None,
                "indicators": indicators,
            }
        )
    status = "disetujui"
    if p.unit.key == "pkm0" and p.job.key == "perawat" and b.rng.random() < 0.5:
        status = "diajukan"  # a couple of drafts waiting for the Kepala Puskesmas
    fields = {
        "employee_nip": p.nip,
        "year": year,
        "approach": "kuantitatif",
        "status": status,
        "supervisor_nip": p.supervisor.nip if p.supervisor else None,
        "rhk": rhk_list,
        "perilaku": [
            {"value": value, "ekspektasi_khusus": text}
            for value, text in _BERAKHLAK_EXPECTATIONS.items()
        ],
        "lampiran": {
            "dukungan_sumber_daya": f"Sarana dan anggaran {p.unit.name}",
            "skema_pertanggungjawaban": "Laporan capaian triwulanan kepada pejabat penilai",
            "konsekuensi": "Sesuai ketentuan penilaian kinerja ASN",
        },
        "return_note": "",
    }
    return DemoRecord(kind=RecordKind.SKP, id=p.skp_id, owner=p.nip, fields=fields)


def _demo_leave_days(today: dt.date) -> frozenset[dt.date]:
    """Two working days a week before ``today``: the demo's recorded cuti."""
    day = today - dt.timedelta(days=7)
    while day.weekday() >= 4:  # start Monday-Thursday, so two working days follow in a row
        day -= dt.timedelta(days=1)
    return frozenset({day, day + dt.timedelta(days=1)})


def _leave_record(b: _Builder, p: _Person, days: frozenset[dt.date]) -> DemoRecord:
    fields = {
        "employee_nip": p.nip,
        "kind": "cuti_tahunan",
        "start": min(days).isoformat(),
        "end": max(days).isoformat(),
        "note": "Cuti tahunan (data demo)",
    }
    return DemoRecord(kind=RecordKind.LEAVE, id=b.new_id(), owner=p.nip, fields=fields)


def _log_records(
    b: _Builder, p: _Person, days: int, leave: frozenset[dt.date] = frozenset()
) -> Iterator[DemoRecord]:
    """A few weeks of entries for people whose job has field work (none on days of leave)."""
    if not p.job.log_texts or p.supervisor is None:
        return
    rhk, ind = p.job.log_indicator
    indicator_id, unit = p.indicators[sum(len(r.indicators) for r in p.job.rhk[:rhk]) + ind]
    for back in range(days, 0, -1):
        day = b.today - dt.timedelta(days=back)
        if day.weekday() >= 5 or b.rng.random() < 0.4:
            continue
        start = b.rng.choice((7, 8, 9, 10, 13))
        fields = {
            "employee_nip": p.nip,
            "skp_id": p.skp_id,
            "indicator_id": indicator_id,
            "date": day.isoformat(),
            "start_time": f"{start:02d}:00",
            "end_time": f"{start + b.rng.choice((1, 2)):02d}:30",
            "value": float(b.rng.randint(*p.job.log_value)),
            "unit": unit,
            "description": b.rng.choice(p.job.log_texts),
            "evidence": [],
            "place": p.unit.name,
        }
        record_id = b.new_id()  # drawn even on a day of leave: the ids after it stay the same
        if day in leave:
            continue
        yield DemoRecord(kind=RecordKind.PROGRESS_LOG, id=record_id, owner=p.nip, fields=fields)


def _decider_grant(
    plans: list[UnitPlan], people: list[_Person], unit_ids: dict[str, str]
) -> list[DemoGrant]:
    """Who decides keberatan against the Sekda's ratings: in the demo, the Kepala Bidang
    Penilaian Kinerja dan Penghargaan of BKPP, as the Wali Kota's delegate (BKPP sets it with
    PUT /api/v1/admin/objection-decider); not rated by the Sekda, so never deciding their own."""
    plan = next((p for p in plans if p.key == "bkpp_pk"), None)
    head = None
    for person in people:
        if plan is not None and person.unit is plan and person.job.key == plan.head_job:
            head = person
            break
    if head is None:
        return []
    return [DemoGrant(nip=head.nip, role="pemutus_keberatan", unit_id=unit_ids["pemkot"])]


def _grants(
    plans: list[UnitPlan], people: list[_Person], unit_ids: dict[str, str]
) -> list[DemoGrant]:
    grants = []
    for plan in plans:
        if plan.admin_role is None:
            continue
        staff = next(p for p in people if p.unit is plan and p.job.key != plan.head_job)
        opd = _opd_key(plan)
        target = "pemkot" if plan.admin_role == "admin_bkpp" else opd
        grants.append(DemoGrant(nip=staff.nip, role=plan.admin_role, unit_id=unit_ids[target]))
    return grants
