"""Fixtures of the browser tests: a real server process and the real app process on
127.0.0.1, and Debian's Chromium driven by Playwright (async API, one browser per module).

The server is ``kinerja server`` itself, started by the suites' one starter
(``tests.fixtures.server.ServerProcess``, ``command="kinerja"``) over a database seeded with the
Semarang demo (``kinerja seed-demo``); it can be stopped and started again on the same port and
database to play "no signal". Opening the app and typing into it as a person does live in
``bench/browser.py``, shared with ``bench.bench_ui``.
"""

from __future__ import annotations

import asyncio
import pathlib
import time
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass

import pytest
import pytest_asyncio
from playwright.async_api import Browser, Locator, Page, async_playwright
from playwright.async_api import TimeoutError as PlaywrightTimeout

from bench.browser import CHROMIUM, CHROMIUM_ARGS, PHONE, open_app, type_into
from bench.processes import Proc, app_process, seed_demo_command
from tests.fixtures.server import ServerProcess

__all__ = ["HEAD", "NURSE", "PASSWORD", "PHONE", "Screen", "Stack", "open_app", "type_into"]

PASSWORD = "semarang-kinerja"
NURSE = "198702042009021536"  # Rudi, Perawat Ahli Madya, Puskesmas Kedungmundu
HEAD = "197607132000122827"  # dr. Wulan, Kepala Puskesmas Kedungmundu (his Pejabat Penilai)


@dataclass(frozen=True)
class Stack:
    server: ServerProcess
    app: Proc
    tmp: pathlib.Path


@pytest.fixture(scope="module")
def stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    """The demo server and the app (the device) as real processes on 127.0.0.1."""
    tmp = tmp_path_factory.mktemp("ui")
    db = tmp / "server.db"
    seed_demo_command(db)
    # the demo's own password costs, as `make run` serves it
    server = ServerProcess(
        db,
        tmp / "server-data",
        tmp / "server.log",
        command="kinerja",
        fast_hashing=False,
        keep_alive_seconds=None,
    )
    app = app_process(
        tmp, server.url, {"KINERJA_APP_PROBE_SECONDS": "1", "KINERJA_APP_SYNC_SECONDS": "600"}
    )
    server.start()
    app.start()
    try:
        yield Stack(server=server, app=app, tmp=tmp)
    finally:
        app.stop()
        server.stop()


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def browser() -> AsyncIterator[Browser]:
    async with async_playwright() as p:
        chromium = await p.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        yield chromium
        await chromium.close()


class Screen:
    """The shared page of an ordered browser journey and the helpers every journey uses; the
    journeys (phone, tablet, HR desk) add their own. Class attributes tune them per layout."""

    settle_ms = 450
    """Wait before a screenshot (the last frame settles)."""
    status_timeout = 45.0
    scroll_at = (200, 500)
    scroll_dy = 1500
    failed_shot = "failed.png"

    def __init__(self, stack: Stack, page: Page, shots: pathlib.Path) -> None:
        self.stack = stack
        self.page = page
        self.shots = shots

    async def status(self) -> str:
        return await self.page.locator("[flt-semantics-identifier=sync-status]").inner_text()

    async def wait_status(self, text: str, timeout: float | None = None) -> str:
        deadline = time.monotonic() + (self.status_timeout if timeout is None else timeout)
        seen = ""
        while time.monotonic() < deadline:
            try:
                seen = await self.status()
            except Exception:
                seen = ""
            if text in seen:
                return seen
            await asyncio.sleep(0.2)
        raise AssertionError(f"sync bar never showed {text!r}; last seen {seen!r}")

    async def shot(self, name: str) -> None:
        await self.page.wait_for_timeout(self.settle_ms)
        await self.page.screenshot(path=str(self.shots / f"{name}.png"))

    async def button(self, name: str) -> None:
        """Tap the button ``name``, scrolling to it as a person would when it lies out of view
        (Flutter leaves what is out of view out of the accessibility tree): down first, then
        up (a list that shrank, a photo removed, can leave it above the fold)."""
        target = self.page.get_by_role("button", name=name, exact=True)
        try:
            await target.first.wait_for(timeout=3_000)
        except PlaywrightTimeout:
            for dy in [300] * 8 + [-300] * 16:
                await self.scroll(dy)
                if await target.count():
                    break
        await target.first.click()

    async def scroll(self, dy: int | None = None) -> None:
        """Scroll the screen body like a finger would (Flutter builds what comes into view)."""
        await self.page.mouse.move(*self.scroll_at)
        await self.page.mouse.wheel(0, self.scroll_dy if dy is None else dy)
        await self.page.wait_for_timeout(400)

    def text(self, text: str) -> Locator:
        """Text on screen: Flutter exposes a card's texts as its group's label."""
        return self.page.get_by_text(text).or_(self.page.get_by_label(text)).first

    async def see(self, text: str, timeout: float = 30_000) -> None:
        try:
            await self.text(text).wait_for(timeout=timeout)
        except Exception:
            await self.page.screenshot(path=str(self.shots / self.failed_shot))
            raise
