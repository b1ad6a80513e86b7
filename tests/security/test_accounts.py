"""Accounts (issue #14, item 7) through the real HTTP API of a real server process on 127.0.0.1.

* the address login throttling counts is the socket peer: ``X-Forwarded-For`` changes nothing
  unless the peer is a configured trusted proxy (``KINERJA_TRUSTED_PROXIES``), for
  ``kinerja server`` and for the test servers alike;
* wrong passwords make the same NIP from the same address wait longer and longer, and never
  stop the right password from another address or from a device the server knows;
* a person changes their own password under the shared rule; an admin of their OPD (or BKPP)
  sets a temporary one, after which the account can only change it (403
  ``password_change_required`` everywhere else) until it does;
* logging out ends the token on the server (``GET /me`` is 401) and on the device.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import pathlib
from collections.abc import Iterator
from typing import Any

import httpx
import msgspec
import pytest

from client.home import Home
from client.store import Store
from kinerja.cli import main
from shared_models.nip import make_nip
from tests.fixtures.server import LiveServer, ServerProcess, running_server, seed_file
from tests.integration.helpers import password_of
from tests.unit.server import dataset as ds

NEW_PASSWORD = "Kunjungan-Rumah-2026"
PULL = {
    "type": "pull",
    "protocol": 1,
    "schema": 1,
    "device_id": "d1",
    "cursor": 0,
    "limit": 10,
}


def _stranger(i: int) -> str:
    """A well-formed NIP that has no account (a guess)."""
    return make_nip(dt.date(1980, 1, 1), 2005, 1, 1, 100 + i)


@pytest.fixture
def proxied_server(tmp_path: pathlib.Path) -> Iterator[LiveServer]:
    """The real server behind "a reverse proxy on 127.0.0.1": it believes X-Forwarded-For from
    there, so these tests can speak from many client addresses."""
    with running_server(tmp_path, {"KINERJA_TRUSTED_PROXIES": "127.0.0.1"}, "proxied") as server:
        yield server


@pytest.fixture
def kinerja_server(tmp_path: pathlib.Path) -> Iterator[str]:
    """``kinerja server`` itself (what ``make run`` starts), with cheap password hashing."""
    db = tmp_path / "cmd.db"
    seed_file(db)
    server = ServerProcess(
        db,
        tmp_path / "cmd-data",
        tmp_path / "cmd-server.log",
        command="kinerja",
        keep_alive_seconds=None,
    )
    try:
        server.start()
        yield server.url
    finally:
        server.stop()


def _login(
    client: httpx.Client, nip: str, password: str, forwarded: str | None = None, **extra: Any
) -> httpx.Response:
    headers = {"x-forwarded-for": forwarded} if forwarded else {}
    return client.post(
        "/api/v1/auth/login", json={"nip": nip, "password": password, **extra}, headers=headers
    )


def _bearer(session: dict[str, Any]) -> dict[str, str]:
    return {"authorization": f"Bearer {session['token']}"}


def _spray(client: httpx.Client, forwarded: list[str]) -> list[int]:
    """One wrong guess per entry, each for another NIP, each 'from' that X-Forwarded-For."""
    return [
        _login(client, _stranger(i), "tebakan-salah", via).status_code
        for i, via in enumerate(forwarded)
    ]


# --- (a) the throttled address is the socket peer ----------------------------------------------


@pytest.mark.parametrize("server", ["live_server", "kinerja_server"])
def test_forwarded_for_does_not_change_the_throttled_address(
    server: str, request: pytest.FixtureRequest
) -> None:
    found = request.getfixturevalue(server)
    url = found if isinstance(found, str) else found.base_url
    with httpx.Client(base_url=url, timeout=10) as client:
        spoofed = [f"203.0.113.{i}" for i in range(20)]
        assert _spray(client, spoofed) == [401] * 20
        # every guess came from 127.0.0.1, whatever the header said: that address now waits
        blocked = _login(client, _stranger(99), "tebakan-salah", "198.51.100.7")
        assert blocked.status_code == 429
        assert blocked.json()["code"] == "login_throttled"
        assert int(blocked.headers["retry-after"]) >= 1


def test_a_trusted_proxy_names_the_client(proxied_server: LiveServer) -> None:
    with httpx.Client(base_url=proxied_server.base_url, timeout=10) as client:
        assert _spray(client, ["203.0.113.7"] * 20) == [401] * 20
        assert _login(client, _stranger(50), "x", "203.0.113.7").status_code == 429
        # another client of the proxy does not wait for that one
        assert _login(client, _stranger(51), "x", "203.0.113.8").status_code == 401
        # what a client writes itself stands left of what the proxy appended: not believed
        assert _login(client, _stranger(52), "x", "203.0.113.8, 203.0.113.7").status_code == 429


# --- (b) nobody is locked out ------------------------------------------------------------------


def _flood(client: httpx.Client, nip: str, forwarded: str | None, tries: int = 30) -> set[int]:
    return {_login(client, nip, f"tebakan-{i}", forwarded).status_code for i in range(tries)}


def test_a_flood_from_one_address_stops_neither_another_address_nor_a_known_device(
    proxied_server: LiveServer,
) -> None:
    with httpx.Client(base_url=proxied_server.base_url, timeout=10) as client:
        phone = _login(client, ds.NURSE, ds.PASSWORD, "198.51.100.1").json()
        assert phone["device_key"]
        assert _flood(client, ds.NURSE, "203.0.113.66") == {401, 429}
        assert _login(client, ds.NURSE, ds.PASSWORD, "203.0.113.66").status_code == 429
        # the right password from another address: no lock on the NIP
        other = _login(client, ds.NURSE, ds.PASSWORD, "198.51.100.2")
        assert other.status_code == 200, other.text
        # the phone, even from the attacker's address, proves itself with its device key
        again = _login(
            client,
            ds.NURSE,
            ds.PASSWORD,
            "203.0.113.66",
            device_id=phone["device_id"],
            device_key=phone["device_key"],
        )
        assert again.status_code == 200, again.text
        assert again.json()["device_id"] == phone["device_id"]


def test_a_known_device_behind_the_same_address_as_the_attacker_still_logs_in(
    live_server: LiveServer,
) -> None:
    """A Puskesmas behind one NAT address: a colleague floods the nurse's NIP from there."""
    with httpx.Client(base_url=live_server.base_url, timeout=10) as client:
        phone = _login(client, ds.NURSE, ds.PASSWORD).json()
        assert _flood(client, ds.NURSE, None) == {401, 429}
        assert _login(client, ds.NURSE, ds.PASSWORD).status_code == 429  # a new device waits
        known = _login(
            client,
            ds.NURSE,
            ds.PASSWORD,
            device_id=phone["device_id"],
            device_key=phone["device_key"],
        )
        assert known.status_code == 200, known.text
        # a guessed device id without its key proves nothing
        guessed = _login(client, ds.NURSE, ds.PASSWORD, device_id=phone["device_id"])
        assert guessed.status_code == 429


