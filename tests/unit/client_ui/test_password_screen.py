"""The password form's checks (the server's own rule, in both languages) and the session's
"change the password first" state, against the real server application (ASGI bridge)."""

from __future__ import annotations

import pathlib
from collections.abc import AsyncIterator

import pytest

from client import Device
from client.store.keycache import MemoryKeys
from client.ui.common.password_screen import password_problem
from client.ui.screens import ROUTES
from client.ui.session import AppSession, SessionConfig
from tests.unit.client.asgi_bridge import in_process_server
from tests.unit.server import dataset as ds

URL = "http://kinerja.test"
NEW = "Kunjungan-Rumah-2026"


@pytest.mark.parametrize(
    ("lang", "current", "new", "repeat", "text"),
    [
        ("id", "", NEW, NEW, "Isi kata sandi sekarang."),
        ("id", "lama-sekali-1", "pendek", "pendek", "minimal 10 karakter"),
        ("en", "lama-sekali-1", "pendek", "pendek", "at least 10 characters"),
        ("id", "lama-sekali-1", ds.NURSE, ds.NURSE, "memuat NIP"),
        ("en", "lama-sekali-1", "semarang-kinerja", "semarang-kinerja", "demo password"),
        ("id", NEW, NEW, NEW, "berbeda dari kata sandi sekarang"),
        ("id", "lama-sekali-1", NEW, NEW + "x", "tidak sama"),
        ("en", "lama-sekali-1", NEW, NEW + "x", "not the same"),
        ("id", "lama-sekali-1", NEW, NEW, ""),
    ],
)
def test_the_form_says_what_is_wrong(
    lang: str, current: str, new: str, repeat: str, text: str
) -> None:
    problem = password_problem(lang, ds.NURSE, current, new, repeat)
    assert (text in problem) if text else problem == ""


def test_the_route_exists() -> None:
    assert "/kata-sandi" in ROUTES


@pytest.fixture
async def reset_nurse(
    tmp_path: pathlib.Path,
) -> AsyncIterator[tuple[AppSession, str, Device]]:
    with in_process_server(tmp_path, []) as (services, bridge):
        login = services.auth.login(nip=ds.ADMIN_DINKES, password=ds.PASSWORD, address="a")
        admin = services.auth.authenticate(f"Bearer {login.token}")
        temporary = services.auth.reset_password(admin, ds.NURSE).temporary_password
        keys = MemoryKeys()  # the app process's memory, shared by its sessions
        device = Device(tmp_path / "app", http_transport=bridge, keys=keys)
        session = AppSession(
            tmp_path / "app",
            URL,
            config=SessionConfig(probe_seconds=0.01),
            device=device,
            probe=lambda _url, _timeout: True,
        )
        try:
            yield session, temporary, Device(tmp_path / "app", http_transport=bridge, keys=keys)
        finally:
            session.close()


async def test_the_change_comes_first_and_is_remembered(
    reset_nurse: tuple[AppSession, str, Device],
) -> None:
    session, temporary, tab = reset_nurse
    await session.login(ds.NURSE, temporary, URL)
    assert session.state.must_change_password
    assert await session.sync_now() is None  # no sync the server would refuse
    # another tab of the app (the same process) still asks for the change first
    reopened = AppSession(session.home, URL, device=tab)
    try:
        assert await reopened.resume()
        assert reopened.state.must_change_password
    finally:
        reopened.close()
    result = await session.change_password(temporary, NEW)
    assert result["changed"] is True
    assert not session.state.must_change_password
    report = await session.sync_now()
    assert report is not None
    assert report.ok, report.message
