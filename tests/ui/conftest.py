"""Fixtures of the browser tests: a real server process and the real app process on
127.0.0.1, and Debian's Chromium driven by Playwright (async API, one browser per module).

The server runs over a database seeded with the Semarang demo (``kinerja seed-demo``); it can
be stopped and started again on the same port and database to play "no signal".
"""

from __future__ import annotations

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
from playwright.async_api import Browser, Page, async_playwright

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
NURSE = "198702042009021536"  # Rudi, Perawat Ahli Pertama, Puskesmas Kedungmundu
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


async def open_app(browser: Browser, url: str) -> Page:
    """A phone-sized page with the app loaded and Flutter's accessibility tree on."""
    page = await browser.new_page(viewport=PHONE)
    await page.goto(url)
    await page.wait_for_function("() => !document.getElementById('loading')")
    await page.evaluate("() => document.querySelector('flt-semantics-placeholder').click()")
    await page.wait_for_selector("flt-semantics-host flt-semantics")
    return page