# --- (c) password change, reset, forced change -------------------------------------------------


def _change(client: httpx.Client, session: dict[str, Any], body: Any) -> httpx.Response:
    return client.post("/api/v1/auth/password", json=body, headers=_bearer(session))


def test_change_password_over_http(live_server: LiveServer) -> None:
    with httpx.Client(base_url=live_server.base_url, timeout=10) as client:
        phone = _login(client, ds.NURSE, ds.PASSWORD).json()
        laptop = _login(client, ds.NURSE, ds.PASSWORD).json()
        assert phone["must_change_password"] is False
        cases = [
            ({"current_password": ds.PASSWORD, "new_password": "pendek"}, 400, "$.new_password"),
            ({"current_password": ds.PASSWORD, "new_password": ds.NURSE}, 400, "$.new_password"),
            (
                {"current_password": ds.PASSWORD, "new_password": "Semarang-Kinerja"},
                400,
                "$.new_password",
            ),
            ({"current_password": "salah-salah", "new_password": NEW_PASSWORD}, 403, None),
            ({"current_password": ds.PASSWORD}, 400, "$"),
            ({"current_password": ds.PASSWORD, "new_password": 7}, 400, "$.new_password"),
            ({"current_password": "", "new_password": NEW_PASSWORD}, 400, "$.current_password"),
            (
                {"current_password": ds.PASSWORD, "new_password": NEW_PASSWORD, "nip": ds.KAPUS},
                400,
                "$",
            ),
        ]
        for body, status, field in cases:
            answer = _change(client, phone, body)
            assert answer.status_code == status, (body, answer.text)
            error = answer.json()
            if status == 403:
                assert error["code"] == "wrong_password"
                assert error["field"] == "$.current_password"
                assert error["message"] == "Kata sandi sekarang salah."
            else:
                assert error["field"] == field, (body, error)
        weak = _change(client, phone, {"current_password": ds.PASSWORD, "new_password": ds.NURSE})
        assert weak.json()["code"] == "weak_password"
        assert weak.json()["issues"] == ["all_digits", "contains_nip"]
        assert "tidak boleh hanya angka" in weak.json()["message"]
        done = _change(
            client, phone, {"current_password": ds.PASSWORD, "new_password": NEW_PASSWORD}
        )
        assert done.status_code == 200, done.text
        assert done.json() == {
            "changed": True,
            "must_change_password": False,
            "other_sessions_ended": 1,
        }
        assert client.get("/api/v1/me", headers=_bearer(phone)).status_code == 200
        assert client.get("/api/v1/me", headers=_bearer(laptop)).status_code == 401
        assert _login(client, ds.NURSE, ds.PASSWORD).status_code == 401
        assert _login(client, ds.NURSE, NEW_PASSWORD).status_code == 200


