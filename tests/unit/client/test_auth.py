"""Offline sign-in: a local argon2id verifier, never the password."""

from __future__ import annotations

import pathlib

import pytest

from client import Device, NotSignedInError, ServerUnreachableError, auth
from tests.ui.wording import assert_words
from tests.unit.client.conftest import NIP, Server


def test_the_verifier_checks_the_password_without_holding_it() -> None:
    verifier = auth.make_verifier("rahasia")
    assert verifier.startswith("$argon2id$")
    assert "rahasia" not in verifier
    assert auth.verify(verifier, "rahasia")
    assert not auth.verify(verifier, "salah")
    assert not auth.verify("bukan-hash", "rahasia")


def test_offline_sign_in_after_a_first_online_login(device: Device, server: Server) -> None:
    store = device.ctx.store
    assert store.meta.get("token") == "tok-123"
    assert all("rahasia" not in str(v) for v in store.meta.all().values())
    device.logout()
    with pytest.raises(NotSignedInError):
        device.status()
    with pytest.raises(NotSignedInError, match="salah"):
        device.login(NIP, "salah")
    assert device.login(NIP, "rahasia")["mode"] == "offline"
    # with a server that cannot be reached, the same password still opens the data
    server.down = True
    assert device.login(NIP, "rahasia", server="http://kinerja.test")["mode"] == "offline"


def test_the_first_login_needs_the_server(tmp_path: pathlib.Path) -> None:
    import httpx

    def down(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("down", request=request)

    with Device(tmp_path, http_transport=httpx.MockTransport(down)) as device:
        with pytest.raises(ServerUnreachableError, match="login pertama"):
            device.login(NIP, "rahasia", server="http://kinerja.test")
        with pytest.raises(NotSignedInError, match="belum pernah masuk") as offline:
            device.login(NIP, "rahasia")
        # the app's sign-in screen shows it as it is: words, no command-line option
        assert_words(str(offline.value), "offline first sign-in")
