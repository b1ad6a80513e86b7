"""Field-staff journeys in a real browser against the real app and the real server.

One module-scoped server + app + browser page; the tests are ordered steps of one story:
Rudi, a nurse at Puskesmas Kedungmundu, signs in, loses the signal, logs three home visits with
a photo each, gets the signal back and watches them sync, edits one that he also edited on a
second phone (and resolves the conflict), sends his self-assessment, and reads the feedback and
ratings his head of Puskesmas wrote with the command-line device.

Screenshots (412x915) go to $KINERJA_SCREENSHOTS (default: the test's temporary folder).
"""

from __future__ import annotations

import asyncio
import os
import pathlib
import time
from collections.abc import AsyncIterator, Callable

import pytest
import pytest_asyncio
from playwright.async_api import Browser, Page

from client import Device
from tests.ui.conftest import HEAD, NURSE, PASSWORD, Screen, Stack, open_app, type_into

pytestmark = [pytest.mark.ui, pytest.mark.asyncio(loop_scope="module")]

# a tiny valid PNG (1x1), the "photo" attached to each entry
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d49484452000000010000000108020000009077"
    "53de0000000c4944415408d763f8cfc0000003010100c9fe92ef0000000049454e44ae426082"
)


class Journey(Screen):
    """The phone's page and its helpers (state between the ordered steps)."""

    def __init__(self, stack: Stack, page: Page, shots: pathlib.Path) -> None:
        super().__init__(stack, page, shots)
        self.photo = stack.tmp / "kunjungan.png"
        self.photo.write_bytes(PNG)
        self.timings: dict[str, float] = {}

    async def fill(self, label: str, text: str) -> None:
        """Type into a text field once; text that does not stay fails the test."""
        try:
            await type_into(self.page.get_by_label(label, exact=True), text, label)
        except AssertionError:
            await self.page.screenshot(path=str(self.shots / "failed.png"))
            raise

    async def reveal(self, label: str) -> None:
        """Scroll until the field ``label`` is on screen (Flutter builds what comes into view)."""
        field = self.page.get_by_label(label, exact=True)
        for _ in range(10):
            if await field.count():
                box = await field.bounding_box()
                if box is not None and 80 < box["y"] < 700:
                    return
            await self.scroll(300)
        raise AssertionError(f"the field {label!r} never came into view")

    async def nav(self, label: str) -> None:
        await self.page.get_by_role("tab", name=label).click()
        await self.page.wait_for_timeout(300)

    async def marks(self) -> list[str]:
        return await self.page.locator("[flt-semantics-identifier^=mark-]").all_inner_texts()

    async def wait_marks(self, done: Callable[[list[str]], bool], timeout: float = 20) -> None:
        deadline = time.monotonic() + timeout
        while not done(marks := await self.marks()):
            if time.monotonic() > deadline:
                raise AssertionError(f"entry marks stayed {marks}")
            await asyncio.sleep(0.2)


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def journey(stack: Stack, browser: Browser) -> AsyncIterator[Journey]:
    shots = pathlib.Path(os.environ.get("KINERJA_SCREENSHOTS", str(stack.tmp / "shots")))
    shots.mkdir(parents=True, exist_ok=True)
    page = await open_app(browser, stack.app.url)
    yield Journey(stack, page, shots)
    await page.close()


def cli_device(stack: Stack, name: str, nip: str) -> Device:
    device = Device(stack.tmp / name)
    device.login(nip, PASSWORD, server=stack.server.url)
    return device


async def test_login_online_first_time(journey: Journey) -> None:
    await journey.fill("NIP", NURSE)
    await journey.fill("Kata sandi", PASSWORD)
    await journey.shot("01-masuk")
    await journey.button("Masuk")
    await journey.see("Halo, Rudi")
    await journey.wait_status("Tersinkron")
    assert "Daring" in await journey.status()
    await journey.see("Jumlah kunjungan rumah")
    await journey.shot("02-beranda")


async def test_offline_three_entries_with_a_photo(journey: Journey) -> None:
    page = journey.page
    journey.stack.server.stop()
    await journey.wait_status("Luring")
    for n in (1, 2, 3):
        await journey.nav("Catat")
        await journey.fill("Realisasi (kunjungan)", "-1" if n == 1 else str(n))
        await journey.fill("Uraian kegiatan", f"Kunjungan rumah pasien {n}")
        await journey.fill("Tempat (boleh kosong)", "Kelurahan Kedungmundu")
        async with page.expect_file_chooser() as chooser:
            await journey.button("Tambah bukti (foto/PDF)")
        await (await chooser.value).set_files(str(journey.photo))
        await journey.see("1 berkas bukti dipilih")
        if n == 1:  # validation in words first: a value below zero
            await journey.button("Simpan")
            errors = page.locator("[flt-semantics-identifier=form-errors]")
            await errors.wait_for()
            assert "Realisasi tidak boleh di bawah nol." in await errors.inner_text()
            await journey.shot("03-catat-validasi")
            await journey.fill("Realisasi (kunjungan)", "1")
            await journey.scroll(800)  # "Simpan" is below the photo's thumbnail again
        started = time.perf_counter()
        await journey.button("Simpan")
        await journey.see("Halo, Rudi")  # back on Beranda (the form's own field also has the text)
        await journey.see(f"Kunjungan rumah pasien {n}")
        journey.timings[f"save_{n}"] = (time.perf_counter() - started) * 1000
    assert "3 menunggu sinkron" in await journey.wait_status("3 menunggu sinkron")
    assert "Luring" in await journey.status()
    await journey.wait_marks(lambda marks: marks == ["menunggu sinkron"] * 3)
    await journey.shot("04-beranda-luring")


