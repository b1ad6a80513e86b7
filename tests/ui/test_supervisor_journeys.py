"""Supervisor journeys in a real browser at tablet size, against the real app and server.

One module-scoped server + app + page; the tests are ordered steps of one story. dr. Wulan, head
of Puskesmas Kedungmundu, opens Tim saya, approves Rudi's resubmitted SKP with an expectation,
looks at the photo of one of his entries and comments on it, loses the signal, rates Rudi and
Dian and finalizes both (queued), gets the signal back and sees the server confirm. Rudi's phone,
which had not synced since he resubmitted, then edits his approved SKP: the server refuses and
the phone keeps the edit as a conflict with the reason. Dian objects to her predikat; the Kepala
Dinas, Wulan's own supervisor, decides the objection in the app.

Screenshots (800x1280) go to $KINERJA_SCREENSHOTS (default: the test's temporary folder);
``docs/screenshots/supervisor-*.png`` are made with it.
"""

from __future__ import annotations

import asyncio
import os
import pathlib
import struct
import time
import zlib
from collections.abc import AsyncIterator

import httpx
import pytest
import pytest_asyncio
from playwright.async_api import Browser

from client import Device
from client.ops import writes
from shared_models import RecordKind
from shared_models.demo import generate
from tests.ui.conftest import HEAD, NURSE, PASSWORD, Screen, Stack, open_app, type_into

pytestmark = [pytest.mark.ui, pytest.mark.asyncio(loop_scope="module")]

TABLET = {"width": 800, "height": 1280}
DIAN = "199807122025022740"  # Perawat, Puskesmas Kedungmundu
KADINKES = "196801231998011735"  # Kepala Dinas Kesehatan: Wulan's supervisor (the Atasan)
RUDI_NAME = "Rudi Wahyu Saputra, S.Kep., Ners"
DIAN_NAME = "Dian Lestari, S.Kep., Ners"
ELSEWHERE = next(  # a nurse of another Puskesmas: another supervisor than Wulan
    e.fields
    for e in generate().employees
    if str(e.fields["jabatan_name"]).startswith("Perawat")
    and e.fields["supervisor_nip"] not in (HEAD, None)
)


