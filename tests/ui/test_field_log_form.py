"""The log form on a phone (issue #16 items 5, 3 and 7), in a real browser against the real app
and server: Rudi picks the date with "Kemarin" and the calendar, types it the Indonesian way
(shown as "3 Des 2026"), types "8.30" (shown 08:30) and picks the end time on the clock, is told
in words that a count takes whole numbers and that he was on leave that day, cannot type past
the note's limit (the counter says so), sees the photo he picked as a thumbnail he can remove,
saves, and watches the notice change when the entry reaches the server; then he edits the entry,
sees its saved photo, removes it and adds another.

Screenshots (412x915) go to $KINERJA_SCREENSHOTS (default: the test's temporary folder).
"""

from __future__ import annotations

import asyncio
import datetime as dt
import hashlib
import os
import pathlib
import re
import struct
import zlib
from collections.abc import AsyncIterator

import pytest
import pytest_asyncio
from playwright.async_api import Browser
from playwright.async_api import TimeoutError as PlaywrightTimeout

from bench.browser import settle
from client import Device
from client.ops.logs import leave_days
from client.ui.common.fmt import WIB, format_date_id
from client.ui.pegawai.validation import NOTE_MAX
from tests.ui.conftest import NURSE, PASSWORD, Screen, Stack, open_app, type_into
from tests.ui.wording import assert_words

pytestmark = [pytest.mark.ui, pytest.mark.asyncio(loop_scope="module")]


def png(width: int, height: int, rgb: tuple[int, int, int]) -> bytes:
    """A small valid PNG of one colour (two colours make two different evidence files)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    row = b"\x00" + bytes(rgb) * width
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
        + chunk(b"IDAT", zlib.compress(row * height))
        + chunk(b"IEND", b"")
    )


class Phone(Screen):
    failed_shot = "failed-log-form.png"

    def field(self, label: str):  # type: ignore[no-untyped-def]
        return self.page.get_by_label(label, exact=True)

    async def fill(self, label: str, text: str, keeps: str | None = None) -> None:
        try:
            await type_into(self.field(label), text, label, keeps)
        except AssertionError:
            await self.page.screenshot(path=str(self.shots / self.failed_shot))
            raise

    async def shows(self, label: str, text: str, timeout: float = 10) -> None:
        """The field ``label`` comes to show ``text`` (set by the app: a picker, a chip). Flutter
        writes a field's text into its DOM input only while it has the cursor: tap it first."""
        deadline = asyncio.get_running_loop().time() + timeout
        seen = ""
        target = self.field(label)
        while asyncio.get_running_loop().time() < deadline:
            if not await target.evaluate("el => document.activeElement === el"):
                await settle(self.page)
                await target.click()
                await asyncio.sleep(0.3)
            seen = await target.input_value()
            if seen == text:
                return
            await asyncio.sleep(0.1)
        await self.page.screenshot(path=str(self.shots / self.failed_shot))
        raise AssertionError(f"{label!r} shows {seen!r}, not {text!r}")

    async def leave_field(self) -> None:
        """Move the cursor on, as a person does (the field tidies what was typed)."""
        await self.page.keyboard.press("Tab")

    async def errors(self, expected: str, timeout: float = 15) -> str:
        """The form's list of problems once it names ``expected`` (the list of the previous
        "Simpan" may still be on screen for a moment)."""
        block = self.page.locator("[flt-semantics-identifier=form-errors]")
        deadline = asyncio.get_running_loop().time() + timeout
        shown = ""
        tries = 0
        while asyncio.get_running_loop().time() < deadline:
            if await block.count():
                shown = await block.first.inner_text()
                if expected in shown:
                    return shown
            tries += 1
            if tries % 20 == 0:  # below the fold: scroll to it, as a person would
                await self.scroll(250)
            await asyncio.sleep(0.1)
        await self.page.screenshot(path=str(self.shots / self.failed_shot))
        raise AssertionError(f"the form never said {expected!r}; it says {shown!r}")

    async def notice(self) -> str:
        return await self.page.locator("[flt-semantics-identifier=notice]").inner_text()


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def phone(stack: Stack, browser: Browser) -> AsyncIterator[Phone]:
    shots = pathlib.Path(os.environ.get("KINERJA_SCREENSHOTS", str(stack.tmp / "shots")))
    shots.mkdir(parents=True, exist_ok=True)
    page = await open_app(browser, stack.app.url)
    yield Phone(stack, page, shots)
    await page.close()