async def test_back_online_the_entries_sync(journey: Journey) -> None:
    journey.stack.server.start()
    await journey.wait_status("Semua terkirim", timeout=30)
    assert "Daring" in await journey.status()
    await journey.wait_marks(lambda marks: marks == ["tersinkron"] * 3)
    # the server has them, photo included: a second device of Rudi receives all three
    phone = await asyncio.to_thread(cli_device, journey.stack, "phone2", NURSE)
    try:
        await asyncio.to_thread(phone.sync)
        notes = {f"Kunjungan rumah pasien {n}" for n in (1, 2, 3)}
        mine = [e for e in phone.list_logs() if e.note in notes]
        assert sorted(e.value for e in mine) == [1.0, 2.0, 3.0]
        assert all(len(e.evidence) == 1 for e in mine)
    finally:
        phone.close()


async def test_edit_on_two_devices_and_resolve_the_conflict(journey: Journey) -> None:
    page = journey.page
    phone = await asyncio.to_thread(cli_device, journey.stack, "phone2", NURSE)
    try:
        entry = next(e for e in phone.list_logs() if e.note == "Kunjungan rumah pasien 3")
        await asyncio.to_thread(phone.edit_log, entry.id, {"value": 5})
        report = await asyncio.to_thread(phone.sync)
        assert report.ok
    finally:
        phone.close()
    # the app has not pulled that edit yet: Rudi corrects the same entry in the app
    await journey.nav("Beranda")
    await page.get_by_role("button", name="Ubah").first.click()
    await journey.see("Ubah catatan")
    await journey.fill("Realisasi (kunjungan)", "4")
    await journey.scroll(800)  # "Simpan" is below the entry's saved photo
    await journey.button("Simpan")
    await journey.wait_status("Semua terkirim", timeout=30)
    await journey.see("1 konflik perlu diputuskan", timeout=20_000)
    await journey.button("1 konflik perlu diputuskan")
    await journey.see("Di perangkat ini")
    mine = await page.locator("[flt-semantics-identifier=conflict-mine]").inner_text()
    other = await page.locator("[flt-semantics-identifier=conflict-other]").inner_text()
    assert "Realisasi: 4" in mine
    assert "Realisasi: 5" in other
    await journey.shot("05-konflik")
    await journey.button("Pakai versi perangkat ini")
    await page.locator("[flt-semantics-identifier=conflicts-none]").wait_for()
    await journey.wait_status("Semua terkirim", timeout=30)


async def test_submit_the_self_assessment(journey: Journey) -> None:
    page = journey.page
    await journey.nav("Penilaian")
    await journey.see("Penilaian diri Triwulan")
    await page.get_by_role("radio", name="Sesuai Ekspektasi").first.click()
    await journey.fill("Refleksi", "Kunjungan rumah sesuai jadwal; dokumentasi perlu dirapikan.")
    await journey.shot("06-penilaian-diri")
    await journey.scroll()
    await journey.button("Kirim ke atasan")
    # only the work results are rated: the app asks first, naming what is empty
    await journey.see("Kirim penilaian diri yang belum lengkap?")
    await journey.button("Kirim saja")
    await journey.see("Penilaian diri Triwulan IV 2026 Anda kirim")
    await journey.wait_status("Semua terkirim", timeout=30)


