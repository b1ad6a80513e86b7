"""Fixtures of the browser tests: a real server process and the real app process on
127.0.0.1, and Debian's Chromium driven by Playwright (async API, one browser per module).

The server runs over a database seeded with the Semarang demo (``kinerja seed-demo``); it can
be stopped and started again on the same port and database to play "no signal".
"""

from __future__ import annotations

import asyncio
import os
import pathlib
import socket
import subprocess
import sys
import time
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass, field

import httpx
import pytest
import pytest_asyncio
from playwright.async_api import Browser, BrowserContext, Locator, Page, Position, async_playwright
from playwright.async_api import TimeoutError as PlaywrightTimeout

ROOT = pathlib.Path(__file__).resolve().parents[2]
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
PHONE = {"width": 412, "height": 915}
PASSWORD = "semarang-kinerja"
NURSE = "198702042009021536"  # Rudi, Perawat Ahli Madya, Puskesmas Kedungmundu
HEAD = "197607132000122827"  # dr. Wulan, Kepala Puskesmas Kedungmundu (his Pejabat Penilai)


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def wait_for(url: str, process: subprocess.Popen[bytes], seconds: float = 30.0) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{process.args} exited with status {process.returncode}")
        try:
            httpx.get(url, timeout=1.0)
            return
        except httpx.TransportError:
            time.sleep(0.1)
    raise RuntimeError(f"{url} did not answer within {seconds} s")


@dataclass
class Proc:
    """A child process that can be stopped and started again with the same command."""

    args: list[str]
    url: str
    ready_path: str
    log: pathlib.Path
    env: dict[str, str] = field(default_factory=dict)
    process: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        with self.log.open("ab") as out:
            self.process = subprocess.Popen(
                self.args, cwd=ROOT, env={**os.environ, **self.env}, stdout=out, stderr=out
            )
        wait_for(self.url + self.ready_path, self.process)

    def stop(self) -> None:
        if self.process is None:
            return
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:  # pragma: no cover - a hung child
            self.process.kill()
            self.process.wait()
        self.process = None


@dataclass(frozen=True)
class Stack:
    server: Proc
    app: Proc
    tmp: pathlib.Path


