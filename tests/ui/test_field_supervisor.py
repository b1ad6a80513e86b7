"""The supervisor in the field (issue #16 items 2, 3 and 8), in a real browser at tablet size
against the real app and server.

Rudi sent his Triwulan IV self-assessment from his phone and dr. Wulan finalized his T4 rating
on another device. On the tablet, Tim saya opens on Triwulan IV and says so on his card; the
"Penilaian diri" filter tells the truth (nobody waiting, 1 of 8 sent); Sebaran says 1 of 8 are
rated and waits before judging the curve, even with an organisation predikat chosen; a period
chosen on Sebaran holds on Tim saya. The rating form shows each mistake under its field, in
words. The entry list is light: "Beri komentar" opens one box, an empty comment is refused in
words, "Tandai sudah diperiksa" is explained. Rudi then sees the comment and the check on his
own entry.
"""

from __future__ import annotations

import asyncio
import os
import pathlib
from collections.abc import AsyncIterator

import pytest
import pytest_asyncio
from playwright.async_api import Browser

from bench.browser import settle
from tests.ui.conftest import HEAD, NURSE, Stack, open_app
from tests.ui.test_supervisor_journeys import DIAN_NAME, RUDI_NAME, TABLET, Tablet
from tests.ui.wording import assert_words

pytestmark = [pytest.mark.ui, pytest.mark.asyncio(loop_scope="module")]

COMMENT = "Tulis juga jumlah lansia yang dikunjungi."


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def tablet(stack: Stack, browser: Browser) -> AsyncIterator[Tablet]:
    shots = pathlib.Path(os.environ.get("KINERJA_SCREENSHOTS", str(stack.tmp / "shots")))
    shots.mkdir(parents=True, exist_ok=True)
    page = await open_app(browser, stack.app.url, TABLET)
    screen = Tablet(stack, page, shots)
    screen.failed_shot = "failed-field-supervisor.png"
    yield screen
    await page.close()


async def _card(t: Tablet, nip: str) -> str:
    """A member's card on Tim saya (scrolled into view: Flutter builds what is in view)."""
    found = t.page.locator(f"[flt-semantics-identifier=member-{nip}]")
    for _ in range(10):
        if await found.count():
            break
        await t.scroll(400)
    if not await found.count():
        await t.page.screenshot(path=str(t.shots / t.failed_shot))
    return await t.ident(f"member-{nip}")


def _prepare(t: Tablet) -> None:
    """Rudi logs an entry and sends his T4 self-assessment; Wulan finalizes his T4 rating on
    another device; both sync."""
    rudi = t.device("rudi-phone", NURSE)
    try:
        assert rudi.sync().ok
        indicator = rudi.skp().rhk[0].indicators[0].id
        day = rudi.ctx.today().isoformat()
        rudi.add_log({"indicator": indicator, "date": day, "value": 2, "note": "Posyandu lansia"})
        rudi.assess(
            "2026-T4",
            rating="sesuai_ekspektasi",
            reflection="Kunjungan rumah sesuai target.",
            perilaku={},
            submit=True,
        )
        assert rudi.sync().ok
    finally:
        rudi.close()
    head = t.device("head-laptop", HEAD)
    try:
        assert head.sync().ok
        head.rate(
            NURSE, "2026-T4", hasil_kerja="sesuai_ekspektasi", perilaku="sesuai_ekspektasi", note=""
        )
        head.finalize(NURSE, "2026-T4")
        assert head.sync().ok
    finally:
        head.close()


async def test_tim_saya_opens_on_the_current_triwulan_with_its_status(tablet: Tablet) -> None:
    await asyncio.to_thread(_prepare, tablet)
    await tablet.login(HEAD)
    await tablet.nav("Tim saya")
    await tablet.see("Tim saya, Triwulan IV 2026")
    await _card(tablet, NURSE)
    await tablet.see("Triwulan IV 2026: Penilaian diri: dikirim · Final, dikonfirmasi server")
    await tablet.see("catatan baru sejak Anda terakhir membuka")  # never "kunjungan terakhir"
    await tablet.shot("supervisor-10-tim-triwulan")
    await tablet.page.mouse.wheel(0, -5000)
    await tablet.button("Penilaian diri")
    empty = await tablet.ident("team-empty")
    assert "Belum ada bawahan" not in empty
    assert "Triwulan IV 2026: 1 dari 8 bawahan sudah mengirim" in empty
    assert_words(empty, "Tim saya, Penilaian diri")
    await tablet.button("Semua")


