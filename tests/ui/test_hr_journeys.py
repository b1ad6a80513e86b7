"""HR's journeys in a real browser at desktop size (1440x900) against the real app and server.

One module-scoped server + app + page; the steps are ordered parts of one story: Heru, admin
BKPP, signs in at his desk, reads the city dashboard and drills down to Dinas Kesehatan,
imports a CSV of employees with one bad row (the error names the row) and then a good file by
its path on this computer, moves Rudi from dr. Wulan to dr. Andi (mutasi: the two Kepala
Puskesmas' devices, real Device objects, see the change after their next sync), checks the
spread of predikat at Puskesmas Kedungmundu after setting its organisation predikat, exports
the appraisals as XLSX, saves Rudi's evaluation PDF and looks at the audit log and devices.

Screenshots (1440x900) go to $KINERJA_SCREENSHOTS (default: the test's temporary folder);
docs/screenshots/hr-*.png are made with KINERJA_SCREENSHOTS=docs/screenshots.
"""

from __future__ import annotations

import asyncio
import os
import pathlib
import re
from collections.abc import AsyncIterator

import pytest
import pytest_asyncio
from playwright.async_api import Browser, Locator, Page

from client import Device
from tests.ui.conftest import HEAD, NURSE, PASSWORD, Screen, Stack, open_app, type_into

pytestmark = [pytest.mark.ui, pytest.mark.asyncio(loop_scope="module")]

DESKTOP = {"width": 1440, "height": 900}
BKPP = "197212131999121268"  # Heru Setiawan, Analis SDM Aparatur, admin_bkpp
NEW_HEAD = "197510052005031087"  # dr. Andi, Kepala Puskesmas Ngesrep
KEDUNGMUNDU = {  # staff of dr. Wulan rated for 2026-T4 (not Rudi, who moves)
    "198301082013022950": ("di_atas_ekspektasi", "di_atas_ekspektasi"),
    "197311141997041916": ("di_atas_ekspektasi", "di_atas_ekspektasi"),
    "197709102004022997": ("di_atas_ekspektasi", "di_atas_ekspektasi"),
    "199807122025022740": ("sesuai_ekspektasi", "sesuai_ekspektasi"),
    "197808042001042269": ("di_bawah_ekspektasi", "sesuai_ekspektasi"),
}
HEADER = "nip,nama,jenis_pegawai,golongan,jabatan,jenis_jabatan,kode_unit,nip_atasan\n"
GOOD = (
    f"199305012019032011,Nadia Putri S.Kep.,pns,III/a,Perawat Ahli Pertama,fungsional,PKM-04,{HEAD}"
)
BAD = f"19930501201903201,Salah Ketik,pns,III/a,Perawat Ahli Pertama,fungsional,PKM-04,{HEAD}"