def _png(width: int = 360, height: int = 220) -> bytes:
    """A small landscape "photo" (sky, a green field, a white house) as PNG bytes."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    rows = []
    for y in range(height):
        row = bytearray([0])
        for x in range(width):
            if 120 < x < 220 and 90 < y < 170:
                pixel = (245, 245, 240) if not (150 < x < 185 and y > 120) else (120, 70, 40)
            elif y < 120:
                pixel = (120, 180, 235 - y // 3)
            else:
                pixel = (60, 150 - (y - 120) // 3, 70)
            row += bytes(pixel)
        rows.append(bytes(row))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"".join(rows)))
        + chunk(b"IEND", b"")
    )


class Tablet(Screen):
    """The tablet's page and its helpers (state between the ordered steps)."""

    settle_ms = 500
    status_timeout = 30.0
    scroll_at = (500, 700)
    scroll_dy = 1200

    def device(self, name: str, nip: str) -> Device:
        device = Device(self.stack.tmp / name)
        device.login(nip, PASSWORD, server=self.stack.server.url)
        return device

    async def fill(self, label: str, text: str, *, exact: bool = True) -> None:
        """Type into a field (``exact=False`` for a field that shows a value: its accessible
        name is the label followed by the value)."""
        field = self.page.get_by_label(label, exact=exact).first
        for _ in range(8):  # Flutter builds what scrolls into view
            if await field.count():
                break
            await self.scroll(400)
        if not await field.count():
            await self.page.screenshot(path=str(self.shots / "failed.png"))
            raise AssertionError(f"no field {label!r} on screen")
        try:  # once: text that does not stay fails the test
            await type_into(field, text, label)
        except AssertionError:
            await self.page.screenshot(path=str(self.shots / "failed.png"))
            raise

    async def nav(self, label: str) -> None:
        try:
            # the rail (tablet) shows its destinations as labelled items, not tabs
            # (the title and headings may carry the same words: the rail is the one on the left)
            found = self.page.get_by_text(label).or_(self.page.get_by_label(label))
            await found.first.wait_for(timeout=15_000)
            for item in await found.all():
                box = await item.bounding_box()
                if box is not None and box["x"] < 90 and box["y"] > 90:
                    await item.click()
                    break
            else:
                raise AssertionError(f"no rail destination {label!r}")
        except Exception:
            await self.page.screenshot(path=str(self.shots / "failed.png"))
            raise
        await self.page.wait_for_timeout(300)

    async def ident(self, name: str) -> str:
        found = self.page.locator(f"[flt-semantics-identifier={name}]")
        await found.wait_for()
        return await found.inner_text()

    async def wait_ident(self, name: str, text: str, timeout: float = 10.0) -> None:
        deadline = time.monotonic() + timeout
        seen = ""
        while time.monotonic() < deadline:
            seen = await self.ident(name)
            if text in seen:
                return
            await asyncio.sleep(0.2)
        await self.page.screenshot(path=str(self.shots / "failed.png"))
        raise AssertionError(f"{name} never showed {text!r}; last seen {seen!r}")

    async def scroll_to(self, label: str, tries: int = 6) -> None:
        for _ in range(tries):
            if await self.page.get_by_role("button", name=label, exact=True).count():
                return
            await self.scroll(500)
        raise AssertionError(f"button {label!r} never came into view")

    async def login(self, nip: str) -> None:
        await self.fill("NIP", nip)
        await self.fill("Kata sandi", PASSWORD)
        await self.button("Masuk")
        await self.wait_status("Tersinkron")

    async def open_member(self, name: str, section: str) -> None:
        await self.nav("Beranda")  # the rail ignores a tap on the destination already selected
        await self.nav("Tim saya")
        await self.see("Sebaran predikat")
        await self.scroll_to(name)
        await self.page.get_by_role("button", name=name, exact=True).click()
        await self.button(section)


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def tablet(stack: Stack, browser: Browser) -> AsyncIterator[Tablet]:
    shots = pathlib.Path(os.environ.get("KINERJA_SCREENSHOTS", str(stack.tmp / "shots")))
    shots.mkdir(parents=True, exist_ok=True)
    page = await open_app(browser, stack.app.url, TABLET)
    yield Tablet(stack, page, shots)
    await page.close()


def _prepare(t: Tablet) -> None:
    """Before the story: Wulan had returned Rudi's SKP; Rudi resubmits it from his phone and
    logs a home visit with a photo; both phones then stay away from the server for a while."""
    head = t.device("head-cli", HEAD)
    try:
        assert head.sync().ok
        head.return_skp(NURSE, 2026, "Tambahkan target kunjungan lansia")
        assert head.sync().ok
    finally:
        head.close()
    photo = t.stack.tmp / "lansia.png"
    photo.write_bytes(_png())
    rudi = t.device("rudi-phone", NURSE)
    try:
        assert rudi.sync().ok
        writes.submit_skp(rudi, 2026)
        indicator = rudi.skp().rhk[0].indicators[0].id
        rudi.add_log(
            {
                "indicator": indicator,
                "date": rudi.ctx.today().isoformat(),
                "value": 3,
                "note": "Kunjungan rumah lansia RW 05",
                "evidence": [photo],
            }
        )
        assert rudi.sync().ok
    finally:
        rudi.close()
    # a nurse of another Puskesmas logs the very same photo (shared in a chat group)
    other = t.device("other-phone", str(ELSEWHERE["nip"]))
    try:
        assert other.sync().ok
        indicator = other.skp().rhk[0].indicators[0].id
        copy = t.stack.tmp / "IMG-WA0007.png"
        copy.write_bytes(photo.read_bytes())
        note = "Kunjungan rumah lansia"
        day = other.ctx.today().isoformat()
        other.add_log(
            {"indicator": indicator, "date": day, "value": 1, "note": note, "evidence": [copy]}
        )
        assert other.sync().ok
    finally:
        other.close()