def cli_device(stack: Stack, name: str) -> Device:
    device = Device(stack.tmp / name)
    device.login(NURSE, PASSWORD, server=stack.server.url)
    return device


TODAY = dt.datetime.now(WIB).date()
YESTERDAY = TODAY - dt.timedelta(days=1)


async def test_sign_in_and_open_the_form(phone: Phone) -> None:
    await phone.fill("NIP", NURSE)
    await phone.fill("Kata sandi", PASSWORD)
    await phone.button("Masuk")
    await phone.wait_status("Tersinkron", timeout=40)
    await phone.page.get_by_role("tab", name="Catat").click()
    await phone.see("Catat kemajuan")
    # the date opens on today, written the Indonesian way
    await phone.shows("Tanggal", format_date_id(TODAY))


async def test_the_date_by_chip_by_calendar_and_typed(phone: Phone) -> None:
    await phone.text("Kemarin").click()
    await phone.shows("Tanggal", format_date_id(YESTERDAY))
    await phone.text("Hari ini").click()
    await phone.shows("Tanggal", format_date_id(TODAY))
    # typed day first with slashes: shown as "3 Des 2026" once the cursor moves on
    await phone.fill("Tanggal", f"{YESTERDAY:%d/%m/%Y}")
    await phone.leave_field()
    await phone.shows("Tanggal", format_date_id(YESTERDAY))
    # the calendar: it opens on the field's day; "Pilih" takes the day tapped
    await phone.page.get_by_role("button", name="Pilih tanggal").click()
    await phone.see("Pilih")
    await phone.shot("log-form-calendar")
    day = phone.page.get_by_role("button", name=re.compile(rf"^{TODAY.day}\b")).first
    if TODAY.month == YESTERDAY.month:  # today is in the month shown
        await day.click()
        await phone.button("Pilih")
        await phone.shows("Tanggal", format_date_id(TODAY))
    else:
        await phone.button("Pilih")
        await phone.shows("Tanggal", format_date_id(YESTERDAY))


async def test_times_typed_with_a_dot_or_picked(phone: Phone) -> None:
    await phone.fill("Jam mulai", "8.30")
    await phone.leave_field()
    await phone.shows("Jam mulai", "08:30")
    await phone.page.get_by_role("button", name="Pilih jam selesai").click()
    await phone.see("Pilih")
    await phone.shot("log-form-clock")
    await phone.button("Pilih")  # the clock opens on 09:00
    await phone.shows("Jam selesai", "09:00")


async def test_a_count_takes_whole_numbers_and_messages_are_words(phone: Phone) -> None:
    await phone.fill("Realisasi (kunjungan)", "1,5")
    await phone.fill("Uraian kegiatan", "Kunjungan rumah lansia")
    await phone.button("Simpan")
    shown = await phone.errors("Jumlah kunjungan harus bilangan bulat")
    assert_words(shown, "the log form")
    await phone.shot("log-form-whole-number")
    await phone.fill("Realisasi (kunjungan)", "2")


async def test_a_leave_day_is_told_whole(phone: Phone) -> None:
    device = await asyncio.to_thread(cli_device, phone.stack, "leave-check")
    try:
        await asyncio.to_thread(device.sync)
        days = sorted(leave_days(device.ctx))
    finally:
        device.close()
    if not days:
        pytest.skip("the demo records no leave for Rudi")
    day = days[0]
    await phone.fill("Tanggal", f"{day.day}/{day.month}/{day.year}")
    await phone.button("Simpan")
    whole = (
        f"Pada {format_date_id(day)} Anda tercatat cuti tahunan; catatan progres tidak bisa"
        " dibuat pada hari itu."
    )
    shown = await phone.errors(whole)
    assert_words(shown, "the leave message")
    await phone.shot("log-form-leave")
    await phone.text("Hari ini").click()
    await phone.shows("Tanggal", format_date_id(TODAY))