class Desk(Screen):
    """The HR desk's page, the two supervisors' devices and small helpers."""

    settle_ms = 500
    scroll_at = (800, 600)
    scroll_dy = 800
    failed_shot = "hr-failed.png"

    def __init__(self, stack: Stack, page: Page, shots: pathlib.Path) -> None:
        super().__init__(stack, page, shots)
        self.devices: dict[str, Device] = {}

    async def device(self, nip: str) -> Device:
        """A supervisor's own device (a second data folder), signed in and synced."""
        if nip not in self.devices:
            device = Device(self.stack.tmp / f"device-{nip}")
            await asyncio.to_thread(device.login, nip, PASSWORD, server=self.stack.server.url)
            self.devices[nip] = device
        report = await asyncio.to_thread(self.devices[nip].sync)
        assert report.ok, report.message
        return self.devices[nip]

    async def open_hr(self) -> None:
        """The "HR" entry of the navigation rail; by URL (as a bookmark would) if absent. A tap
        that lands while Beranda is still being built is lost: tap again, as a person would."""
        for attempt in range(3):
            await self.page.wait_for_timeout(1500)
            entry = self.page.get_by_role("button", name=re.compile(r"^HR\s+Tab "))
            if await entry.count():
                await entry.first.click()
            else:
                await self.page.evaluate(
                    "() => { history.pushState({}, '', '/hr');"
                    " window.dispatchEvent(new PopStateEvent('popstate', {state: {}})); }"
                )
            try:
                await self.named("hr-tabs").wait_for(timeout=15_000)
                return
            except Exception:
                if attempt == 2:
                    raise

    async def fill(self, label: str, text: str, *, exact: bool = True) -> None:
        """Type into a text field (inside a card Flutter merges the card's texts into the
        field's label: match part of it with ``exact=False``)."""
        # once: text that does not stay fails the test
        await type_into(self.page.get_by_label(label, exact=exact).last, text, label)

    async def choose(self, identifier: str, option: str) -> None:
        """Pick ``option`` in the dropdown named ``identifier`` (its menu items are buttons)."""
        item = self.page.get_by_role("button", name=option, exact=True).last
        for _ in range(3):  # the menu can miss a click made while the screen re-renders
            await self.named(identifier).click()
            try:
                await item.wait_for(timeout=3000)
            except Exception:
                continue
            await item.click()
            break
        await self.page.wait_for_timeout(300)

    def named(self, identifier: str) -> Locator:
        return self.page.locator(f"[flt-semantics-identifier={identifier}]")


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def desk(stack: Stack, browser: Browser) -> AsyncIterator[Desk]:
    shots = pathlib.Path(os.environ.get("KINERJA_SCREENSHOTS", str(stack.tmp / "shots")))
    shots.mkdir(parents=True, exist_ok=True)
    page = await open_app(browser, stack.app.url, DESKTOP)
    desk = Desk(stack, page, shots)
    yield desk
    for device in desk.devices.values():
        device.close()
    await page.close()


async def test_supervisors_rate_their_staff(desk: Desk) -> None:
    """Before HR looks: dr. Wulan finalizes five appraisals of 2026-T4 on her device."""
    head = await desk.device(HEAD)
    for nip, (hasil, perilaku) in KEDUNGMUNDU.items():
        await asyncio.to_thread(
            head.rate, nip, "2026-T4", hasil_kerja=hasil, perilaku=perilaku, note=None
        )
        await asyncio.to_thread(head.finalize, nip, "2026-T4")
    assert (await asyncio.to_thread(head.sync)).pushed >= len(KEDUNGMUNDU)
    assert await asyncio.to_thread(head.list_logs, nip=NURSE)
    new_head = await desk.device(NEW_HEAD)
    assert not await asyncio.to_thread(new_head.list_logs, nip=NURSE)


async def test_sign_in_and_drill_down(desk: Desk) -> None:
    await desk.fill("NIP", BKPP)
    await desk.fill("Kata sandi", PASSWORD)
    await desk.button("Masuk")
    await desk.open_hr()
    await desk.see("Dasbor kinerja: Kota Semarang")
    await desk.named("hr-completion-chart").wait_for()
    await desk.shot("hr-dasbor-kota")
    await desk.button("Dinas Kesehatan")
    await desk.see("Dasbor kinerja: Dinas Kesehatan")
    await desk.button("Puskesmas Kedungmundu")
    await desk.see("Dasbor kinerja: Puskesmas Kedungmundu")
    await desk.see("Rudi Wahyu Saputra, S.Kep., Ners")
    await desk.shot("hr-dasbor-unit")


async def test_import_with_one_bad_row_names_the_row(desk: Desk) -> None:
    page = desk.page
    bad = desk.stack.tmp / "pegawai-salah.csv"
    bad.write_text(HEADER + GOOD + "\n" + BAD + "\n", encoding="utf-8")
    await desk.button("Data induk")
    await desk.see("Impor dari CSV")
    async with page.expect_file_chooser() as chooser:
        await desk.button("Pilih berkas CSV")
    await (await chooser.value).set_files(str(bad))
    await desk.see("pegawai-salah.csv")
    await desk.button("Impor")
    errors = desk.named("hr-import-errors")
    await errors.wait_for()
    text = await errors.inner_text()
    assert "tidak ada data yang diimpor" in text
    assert "baris 3, kolom nip: NIP harus 18 digit angka (ditemukan 17)" in text
    await desk.shot("hr-impor-baris-salah")
    # the fallback: a file on this computer by its path (the app process is the device)
    good = desk.stack.tmp / "pegawai.csv"
    good.write_text(HEADER + GOOD + "\n", encoding="utf-8")
    await desk.fill("Berkas CSV di perangkat ini (path)", str(good), exact=False)
    await desk.button("Impor")
    await desk.named("hr-import-done").wait_for()
    assert "1 baris (1 baru, 0 diperbarui)" in await desk.named("hr-import-done").inner_text()


