"""The self-assessment and the keberatan on a 412x915 phone, in a real browser against the real
app and server (issue #16 items 6, 7 and 3 for these forms).

Rudi taps the reminder on Beranda that names Triwulan III and lands on the self-assessment of
Triwulan III; its action bar stays above the navigation bar; every error the form can show is
in words (the rating asked for, a reflection longer than the record stores, with its counter);
"3/8 terisi" after three ratings; sending it asks first, naming what is empty; sent without a
signal it waits, and once the server has it the screen and the notice say "Diterima server:
terkunci". Then, with a final annual predikat, the keberatan form says what is wrong in words,
counts characters, and its status follows the sync.

Screenshots go to $KINERJA_SCREENSHOTS (default: the test's temporary folder).
"""

from __future__ import annotations

import asyncio
import os
import pathlib
import time
from collections.abc import AsyncIterator

import pytest
import pytest_asyncio
from playwright.async_api import Browser

from client import Device
from tests.ui.conftest import HEAD, NURSE, PASSWORD, Screen, Stack, open_app, type_into
from tests.ui.wording import assert_words

pytestmark = [pytest.mark.ui, pytest.mark.asyncio(loop_scope="module")]

REMINDER = "Penilaian diri Triwulan III 2026 belum dikirim"


class Phone(Screen):
    async def fill(self, label: str, text: str) -> None:
        await type_into(self.page.get_by_label(label, exact=True), text, label)

    async def nav(self, label: str) -> None:
        await self.page.get_by_role("tab", name=label).click()
        await self.page.wait_for_timeout(300)

    async def ident(self, name: str) -> str:
        return await self.page.locator(f"[flt-semantics-identifier={name}]").inner_text()

    async def wait_ident(self, name: str, text: str, timeout: float = 30) -> str:
        """Wait until the control labelled ``name`` shows ``text``; its text is checked for
        words only."""
        deadline = time.monotonic() + timeout
        seen = ""
        while time.monotonic() < deadline:
            found = self.page.locator(f"[flt-semantics-identifier={name}]")
            if await found.count():
                seen = await found.first.inner_text()
                if text in seen:
                    assert_words(seen, name)
                    return seen
            await asyncio.sleep(0.2)
        await self.page.screenshot(path=str(self.shots / "failed.png"))
        raise AssertionError(f"{name} never showed {text!r}; last seen {seen!r}")

    async def reveal(self, role: str, name: str, dy: int = 350, *, exact: bool = True) -> None:
        """Scroll the form until ``name`` is built and on screen above the action bar."""
        target = self.page.get_by_role(role, name=name, exact=exact).last  # type: ignore[arg-type]
        for _ in range(12):
            if await target.count():
                box = await target.bounding_box()
                if box is not None and 120 < box["y"] < 560:
                    return
            await self.scroll(dy)
        raise AssertionError(f"{role} {name!r} never came into view")


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def phone(stack: Stack, browser: Browser) -> AsyncIterator[Phone]:
    shots = pathlib.Path(os.environ.get("KINERJA_SCREENSHOTS", str(stack.tmp / "shots")))
    shots.mkdir(parents=True, exist_ok=True)
    page = await open_app(browser, stack.app.url)
    yield Phone(stack, page, shots)
    await page.close()


def _rate_and_finalize_the_year(stack: Stack) -> None:
    head = Device(stack.tmp / "head")
    try:
        head.login(HEAD, PASSWORD, server=stack.server.url)
        head.sync()
        head.rate(
            NURSE, "2026", hasil_kerja="sesuai_ekspektasi", perilaku="sesuai_ekspektasi", note=None
        )
        head.finalize(NURSE, "2026")
        assert head.sync().ok
    finally:
        head.close()


async def test_the_reminder_opens_the_period_it_names(phone: Phone) -> None:
    await phone.fill("NIP", NURSE)
    await phone.fill("Kata sandi", PASSWORD)
    await phone.button("Masuk")
    await phone.see("Halo, Rudi")
    await phone.wait_status("Tersinkron")
    reminder = phone.page.locator("[flt-semantics-identifier=reminder-assess]")
    await reminder.wait_for()
    assert REMINDER in await reminder.inner_text()
    await reminder.click()
    await phone.see("Penilaian diri Triwulan III 2026")
    assert "Belum diisi." in await phone.wait_ident("assess-status", "Belum diisi.")
    assert "0/8 terisi" in await phone.ident("assess-filled")


async def test_the_action_bar_stays_above_the_navigation(phone: Phone) -> None:
    send = phone.page.get_by_role("button", name="Kirim ke atasan", exact=True)
    await send.wait_for()
    tops = []
    for tab in await phone.page.get_by_role("tab").all():
        found = await tab.bounding_box()
        if found is not None and found["y"] > 915 / 2:  # the navigation bar's destinations
            tops.append(found["y"])
    assert len(tops) == 5
    nav_top = min(tops)
    for _ in range(2):  # at the top of the form and scrolled to its end
        box = await send.bounding_box()
        assert box is not None
        assert box["y"] + box["height"] <= nav_top, (box, nav_top)
        assert box["height"] >= 48  # a touch target
        await phone.scroll(3000)
    await phone.shot("penilaian-diri-10-bar")
    await phone.scroll(-6000)