def _reset(client: httpx.Client, admin: dict[str, Any], nip: str) -> httpx.Response:
    return client.post(f"/api/v1/accounts/{nip}/reset-password", headers=_bearer(admin))


def test_reset_by_the_opd_admin_then_the_change_comes_first(live_server: LiveServer) -> None:
    with httpx.Client(base_url=live_server.base_url, timeout=10) as client:
        admin = _login(client, ds.ADMIN_DINKES, ds.PASSWORD).json()
        nurse = _login(client, ds.NURSE, ds.PASSWORD).json()
        colleague = _login(client, ds.NURSE2, ds.PASSWORD).json()
        assert _reset(client, colleague, ds.NURSE).status_code == 403  # a pegawai
        assert _reset(client, admin, ds.TEACHER).status_code == 403  # another OPD
        assert _reset(client, admin, ds.ADMIN_DINKES).status_code == 403  # oneself
        bad = _reset(client, admin, "12345")
        assert bad.status_code == 400
        assert bad.json()["field"] == "nip"
        assert _reset(client, admin, _stranger(1)).status_code == 404
        reset = _reset(client, admin, ds.NURSE)
        assert reset.status_code == 200, reset.text
        assert reset.headers["cache-control"] == "no-store"
        temporary = reset.json()["temporary_password"]
        assert reset.json()["must_change_password"] is True
        assert reset.json()["sessions_ended"] == 1
        # the old session and the old password are gone
        assert client.get("/api/v1/me", headers=_bearer(nurse)).status_code == 401
        assert _login(client, ds.NURSE, ds.PASSWORD).status_code == 401
        first = _login(client, ds.NURSE, temporary)
        assert first.status_code == 200, first.text
        session = first.json()
        assert session["must_change_password"] is True
        # until the password is changed, every other API says so
        for method, path, content in [
            ("GET", "/api/v1/me", None),
            ("POST", "/api/v1/auth/refresh", None),
            ("POST", "/api/v1/sync/pull", msgspec.json.encode(PULL)),
            ("GET", "/api/v1/reports/dashboard", None),
        ]:
            answer = client.request(
                method,
                path,
                content=content,
                headers={**_bearer(session), "content-type": "application/json"},
            )
            assert answer.status_code == 403, (path, answer.text)
            assert answer.json()["code"] == "password_change_required"
            assert "Ganti kata sandi" in answer.json()["message"]
        changed = _change(
            client, session, {"current_password": temporary, "new_password": NEW_PASSWORD}
        )
        assert changed.status_code == 200, changed.text
        assert client.get("/api/v1/me", headers=_bearer(session)).status_code == 200
        again = _login(client, ds.NURSE, NEW_PASSWORD).json()
        assert again["must_change_password"] is False


def test_bkpp_resets_anyone_but_the_opd_admin_cannot_reset_an_admin(
    live_server: LiveServer,
) -> None:
    with httpx.Client(base_url=live_server.base_url, timeout=10) as client:
        bkpp = _login(client, ds.BKPP, ds.PASSWORD).json()
        reset = _reset(client, bkpp, ds.ADMIN_DINKES)
        assert reset.status_code == 200, reset.text
        admin = _login(client, ds.ADMIN_DINKES, reset.json()["temporary_password"]).json()
        assert admin["must_change_password"] is True
        # while the admin must change the password, not even HR's own routes answer
        assert _reset(client, admin, ds.NURSE).json()["code"] == "password_change_required"
        teacher = _reset(client, bkpp, ds.TEACHER)
        assert teacher.status_code == 200
        assert _login(client, ds.TEACHER, password_of(ds.TEACHER)).status_code == 401