async def test_the_spread_waits_for_enough_ratings(tablet: Tablet) -> None:
    await tablet.button("Sebaran predikat")
    await tablet.see("Sebaran predikat tim, Triwulan IV 2026")
    assert "1 dari 8 bawahan sudah dinilai (1 final)" in await tablet.ident("spread-rated")
    waiting = await tablet.ident("spread-waiting")
    assert "baru 1 dari 8 bawahan dinilai untuk Triwulan IV 2026" in waiting
    assert "minimal 4 dinilai" in waiting
    assert_words(waiting, "Sebaran")
    await tablet.page.get_by_role("button", name="Baik", exact=True).first.click()
    await tablet.see("Predikat organisasi: Baik")
    await tablet.page.wait_for_timeout(500)  # a frame that would show a judgement
    for judged in ("spread-violations", "spread-ok"):
        assert not await tablet.page.locator(f"[flt-semantics-identifier={judged}]").count()
    assert await tablet.page.locator("[flt-semantics-identifier=spread-waiting]").count()
    await tablet.shot("supervisor-11-sebaran-menunggu")
    # the period chosen here holds on Tim saya
    await tablet.button("Tahunan")
    await tablet.see("Sebaran predikat tim, Tahun 2026")
    await tablet.button("Kembali ke tim")
    await tablet.see("Tim saya, Tahun 2026")
    await _card(tablet, NURSE)
    await tablet.see("Tahun 2026: Penilaian diri: belum ada · Belum dinilai")
    await tablet.page.mouse.wheel(0, -5000)
    await tablet.button("TW IV")
    await tablet.see("Tim saya, Triwulan IV 2026")


async def test_the_rating_form_says_each_mistake_under_its_field(tablet: Tablet) -> None:
    await tablet.open_member(DIAN_NAME, "Penilaian")
    await tablet.see(f"Penilaian {DIAN_NAME}, Triwulan IV 2026")
    await tablet.fill("Realisasi dikonfirmasi (", "8.30 kunjungan", exact=False)
    await tablet.scroll_to("Finalkan", tries=12)
    await tablet.button("Finalkan")
    yes = tablet.page.get_by_role("button", name="Ya, finalkan", exact=True).first
    for _ in range(10):  # the confirmation row is built below the fold; tap once it is still
        await tablet.scroll(300)
        await settle(tablet.page, 300)
        try:
            await yes.click(timeout=3_000)
            break
        except Exception:
            continue
    await tablet.see("Periksa isian yang ditandai merah.")
    shown = ["Periksa isian yang ditandai merah."]  # seen above
    await tablet.page.mouse.wheel(0, -5000)
    for text in ("Pilih Rating Hasil Kerja", "Pilih Rating Perilaku Kerja", "bukan angka"):
        found = tablet.text(text)
        for _ in range(8):  # Flutter builds what scrolls into view
            if await found.count():
                break
            await tablet.scroll(400)
        await found.wait_for(timeout=10_000)
        shown.append(await found.inner_text() or await found.get_attribute("aria-label") or "")
    for text in shown:
        assert_words(text, "rating form")
    await tablet.page.mouse.wheel(0, -5000)
    assert "Belum dinilai" in await tablet.ident("appraisal-status")  # nothing was saved
    await tablet.shot("supervisor-12-penilaian-pesan")


async def test_the_entry_list_is_light_and_comments_on_one_entry(tablet: Tablet) -> None:
    await tablet.open_member(RUDI_NAME, "Catatan & bukti")
    await tablet.see("Posyandu lansia")
    assert "Tandai sudah diperiksa: Anda sudah membaca" in await tablet.ident("ack-hint")
    # no open comment box on every entry
    assert not await tablet.page.get_by_label("Komentar untuk catatan ini").count()
    await tablet.page.get_by_role("button", name="Beri komentar", exact=True).first.click()
    await tablet.button("Kirim komentar")
    await tablet.see("Komentar masih kosong. Tulis umpan balik untuk catatan ini.")
    empty = tablet.text("Komentar masih kosong")
    assert_words(await empty.inner_text() or await empty.get_attribute("aria-label") or "")
    assert await tablet.page.get_by_label("Komentar untuk catatan ini", exact=False).count() == 1
    await tablet.fill("Komentar untuk catatan ini", COMMENT, exact=False)
    await tablet.button("Kirim komentar")
    await tablet.see(f"Komentar Anda: {COMMENT}")
    assert not await tablet.page.get_by_label("Komentar untuk catatan ini").count()
    await tablet.shot("supervisor-13-catatan-ringan")
    await tablet.wait_status("Semua terkirim")


async def test_the_employee_sees_the_comment_on_the_entry(tablet: Tablet) -> None:
    await tablet.nav("Lainnya")
    await tablet.text("Keluar").click()
    await tablet.login(NURSE)
    await tablet.nav("Lainnya")
    await tablet.text("Semua catatan").click()
    await tablet.see(f"Umpan balik atasan: {COMMENT}")
    await tablet.see("Sudah diperiksa atasan")
    await tablet.shot("employee-10-komentar-atasan")
