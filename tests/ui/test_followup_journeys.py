"""The follow-up of an appraisal in a real browser, against the real app and server (demo data).

HR (BKPP) makes Rudi a Perawat Ahli Pertama since 1 April 2025, records a hukuman disiplin of
2026 and a penghargaan for 2025; dr. Wulan rates and finalizes Rudi's 2025 year with the
command-line device. In the app, Wulan sees the sanction beside Perilaku Kerja when she rates
Rudi's 2026; then Rudi, signed in on the same tablet, reads his 2025 predikat with its angka
kredit (prorated: 9 of 12 months) and his penghargaan under Umpan balik & nilai.

Screenshots (800x1280) go to $KINERJA_SCREENSHOTS (default: the test's temporary folder).
"""

from __future__ import annotations

import asyncio
import os
import pathlib
from collections.abc import AsyncIterator

import httpx
import pytest
import pytest_asyncio
from playwright.async_api import Browser

from tests.ui.conftest import HEAD, NURSE, PASSWORD, Stack, open_app
from tests.ui.test_supervisor_journeys import RUDI_NAME, TABLET, Tablet

pytestmark = [pytest.mark.ui, pytest.mark.asyncio(loop_scope="module")]

BKPP = "197212131999121268"  # Heru Setiawan, Analis SDM Aparatur, admin_bkpp
SANCTION = "Hukuman disiplin ringan: Teguran tertulis (keputusan 800/71/2026, 10-06-2026)"
CREDIT = "Angka kredit: 14,063 (Ahli Pertama: koefisien 12,5 x 150 % x 9/12 bulan)"
AWARD = (
    "Prioritas program pengembangan talenta, Tahun 2025 (dasar: Keputusan Kepala Dinas"
    " Kesehatan 800/45/2026; predikat Sangat Baik 2025; 20-01-2026)"
)


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def desk(stack: Stack, browser: Browser) -> AsyncIterator[Tablet]:
    shots = pathlib.Path(os.environ.get("KINERJA_SCREENSHOTS", str(stack.tmp / "shots")))
    shots.mkdir(parents=True, exist_ok=True)
    page = await open_app(browser, stack.app.url, TABLET)
    yield Tablet(stack, page, shots)
    await page.close()


def _prepare(t: Tablet) -> None:
    """HR's acts through the API, then Wulan's 2025 rating from her command-line device."""
    with httpx.Client(base_url=t.stack.server.url) as client:
        login = client.post("/api/v1/auth/login", json={"nip": BKPP, "password": PASSWORD})
        assert login.status_code == 200, login.text
        hr = {"authorization": f"Bearer {login.json()['token']}"}
        answers = [
            client.patch(
                f"/api/v1/admin/employees/{NURSE}",
                json={
                    "jabatan_name": "Perawat Ahli Pertama",
                    "jabatan_kind": "fungsional",
                    "jenjang": "ahli_pertama",
                    "tmt_jabatan": "2025-04-01",
                },
                headers=hr,
            ),
            client.put(
                "/api/v1/admin/discipline",
                json={
                    "employee_nip": NURSE,
                    "kind": "teguran_tertulis",
                    "decided_on": "2026-06-10",
                    "decree_number": "800/71/2026",
                },
                headers=hr,
            ),
            client.put(
                "/api/v1/admin/awards",
                json={
                    "employee_nip": NURSE,
                    "period_code": "2025",
                    "kind": "pengembangan_talenta",
                    "basis": "Keputusan Kepala Dinas Kesehatan 800/45/2026; predikat Sangat Baik"
                    " 2025",
                    "decided_on": "2026-01-20",
                },
                headers=hr,
            ),
        ]
        for answer in answers:
            assert answer.status_code == 200, answer.text
    head = t.device("head-cli", HEAD)
    try:
        assert head.sync().ok
        head.rate(
            NURSE,
            "2025",
            hasil_kerja="di_atas_ekspektasi",
            perilaku="di_atas_ekspektasi",
            note="Kunjungan rumah melampaui target.",
        )
        head.finalize(NURSE, "2025")
        assert head.sync().ok
    finally:
        head.close()


async def test_the_rater_sees_the_sanction_beside_perilaku_kerja(desk: Tablet) -> None:
    await asyncio.to_thread(_prepare, desk)
    await desk.login(HEAD)
    await desk.open_member(RUDI_NAME, "Penilaian")
    await desk.see("Rating Hasil Kerja")
    found = desk.page.locator("[flt-semantics-identifier=discipline-0]")
    for _ in range(6):  # the card sits beside Perilaku Kerja, further down
        if await found.count():
            break
        await desk.scroll(400)
    assert SANCTION in await desk.ident("discipline-0")
    await desk.see("Hukuman disiplin (PP 94/2021)")
    await desk.shot("followup-01-hukuman-disiplin")


async def test_the_employee_reads_his_angka_kredit_and_penghargaan(desk: Tablet) -> None:
    await desk.nav("Lainnya")
    await desk.text("Keluar").click()
    await desk.login(NURSE)
    await desk.nav("Lainnya")
    await desk.text("Umpan balik & nilai").click()
    await desk.see("Predikat: Sangat Baik")
    assert await desk.ident("angka-kredit-2025") == CREDIT
    found = desk.page.locator("[flt-semantics-identifier=award-0]")
    for _ in range(6):
        if await found.count():
            break
        await desk.scroll(400)
    assert await desk.ident("award-0") == AWARD
    await desk.shot("followup-02-angka-kredit")
