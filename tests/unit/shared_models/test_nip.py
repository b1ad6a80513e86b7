"""NIP and NI PPPK: parts, spaces, and the exact message for each kind of mistake."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from shared_models import EmployeeKind, Gender, NipError, make_nip, parse_ni_pppk, parse_nip


def test_parts_of_a_nip() -> None:
    nip = parse_nip("198609262015051001")
    assert nip.value == "198609262015051001"
    assert nip.kind is EmployeeKind.PNS
    assert nip.birth_date == date(1986, 9, 26)
    assert nip.tmt == (2015, 5)
    assert nip.gender is Gender.PRIA
    assert nip.serial == 1
    assert nip.formatted == "19860926 201505 1 001"


@pytest.mark.parametrize(
    "text", ["19860926 201505 1 001", " 198609262015051001 ", "19860926\t201505 1001"]
)
def test_spaces_are_allowed(text: str) -> None:
    assert parse_nip(text).value == "198609262015051001"


def test_female_and_serial() -> None:
    nip = parse_nip("199201152019032117")
    assert nip.gender is Gender.WANITA
    assert nip.serial == 117
    assert nip.gender.label == "Wanita"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("19860926201505100", "NIP harus 18 digit angka (ditemukan 17)"),
        ("1986092620150510011", "NIP harus 18 digit angka (ditemukan 19)"),
        ("", "NIP harus 18 digit angka (ditemukan 0)"),
        ("19860926-201505-1-001", "NIP harus 18 digit angka (ditemukan karakter '-')"),
        ("1986092620150510O1", "NIP harus 18 digit angka (ditemukan karakter 'O')"),
        ("198602312015051001", "tanggal lahir 19860231 tidak valid"),
        ("198613012015051001", "tanggal lahir 19861301 tidak valid"),
        ("190002292015051001", "tanggal lahir 19000229 tidak valid"),
        ("000101012015051001", "tanggal lahir 00010101 tidak valid"),
        ("198609261985131001", "TMT CPNS 198513 tidak valid"),
        ("198609262015001001", "TMT CPNS 201500 tidak valid"),
        ("198609260000011001", "TMT CPNS 000001 tidak valid"),
        ("198609261980011001", "TMT CPNS harus setelah tanggal lahir"),
        ("198609011986091001", "TMT CPNS harus setelah tanggal lahir"),
        ("198609262015053001", "digit ke-15 harus 1 (pria) atau 2 (wanita) (ditemukan 3)"),
        ("198609262015050001", "digit ke-15 harus 1 (pria) atau 2 (wanita) (ditemukan 0)"),
        ("198609262015051000", "nomor urut (digit ke-16 sampai 18) tidak boleh 000"),
    ],
)
def test_bad_nip_says_what_is_wrong(text: str, message: str) -> None:
    with pytest.raises(NipError) as info:
        parse_nip(text)
    assert str(info.value) == message
    assert isinstance(info.value, ValueError)


def test_tmt_on_the_eighteenth_birthday_is_accepted() -> None:
    # TMT is the first of its month: 1 Sept 2004 is the 18th birthday of someone born on
    # 1 Sept 1986, a day too early for someone born on 2 Sept.
    assert parse_nip("198609012004091001").tmt == (2004, 9)
    with pytest.raises(NipError) as info:
        parse_nip("198609022004091001")
    assert str(info.value) == (
        "TMT CPNS 200409 kurang dari 18 tahun setelah tanggal lahir 19860902 "
        "(usia paling rendah saat diangkat 18 tahun)"
    )


@pytest.mark.parametrize(
    ("text", "kind", "tmt"),
    [
        ("198608311986091001", EmployeeKind.PNS, "198609"),  # a month old
        ("200001152017011001", EmployeeKind.PNS, "201701"),  # 17
        ("200002292018021001", EmployeeKind.PNS, "201802"),  # 29 Feb: 18 on 1 March
        ("200001152017212001", EmployeeKind.PPPK, "2017"),  # 17 by the year
    ],
)
def test_a_tmt_before_the_age_of_18_is_refused(text: str, kind: EmployeeKind, tmt: str) -> None:
    with pytest.raises(NipError, match=rf"^TMT (CPNS|PPPK) {tmt} kurang dari 18 tahun setelah"):
        parse_nip(text, kind)


def test_a_leap_day_birth_turns_18_on_the_first_of_march() -> None:
    assert parse_nip("200002292018031001").tmt == (2018, 3)


def test_with_today_the_tmt_must_have_begun() -> None:
    today = date(2026, 12, 3)
    assert parse_nip("199801012026121001", today=today).tmt == (2026, 12)
    with pytest.raises(NipError) as info:
        parse_nip("199801012027011001", today=today)
    assert str(info.value) == "TMT CPNS 202701 belum tiba (hari ini 03-12-2026)"
    with pytest.raises(NipError, match=r"^TMT PPPK 2027 belum tiba \(hari ini 03-12-2026\)$"):
        parse_ni_pppk("199801012027212001", today=today)
    # without a day only the calendar is checked: stored data stays readable
    assert parse_nip("199801012027011001").tmt == (2027, 1)


@given(
    st.dates(min_value=date(1900, 1, 1), max_value=date(9000, 12, 31)),
    st.integers(0, 70),
    st.integers(1, 12),
)
def test_with_today_no_birth_date_lies_in_the_future(born: date, years: int, month: int) -> None:
    # the TMT has begun and comes 18 years after birth: the birth date is 18 years back
    today = date(2026, 12, 3)
    text = f"{born:%Y%m%d}{born.year + years:04d}{month:02d}1001"
    try:
        nip = parse_nip(text, today=today)
    except NipError:
        return
    assert nip.birth_date.replace(year=nip.birth_date.year + 18, day=1) <= today


def test_leap_day_birth() -> None:
    assert parse_nip("198802292010011001").birth_date == date(1988, 2, 29)


def test_ni_pppk_is_its_own_kind() -> None:
    nip = parse_ni_pppk("19931228 2025 21 2 001")
    assert nip.kind is EmployeeKind.PPPK
    assert nip.birth_date == date(1993, 12, 28)
    assert nip.tmt == (2025, 21)  # year of TMT PPPK, BKN series code 21
    assert nip.gender is Gender.WANITA
    assert nip.serial == 1
    assert parse_nip("199312282025212001", EmployeeKind.PPPK) == nip


def test_an_ni_pppk_is_not_a_nip() -> None:
    with pytest.raises(NipError, match=r"^TMT CPNS 202521 tidak valid$"):
        parse_nip("199312282025212001")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("19931228202521200", "NI PPPK harus 18 digit angka (ditemukan 17)"),
        ("199312282025002001", "TMT PPPK 202500 tidak valid"),
        ("199312281993212001", "TMT PPPK harus setelah tanggal lahir"),
        ("199312282025213001", "digit ke-15 harus 1 (pria) atau 2 (wanita) (ditemukan 3)"),
    ],
)
def test_ni_pppk_messages_name_the_pppk_number(text: str, message: str) -> None:
    with pytest.raises(NipError) as info:
        parse_ni_pppk(text)
    assert str(info.value) == message


def test_make_nip() -> None:
    assert make_nip(date(1986, 9, 26), 2015, 5, Gender.PRIA, 1) == "198609262015051001"
    assert make_nip(date(1992, 1, 15), 2019, 3, 2, 117) == "199201152019032117"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            (date(1986, 9, 26), 2015, 5, 3, 1),
            "digit ke-15 harus 1 (pria) atau 2 (wanita) (ditemukan 3)",
        ),
        ((date(1986, 9, 26), 2015, 5, 1, 0), "nomor urut harus 1 sampai 999 (ditemukan 0)"),
        ((date(1986, 9, 26), 2015, 5, 1, 1000), "nomor urut harus 1 sampai 999 (ditemukan 1000)"),
        ((date(1986, 9, 26), 2015, 13, 1, 1), "TMT CPNS 201513 tidak valid"),
        ((date(1986, 9, 26), 2015, 100, 1, 1), "TMT CPNS 2015100 tidak valid"),
        ((date(1986, 9, 26), 1980, 1, 1, 1), "TMT CPNS harus setelah tanggal lahir"),
        ((date(1899, 12, 31), 1920, 1, 1, 1), "tanggal lahir 18991231 tidak valid"),
        (
            (date(1986, 9, 26), 2004, 9, 1, 1),
            "TMT CPNS 200409 kurang dari 18 tahun setelah tanggal lahir 19860926 "
            "(usia paling rendah saat diangkat 18 tahun)",
        ),
    ],
)
def test_make_nip_refuses_bad_parts(args: tuple[date, int, int, int, int], message: str) -> None:
    with pytest.raises(NipError) as info:
        make_nip(*args)
    assert str(info.value) == message


births = st.dates(min_value=date(1900, 1, 1), max_value=date(2010, 12, 31))


@given(
    births,
    st.integers(0, 60),
    st.integers(1, 12),
    st.sampled_from(Gender),
    st.integers(1, 999),
    st.sampled_from(EmployeeKind),
)
def test_make_and_parse_round_trip(
    born: date, years_later: int, month: int, gender: Gender, serial: int, kind: EmployeeKind
) -> None:
    tmt_year = born.year + 19 + years_later  # 18 at the latest by the first of the month
    if kind is EmployeeKind.PPPK:
        month = 21
    text = make_nip(born, tmt_year, month, gender, serial, kind)
    nip = parse_nip(text, kind)
    assert (nip.birth_date, nip.tmt, nip.gender, nip.serial, nip.kind) == (
        born,
        (tmt_year, month),
        gender,
        serial,
        kind,
    )
    assert parse_nip(nip.formatted, kind) == nip


@given(st.text(max_size=25))
def test_parse_nip_only_raises_nip_error(text: str) -> None:
    try:
        nip = parse_nip(text)
    except NipError:
        return
    assert len(nip.value) == 18