@pytest.fixture(scope="module")
def stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    """The demo server and the app (the device) as real processes on 127.0.0.1."""
    tmp = tmp_path_factory.mktemp("ui")
    db = tmp / "server.db"
    subprocess.run(
        [sys.executable, "-m", "kinerja", "seed-demo", "--db", str(db), "--json"],
        cwd=ROOT,
        check=True,
        capture_output=True,
    )
    sport, aport = free_port(), free_port()
    server = Proc(
        [
            sys.executable,
            "-m",
            "kinerja",
            "server",
            "--db",
            str(db),
            "--data-dir",
            str(tmp / "server-data"),
            "--port",
            str(sport),
        ],
        f"http://127.0.0.1:{sport}",
        "/health",
        tmp / "server.log",
    )
    app = Proc(
        [
            sys.executable,
            "-m",
            "kinerja",
            "app",
            "--home",
            str(tmp / "app-home"),
            "--server",
            server.url,
            "--port",
            str(aport),
        ],
        f"http://127.0.0.1:{aport}",
        "/",
        tmp / "app.log",
        env={"KINERJA_APP_PROBE_SECONDS": "1", "KINERJA_APP_SYNC_SECONDS": "600"},
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


# Every frame the page sends to the app (Flet's protocol over one WebSocket), kept so that a
# test can check that what it typed reached the app (type_into).
_RECORD_SENT = """(() => {
    const sent = [];
    window.__kinerjaSent = sent;
    const send = WebSocket.prototype.send;
    WebSocket.prototype.send = function (data) {
        if (data instanceof ArrayBuffer) {
            sent.push(new Uint8Array(data.slice(0)));
        } else if (ArrayBuffer.isView(data)) {
            const end = data.byteOffset + data.byteLength;
            sent.push(new Uint8Array(data.buffer.slice(data.byteOffset, end)));
        } else if (typeof data === "string") {
            sent.push(new TextEncoder().encode(data));
        }
        return send.call(this, data);
    };
})();"""


async def open_app(
    where: Browser | BrowserContext, url: str, viewport: dict[str, int] | None = None
) -> Page:
    """A page (phone-sized unless told) with the app loaded and Flutter's accessibility tree
    on, recording what it sends to the app. From a ``Browser``: a new browser of its own (a
    new device: it signs in); from a ``BrowserContext``: another tab of that browser (its
    device, signed in as it is)."""
    if isinstance(where, BrowserContext):
        page = await where.new_page()
        if viewport is not None:
            await page.set_viewport_size(viewport)  # type: ignore[arg-type]
    else:
        page = await where.new_page(viewport=viewport or PHONE)
    await page.add_init_script(_RECORD_SENT)
    await page.goto(url)
    await page.wait_for_function("() => !document.getElementById('loading')")
    await page.evaluate("() => document.querySelector('flt-semantics-placeholder').click()")
    await page.wait_for_selector("flt-semantics-host flt-semantics")
    return page


# Typing into Flutter web (accessibility tree on) as a person would, so that what is lost is
# the app's fault, never the test's:
# * A tap on a text field makes Flutter connect its text input to the field: a round trip
#   through the framework that ends with the engine configuring the field's DOM input (it sets
#   its "autocorrect" attribute, among others) and writing the field's text into it. Text filled
#   before that is overwritten.
# * A tap made while the screen is still moving (the ripple of the tab just tapped, a screen
#   being built) can lose its focus again ~0.1 s later: a semantics update computed before the
#   tap blurs the input. Text filled in that window stays in the DOM input but never reaches
#   the app. A person taps once the screen is still, and taps again when there is no cursor.
# So: wait for a still screen, tap, wait until the engine configured the input and the focus
# stayed, tap again if it went away, then type once. The text must then reach the app (a frame
# sent to it carries the text) and stay in the field.
_WATCH = """el => {
    el.__kinerjaTaken = false;
    new MutationObserver((records, observer) => {
        el.__kinerjaTaken = true;
        observer.disconnect();
    }).observe(el, {attributes: true, attributeFilter: ["autocorrect"]});
}"""
_STATE = "el => [el.__kinerjaTaken === true, document.activeElement === el]"
_SENT_SINCE = """([since, text]) => {
    const want = new TextEncoder().encode(text);
    const has = frame => {
        outer: for (let i = 0; i + want.length <= frame.length; i++) {
            for (let j = 0; j < want.length; j++) if (frame[i + j] !== want[j]) continue outer;
            return true;
        }
        return false;
    };
    return window.__kinerjaSent.slice(since).some(has);
}"""
_STILL = """quiet => new Promise(resolve => {
    const host = document.querySelector("flt-semantics-host") || document.body;
    const started = performance.now();
    let timer = setTimeout(done, quiet);
    const observer = new MutationObserver(() => {
        clearTimeout(timer);
        timer = setTimeout(done, performance.now() - started > 3000 ? 0 : quiet);
    });
    function done() { observer.disconnect(); resolve(null); }
    observer.observe(host, {subtree: true, childList: true, attributes: true});
})"""
RETAPPED: list[str] = []
"""Fields that needed a second tap for the cursor (the benchmark reports how many)."""


async def type_into(target: Locator, text: str, name: str = "") -> None:
    """Type ``text`` into a text field as a person would (see above), once, and check that the
    text reached the app and stayed. Text that does not is a defect (docs/app.md, "Known
    issues") and fails the test: it is never typed again."""
    deadline = time.monotonic() + 20
    already = "el => document.activeElement === el && el.getAttribute('autocorrect') === 'on'"
    if not await target.evaluate(already):  # not the field being typed in already
        await _tap_until_cursor(target, name, deadline)
    since = await target.page.evaluate("() => window.__kinerjaSent.length")
    await target.fill(text)
    typed = time.monotonic()
    while text and not await target.page.evaluate(_SENT_SINCE, [since, text]):
        if time.monotonic() - typed > 10:
            shown = await target.input_value()
            raise AssertionError(
                f"typed text never reached the app from {name!r}: typed {text!r}, "
                f"the field shows {shown!r}"
            )
        await asyncio.sleep(0.02)
    await asyncio.sleep(0.15)
    shown = await target.input_value()
    if shown != text:
        raise AssertionError(f"typed text lost in {name!r}: typed {text!r}, it shows {shown!r}")


async def _tap_field(target: Locator) -> None:
    """Tap a text field in its middle, or near its start when something else would take the
    tap there: Flutter web may stretch a field's node across its whole row, whose middle can
    be another control's button."""
    box = await target.bounding_box()
    height = box["height"] if box is not None else 40
    start: Position = {"x": min(24, height / 2), "y": height / 2}
    try:
        await target.click(trial=True, timeout=2_000)
    except PlaywrightTimeout:
        await target.click(position=start)
    else:
        await target.click()


async def _tap_until_cursor(target: Locator, name: str, deadline: float) -> None:
    while True:
        await target.page.evaluate(_STILL, 250)
        await target.evaluate(_WATCH)
        await _tap_field(target)
        tapped = time.monotonic()
        while time.monotonic() - tapped < 3:
            taken, focused = await target.evaluate(_STATE)
            if not focused and time.monotonic() - tapped > 0.3:
                break  # the focus went away: no cursor
            if taken and focused and time.monotonic() - tapped > 0.3:
                return  # configured, and the focus stayed
            await asyncio.sleep(0.02)
        if time.monotonic() > deadline:
            raise AssertionError(f"the field {name!r} never took the cursor")
        RETAPPED.append(name)


class Screen:
    """The shared page of an ordered browser journey and the helpers every journey uses; the
    journeys (phone, tablet, HR desk) add their own. Class attributes tune them per layout."""

    settle_ms = 450
    """Wait before a screenshot (the last frame settles)."""
    status_timeout = 20.0
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
        """Tap the button ``name``, scrolling down to it as a person would when it lies below
        the fold (Flutter leaves what is out of view out of the accessibility tree)."""
        target = self.page.get_by_role("button", name=name, exact=True)
        try:
            await target.first.wait_for(timeout=3_000)
        except PlaywrightTimeout:
            for _ in range(8):
                await self.scroll(300)
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
