"""The device's side of accounts, against the real server application (ASGI bridge, no sockets):
the device key sent back at the next login, logout ending the token on both sides, the password
change (rule checked first, the data re-locked with the new password), and the forced change
after an admin reset."""

from __future__ import annotations

import pathlib
from collections.abc import Iterator

import pytest

from client import (
    Device,
    InvalidInputError,
    NotSignedInError,
    ServerRefusedError,
    ServerUnreachableError,
)
from client.errors import StoreLockedError
from server.errors import UnauthenticatedError
from server.services import Services
from tests.unit.client.asgi_bridge import AsgiBridge, in_process_server
from tests.unit.server import dataset as ds

URL = "http://kinerja.test"
NEW = "Kunjungan-Rumah-2026"


@pytest.fixture
def served(tmp_path: pathlib.Path) -> Iterator[tuple[Services, AsgiBridge]]:
    with in_process_server(tmp_path, []) as (services, bridge):
        yield services, bridge


def _device(root: pathlib.Path, bridge: AsgiBridge) -> Device:
    return Device(root, http_transport=bridge)


def _token_works(services: Services, token: str) -> bool:
    try:
        services.auth.authenticate(f"Bearer {token}")
    except UnauthenticatedError:
        return False
    return True


def test_the_device_key_is_kept_and_sent_with_the_next_login(
    served: tuple[Services, AsgiBridge], tmp_path: pathlib.Path
) -> None:
    services, bridge = served
    with _device(tmp_path / "phone", bridge) as phone:
        phone.login(ds.NURSE, ds.PASSWORD, server=URL)
        first = phone.ctx.store.meta.get("device_key")
        assert first
        phone.logout()
        phone.login(ds.NURSE, ds.PASSWORD, server=URL)
        meta = phone.ctx.store.meta
        assert meta.get("device_key") not in (None, first)  # a new one at every login
        device_id = meta.get("device_id")
    # the server saw the key: this login was a known device's (its own count only)
    for _ in range(30):
        services.throttle.failed(ds.NURSE, "127.0.0.1")
    assert services.throttle.wait(ds.NURSE, "127.0.0.1") > 0
    with _device(tmp_path / "phone", bridge) as phone:
        result = phone.login(ds.NURSE, ds.PASSWORD, server=URL)
        assert result["mode"] == "online"
        assert phone.ctx.store.meta.get("device_id") == device_id


def test_logout_ends_the_token_on_the_server_and_deletes_it(
    served: tuple[Services, AsgiBridge], tmp_path: pathlib.Path
) -> None:
    services, bridge = served
    with _device(tmp_path / "phone", bridge) as phone:
        phone.login(ds.NURSE, ds.PASSWORD, server=URL)
        token = phone.ctx.store.meta.get("token")
        assert _token_works(services, token)
        assert phone.logout() == {"nip": ds.NURSE, "server": True}
        assert not _token_works(services, token)
        phone.login(ds.NURSE, ds.PASSWORD)  # offline: the data opens, no token any more
        assert phone.ctx.store.meta.get("token") is None
        with pytest.raises(NotSignedInError, match="login dengan --server"):
            phone.sync()


def test_logout_without_the_server_still_deletes_the_token(
    served: tuple[Services, AsgiBridge], tmp_path: pathlib.Path
) -> None:
    services, bridge = served
    with _device(tmp_path / "phone", bridge) as phone:
        phone.login(ds.NURSE, ds.PASSWORD, server=URL)
        token = phone.ctx.store.meta.get("token")
        bridge.fail_next = 1
        assert phone.logout()["server"] is False
        assert _token_works(services, token)  # until the device's next login re-keys it
        phone.login(ds.NURSE, ds.PASSWORD, server=URL)
        assert not _token_works(services, token)


def test_change_password(served: tuple[Services, AsgiBridge], tmp_path: pathlib.Path) -> None:
    services, bridge = served
    with _device(tmp_path / "laptop", bridge) as laptop:
        laptop.login(ds.NURSE, ds.PASSWORD, server=URL)
        laptop_token = laptop.ctx.store.meta.get("token")
    with _device(tmp_path / "phone", bridge) as phone:
        phone.login(ds.NURSE, ds.PASSWORD, server=URL)
        seen = len(bridge.requests)
        with pytest.raises(InvalidInputError, match="minimal 10 karakter"):
            phone.change_password(ds.PASSWORD, "pendek")
        with pytest.raises(InvalidInputError, match="terlalu umum"):
            phone.change_password(ds.PASSWORD, "semarang-kinerja")
        assert len(bridge.requests) == seen  # refused here, nothing sent
        with pytest.raises(ServerRefusedError, match="Kata sandi sekarang salah") as wrong:
            phone.change_password("bukan-sandi-ini", NEW)
        assert wrong.value.code == "wrong_password"
        bridge.fail_next = 1
        with pytest.raises(ServerUnreachableError, match="saat tersambung"):
            phone.change_password(ds.PASSWORD, NEW)
        assert phone.change_password(ds.PASSWORD, NEW) == {
            "nip": ds.NURSE,
            "changed": True,
            "other_sessions_ended": 1,
        }
        assert not _token_works(services, laptop_token)
        assert phone.sync().ok
        phone.logout()
        # this device's data now opens with the new password only
        with pytest.raises(StoreLockedError):
            phone.login(ds.NURSE, ds.PASSWORD)
        assert phone.login(ds.NURSE, NEW)["mode"] == "offline"


def test_after_a_reset_the_device_must_change_the_password_first(
    served: tuple[Services, AsgiBridge], tmp_path: pathlib.Path
) -> None:
    services, bridge = served
    admin = services.auth.authenticate(
        "Bearer "
        + services.auth.login(nip=ds.ADMIN_DINKES, password=ds.PASSWORD, address="a").token
    )
    temporary = services.auth.reset_password(admin, ds.NURSE).temporary_password
    with _device(tmp_path / "phone", bridge) as phone:
        result = phone.login(ds.NURSE, temporary, server=URL)
        assert result["must_change_password"] is True
        assert "kinerja device password" in result["note"]
        assert phone.must_change_password
        report = phone.sync()
        assert report.outcome == "refused"
        assert "Kata sandi awal harus diganti" in report.message
        phone.change_password(temporary, NEW)
        assert not phone.must_change_password
        assert phone.sync().ok