async def test_every_error_of_the_form_is_words(phone: Phone) -> None:
    """On Triwulan IV (left unsent): the rating asked for, a reflection over the limit."""
    await phone.button("T4")
    await phone.see("Penilaian diri Triwulan IV 2026")
    await phone.button("Kirim ke atasan")  # no rating of the work results yet
    said = await phone.wait_ident("assess-error-rating", "Pilih rating hasil kerja")
    assert said == await phone.wait_ident("assess-errors", said)
    too_long = "Kunjungan rumah. " * 236  # 4012 characters: the record stores 4000
    await phone.fill("Refleksi", too_long)
    await phone.see("4.012/4.000 karakter")
    await phone.see("Persingkat 12 karakter")
    await phone.button("Simpan draf")
    errors = await phone.wait_ident("assess-errors", "Refleksi paling banyak 4.000 karakter")
    assert "Perbaiki isian yang ditandai merah" in errors
    await phone.shot("penilaian-diri-11-kesalahan")
    await phone.nav("Beranda")  # the reminder again: back on Triwulan III
    await phone.page.locator("[flt-semantics-identifier=reminder-assess]").click()
    await phone.see("Penilaian diri Triwulan III 2026")
    await phone.wait_ident("assess-filled", "0/8 terisi")


async def test_three_of_eight_then_send_with_a_confirmation(phone: Phone) -> None:
    page = phone.page
    await phone.reveal("radio", "Sesuai Ekspektasi")
    await page.get_by_role("radio", name="Sesuai Ekspektasi", exact=True).first.click()
    assert "1/8 terisi" in await phone.wait_ident("assess-filled", "1/8 terisi")
    for n, value in ((2, "Akuntabel"), (3, "Loyal")):
        await phone.reveal("button", f"{value} Belum dinilai", exact=False)
        await page.get_by_role("button", name=f"{value} Belum dinilai").first.click()
        await phone.reveal("radio", "Di Atas Ekspektasi")
        await page.get_by_role("radio", name="Di Atas Ekspektasi", exact=True).last.click()
        await phone.wait_ident("assess-filled", f"{n}/8 terisi")
    phone.stack.server.stop()  # no signal: sent, it waits for the sync
    await phone.wait_status("Luring")
    await phone.button("Kirim ke atasan")
    asked = await phone.wait_ident("assess-confirm", "Baru 3 dari 8 terisi")
    assert "Belum dinilai: Berorientasi Pelayanan, Kompeten, Harmonis, Adaptif, Kolaboratif" in (
        asked
    )
    await phone.see("Kirim penilaian diri yang belum lengkap?")
    await phone.shot("penilaian-diri-12-konfirmasi")
    await phone.button("Kirim saja")
    await phone.wait_ident("assess-filled", "3/8 terisi")
    await phone.scroll(-3000)  # the state line sits under the title
    await phone.wait_ident("assess-status", "menunggu sinkron")
    notice = await phone.wait_ident("notice", "Penilaian diri Triwulan III 2026 Anda kirim")
    assert "diterima" not in notice
    phone.stack.server.start()
    await phone.wait_ident("assess-status", "Diterima server: terkunci", timeout=40)
    await phone.wait_ident("notice", "Penilaian diri Triwulan III 2026 diterima server: terkunci")
    await phone.shot("penilaian-diri-13-diterima")


async def test_the_reminder_is_gone_once_sent(phone: Phone) -> None:
    await phone.nav("Beranda")
    await phone.see("Halo, Rudi")
    await phone.see("Catatan hari ini")
    assert not await phone.page.locator("[flt-semantics-identifier=reminder-assess]").count()


async def test_the_keberatan_says_what_is_wrong_and_follows_the_sync(phone: Phone) -> None:
    page = phone.page
    await asyncio.to_thread(_rate_and_finalize_the_year, phone.stack)
    await phone.button("Sinkronkan")
    await phone.wait_status("Tersinkron baru saja", timeout=30)
    await phone.nav("Lainnya")
    await phone.text("Umpan balik & nilai").click()
    await phone.see("Predikat: Baik")
    field = page.get_by_label("Alasan keberatan", exact=True)
    for _ in range(6):
        if await field.count():
            break
        await phone.scroll(400)
    await phone.button("Ajukan keberatan")  # no reason yet
    await phone.see("Tulis alasan keberatan.")
    await phone.fill("Alasan keberatan", "Mohon ditinjau. " * 126)  # 2016 of 2000
    await phone.see("2.016/2.000 karakter")
    await phone.see("Alasan keberatan paling banyak 2.000 karakter; sekarang 2.016.")
    assert_words("Alasan keberatan paling banyak 2.000 karakter; sekarang 2.016.")
    await phone.shot("keberatan-10-kesalahan")
    await phone.fill("Alasan keberatan", "Target kunjungan terlampaui; mohon ditinjau.")
    await phone.button("Ajukan keberatan")
    status = await phone.wait_ident("objection-status", "Keberatan: Diajukan")
    assert "sinkron" in status or "diterima server" in status
    await phone.wait_ident("objection-status", "diterima server", timeout=40)
