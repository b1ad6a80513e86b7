"""The HR screens' pure view models (client/ui/hr/view.py) and the forms' own checks: decimal
comma, the downloaded file's Indonesian name, the sorted city bars, the employee profile, where
"Cek sebaran" opens, and every message in words (tests/ui/wording.py)."""

from __future__ import annotations

import msgspec

from client.hr_api import DashboardRow, HrError, RowError, SkpCounts
from client.ui.common.i18n import tr
from client.ui.hr.dashboard import drill, skp_state
from client.ui.hr.master import PERIOD_CODE, import_failure
from client.ui.hr.people import form_problem
from client.ui.hr.view import (
    completion_bars,
    download_name,
    pct,
    period_words,
    profile_of,
    spread_start,
)
from tests.ui.wording import assert_words, leaks

NIP = "198702042009021536"


def _row(
    ident: str, name: str, employees: int, ok: int, final: int, level: str = "opd"
) -> DashboardRow:
    return DashboardRow(
        id=ident,
        name=name,
        level=level,
        employees=employees,
        skp=SkpCounts(disetujui=ok),
        logs_this_week=0,
        employees_logging_this_week=0,
        self_assessments_submitted=0,
        appraisals_final=final,
        devices_stale=0,
    )


def test_percent_has_the_decimal_comma() -> None:
    assert pct("id", 193, 200) == "96,5 %"
    assert pct("en", 193, 200) == "96.5%"
    assert pct("id", 1, 3) == "33,3 %"
    assert pct("id", 0, 0) == "0 %"


def test_download_names_are_indonesian_and_plain() -> None:
    assert (
        download_name("appraisals", "Dinas Kesehatan", "2026-T4", "xlsx")
        == "Rekap_Kinerja_Dinas_Kesehatan_T4_2026.xlsx"
    )
    assert (
        download_name("progress-logs", "Puskesmas Kedungmundu", "2026", "csv")
        == "Catatan_Kemajuan_Puskesmas_Kedungmundu_2026.csv"
    )
    assert (
        download_name("evaluation", "Rudi Wahyu Saputra, S.Kep., Ners", "2026-10", "pdf")
        == "Dokumen_Evaluasi_Rudi_Wahyu_Saputra_S_Kep_Ners_Okt_2026.pdf"
    )
    # never a path or odd characters from a name
    assert "/" not in download_name("completion", "../../etc/passwd", "2026-T1", "csv")


def test_period_words() -> None:
    assert period_words("id", "2026-T4") == "Triwulan IV 2026"
    assert period_words("en", "2026-T1") == "Quarter I 2026"
    assert period_words("id", "2026") == "Tahun 2026"
    assert period_words("id", "2026-10") == "Oktober 2026"


def test_city_bars_are_sorted_with_full_names() -> None:
    rows = [
        _row("a", "Badan Kepegawaian dan Pengembangan Sumber Daya Manusia", 10, 1, 0),
        _row("b", "Dinas Kesehatan", 200, 193, 8),
        _row("c", "Dinas Pendidikan", 50, 25, 0),
    ]
    bars = completion_bars("id", rows)
    assert [b.id for b in bars] == ["b", "c", "a"]
    assert bars[0].name == "Dinas Kesehatan"
    assert bars[2].name == "Badan Kepegawaian dan Pengembangan Sumber Daya Manusia"
    assert bars[0].shares == (96.5, 0.0, 4.0)
    assert bars[0].texts[0] == "193 (96,5 %)"


def test_an_employee_row_opens_the_profile_and_has_its_own_state() -> None:
    person = _row(NIP, "Rudi", 1, 0, 0, level="employee")
    assert drill(person, "pkm-1") == f"/hr/pegawai/{NIP}/di/pkm-1"
    assert drill(_row("u", "Unit", 3, 1, 1, level="unit"), "opd") == "/hr/unit/u"
    assert skp_state(person) == "belum_ada"
    approved = msgspec.structs.replace(person, skp=SkpCounts(disetujui=1))
    assert skp_state(approved) == "disetujui"


def test_profile_from_the_exports() -> None:
    who = {"OPD": "Dinas Kesehatan", "Unit": "Puskesmas Kedungmundu", "NIP": NIP}
    completion = [
        (
            "2026-T4",
            [
                {**who, "Nama": "Rudi", "Jabatan": "Perawat", "Status SKP": "Disetujui",
                 "Catatan Kemajuan": "4", "Penilaian Mandiri": "Sudah",
                 "Penilaian Final": "Sudah", "Predikat": "Baik"},
                {**who, "NIP": "1" * 18, "Nama": "Lain"},
            ],
        ),
        ("2026", [{**who, "Nama": "Rudi", "Predikat": ""}]),
    ]  # fmt: skip
    logs = [
        {"NIP": NIP, "Tanggal": "2026-11-02", "Jam": "08:00-09:00"},
        {"NIP": NIP, "Tanggal": "2026-11-20", "Jam": ""},
        {"NIP": "1" * 18, "Tanggal": "2026-12-01"},
    ]
    p = profile_of(NIP, completion, logs, [], [("HP Rudi", "", "active")])
    assert p is not None
    assert (p.name, p.jabatan, p.unit, p.opd) == (
        "Rudi",
        "Perawat",
        "Puskesmas Kedungmundu",
        "Dinas Kesehatan",
    )
    assert [(x.period, x.predikat) for x in p.periods] == [("2026-T4", "Baik"), ("2026", "-")]
    assert [r["Tanggal"] for r in p.logs] == ["2026-11-20", "2026-11-02"]
    assert profile_of("2" * 18, completion, logs, [], []) is None


