"""The demo city an HR officer believes: every person and every indicator of the generated city
checked against rules written here from the regulations, not from the generator's own tables.

- golongan: a CPNS enters at III/b at the highest (S2, dokter) and rises one grade per four
  years at the fastest (kenaikan pangkat reguler, PP 99/2000 Pasal 7), and a career that keeps
  going rises at least one grade per six years from its diploma's grade (SLTA II/a, D-III II/c,
  S1 III/a) up to the position's ceiling;
- jenjang: the golongan lies in the jenjang's range (PermenPANRB 1/2023) and the position's name
  says the jenjang;
- heads of units hold at least the lowest grade of their position (eselon, PP 13/2002; Kepala
  Sekolah III/b, Permendikbudristek 40/2021);
- nobody is appointed before 18 (PP 11/2017 Pasal 23) or still serves past the retirement age
  (PP 11/2017 Pasal 239; teachers UU 14/2005 Pasal 30);
- the NIP's gender digit matches the name and the position (Bidan are women);
- an indicator's aspect matches its wording (Indeks Kepuasan Masyarakat is kualitas).
"""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from shared_models import EmployeeKind, parse_nip
from shared_models.demo import DemoDataset, generate
from shared_models.demo.names import FEMALE_FIRST, MALE_FIRST
from shared_models.kinds import RecordKind

GRADES = [
    *(f"{r}/{s}" for r in ("I", "II", "III") for s in "abcd"),
    *(f"IV/{s}" for s in "abcde"),
]
KEAHLIAN = {"ahli_pertama": ("III/a", "III/b"), "ahli_muda": ("III/c", "III/d")}
KEAHLIAN |= {"ahli_madya": ("IV/a", "IV/c"), "ahli_utama": ("IV/d", "IV/e")}
KETERAMPILAN = {"pemula": ("II/a", "II/a"), "terampil": ("II/b", "II/d")}
KETERAMPILAN |= {"mahir": ("III/a", "III/b"), "penyelia": ("III/c", "III/d")}
LABEL = {j: j.replace("_", " ").title() for j in (*KEAHLIAN, *KETERAMPILAN)}
# the diploma's grade and the highest grade a career in the position reaches
FLOOR = {"keahlian": "III/a", "keterampilan": "II/c", "pelaksana": "II/a", "head": "III/a"}
CEILING = {"keahlian": "IV/c", "keterampilan": "III/d", "pelaksana": "III/b"}
# the lowest grade a head of unit's position asks for
HEAD_LOWEST = {
    "Sekretaris Daerah": "IV/c",
    "Kepala Dinas": "IV/b",
    "Kepala Badan": "IV/b",
    "Camat": "IV/b",
    "Kepala Bidang": "III/d",
    "Kepala Puskesmas": "III/d",
    "Kepala Seksi": "III/b",
    "Kepala SD": "III/b",
    "Kepala SMP": "III/b",
}


def g(golongan: str) -> int:
    return GRADES.index(golongan)


def years_between(start: dt.date, end: dt.date) -> int:
    return end.year - start.year - ((end.month, end.day) < (start.month, start.day))


def ladder_of(jenjang: str | None) -> str | None:
    if jenjang in KEAHLIAN:
        return "keahlian"
    return "keterampilan" if jenjang in KETERAMPILAN else None


def expected_aspect(text: str) -> str:
    """The aspect an indicator's wording says (PermenPANRB 6/2022: kuantitas counts the
    output, kualitas its quality, waktu its timeliness)."""
    t = text.lower()
    if "waktu" in t:
        return "waktu"
    if t.startswith(("indeks", "nilai")) or any(
        w in t for w in ("tanpa", "sesuai", "lengkap", "terdokumentasi", "ketuntasan", "terdeteksi")
    ):
        return "kualitas"
    assert t.startswith(("jumlah", "persentase capaian", "persentase realisasi", "persentase guru"))
    return "kuantitas"