async def test_mutasi_reaches_both_supervisors_devices(desk: Desk) -> None:
    await desk.button("Pegawai")
    await desk.see("Pegawai: mutasi, data, dokumen")
    await desk.fill("NIP pegawai", NURSE)
    await desk.fill("NIP Pejabat Penilai baru", NEW_HEAD)
    await desk.fill("Catatan (mis. nomor SK)", "SK Kepala Dinkes 800/123/2026")
    await desk.button("Simpan mutasi")
    await desk.named("hr-mutasi-done").wait_for()
    await desk.shot("hr-mutasi")
    old, new = await desk.device(HEAD), await desk.device(NEW_HEAD)
    assert not await asyncio.to_thread(old.list_logs, nip=NURSE)
    assert await asyncio.to_thread(new.list_logs, nip=NURSE)
    async with desk.page.expect_download() as pdf:
        await desk.button("Unduh PDF")
    download = await pdf.value
    assert download.suggested_filename == f"Dokumen_Evaluasi_{NURSE}_T4_2026.pdf"
    assert pathlib.Path(await download.path()).read_bytes().startswith(b"%PDF")
    await desk.named("hr-pdf-sent").wait_for()
    assert "dikirim ke peramban" in await desk.named("hr-pdf-sent").inner_text()


async def test_distribution_check(desk: Desk) -> None:
    await desk.button("Dasbor")
    await desk.button("Dinas Kesehatan")
    await desk.button("Puskesmas Kedungmundu")
    await desk.button("Cek sebaran predikat")
    await desk.see("Cek sebaran predikat", timeout=10_000)
    summary = desk.named("hr-dist-summary")
    # the screen gathers ~10 answers from the server first; allow for a loaded 2-core machine
    await summary.wait_for(timeout=90_000)
    assert "Puskesmas Kedungmundu, periode 2026-T4: 5 pegawai" in await summary.inner_text()
    await desk.choose("hr-org-predikat", "Baik")
    await desk.button("Tetapkan predikat organisasi")
    await desk.named("hr-violation-0").wait_for()
    verdict = await desk.named("hr-dist-verdict").inner_text()
    assert "tidak terpenuhi" in verdict
    assert "bukan kelompok terbesar untuk organisasi Baik: Sangat Baik 60 %" in verdict
    await desk.shot("hr-sebaran")
    await desk.scroll()
    top = await desk.named("hr-top").inner_text()
    assert "Puji Ayu Pratiwi" in top
    assert "Indah Ari Puspitasari" in await desk.named("hr-pembinaan").inner_text()


async def test_export_xlsx(desk: Desk) -> None:
    await desk.button("Ekspor")
    await desk.see("Ekspor data")
    async with desk.page.expect_download() as sheet:
        await desk.button("Unduh")
    download = await sheet.value
    # the browser downloads it under an Indonesian name; nothing is written on the app host
    assert download.suggested_filename == "Rekap_Kinerja_Kota_Semarang_T4_2026.xlsx"
    assert pathlib.Path(await download.path()).read_bytes()[:2] == b"PK"
    await desk.named("hr-export-saved").wait_for()
    await desk.see("Rekap_Kinerja_Kota_Semarang_T4_2026.xlsx", timeout=10_000)
    assert not list((desk.stack.tmp / "app-home").rglob("*.xlsx"))
    await desk.shot("hr-ekspor")


async def test_audit_and_devices(desk: Desk) -> None:
    await desk.button("Audit")
    await desk.fill("NIP atau ID", NURSE)
    await desk.button("Telusuri")
    table = desk.named("hr-audit-table")
    await table.wait_for()
    assert "mutasi" in await table.inner_text()
    await desk.shot("hr-audit")
    await desk.button("Perangkat")
    devices = desk.named("hr-devices-table")
    await devices.wait_for()
    assert "dr. Andi" in await devices.inner_text()
    await desk.shot("hr-perangkat")
