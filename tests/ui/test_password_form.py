"""The app's "change the password first" form, rendered by a real Flet session (no browser; the
browser's side is played by hand as in test_text_input.py) over a device talking to the real
server application (ASGI bridge): after an admin reset the app shows only the form, refuses a
weak password in words before sending, and opens the app once the server accepted the change."""

from __future__ import annotations

import pathlib
from collections.abc import AsyncIterator, Callable
from typing import Any

import flet as ft
import pytest

from client import Device
from client.store.keycache import MemoryKeys
from client.ui.app import App
from client.ui.session import AppSession, SessionConfig
from server.services import Services
from tests.ui.test_text_input import Browser, browser_for  # noqa: F401 - a fixture used here
from tests.unit.client.asgi_bridge import in_process_server
from tests.unit.server import dataset as ds

URL = "http://kinerja.test"
NEW = "Kunjungan-Rumah-2026"


def _texts(b: Browser) -> list[str]:
    return [str(c.value) for c in list(b.session.index.values()) if isinstance(c, ft.Text)]


async def _type(b: Browser, label: str, text: str) -> None:
    b.text_arrives(label, text)
    await b.change_event(label, text)


@pytest.fixture
async def after_reset(
    tmp_path: pathlib.Path,
) -> AsyncIterator[tuple[AppSession, str, Services]]:
    with in_process_server(tmp_path, []) as (services, bridge):
        login = services.auth.login(nip=ds.ADMIN_DINKES, password=ds.PASSWORD, address="a")
        admin = services.auth.authenticate(f"Bearer {login.token}")
        temporary = services.auth.reset_password(admin, ds.NURSE).temporary_password
        device = Device(tmp_path / "app", http_transport=bridge, keys=MemoryKeys())
        session = AppSession(
            tmp_path / "app",
            URL,
            config=SessionConfig(probe_seconds=3600),
            device=device,
            probe=lambda _url, _timeout: True,
        )
        try:
            yield session, temporary, services
        finally:
            session.close()


async def test_the_change_comes_first_then_the_app_opens(
    browser_for: Callable[..., Any],  # noqa: F811
    after_reset: tuple[AppSession, str, Services],
) -> None:
    session, temporary, services = after_reset
    await session.login(ds.NURSE, temporary, URL)  # what the login screen does
    b = await browser_for(App, session, session.state)
    assert "Ganti kata sandi" in _texts(b)
    assert any("diatur oleh admin" in t for t in _texts(b))
    await _type(b, "Kata sandi sekarang", temporary)
    await _type(b, "Kata sandi baru", "1234567890")
    await _type(b, "Ulangi kata sandi baru", "1234567890")
    await b.click("Simpan kata sandi")
    assert any("tidak boleh hanya angka" in t for t in _texts(b))
    assert session.state.must_change_password  # nothing was sent
    await _type(b, "Kata sandi baru", NEW)
    await _type(b, "Ulangi kata sandi baru", NEW)
    await b.click("Simpan kata sandi")
    for _ in range(50):  # the change runs on the session's worker thread
        if not session.state.must_change_password:
            break
        await b.settle()
    assert not session.state.must_change_password
    assert session.state.notice == "Kata sandi sudah diganti."
    await b.settle()
    assert "Ganti kata sandi" not in _texts(b)  # the app itself now
    assert services.auth.login(nip=ds.NURSE, password=NEW, address="b").token
