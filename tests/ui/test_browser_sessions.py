"""Each browser is its own device (issue #16 item 1), in a real browser against one app process.

Two browser contexts side by side are two browsers: Rudi signs in on a phone, dr. Wulan on a
tablet; neither sees the other's account, a third browser opens on the sign-in screen, a tab
reopened in Rudi's browser continues his account, and Wulan signing out leaves Rudi signed in.
Each browser's data lives in its own folder under the app's ``sessions``.
"""

from __future__ import annotations

import pathlib
from collections.abc import AsyncIterator

import pytest
import pytest_asyncio
from playwright.async_api import Browser, BrowserContext

from tests.ui.conftest import (
    HEAD,
    NURSE,
    PASSWORD,
    PHONE,
    Screen,
    Stack,
    open_app,
    type_into,
)

pytestmark = [pytest.mark.ui, pytest.mark.asyncio(loop_scope="module")]

TABLET = {"width": 800, "height": 1280}


async def sign_in(screen: Screen, nip: str) -> None:
    await type_into(screen.page.get_by_label("NIP", exact=True), nip, "NIP")
    await type_into(screen.page.get_by_label("Kata sandi", exact=True), PASSWORD, "Kata sandi")
    await screen.button("Masuk")


async def account(screen: Screen) -> str:
    await screen.page.bring_to_front()  # the person looks at this browser
    shown = screen.page.locator("[flt-semantics-identifier=account]")
    await shown.wait_for()
    return await shown.inner_text()


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def contexts(browser: Browser) -> AsyncIterator[list[BrowserContext]]:
    made = [
        await browser.new_context(viewport=PHONE),
        await browser.new_context(viewport=TABLET),
        await browser.new_context(viewport=PHONE),
    ]
    yield made
    for context in made:
        await context.close()


def slots(stack: Stack) -> list[pathlib.Path]:
    sessions = stack.tmp / "app-home" / "sessions"
    return sorted(p for p in sessions.iterdir() if p.is_dir()) if sessions.exists() else []


async def test_two_browsers_two_accounts(stack: Stack, contexts: list[BrowserContext]) -> None:
    shots = stack.tmp / "shots"
    shots.mkdir(exist_ok=True)
    phone = Screen(stack, await open_app(contexts[0], stack.app.url), shots)
    await sign_in(phone, NURSE)
    await phone.see("Halo, Rudi")
    assert "Rudi" in await account(phone)

    tablet = Screen(stack, await open_app(contexts[1], stack.app.url), shots)
    await tablet.see("Masuk")  # a new browser asks who it is: nobody is carried over
    await sign_in(tablet, HEAD)
    await tablet.see("Halo, dr. Wulan")
    assert "Wulan" in await account(tablet)

    # Rudi's phone did not move to Wulan's account, on Beranda or anywhere else
    await phone.page.bring_to_front()
    await phone.page.get_by_role("tab", name="SKP saya").click()
    await phone.see("Jumlah kunjungan rumah")
    assert "Rudi" in await account(phone)
    assert "Wulan" not in await account(phone)
    await phone.page.get_by_role("tab", name="Beranda").click()
    await phone.see("Halo, Rudi")

    # a third browser opens on the sign-in screen
    third = Screen(stack, await open_app(contexts[2], stack.app.url), shots)
    await third.see("Masuk")
    assert await third.page.locator("[flt-semantics-identifier=account]").count() == 0
    await third.page.close()

    # each browser is a device of its own, in its own folder under the app's "sessions"
    homes = slots(stack)
    assert len(homes) == 3, homes
    assert [h for h in homes if (h / "users" / NURSE).is_dir()] != []
    assert [h for h in homes if (h / "users" / HEAD).is_dir()] != []
    assert not [
        h for h in homes if (h / "users" / NURSE).is_dir() and (h / "users" / HEAD).is_dir()
    ]

    # a new tab in Rudi's browser continues his account (the browser keeps its device)
    again = Screen(stack, await open_app(contexts[0], stack.app.url), shots)
    await again.see("Halo, Rudi")
    assert "Rudi" in await account(again)
    await again.page.close()

    # Wulan signs out on her tablet; Rudi's phone stays signed in
    # (reopening the tablet's tab on "Lainnya" also shows the browser keeps its device)
    await tablet.page.close()
    tablet = Screen(stack, await open_app(contexts[1], stack.app.url + "/lainnya"), shots)
    assert "Wulan" in await account(tablet)
    await tablet.button("Keluar")
    await tablet.see("Masuk")
    await phone.page.bring_to_front()
    await phone.page.get_by_role("tab", name="SKP saya").click()
    await phone.see("Jumlah kunjungan rumah")
    await phone.page.get_by_role("tab", name="Beranda").click()
    await phone.see("Halo, Rudi")
    assert "Rudi" in await account(phone)
    await phone.page.close()
    await tablet.page.close()
