"""The Dokumen Evaluasi Kinerja Pegawai against the official form (PermenPANRB 6/2022), read
back from the PDF the real server application renders over the demo data (pypdf).

Every block and column name of the form; the Atasan Pejabat Penilai; the organisation's
predikat and its Pola Distribusi (also when only the OPD has a predikat, or only the year);
continuous feedback printed where it belongs (per RHK, per BerAKHLAK value, per entry, in
general). With ``KINERJA_SCREENSHOTS=docs/screenshots`` the first page is kept as
``dokumen-evaluasi-p1.png`` (pdftoppm, 110 dpi: the size the README shows).
"""

from __future__ import annotations

import datetime as dt
import io
import os
import pathlib
import subprocess
from collections.abc import AsyncIterator
from typing import Any

import httpx
import msgspec
import pytest
from pypdf import PdfReader

from server.app import create_app
from server.reports.pdf import HASIL_KERJA_COLUMNS, PERILAKU_COLUMNS, period_heading
from server.seed import seed_dataset
from server.services import build_services
from server.settings import Settings
from server.storage import SqliteStorage
from shared_models import BerakhlakValue, Golongan, parse_period_code
from shared_models.demo import DEMO_PASSWORD, DemoRecord, generate
from shared_models.kinds import RecordKind
from tests.fixtures.clock import FakeClock
from tests.fixtures.demo_city import PERIOD, Demo, appraisals
from tests.fixtures.passwords import fast_passwords
from tests.integration.conftest import InProcess

RHK_NOTE = "Kunjungan rumah sudah tuntas, lengkapi foto kunjungan."
VALUE_NOTE = "Laporan selalu tepat waktu dengan bukti yang sah."
GENERAL_NOTE = "Pertahankan semangat pelayanan di triwulan ini."
LOG_NOTE = "Catatan kunjungan 12 Oktober rapi dan lengkap."
DIALOG_NOTE = "Sepakat menambah kunjungan lansia bulan depan."
OTHER_PERIOD_NOTE = "Triwulan kedua: perbaiki kelengkapan laporan."


def _notes(demo: Demo, nip: str) -> list[DemoRecord]:
    """The supervisor's continuous feedback about ``nip``: per RHK, per value, on an entry (no
    period: the entry's day places it), in general, a dialog note, and one of Triwulan II."""
    boss = demo.emp[nip]["supervisor_nip"]
    skp = next(r for r in demo.records(RecordKind.SKP) if r.owner == nip)
    rhk = skp.fields["rhk"]
    log = next(
        r
        for r in demo.records(RecordKind.PROGRESS_LOG)
        if r.owner == nip and r.fields["date"] >= "2026-10-01"
    )
    base = {"employee_nip": nip, "author_nip": boss}
    items: list[dict[str, Any]] = [
        {"period_code": PERIOD, "about_rhk_id": rhk[0]["id"], "text": RHK_NOTE},
        {"period_code": PERIOD, "about_value": "akuntabel", "text": VALUE_NOTE},
        {"related_log_id": log.id, "text": LOG_NOTE},
        {"period_code": PERIOD, "text": GENERAL_NOTE},
        {"period_code": PERIOD, "text": DIALOG_NOTE, "kind": "dialog_kinerja"},
        {"period_code": "2026-T2", "about_rhk_id": rhk[0]["id"], "text": OTHER_PERIOD_NOTE},
    ]
    return [
        DemoRecord(kind=RecordKind.FEEDBACK, id=f"fb-{n}", owner=nip, fields={**base, **item})
        for n, item in enumerate(items)
    ]


def _opd_predikat(demo: Demo) -> DemoRecord:
    """Only Dinas Kesehatan has a predikat, and only for the year (as BKPP usually sets it)."""
    dinkes = demo.opd_of[demo.unit_id("PKM-02")]
    fields = {
        "unit_id": dinkes,
        "period_code": "2026",
        "predikat": "baik",
        "decided_by": demo.grant("admin_bkpp"),
    }
    return DemoRecord(kind=RecordKind.ORG_PREDIKAT, id="org-dinkes-2026", owner="", fields=fields)


