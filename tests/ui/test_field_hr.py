"""Issue #16 at the HR desk (1440x900), in a real browser against the real app and server:
Heru (admin BKPP) reads the city chart (sorted bars, full OPD names), drills down to Puskesmas
Kedungmundu (employee rows with their own columns), opens Rudi's profile (read-only: SKP,
appraisals and predikat per period, logs, devices; a link to mutasi), opens "Cek sebaran" on
the unit he was viewing (its dropdowns named), downloads the progress logs of Dinas Kesehatan
in the browser, then walks every error path of the HR forms: each message shown is words about
the field on the screen (tests/ui/wording.py), never a parameter, a flag or msgspec's English.

Screenshots go to $KINERJA_SCREENSHOTS (docs/screenshots/hr-profil.png, hr-sebaran-unit.png).
"""

from __future__ import annotations

import os
import pathlib
from collections.abc import AsyncIterator

import pytest
import pytest_asyncio
from playwright.async_api import Browser

from tests.ui.conftest import HEAD, NURSE, PASSWORD, Stack, open_app
from tests.ui.test_hr_journeys import BAD, BKPP, DESKTOP, GOOD, HEADER, Desk
from tests.ui.wording import assert_words

pytestmark = [pytest.mark.ui, pytest.mark.asyncio(loop_scope="module")]

RUDI = "Rudi Wahyu Saputra, S.Kep., Ners"
BKPP_NAME = "Badan Kepegawaian, Pendidikan dan Pelatihan"


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def desk(stack: Stack, browser: Browser) -> AsyncIterator[Desk]:
    shots = pathlib.Path(os.environ.get("KINERJA_SCREENSHOTS", str(stack.tmp / "shots")))
    shots.mkdir(parents=True, exist_ok=True)
    page = await open_app(browser, stack.app.url, DESKTOP)
    page.set_default_timeout(60_000)
    desk = Desk(stack, page, shots)
    yield desk
    await page.close()


async def shown(desk: Desk, identifier: str) -> str:
    box = desk.named(identifier)
    await box.wait_for()
    text = await box.inner_text()
    assert_words(text, identifier)
    return text


async def test_city_chart_has_sorted_bars_with_full_names(desk: Desk) -> None:
    await desk.fill("NIP", BKPP)
    await desk.fill("Kata sandi", PASSWORD)
    await desk.button("Masuk")
    await desk.open_hr()
    await desk.see("Dasbor kinerja: Kota Semarang")
    chart = desk.named("hr-completion-chart")
    await chart.wait_for()
    text = await chart.inner_text()
    assert BKPP_NAME in text  # the full name, never cut with "…"
    assert "…" not in text
    assert "Dinas Kesehatan" in text


async def test_employee_rows_and_the_profile(desk: Desk) -> None:
    await desk.button("Dinas Kesehatan")
    await desk.see("Dasbor kinerja: Dinas Kesehatan")
    await desk.button("Puskesmas Kedungmundu")
    await desk.see("Dasbor kinerja: Puskesmas Kedungmundu")
    table = await shown(desk, "hr-dashboard-table")
    assert "Disetujui" in table  # the SKP's status
    assert "Belum" in table  # self-assessment, final appraisal
    assert "(100 %)" not in table  # an employee is not a unit of one
    await desk.button(RUDI)
    await desk.see(f"Profil pegawai: {RUDI}", timeout=90_000)
    who = await shown(desk, "hr-profile-who")
    assert NURSE in who
    assert "Puskesmas Kedungmundu" in who
    periods = await shown(desk, "hr-profile-periods")
    assert "Triwulan IV 2026" in periods
    assert "Tahun 2026" in periods
    await desk.named("hr-profile-devices").wait_for()
    await desk.named("hr-profile-appraisals").wait_for()
    await desk.shot("hr-profil")
    await desk.button("Mutasi dan ubah data")
    await desk.see("Pegawai: mutasi, data, dokumen")
    # the form is for Rudi: saving nothing names the empty form, not a missing NIP
    await desk.button("Simpan perubahan")
    assert "Ubah data pegawai" in await shown(desk, "hr-error")