async def test_team_needs_attention_first(tablet: Tablet) -> None:
    await asyncio.to_thread(_prepare, tablet)
    await tablet.login(HEAD)
    await tablet.nav("Tim saya")
    await tablet.see("SKP menunggu persetujuan")
    first = tablet.page.locator("[flt-semantics-identifier^=member-]").first
    assert RUDI_NAME in (await first.inner_text() or await first.get_attribute("aria-label") or "")
    # the evidence checks: Rudi's photo is also in another nurse's entry; the demo's older
    # entries carry no evidence
    await tablet.see("Bukti sama dengan pegawai lain (1 catatan)")
    await tablet.see("catatan tanpa bukti")
    await tablet.shot("supervisor-01-tim")
    # Tim saya opens on the current triwulan; this story rates the year (the choice holds on
    # Penilaian and Sebaran for the session)
    await tablet.see("Tim saya, Triwulan IV 2026")
    await tablet.button("Tahunan")
    await tablet.see("Tim saya, Tahun 2026")


async def test_approve_the_skp_with_an_expectation(tablet: Tablet) -> None:
    await tablet.page.get_by_role("button", name=RUDI_NAME, exact=True).click()
    await tablet.button("SKP & ekspektasi")
    assert "Diajukan" in await tablet.ident("team-skp-status")
    await tablet.see("Mendukung RHK Anda", timeout=10_000)
    await tablet.fill(
        "Ekspektasi khusus: Akuntabel", "Laporan kunjungan lansia setiap Jumat", exact=False
    )
    await tablet.scroll_to("Setujui SKP")
    await tablet.shot("supervisor-02-skp")
    await tablet.button("Setujui SKP")
    await tablet.see("SKP disetujui.")
    await tablet.wait_status("Semua terkirim")


async def test_comment_on_an_entry_with_its_photo(tablet: Tablet) -> None:
    await tablet.open_member(RUDI_NAME, "Catatan & bukti")
    await tablet.see("Kunjungan rumah lansia RW 05")
    shared = await tablet.ident("shared-0-1")
    assert f"Bukti 1 juga dipakai dalam catatan: {ELSEWHERE['name']} ({ELSEWHERE['nip']})" in shared
    await tablet.button("Lihat bukti 1")
    await tablet.page.locator("[flt-semantics-identifier=photo-0-1]").wait_for()
    await tablet.page.get_by_role("button", name="Beri komentar", exact=True).first.click()
    await tablet.fill("Komentar untuk catatan ini", "Foto jelas; catat juga tensi pasien.")
    await tablet.button("Kirim komentar")
    await tablet.see("Komentar Anda: Foto jelas; catat juga tensi pasien.")
    await tablet.shot("supervisor-03-catatan")
    await tablet.wait_status("Semua terkirim")


async def _rate(
    t: Tablet, name: str, rating: str, predikat: str, confirm: tuple[str, str] | None = None
) -> None:
    await t.open_member(name, "Penilaian")
    await t.see("Rating Hasil Kerja")
    if confirm is not None:  # the realisation the rater confirms for one indicator
        unit, value = confirm
        await t.fill(f"Realisasi dikonfirmasi ({unit})", value)
    radios = t.page.get_by_role("radio", name=rating, exact=True)
    await radios.nth(0).click()
    await t.page.wait_for_timeout(300)
    await radios.nth(1).click()
    # the predikat sits below the radios (Flutter builds what is in view): scroll to it
    live = t.page.locator("[flt-semantics-identifier=live-predikat]")
    for _ in range(8):
        await t.scroll(250)
        if await live.count():
            break
    await t.wait_ident("live-predikat", f"Predikat: {predikat}")
    await t.fill("Umpan balik untuk pegawai", f"Predikat {predikat}: pertahankan kunjungan rumah.")
    await t.scroll_to("Finalkan")
    await t.button("Finalkan")
    await t.button("Ya, finalkan")
    await t.page.mouse.wheel(0, -5000)  # the status sits at the top of a long screen
    await t.see("Final, menunggu konfirmasi server")