@pytest.fixture
async def doc_api(tmp_path: pathlib.Path) -> AsyncIterator[tuple[InProcess, Demo]]:
    settings = Settings(db_path=tmp_path / "server.db", data_dir=tmp_path / "data")
    clock = FakeClock(dt.datetime(2026, 11, 27, 10, tzinfo=dt.UTC).timestamp())
    base = generate(2026)
    demo = Demo(base)
    appraised = appraisals(demo)
    rated = appraised[0].owner
    extra = [*appraised, *_notes(demo, rated), _opd_predikat(demo)]
    demo.ds = msgspec.structs.replace(base, records=[*base.records, *extra])
    storage = SqliteStorage(settings.db_path)
    passwords = fast_passwords()
    seed_dataset(storage, demo.ds, passwords=passwords, server_replica="s0", now=clock())
    services = build_services(settings, storage=storage, clock=clock, passwords=passwords)
    app = create_app(settings, services=services)
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://kinerja.test") as client:
        yield InProcess(app=app, services=services, clock=clock, client=client), demo
    storage.close()


async def _document(api: InProcess, demo: Demo, nip: str, period: str) -> bytes:
    login = await api.client.post(
        "/api/v1/auth/login",
        json={"nip": demo.grant("admin_opd", "DINKES"), "password": DEMO_PASSWORD},
    )
    assert login.status_code == 200, login.text
    answer = await api.client.get(
        f"/api/v1/reports/evaluation/{nip}",
        params={"period": period},
        headers={"authorization": f"Bearer {login.json()['token']}"},
    )
    assert answer.status_code == 200, answer.text
    return answer.content


def _text(pdf: bytes) -> str:
    pages = PdfReader(io.BytesIO(pdf)).pages
    return " ".join(" ".join(page.extract_text() for page in pages).split())


def _between(text: str, start: str, end: str) -> str:
    first = text.index(start)
    return text[first : text.index(end, first)]


def _keep_first_page(pdf: bytes, tmp: pathlib.Path) -> None:
    """docs/screenshots/dokumen-evaluasi-p1.png: KINERJA_SCREENSHOTS=docs/screenshots."""
    shots = os.environ.get("KINERJA_SCREENSHOTS")
    if not shots:
        return
    source = tmp / "dokumen.pdf"
    source.write_bytes(pdf)
    target = pathlib.Path(shots) / "dokumen-evaluasi-p1"
    subprocess.run(
        ["pdftoppm", "-png", "-r", "110", "-f", "1", "-l", "1", "-singlefile", source, target],
        check=True,
    )


async def test_every_block_and_column_of_the_official_form(
    doc_api: tuple[InProcess, Demo], tmp_path: pathlib.Path
) -> None:
    api, demo = doc_api
    nip = demo.records(RecordKind.APPRAISAL)[0].owner
    boss = demo.emp[nip]["supervisor_nip"]
    atasan = demo.emp[boss]["supervisor_nip"]
    pdf = await _document(api, demo, nip, PERIOD)
    _keep_first_page(pdf, tmp_path)
    text = _text(pdf)
    for part in (
        "DOKUMEN EVALUASI KINERJA PEGAWAI PERIODE: TRIWULAN IV",
        "PENDEKATAN HASIL KERJA KUANTITATIF",
        "PERIODE PENILAIAN: 1 OKTOBER S.D. 31 DESEMBER 2026",
        "PEGAWAI YANG DINILAI",
        "PEJABAT PENILAI KINERJA",
        "ATASAN PEJABAT PENILAI KINERJA",
        "CAPAIAN KINERJA ORGANISASI ISTIMEWA",
        "POLA DISTRIBUSI",
        "Kurva predikat organisasi Istimewa (Puskesmas Halmahera, periode 2026-T4)",
        "maks. 70 %",
        "HASIL KERJA",
        "PERILAKU KERJA",
        "CATATAN/REKOMENDASI Pertahankan kunjungan rumah yang tuntas.",
        "UMPAN BALIK BERKELANJUTAN (UMUM)",
    ):
        assert part in text, part
    for column in (*HASIL_KERJA_COLUMNS, *PERILAKU_COLUMNS):
        assert column in text, column
    # the Atasan Pejabat Penilai: the Pejabat Penilai's own supervisor, every line of the block
    atasan_block = _between(text, "ATASAN PEJABAT PENILAI KINERJA", "CAPAIAN KINERJA")
    person = demo.emp[atasan]
    units = {u.id: u.fields["name"] for u in demo.ds.units}
    for value in (
        person["name"],
        atasan,
        Golongan(person["golongan"]).label,
        person["jabatan_name"],
        units[person["unit_id"]],
    ):
        assert value in atasan_block, value
    # the spread of Puskesmas Halmahera's five final predikat (1 Sangat Baik, 3 Baik, 1 Butuh
    # Perbaikan) under the curve of its Istimewa predikat
    chart = _between(text, "POLA DISTRIBUSI", "HASIL KERJA")
    for bar in ("0 (0 %)", "1 (20 %)", "3 (60 %)"):
        assert bar in chart, bar
    # the leader's RHK each RHK supports
    skp = next(r for r in demo.records(RecordKind.SKP) if r.owner == nip)
    leader = next(r for r in demo.records(RecordKind.SKP) if r.owner == boss)
    leader_text = {r["id"]: r["text"] for r in leader.fields["rhk"]}
    hasil = _between(text, "HASIL KERJA", "RATING HASIL KERJA")
    for rhk in skp.fields["rhk"]:
        assert " ".join(leader_text[rhk["parent_rhk_id"]].split()) in hasil
    # feedback where it is about: the RHK's and the entry's in Hasil Kerja, the value's in
    # Perilaku Kerja, the rest in general; Triwulan II's is not in Triwulan IV's document
    assert RHK_NOTE in hasil
    assert LOG_NOTE in hasil
    perilaku = _between(text, "PERILAKU KERJA", "RATING PERILAKU KERJA")
    assert VALUE_NOTE in _between(perilaku, BerakhlakValue.AKUNTABEL.label, "Kompeten")
    general = _between(text, "UMPAN BALIK BERKELANJUTAN (UMUM)", "CATATAN/REKOMENDASI")
    assert GENERAL_NOTE in general
    assert f"Dialog Kinerja: {DIALOG_NOTE}" in general
    assert OTHER_PERIOD_NOTE not in text