def check_people(ds: DemoDataset) -> None:
    today = ds.today
    heads = {u.fields["head_nip"] for u in ds.units if u.fields["head_nip"]}
    for e in ds.employees:
        f = e.fields
        nip, name, jabatan = str(f["nip"]), str(f["name"]), str(f["jabatan_name"])
        who = f"{nip} {name} {jabatan} {f['golongan']}"
        kind = EmployeeKind(f["kind"])
        parsed = parse_nip(nip, kind, today=today)
        first = name.removeprefix("dr. ").split()[0]
        assert first in (MALE_FIRST if nip[14] == "1" else FEMALE_FIRST), who
        if jabatan.startswith("Bidan"):
            assert nip[14] == "2", f"a bidan is a woman: {who}"
        jenjang = f["jenjang"]
        ladder = ladder_of(jenjang)
        if jenjang is not None and nip not in heads:
            assert jabatan.endswith(LABEL[jenjang]), who
        retire = 58
        if str(f["jabatan_kind"]).startswith("jpt") or jenjang == "ahli_madya":
            retire = 60
        if jabatan.startswith(("Guru", "Kepala S")):
            retire = 60
        # a PNS retires at the end of the month of that birthday
        born = parsed.birth_date
        month_after = dt.date(born.year + retire + born.month // 12, born.month % 12 + 1, 1)
        assert today < month_after, f"past retirement at {retire}: {who}"
        if kind is EmployeeKind.PPPK:
            continue
        golongan = str(f["golongan"])
        tmt = dt.date(parsed.tmt[0], parsed.tmt[1], 1)
        years = years_between(tmt, today)
        assert g(golongan) <= g("III/b") + years // 4, f"too high for {years} years: {who}"
        if nip in heads:
            lowest = next(v for k, v in HEAD_LOWEST.items() if jabatan.startswith(k))
            assert g(golongan) >= g(lowest), f"below the position's lowest grade: {who}"
            family = ladder or "head"
        else:
            family = ladder or "pelaksana"
        if family in CEILING:
            slowest = min(g(CEILING[family]), g(FLOOR[family]) + years // 6)
            assert g(golongan) >= slowest, f"too low for {years} years: {who}"
        if ladder is not None:
            low, high = (KEAHLIAN | KETERAMPILAN)[str(jenjang)]
            assert g(low) <= g(golongan) <= g(high), f"jenjang and golongan disagree: {who}"


def check_indicators(ds: DemoDataset) -> None:
    for r in ds.records:
        if r.kind is not RecordKind.SKP:
            continue
        for rhk in r.fields["rhk"]:
            for ind in rhk["indicators"]:
                assert ind["aspect"] == expected_aspect(ind["text"]), ind["text"]


@pytest.fixture(scope="module")
def city() -> DemoDataset:
    return generate()


def test_every_person_of_the_demo_city_is_believable(city: DemoDataset) -> None:
    check_people(city)


def test_every_indicator_has_the_aspect_its_wording_says(city: DemoDataset) -> None:
    check_indicators(city)
    texts = {
        i["text"]: i["aspect"]
        for r in city.records
        if r.kind is RecordKind.SKP
        for rhk in r.fields["rhk"]
        for i in rhk["indicators"]
    }
    assert texts["Indeks Kepuasan Masyarakat"] == "kualitas"


def test_the_issue_s_examples_are_gone(city: DemoDataset) -> None:
    people = [e.fields for e in city.employees]
    bidan = [p for p in people if str(p["jabatan_name"]).startswith("Bidan")]
    assert bidan
    assert all(str(p["nip"])[14] == "2" for p in bidan)
    long_served = [
        p
        for p in people
        if str(p["jabatan_name"]).startswith(("Guru", "Perawat"))
        and p["kind"] == "pns"
        and parse_nip(str(p["nip"])).tmt[0] <= 1997
    ]
    assert long_served
    assert all(p["jenjang"] != "ahli_pertama" for p in long_served)
    for p in people:
        if str(p["jabatan_name"]).startswith("Kepala S") and p["kind"] == "pns":
            tmt_year = parse_nip(str(p["nip"])).tmt[0]
            assert tmt_year <= city.today.year - 4, p


@settings(max_examples=8, deadline=None, derandomize=True)
@given(st.integers(0, 10_000))
def test_every_seed_makes_a_believable_city(seed: int) -> None:
    ds = generate(seed=seed, log_days=0)
    check_people(ds)
    check_indicators(ds)


def test_the_whole_city_is_believable() -> None:
    ds = generate(employees=4_000, log_days=0)
    check_people(ds)
