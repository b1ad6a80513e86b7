"""Feedback per RHK and per BerAKHLAK value in a real browser, against the real app and server.

dr. Wulan, on her tablet, writes feedback under the first RHK of Rudi's SKP and, on the rating
screen, about his Akuntabel; the app syncs it. Rudi then signs in and finds each note where it
is about: under that RHK and under Akuntabel on "SKP saya".

Screenshots go to $KINERJA_SCREENSHOTS (default: the test's temporary folder).
"""

from __future__ import annotations

import os
import pathlib
from collections.abc import AsyncIterator

import pytest
import pytest_asyncio
from playwright.async_api import Browser

from tests.ui.conftest import HEAD, NURSE, Stack, open_app
from tests.ui.test_supervisor_journeys import RUDI_NAME, TABLET, Tablet

pytestmark = [pytest.mark.ui, pytest.mark.asyncio(loop_scope="module")]

RHK_NOTE = "Cakupan kunjungan rumah bulan ini baik; lanjutkan."
VALUE_NOTE = "Laporan kunjungan selalu dikirim tepat waktu."


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def shots(stack: Stack) -> pathlib.Path:
    found = pathlib.Path(os.environ.get("KINERJA_SCREENSHOTS", str(stack.tmp / "shots")))
    found.mkdir(parents=True, exist_ok=True)
    return found


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def tablet(stack: Stack, browser: Browser, shots: pathlib.Path) -> AsyncIterator[Tablet]:
    page = await open_app(browser, stack.app.url, TABLET)
    yield Tablet(stack, page, shots)
    await page.close()


async def _send(t: Tablet, box: str) -> None:
    button = t.page.locator(f"[flt-semantics-identifier={box}]").get_by_role(
        "button", name="Kirim", exact=True
    )
    for _ in range(8):  # Flutter builds what scrolls into view
        if await button.count():
            break
        await t.scroll(500)
    await button.click()


async def test_the_supervisor_writes_feedback_per_rhk_and_per_value(tablet: Tablet) -> None:
    await tablet.login(HEAD)
    await tablet.open_member(RUDI_NAME, "SKP & ekspektasi")
    await tablet.see("Belum ada umpan balik untuk RHK ini.")
    await tablet.fill("Umpan balik untuk RHK 1", RHK_NOTE)
    await _send(tablet, "fb-rhk-1")
    await tablet.wait_ident("fb-rhk-1-note-0", RHK_NOTE)
    await tablet.shot("supervisor-08-umpan-balik-rhk")

    await tablet.open_member(RUDI_NAME, "Penilaian")
    await tablet.see("Umpan balik per nilai BerAKHLAK")
    await _send(tablet, "fb-values")  # no value chosen yet: the box says so
    await tablet.see("Pilih nilai BerAKHLAK-nya dulu.")
    await tablet.page.get_by_role("radio", name="Akuntabel", exact=True).click()
    await tablet.fill("Umpan balik untuk nilai yang dipilih", VALUE_NOTE, exact=False)
    await _send(tablet, "fb-values")
    await tablet.wait_ident("fb-values-note-0", f"Akuntabel: {VALUE_NOTE}")
    await tablet.wait_status("Semua terkirim")


async def test_the_employee_reads_it_where_it_is_about(tablet: Tablet) -> None:
    await tablet.nav("Lainnya")
    await tablet.text("Keluar").click()
    await tablet.login(NURSE)  # Rudi signs in on the same screen: his data, synced
    await tablet.nav("SKP saya")
    await tablet.see(RHK_NOTE)
    first = tablet.page.locator("[flt-semantics-identifier^=note-rhk-]").first
    assert RHK_NOTE in await first.inner_text()
    await tablet.shot("skp-umpan-balik")
    notes = tablet.page.locator("[flt-semantics-identifier=note-value-akuntabel-0]")
    for _ in range(10):  # Flutter builds what scrolls into view
        if await notes.count():
            break
        await tablet.scroll(600)
    assert VALUE_NOTE in await notes.inner_text()