async def test_rate_two_subordinates_offline_and_finalize(tablet: Tablet) -> None:
    tablet.stack.server.stop()
    await tablet.wait_status("Luring")
    await _rate(tablet, RUDI_NAME, "Di Atas Ekspektasi", "Sangat Baik", ("kunjungan", "4"))
    await tablet.page.mouse.wheel(0, -3000)
    assert "dikonfirmasi pejabat penilai: 4" in await tablet.ident("rate-indicator-0")
    await _rate(tablet, DIAN_NAME, "Sesuai Ekspektasi", "Baik")
    status = tablet.page.locator("[flt-semantics-identifier=appraisal-status]")
    for _ in range(6):  # at the top of a long screen: scroll up to it as a person would
        if await status.count():
            break
        await tablet.page.mouse.wheel(0, -3000)
        await tablet.page.wait_for_timeout(300)
    assert "Final, menunggu konfirmasi server" in await tablet.ident("appraisal-status")
    await tablet.page.mouse.wheel(0, -3000)
    await tablet.shot("supervisor-04-penilaian-luring")
    assert "2 menunggu sinkron" in await tablet.status()
    await tablet.scroll_to("Lihat sebaran predikat sebelum finalisasi", tries=12)
    await tablet.button("Lihat sebaran predikat sebelum finalisasi")
    # HR has not set the organisation predikat: nothing is assumed, nothing is checked
    assert "belum ditetapkan; sebaran tidak diperiksa" in await tablet.ident("spread-unset")
    assert "Unit kecil (2 pegawai dinilai)" in await tablet.ident("spread-small")
    await tablet.page.get_by_role("button", name="Baik", exact=True).first.click()
    await tablet.see("Predikat organisasi: Baik")
    # 2 of 8 rated: the curve waits (shared_models.distribution.spread_readiness)
    waiting = await tablet.ident("spread-waiting")
    assert "baru 2 dari 8 bawahan dinilai untuk Tahun 2026" in waiting
    assert "minimal 4 dinilai" in waiting
    assert not await tablet.page.locator("[flt-semantics-identifier=spread-violations]").count()
    await tablet.shot("supervisor-05-sebaran")


async def test_sync_confirms_the_finalization(tablet: Tablet) -> None:
    tablet.stack.server.start()
    await tablet.wait_status("Semua terkirim", timeout=40)
    await tablet.open_member(DIAN_NAME, "Penilaian")
    await tablet.see("Final, dikonfirmasi server")


def _stale_edit(t: Tablet) -> list[dict[str, object]]:
    """Rudi's phone still holds his SKP as submitted: he takes it back to add an RHK note."""
    rudi = Device(t.stack.tmp / "rudi-phone")
    try:
        ctx = rudi.ctx
        skp = ctx.skp_of(NURSE, 2026)
        assert skp is not None
        assert skp.fields["status"] == "diajukan"
        lampiran = {**skp.fields.get("lampiran", {}), "konsekuensi": "Ditambah oleh Rudi"}
        ctx.save(
            RecordKind.SKP, skp.id, NURSE, {**skp.fields, "status": "draft", "lampiran": lampiran}
        )
        rudi.sync()
        assert rudi.skp().status == "disetujui"
        logs = [e for e in rudi.list_logs() if e.note == "Kunjungan rumah lansia RW 05"]
        assert logs[0].supervisor_comment == "Foto jelas; catat juga tensi pasien."
        return rudi.conflicts()
    finally:
        rudi.close()