async def test_spread_opens_on_the_unit_viewed_with_named_dropdowns(desk: Desk) -> None:
    await desk.button("Cek sebaran")
    summary = desk.named("hr-dist-summary")
    await summary.wait_for(timeout=90_000)
    assert "Puskesmas Kedungmundu" in await summary.inner_text()
    for identifier, name in (
        ("hr-dist-opd", "Perangkat Daerah"),
        ("hr-dist-unit", "Unit kerja"),
        ("hr-dist-period", "Periode"),
    ):
        label = await desk.named(identifier).get_attribute("aria-label") or ""
        text = await desk.named(identifier).inner_text()
        assert name in label or name in text, (identifier, label, text)
    await desk.named("hr-spread-chart").wait_for()
    await desk.shot("hr-sebaran-unit")


async def test_download_reaches_the_browser(desk: Desk) -> None:
    await desk.button("Ekspor")
    await desk.see("Ekspor data")
    await desk.button("Catatan kemajuan")
    await desk.button("CSV")
    await desk.choose("hr-exp-scope", "Dinas Kesehatan")
    async with desk.page.expect_download() as got:
        await desk.button("Unduh")
    download = await got.value
    assert download.suggested_filename == "Catatan_Kemajuan_Dinas_Kesehatan_T4_2026.csv"
    body = pathlib.Path(await download.path()).read_bytes()
    assert body.startswith(b"\xef\xbb\xbfOPD,Unit,NIP")
    text = await shown(desk, "hr-export-saved")
    assert "dikirim ke peramban" in text
    assert "/" not in text


async def test_every_hr_form_error_is_words(desk: Desk) -> None:
    page = desk.page
    await desk.button("Data induk")
    await desk.see("Impor dari CSV")
    await desk.button("Impor")  # no file yet
    assert "Pilih berkas" in await shown(desk, "hr-import-errors")
    await desk.fill("Berkas CSV di perangkat ini (path)", "/tidak/ada/pegawai.csv", exact=False)
    await desk.button("Impor")
    await desk.see("pegawai.csv tidak ditemukan di perangkat ini")
    await shown(desk, "hr-import-errors")
    bad = desk.stack.tmp / "pegawai-salah.csv"
    bad.write_text(HEADER + GOOD + "\n" + BAD + "\n", encoding="utf-8")
    async with page.expect_file_chooser() as chooser:
        await desk.button("Pilih berkas CSV")
    await (await chooser.value).set_files(str(bad))
    await desk.see("pegawai-salah.csv")
    await desk.button("Impor")
    await desk.see("centang 'Impor baris yang benar saja'")
    refused = await shown(desk, "hr-import-errors")
    assert "baris 3, kolom nip" in refused
    await desk.shot("hr-impor-kata")
    await desk.fill("Kode periode", "2027-T9", exact=False)
    await desk.button("Buka periode")
    assert "2027-T1" in await shown(desk, "hr-period-message")

    await desk.button("Pegawai")
    await desk.see("Pegawai: mutasi, data, dokumen")
    await desk.fill("NIP pegawai", NURSE)
    await desk.button("Simpan mutasi")  # neither a unit nor a supervisor
    assert "Unit tujuan" in await shown(desk, "hr-error")
    await desk.fill("NIP Pejabat Penilai baru", HEAD[:-1])
    await desk.button("Simpan mutasi")
    await desk.see("ditemukan 17")
    await shown(desk, "hr-error")
    await desk.fill("NIP Pejabat Penilai baru", "199901012020011999")  # nobody
    await desk.button("Simpan mutasi")
    await desk.see("199901012020011999 tidak dikenal")
    await shown(desk, "hr-error")  # the server's refusal, in words
    await desk.button("Simpan perubahan")  # nothing to change
    await desk.see("Ubah data pegawai.")
    await shown(desk, "hr-error")
    await desk.fill("Golongan", "IX")
    await desk.button("Simpan perubahan")
    await desk.see("golongan IX")
    await shown(desk, "hr-error")  # a content rule of the server, in words