async def test_the_annual_document_gathers_the_year(doc_api: tuple[InProcess, Demo]) -> None:
    api, demo = doc_api
    nip = demo.records(RecordKind.APPRAISAL)[0].owner
    text = _text(await _document(api, demo, nip, "2026"))
    assert "PERIODE: AKHIR" in text
    assert "PERIODE PENILAIAN: 1 JANUARI S.D. 31 DESEMBER 2026" in text
    hasil = _between(text, "HASIL KERJA", "RATING HASIL KERJA")
    assert f"[Triwulan II 2026] {OTHER_PERIOD_NOTE}" in hasil
    assert f"[Triwulan IV 2026] {RHK_NOTE}" in hasil
    # Puskesmas Halmahera has a predikat for Triwulan IV only: the year's is Dinas Kesehatan's,
    # never a quarter's borrowed
    assert "CAPAIAN KINERJA ORGANISASI BAIK" in text
    assert "Kurva predikat organisasi Baik (Dinas Kesehatan, periode 2026)" in text


async def test_the_opd_predikat_of_the_year_applies_to_its_units(
    doc_api: tuple[InProcess, Demo],
) -> None:
    api, demo = doc_api
    staff = [n for n in demo.staff("PKM-02") if demo.emp[n]["supervisor_nip"]]
    text = _text(await _document(api, demo, staff[0], PERIOD))
    assert "CAPAIAN KINERJA ORGANISASI BAIK" in text
    assert "Kurva predikat organisasi Baik (Dinas Kesehatan, periode 2026)" in text
    assert "Butuh Perbaikan dan/atau Kurang/Misconduct minimal 1 pegawai" in text
    # the Kepala Dinas is rated by the Sekda, who has no supervisor of record: the block says "-"
    kadinkes = demo.emp[demo.emp[staff[0]]["supervisor_nip"]]["supervisor_nip"]
    sekda = demo.emp[kadinkes]["supervisor_nip"]
    assert demo.emp[sekda]["supervisor_nip"] is None
    text = _text(await _document(api, demo, kadinkes, PERIOD))
    assert demo.emp[sekda]["name"] in _between(text, "PEJABAT PENILAI KINERJA", "ATASAN")
    block = _between(text, "ATASAN PEJABAT PENILAI KINERJA", "CAPAIAN KINERJA")
    assert block == (
        "ATASAN PEJABAT PENILAI KINERJA 1 NAMA - 2 NIP - 3 PANGKAT/GOL. RUANG - 4 JABATAN - "
        "5 UNIT KERJA - "
    )


@pytest.mark.parametrize(
    ("code", "head", "days"),
    [
        ("2026", "PERIODE: AKHIR", "1 JANUARI S.D. 31 DESEMBER 2026"),
        ("2026-T1", "PERIODE: TRIWULAN I", "1 JANUARI S.D. 31 MARET 2026"),
        ("2026-T4", "PERIODE: TRIWULAN IV", "1 OKTOBER S.D. 31 DESEMBER 2026"),
        ("2028-M02", "PERIODE: BULAN FEBRUARI", "1 FEBRUARI S.D. 29 FEBRUARI 2028"),
    ],
)
def test_the_period_in_the_words_of_the_form(code: str, head: str, days: str) -> None:
    assert period_heading(parse_period_code(code)) == (head, days)