async def test_the_note_stops_at_its_limit_with_a_counter(phone: Phone) -> None:
    typed = "Kunjungan rumah lansia. " * 100  # 2,400 characters
    # the field keeps the first 2,000, and that is what reaches the app
    await phone.fill("Uraian kegiatan", typed, keeps=typed[:NOTE_MAX])
    await phone.shot("log-form-note-limit")  # the counter under it: 2000/2000
    await phone.fill("Uraian kegiatan", "Kunjungan rumah lansia di RW 03")


async def test_photo_thumbnail_with_remove_then_save_and_sent(phone: Phone) -> None:
    page = phone.page
    first = phone.stack.tmp / "rumah.png"
    first.write_bytes(png(24, 24, (30, 120, 200)))
    async with page.expect_file_chooser() as chooser:
        await phone.button("Tambah bukti (foto/PDF)")
    await (await chooser.value).set_files(str(first))
    thumb = page.locator("[flt-semantics-identifier=evidence-new-1]")
    await thumb.wait_for()
    await phone.see("1 berkas bukti dipilih")
    await phone.shot("log-form-thumbnail")
    await page.get_by_role("button", name="Hapus bukti rumah.png").click()
    await thumb.wait_for(state="detached")
    async with page.expect_file_chooser() as chooser:
        await phone.button("Tambah bukti (foto/PDF)")
    await (await chooser.value).set_files(str(first))
    await thumb.wait_for()
    await phone.button("Simpan")
    await phone.see("Kunjungan rumah lansia di RW 03")
    # the notice follows the entry: saved here first, then on the server
    await phone.see("Catatan terkirim ke server.", timeout=40_000)
    assert "menunggu sinkron" not in await phone.notice()


async def test_edit_shows_the_saved_photo_remove_it_add_another(phone: Phone) -> None:
    page = phone.page
    await page.get_by_role("button", name="Ubah").first.click()
    await phone.see("Ubah catatan")
    await phone.shows("Tanggal", format_date_id(TODAY))
    await phone.shows("Jam mulai", "08:30")
    await phone.scroll(500)
    kept = page.locator("[flt-semantics-identifier=evidence-kept-1]")
    await kept.wait_for()
    await phone.see("1 berkas bukti")
    await phone.shot("log-form-edit-photos")
    await page.get_by_role("button", name="Hapus bukti bukti 1").click()
    await kept.wait_for(state="detached")
    second = phone.stack.tmp / "posyandu.png"
    second.write_bytes(png(16, 16, (200, 60, 40)))
    for attempt in range(3):  # a tap made while the list re-renders after the removal can miss
        try:
            async with page.expect_file_chooser(timeout=10_000) as chooser:
                await phone.button("Tambah bukti (foto/PDF)")
            break
        except PlaywrightTimeout:
            if attempt == 2:
                raise
    await (await chooser.value).set_files(str(second))
    await page.locator("[flt-semantics-identifier=evidence-new-1]").wait_for()
    await phone.scroll(500)
    await phone.button("Simpan")
    # the server has the edit: the new photo in place of the old one
    want = [hashlib.sha256(second.read_bytes()).hexdigest()]
    device = await asyncio.to_thread(cli_device, phone.stack, "edit-check")
    try:
        for _ in range(60):
            await asyncio.to_thread(device.sync)
            entry = next(
                e for e in device.list_logs() if e.note == "Kunjungan rumah lansia di RW 03"
            )
            if [e.sha256 for e in entry.evidence] == want:
                break
            await asyncio.sleep(0.5)
    finally:
        device.close()
    assert [e.sha256 for e in entry.evidence] == want
    assert (entry.date, entry.start, entry.end, entry.value) == (
        TODAY.isoformat(),
        "08:30",
        "09:00",
        2.0,
    )
    await phone.see("Catatan terkirim ke server.")