def test_spread_opens_on_what_is_viewed_else_the_busiest() -> None:
    rows = [_row("bkpp", "Badan Kepegawaian", 10, 0, 0), _row("dinkes", "Dinas Kesehatan", 9, 0, 5)]
    assert spread_start("/hr/opd/dinkes", "", rows) == "dinkes"
    assert spread_start("/hr/unit/pkm-1", "dinkes", rows) == "pkm-1"
    assert spread_start("/hr/impor", "pkm-1", rows) == "pkm-1"
    assert spread_start("/hr", "", rows) == "dinkes"  # not BKPP by name order
    assert spread_start("/hr", "", []) == ""


def test_the_import_refusal_names_the_checkbox() -> None:
    refused = HrError(
        "Impor pegawai dibatalkan: 2 baris bermasalah, tidak ada data yang diimpor.",
        status=400,
        code="bad_request",
        rows=[
            RowError(line=3, column="nip", message="NIP harus 18 digit angka (ditemukan 17)"),
            RowError(line=4, column="kode_unit", message="kode unit X tidak dikenal"),
        ],
        retry_with="partial",
    )
    for lang in ("id", "en"):
        message, rows = import_failure(lang, "employees", refused)
        assert_words(message, "import refusal")
        assert "partial" not in message
    message, rows = import_failure("id", "employees", refused)
    assert "centang 'Impor baris yang benar saja' untuk mengimpor baris lainnya" in message
    assert "Impor baris yang benar saja" in tr("id", "hr.imp.partial")
    assert rows[0] == "baris 3, kolom nip: NIP harus 18 digit angka (ditemukan 17)"


def test_every_hr_form_error_is_words() -> None:
    """The checks the HR forms make before sending, in both languages: no code, no flags."""
    cases = [
        ("mutasi", {}),
        ("mutasi", {"boss": "19751005200503108"}),
        ("mutasi", {"unit": "pkm-1", "note": "x" * 501}),
        ("edit", {}),
    ]
    for lang in ("id", "en"):
        for kind, form in cases:
            problem = form_problem(lang, kind, form)
            assert problem, (kind, form)
            assert_words(problem, f"{kind} {form}")
        for key in ("hr.emp.need_nip", "hrx.per.bad_code", "hr.imp.need_file"):
            assert_words(tr(lang, key), key)
        assert_words(tr(lang, "hrx.imp.no_file", name="pegawai.csv"), "no file")
    assert form_problem("id", "mutasi", {"boss": "1975 1005 2005 0310 87"}) == ""
    assert "ditemukan 17" in form_problem("id", "mutasi", {"boss": "19751005200503108"})


def test_period_codes_the_form_accepts() -> None:
    assert all(PERIOD_CODE.fullmatch(c) for c in ("2027", "2027-T1", "2027-12"))
    assert not any(PERIOD_CODE.fullmatch(c) for c in ("27", "2027-T5", "2027-13", "T1"))


def test_the_old_import_wording_would_leak() -> None:
    old = "kirim dengan ?partial=true untuk mengimpor baris yang benar saja"
    assert leaks(old)


def _identifiers(control: object) -> set[str]:
    """Every Semantics identifier in a tree of controls (what the browser tests find)."""
    import flet as ft

    found: set[str] = set()
    stack = [control]
    while stack:
        c = stack.pop()
        if isinstance(c, ft.Semantics) and c.identifier:
            found.add(c.identifier)
        for name in ("content", "controls"):
            child = getattr(c, name, None)
            if isinstance(child, list):
                stack.extend(child)
            elif child is not None:
                stack.append(child)
    return found


def test_the_spread_says_sesuai_kurva_only_when_the_server_judged_it() -> None:
    from client.hr_api import Distribution
    from client.ui.hr.distribution import _result

    few = Distribution(
        unit_id="u",
        unit_name="Puskesmas Kedungmundu",
        period="2026-T4",
        org_predikat="baik",
        org_predikat_label="Baik",
        total=1,
        staff=8,
        judged=False,
        note="Baru 1 dari 8 pegawai dinilai final; kurva diperiksa setelah minimal 4.",
        counts=[],
        violations=[],
        top_performers=[],
        pembinaan=[],
    )
    shown = set().union(*(_identifiers(c) for c in _result("id", few)))
    assert "hr-dist-ok" not in shown
    assert "hr-dist-note" in shown
    enough = msgspec.structs.replace(few, total=5, judged=True, note="")
    shown = set().union(*(_identifiers(c) for c in _result("id", enough)))
    assert "hr-dist-ok" in shown