async def test_read_feedback_and_object_to_the_predikat(journey: Journey) -> None:
    page = journey.page
    head = await asyncio.to_thread(cli_device, journey.stack, "head", HEAD)
    try:
        await asyncio.to_thread(head.sync)
        sent = [
            r
            for r in head.export()["records"]
            if r["kind"] == "self_assessment" and r["owner"] == NURSE
        ]
        assert sent
        assert sent[0]["fields"]["submitted"] is True
        await asyncio.to_thread(
            head.feedback,
            NURSE,
            "Dokumentasi kunjungan rumah sudah rapi, pertahankan.",
            period_code=None,
            kind="umpan_balik",
        )
        await asyncio.to_thread(
            head.rate,
            NURSE,
            "2026",
            hasil_kerja="sesuai_ekspektasi",
            perilaku="di_atas_ekspektasi",
            note="Pelayanan ramah, target kunjungan tercapai.",
        )
        await asyncio.to_thread(head.finalize, NURSE, "2026")
        assert (await asyncio.to_thread(head.sync)).ok
    finally:
        head.close()
    await journey.button("Sinkronkan")
    await journey.wait_status("Tersinkron baru saja", timeout=30)
    await journey.nav("Lainnya")
    await journey.text("Umpan balik & nilai").click()
    await journey.see("Dokumentasi kunjungan rumah sudah rapi, pertahankan.")
    await journey.see("Predikat: Baik")
    await journey.see("bertemu di kotak 'Baik'")
    await journey.shot("07-umpan-balik")
    for _ in range(4):  # the objection form sits under the rating: scroll until it shows
        if await page.get_by_label("Alasan keberatan", exact=True).count():
            break
        await journey.scroll(400)
    await journey.fill("Alasan keberatan", "Target kunjungan terlampaui; mohon ditinjau.")
    await journey.button("Ajukan keberatan")
    status = page.locator("[flt-semantics-identifier=objection-status]")
    await status.wait_for()
    assert "Diajukan" in await status.inner_text()


async def test_skp_guide_and_english(journey: Journey) -> None:
    page = journey.page
    await journey.nav("SKP saya")
    await journey.see("Status: Disetujui")
    await journey.see("Ekspektasi khusus atasan")
    # a percentage is a level: its latest value, not the sum of the entries
    await journey.see("(kualitas; nilai terakhir)")
    await journey.shot("08-skp")
    await page.get_by_label("Panduan", exact=True).first.click()
    await journey.see("Bagaimana dua rating menjadi predikat (kuadran)")
    await journey.shot("09-panduan")
    await page.get_by_label("English", exact=True).first.click()
    await journey.see("How two ratings become a predikat (the quadrant)")
    assert "Online" in await journey.status()
    await page.get_by_label("Bahasa Indonesia", exact=True).first.click()
    await journey.see("Mengapa ada kurva distribusi")


async def test_draft_an_rhk_of_the_returned_skp(journey: Journey) -> None:
    """The head returns Rudi's SKP; he adds an RHK supporting one of hers (the form refuses a
    target below zero in words first) and submits the SKP again; her device receives it,
    linked to her RHK."""
    page = journey.page
    head = await asyncio.to_thread(cli_device, journey.stack, "head-skp", HEAD)
    try:
        assert (await asyncio.to_thread(head.sync)).ok
        # his phone holds her SKP (read only): he picks her RHK by its text
        own = next(r for r in head.skp_review(NURSE, 2026).rhk if r.linked)
        await asyncio.to_thread(head.return_skp, NURSE, 2026, "Tambahkan RHK kunjungan lansia.")
        assert (await asyncio.to_thread(head.sync)).ok
    finally:
        head.close()
    await journey.button("Sinkronkan")
    await journey.wait_status("Tersinkron baru saja", timeout=30)
    await journey.nav("SKP saya")
    await journey.see("Status: Dikembalikan")
    await journey.see("Catatan atasan: Tambahkan RHK kunjungan lansia.")
    await journey.reveal("Rencana hasil kerja (RHK)")
    await journey.fill("Rencana hasil kerja (RHK)", "Kunjungan rumah lansia terlaksana")
    await journey.reveal("Indikator kinerja individu")
    await page.get_by_role("radio", name=own.parent_text).click()
    await journey.fill("Indikator kinerja individu", "Jumlah lansia yang dikunjungi")
    await journey.fill("Target", "-5")
    await journey.fill("Satuan target (mis. kunjungan, %, bulan)", "kunjungan")
    await journey.button("Simpan RHK")
    errors = page.locator("[flt-semantics-identifier=rhk-errors]")
    await errors.wait_for()
    assert "Target harus angka lebih dari nol" in await errors.inner_text()
    await journey.fill("Target", "24")
    await journey.button("Simpan RHK")
    await journey.see("RHK disimpan di perangkat")
    await journey.see("Kunjungan rumah lansia terlaksana")
    for _ in range(6):  # the submit button sits above the RHK: scroll back up
        if await page.get_by_role("button", name="Ajukan SKP ke atasan").count():
            break
        await journey.scroll(-600)
    await journey.button("Ajukan SKP ke atasan")
    await journey.see("Status: Diajukan")
    await journey.wait_status("Semua terkirim", timeout=30)
    head = await asyncio.to_thread(cli_device, journey.stack, "head-skp", HEAD)
    try:
        assert (await asyncio.to_thread(head.sync)).ok
        review = await asyncio.to_thread(head.skp_review, NURSE, 2026)
    finally:
        head.close()
    assert review.status == "diajukan"
    added = next(r for r in review.rhk if r.text == "Kunjungan rumah lansia terlaksana")
    assert added.linked
    assert added.parent_text == own.parent_text
    assert [(i.text, i.target, i.unit) for i in added.indicators] == [
        ("Jumlah lansia yang dikunjungi", 24.0, "kunjungan")
    ]
