"""A weak signal (issue #16 item 4), in a real browser: the server takes the request and never
answers. The sync bar offers "Batal" and lets go at once, says when it will try again, a run
left alone ends on its own in seconds, and the bar moves only on real progress.

The app reaches the real server through a proxy (tests/faults/proxy.py) that can hang.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator

import pytest
import pytest_asyncio
from playwright.async_api import Browser

from tests.faults.proxy import FaultProxy
from tests.ui.conftest import NURSE, PASSWORD, Screen, Stack, open_app, type_into

pytestmark = [pytest.mark.ui, pytest.mark.asyncio(loop_scope="module")]


@pytest.fixture(scope="module")
def proxy(stack: Stack) -> Iterator[FaultProxy]:
    port = int(stack.server.url.rsplit(":", 1)[1])
    with FaultProxy(port, seed=16) as running:
        yield running


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def phone(stack: Stack, browser: Browser, proxy: FaultProxy) -> AsyncIterator[Screen]:
    shots = stack.tmp / "shots"
    shots.mkdir(exist_ok=True)
    page = await open_app(browser, stack.app.url)
    screen = Screen(stack, page, shots)
    await type_into(page.get_by_label("NIP", exact=True), NURSE, "NIP")
    await type_into(page.get_by_label("Kata sandi", exact=True), PASSWORD, "Kata sandi")
    await type_into(page.get_by_label("Alamat server", exact=True), proxy.url, "Alamat server")
    await screen.button("Masuk")
    await screen.see("Halo, Rudi")
    await screen.wait_status("Semua terkirim")
    yield screen
    await page.close()


async def test_batal_lets_go_at_once_and_says_when_it_tries_again(
    phone: Screen, proxy: FaultProxy
) -> None:
    proxy.hang = True
    await phone.button("Sinkronkan")
    await phone.see("Batal")
    assert "Menyinkronkan" in await phone.status()
    await phone.shot("sinyal-lemah-menyinkronkan")
    await phone.button("Batal")
    await phone.see("Sinkronisasi dibatalkan")
    status = await phone.wait_status("Mencoba lagi dalam")
    assert "dtk" in status
    await phone.shot("sinyal-lemah-dibatalkan")


async def test_a_run_left_alone_ends_in_seconds(phone: Screen, proxy: FaultProxy) -> None:
    proxy.hang = True
    await phone.wait_status("Luring")  # the probe found no answer either
    await phone.button("Sinkronkan")
    await phone.see("Batal")
    # with a request timeout of 8 s and one retry the run ends well inside 30 s (before,
    # 30 s per request and two tries held "Menyinkronkan..." for about a minute)
    await phone.see("Server tidak terjangkau", timeout=30_000)
    assert "Mencoba lagi dalam" in await phone.status()


async def test_the_signal_back_it_syncs_by_itself(phone: Screen, proxy: FaultProxy) -> None:
    proxy.hang = False
    await phone.wait_status("Daring", timeout=30)
    status = await phone.wait_status("Semua terkirim", timeout=30)
    assert "Mencoba lagi" not in status
