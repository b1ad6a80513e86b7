"""Invariants of the Kota Semarang demo-data generator."""

from __future__ import annotations

import datetime as dt
from collections import Counter

import msgspec
import pytest

from shared_models import EmployeeKind, validate_content
from shared_models.demo import DEMO_PASSWORD, DemoDataset, generate
from shared_models.kinds import RecordKind
from shared_models.nip import parse_nip


@pytest.fixture(scope="module")
def demo() -> DemoDataset:
    return generate()


def _employees(ds: DemoDataset) -> dict[str, dict[str, object]]:
    return {str(e.fields["nip"]): e.fields for e in ds.employees}


def test_same_seed_same_data_other_seed_other_data() -> None:
    one, two = generate(seed=7), generate(seed=7)
    assert msgspec.json.encode(one) == msgspec.json.encode(two)
    assert msgspec.json.encode(generate(seed=8)) != msgspec.json.encode(one)


def test_size_and_shape_of_the_city(demo: DemoDataset) -> None:
    assert 75 <= len(demo.employees) <= 100
    kinds = Counter(str(u.fields["kind"]) for u in demo.units)
    assert kinds["puskesmas"] >= 4
    assert kinds["sekolah"] >= 4
    names = {str(u.fields["name"]) for u in demo.units}
    assert "Badan Kepegawaian, Pendidikan dan Pelatihan" in names
    assert {"Dinas Kesehatan", "Dinas Pendidikan"} <= names
    assert kinds["perangkat_daerah"] >= 5


def test_every_nip_valid_and_unique(demo: DemoDataset) -> None:
    nips = [str(e.fields["nip"]) for e in demo.employees]
    assert len(set(nips)) == len(nips)
    kinds = {str(e.fields["nip"]): str(e.fields["kind"]) for e in demo.employees}
    assert "pppk" in kinds.values()
    for nip in nips:
        parsed = parse_nip(nip, EmployeeKind(kinds[nip]))
        assert parsed.birth_date.year < parsed.tmt[0]


def test_names_match_the_gender_digit(demo: DemoDataset) -> None:
    from shared_models.demo.names import FEMALE_FIRST, MALE_FIRST

    for e in demo.employees:
        nip, name = str(e.fields["nip"]), str(e.fields["name"])
        words = name.removeprefix("dr. ").split()
        expected = MALE_FIRST if nip[14] == "1" else FEMALE_FIRST
        assert words[0] in expected, (nip, name)


def test_every_supervisor_chain_ends_at_a_head_of_unit(demo: DemoDataset) -> None:
    employees = _employees(demo)
    heads = {u.fields["head_nip"] for u in demo.units if u.fields["head_nip"]}
    tops = set()
    for nip in employees:
        seen = {nip}
        current = nip
        while (sup := employees[current]["supervisor_nip"]) is not None:
            assert sup in employees, f"{current} names an unknown supervisor {sup}"
            assert sup not in seen, f"cycle through {sup}"
            seen.add(str(sup))
            current = str(sup)
        assert current in heads
        tops.add(current)
    assert len(tops) == 1  # the Sekretaris Daerah


def test_staff_report_to_the_head_of_their_unit(demo: DemoDataset) -> None:
    head_of = {u.id: u.fields["head_nip"] for u in demo.units}
    for e in demo.employees:
        head = head_of[str(e.fields["unit_id"])]
        if e.fields["nip"] != head:
            assert e.fields["supervisor_nip"] == head


def test_every_cascade_link_points_into_the_supervisors_skp(demo: DemoDataset) -> None:
    employees = _employees(demo)
    skps = {r.owner: r.fields for r in demo.records if r.kind is RecordKind.SKP}
    assert set(skps) == set(employees)
    for nip, skp in skps.items():
        sup = employees[nip]["supervisor_nip"]
        rhk_list = skp["rhk"]
        assert isinstance(rhk_list, list)
        assert rhk_list
        if sup is None:
            assert all(r["parent_rhk_id"] is None for r in rhk_list)
            continue
        sup_rhk = skps[str(sup)]["rhk"]
        assert isinstance(sup_rhk, list)
        parent_ids = {r["id"] for r in sup_rhk}
        for rhk in rhk_list:
            assert rhk["parent_rhk_id"] in parent_ids
            assert rhk["indicators"]


def test_every_record_is_valid_content(demo: DemoDataset) -> None:
    for record in [*demo.units, *demo.employees, *demo.records]:
        validate_content(record.kind, record.fields)


def test_logs_point_at_own_indicators_on_working_days(demo: DemoDataset) -> None:
    skps = {r.id: r for r in demo.records if r.kind is RecordKind.SKP}
    logs = [r for r in demo.records if r.kind is RecordKind.PROGRESS_LOG]
    assert len(logs) >= 100
    for log in logs:
        skp = skps[str(log.fields["skp_id"])]
        assert skp.owner == log.owner == log.fields["employee_nip"]
        rhk_list = skp.fields["rhk"]
        assert isinstance(rhk_list, list)
        indicator_ids = {i["id"] for r in rhk_list for i in r["indicators"]}
        assert log.fields["indicator_id"] in indicator_ids
        day = dt.date.fromisoformat(str(log.fields["date"]))
        assert day < demo.today
        assert day.weekday() < 5


def test_accounts_and_grants(demo: DemoDataset) -> None:
    roles = Counter(a.role for a in demo.accounts)
    assert roles["admin_bkpp"] == 1
    assert roles["admin_opd"] >= 1
    assert roles["pejabat_penilai"] >= 10
    assert all(a.password == DEMO_PASSWORD for a in demo.accounts)
    nurse = demo.account(jabatan_prefix="Perawat")
    assert nurse.role == "pegawai"
    assert demo.account(jabatan_prefix="Kepala Puskesmas").role == "pejabat_penilai"


def test_scale_mode_makes_exactly_the_asked_number() -> None:
    ds = generate(employees=3_000, log_days=0)
    assert len(ds.employees) == 3_000
    nips = {e.fields["nip"] for e in ds.employees}
    assert len(nips) == 3_000
    assert sum(1 for u in ds.units if u.fields["kind"] == "puskesmas") == 38


def test_scale_mode_needs_room_for_every_head() -> None:
    with pytest.raises(ValueError, match="at least"):
        generate(employees=10)