async def test_a_stale_edit_from_the_subordinate_is_refused_with_the_reason(
    tablet: Tablet,
) -> None:
    conflicts = await asyncio.to_thread(_stale_edit, tablet)
    assert len(conflicts) == 1
    assert conflicts[0].kind == "skp"
    assert "sudah dikunci: SKP sudah disetujui atasan" in conflicts[0].message


def _dian_objects(t: Tablet) -> None:
    dian = t.device("dian-phone", DIAN)
    try:
        assert dian.sync().ok
        appraisal = next(
            r
            for r in dian.export()["records"]
            if r["kind"] == "appraisal" and r["owner"] == DIAN and r["fields"]["status"] == "final"
        )
        dian.object(appraisal["id"], "Target kunjungan terlampaui; mohon ditinjau.")
        assert dian.sync().ok
    finally:
        dian.close()


async def test_the_atasan_decides_the_objection(tablet: Tablet) -> None:
    await asyncio.to_thread(_dian_objects, tablet)
    await tablet.nav("Lainnya")
    await tablet.text("Keluar").click()
    await tablet.login(KADINKES)
    await tablet.nav("Tim saya")
    await tablet.button("Keberatan")
    await tablet.see("Target kunjungan terlampaui; mohon ditinjau.")
    await tablet.fill("Alasan keputusan", "Capaian sudah sesuai ekspektasi; predikat Baik tepat.")
    await tablet.shot("supervisor-06-keberatan")
    await tablet.button("Putuskan")
    assert "Ditolak" in await tablet.ident("objection-0")
    await tablet.wait_status("Semua terkirim")
    dian = await asyncio.to_thread(tablet.device, "dian-phone", DIAN)
    try:
        await asyncio.to_thread(dian.sync)
        [objection] = [r for r in dian.export()["records"] if r["kind"] == "objection"]
        assert objection["fields"]["status"] == "ditolak"
        assert objection["fields"]["decided_by"] == KADINKES
    finally:
        dian.close()


WULAN_NAME = "dr. Wulan Ari Rahayu, M.Kes."
BKPP = "197212131999121268"  # Heru Setiawan, admin_bkpp


def _unit_predikat(t: Tablet, predikat: str) -> None:
    """BKPP sets the organisation predikat of the Puskesmas Wulan heads (the unit's head_nip)."""
    kadinkes = t.device("kadinkes-cli", KADINKES)
    try:
        assert kadinkes.sync().ok
        (unit,) = [
            r.id
            for r in kadinkes.ctx.store.records.of_kind(RecordKind.UNIT)
            if r.fields.get("head_nip") == HEAD
        ]
    finally:
        kadinkes.close()
    url = t.stack.server.url
    with httpx.Client(base_url=url, timeout=30) as client:
        login = client.post("/api/v1/auth/login", json={"nip": BKPP, "password": PASSWORD})
        assert login.status_code == 200, login.text
        headers = {"authorization": f"Bearer {login.json()['token']}"}
        body = {"unit_id": unit, "period_code": "2026", "predikat": predikat}
        answer = client.put("/api/v1/admin/org-predikat", json=body, headers=headers)
        assert answer.status_code == 200, answer.text


async def test_a_unit_heads_rating_follows_the_unit_predikat(tablet: Tablet) -> None:
    await asyncio.to_thread(_unit_predikat, tablet, "istimewa")
    await tablet.button("Sinkronkan")
    await tablet.wait_status("Tersinkron", timeout=30)
    await tablet.open_member(WULAN_NAME, "Penilaian")
    await tablet.button("Tahunan")  # HR set the unit's predikat for the year
    await tablet.wait_ident("rate-head", "predikat kinerja organisasi Istimewa", timeout=20)
    assert "yang diharapkan Di Atas Ekspektasi" in await tablet.ident("rate-head")
    radios = tablet.page.get_by_role("radio", name="Sesuai Ekspektasi", exact=True)
    await radios.nth(0).click()
    await tablet.wait_ident("rate-head-warning", "berbeda dari Di Atas Ekspektasi")
    await tablet.shot("supervisor-07-kepala-unit")