# --- (d) logout ends the token on both sides ---------------------------------------------------


def test_logout_over_http(live_server: LiveServer) -> None:
    with httpx.Client(base_url=live_server.base_url, timeout=10) as client:
        session = _login(client, ds.NURSE, ds.PASSWORD).json()
        assert client.get("/api/v1/me", headers=_bearer(session)).status_code == 200
        out = client.post("/api/v1/auth/logout", headers=_bearer(session))
        assert out.status_code == 204
        gone = client.get("/api/v1/me", headers=_bearer(session))
        assert gone.status_code == 401
        assert gone.json()["code"] == "unauthenticated"
        assert client.post("/api/v1/auth/logout", headers=_bearer(session)).status_code == 401
        # the same device logs in again and keeps its replica id
        again = _login(
            client,
            ds.NURSE,
            ds.PASSWORD,
            device_id=session["device_id"],
            device_key=session["device_key"],
        )
        assert again.json()["device_id"] == session["device_id"]


def _stored(home: pathlib.Path, key: str) -> Any:
    """A value of the nurse's device store, opened with her password (as a sign-in would)."""
    found = Home(home)
    store = Store(found.db_path(ds.NURSE), key=found.unlock(ds.NURSE, ds.PASSWORD))
    try:
        return store.meta.get(key)
    finally:
        store.close()


def test_device_logout_revokes_the_token_on_the_server_and_deletes_it(
    live_server: LiveServer, tmp_path: pathlib.Path
) -> None:
    """``kinerja device logout``: ``GET /me`` with the old token is 401, and the device holds
    no token any more (it keeps its device key for the next login)."""
    home = tmp_path / "phone"
    base = ["device", "--home", str(home)]
    me = f"{live_server.base_url}/api/v1/me"
    out = io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(io.StringIO()):
        login = [*base, "login", "--server", live_server.base_url, "--nip", ds.NURSE]
        assert main([*login, "--password", ds.PASSWORD]) == 0
        token = _stored(home, "token")
        assert token
        assert httpx.get(me, headers={"authorization": f"Bearer {token}"}).status_code == 200
        assert main([*base, "logout"]) == 0
    assert "dicabut di server" in out.getvalue()
    answer = httpx.get(me, headers={"authorization": f"Bearer {token}"})
    assert answer.status_code == 401
    assert answer.json()["code"] == "unauthenticated"
    assert _stored(home, "token") is None
    assert _stored(home, "device_key")


def test_device_password_after_a_reset_through_the_command_line(
    live_server: LiveServer, tmp_path: pathlib.Path
) -> None:
    """An OPD admin resets the nurse's password; her first login says to change it, sync is
    refused in words until ``kinerja device password`` did, and then it works."""
    with httpx.Client(base_url=live_server.base_url, timeout=10) as client:
        admin = _login(client, ds.ADMIN_DINKES, ds.PASSWORD).json()
        temporary = _reset(client, admin, ds.NURSE).json()["temporary_password"]
    base = ["device", "--home", str(tmp_path / "phone")]
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        login = [*base, "login", "--server", live_server.base_url, "--nip", ds.NURSE]
        assert main([*login, "--password", temporary]) == 0
        assert "kinerja device password" in out.getvalue()
        assert main([*base, "sync"]) != 0
        assert "Kata sandi awal harus diganti" in out.getvalue() + err.getvalue()
        weak = [*base, "password", "--current", temporary, "--new", "1234567890"]
        assert main(weak) == 2
        assert "tidak boleh hanya angka" in err.getvalue()
        assert main([*base, "password", "--current", temporary, "--new", NEW_PASSWORD]) == 0
        assert "Kata sandi sudah diganti" in out.getvalue()
        assert main([*base, "sync"]) == 0
    with httpx.Client(base_url=live_server.base_url, timeout=10) as client:
        assert _login(client, ds.NURSE, temporary).status_code == 401
        assert _login(client, ds.NURSE, NEW_PASSWORD).json()["must_change_password"] is False
