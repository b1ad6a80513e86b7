"""First impressions (issue #16 item 10), in a real browser: the page is Kinerja's (title,
favicon, splash with its own name and icon, never Flet's), and on the phone layout every button,
choice and tab offers a touch target of at least 48 px."""

from __future__ import annotations

import pathlib

import httpx
import pytest
from playwright.async_api import Browser, Page

from bench.browser import settle
from tests.ui.conftest import NURSE, PASSWORD, Screen, Stack, open_app, type_into

pytestmark = [pytest.mark.ui, pytest.mark.asyncio(loop_scope="module")]

ICONS = pathlib.Path(__file__).resolve().parents[2] / "client" / "ui" / "assets"
MIN = 48

_TARGETS = """() => {
    const sel = "flt-semantics[role=button], flt-semantics[role=radio], "
        + "flt-semantics[role=checkbox], flt-semantics[role=switch], flt-semantics[role=tab], "
        + "flt-semantics[flt-tappable]";
    return [...document.querySelectorAll(sel)].map(el => {
        const r = el.getBoundingClientRect();
        const name = (el.getAttribute("aria-label") || el.innerText || "").trim().slice(0, 40);
        return {name, role: el.getAttribute("role") || "tappable", w: r.width, h: r.height,
                y: r.y};
    }).filter(t => t.w > 0 && t.h > 0 && t.y >= 0 && t.y + t.h <= window.innerHeight);
}"""


async def small_targets(page: Page) -> list[str]:
    await settle(page, 500)  # measured on a still screen, not mid-animation
    targets = await page.evaluate(_TARGETS)
    return [
        f"{t['role']} {t['name']!r} {t['w']:.0f}x{t['h']:.0f}"
        for t in targets
        if t["h"] < MIN - 0.5 or t["w"] < MIN - 0.5
    ]


async def test_the_page_is_kinerjas_not_flets(stack: Stack) -> None:
    index = httpx.get(stack.app.url + "/", timeout=10).text
    assert "<title>Kinerja ASN Kota Semarang</title>" in index
    assert "<title>Flet</title>" not in index
    assert 'class="kinerja-name">Kinerja<' in index  # the splash names the app
    assert "Memuat aplikasi" in index
    favicon = httpx.get(stack.app.url + "/favicon.png", timeout=10)
    assert favicon.content == (ICONS / "favicon.png").read_bytes()
    splash = httpx.get(stack.app.url + "/icons/loading-animation.png", timeout=10)
    assert splash.content == (ICONS / "icons" / "loading-animation.png").read_bytes()
    manifest = httpx.get(stack.app.url + "/manifest.json", timeout=10).json()
    assert manifest["short_name"] == "Kinerja"
    assert manifest["name"] == "Kinerja ASN Kota Semarang"


async def test_touch_targets_on_the_phone_are_48_px(stack: Stack, browser: Browser) -> None:
    page = await open_app(browser, stack.app.url)
    screen = Screen(stack, page, stack.tmp)
    try:
        await screen.see("Masuk")
        await page.wait_for_function("() => document.title === 'Kinerja ASN Kota Semarang'")
        small = {"Masuk": await small_targets(page)}
        await type_into(page.get_by_label("NIP", exact=True), NURSE, "NIP")
        await type_into(page.get_by_label("Kata sandi", exact=True), PASSWORD, "Kata sandi")
        await screen.button("Masuk")
        await screen.see("Halo, Rudi")
        await screen.wait_status("Daring")
        small["Beranda"] = await small_targets(page)
        for tab, shows in (("Catat", "Uraian kegiatan"), ("Penilaian", "Penilaian diri")):
            await page.get_by_role("tab", name=tab).click()
            await screen.see(shows)
            small[tab] = await small_targets(page)
        await page.screenshot(path=str(stack.tmp / "targets.png"))
        assert not any(small.values()), small
    finally:
        await page.close()
