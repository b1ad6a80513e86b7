"""Tokens, passwords and throttling.

* a revoked (or expired, or unknown) token is refused by every route of the app, whatever the
  route, generated from the app's own route list so a new endpoint is covered automatically;
* passwords never appear in clear in the server's database files, its log, the device's files
  or any log record (server and device end to end, through the real CLI);
* failed logins make the same NIP from the same address (and one address spraying many NIPs)
  wait longer and longer, while the device that proves it is known never waits for them
  (tests/security/test_accounts.py does the same against real server processes).
"""

from __future__ import annotations

import contextlib
import io
import logging
import pathlib
import re
from typing import Any

import pytest
from litestar.routes import HTTPRoute

from kinerja.cli import main
from tests.integration.conftest import LiveServer
from tests.security.conftest import EVIDENCE, City
from tests.unit.server import dataset as ds

PUBLIC = {"/health", "/api/v1/auth/login"}
_PARAM = re.compile(r"\{(?P<name>[a-z_0-9]+)(?::(?P<type>[a-z]+))?\}")


def _routes(city: City) -> list[tuple[str, str]]:
    app = city.client._transport.app  # type: ignore[attr-defined]
    out = []
    for route in app.routes:
        if not isinstance(route, HTTPRoute) or route.path.startswith("/schema"):
            continue
        if route.path in PUBLIC:
            continue
        for method in sorted(route.methods - {"OPTIONS"}):
            out.append((method, route.path))
    return out


def _fill(path: str, device_id: str) -> str:
    def value(match: re.Match[str]) -> str:
        name, kind = match["name"], match["type"]
        if name == "sha256":
            return EVIDENCE[ds.NURSE]
        if name == "device_id":
            return device_id
        return "1" if kind == "int" else "x"

    return _PARAM.sub(value, path)


def _example(schema: dict[str, Any]) -> str:
    if "enum" in schema:
        return str(schema["enum"][0])
    for option in schema.get("oneOf", []) + schema.get("anyOf", []):
        if option.get("type") != "null":
            return _example(option)
    return "1" if schema.get("type") == "integer" else "2026"


def _query(city: City, method: str, path: str) -> dict[str, str]:
    """Required query parameters with a valid value, so that validation does not answer first."""
    spec = city.client._transport.app.openapi_schema.to_schema()  # type: ignore[attr-defined]
    plain = _PARAM.sub(lambda m: "{" + m["name"] + "}", path)
    operation = spec["paths"].get(plain, {}).get(method.lower(), {})
    return {
        p["name"]: _example(p.get("schema", {}))
        for p in operation.get("parameters", [])
        if p.get("in") == "query" and p.get("required")
    }


async def _refused_everywhere(city: City, headers: dict[str, str], code: str, victim: str) -> int:
    checked = 0
    for method, path in _routes(city):
        answer = await city.client.request(
            method,
            _fill(path, victim),
            params=_query(city, method, path),
            headers={**headers, "content-type": "application/json"},
            content=b"{}" if method in {"POST", "PUT", "PATCH"} else None,
        )
        assert answer.status_code == 401, (method, path, answer.status_code, answer.text)
        if method != "HEAD":
            assert answer.json()["code"] == code, (method, path, answer.text)
        checked += 1
    assert checked >= 9
    return checked


async def test_a_revoked_token_is_refused_everywhere(city: City) -> None:
    nurse = await city.login(ds.NURSE)
    admin = await city.login(ds.ADMIN_DINKES)
    assert (await city.client.get("/api/v1/me", headers=nurse.headers)).status_code == 200
    revoked = await city.client.post(
        f"/api/v1/devices/{nurse.device_id}/revoke", headers=admin.headers
    )
    assert revoked.status_code == 200
    await _refused_everywhere(city, nurse.headers, "device_revoked", nurse.device_id)
    answer = await city.client.get("/api/v1/me", headers=nurse.headers)
    assert answer.json()["wipe"] is True
    # logging in again with the revoked device's id does not bring it back
    again = await city.client.post(
        "/api/v1/auth/login",
        json={"nip": ds.NURSE, "password": ds.PASSWORD, "device_id": nurse.device_id},
    )
    assert again.status_code == 401
    assert again.json()["code"] == "device_revoked"
    # the same person on a new install is a new device, with a working token
    fresh = await city.login(ds.NURSE)
    assert fresh.device_id != nurse.device_id


async def test_expired_and_unknown_tokens_are_refused_everywhere(city: City) -> None:
    nurse = await city.login(ds.NURSE)
    await _refused_everywhere(
        city, {"authorization": "Bearer not-a-token"}, "unauthenticated", nurse.device_id
    )
    await _refused_everywhere(city, {}, "unauthenticated", nurse.device_id)
    city.clock.advance(31 * 24 * 3600)
    await _refused_everywhere(city, nurse.headers, "token_expired", nurse.device_id)


async def test_a_refreshed_token_replaces_the_old_one(city: City) -> None:
    nurse = await city.login(ds.NURSE)
    answer = await city.client.post("/api/v1/auth/refresh", headers=nurse.headers)
    assert answer.status_code == 200
    await _refused_everywhere(city, nurse.headers, "unauthenticated", nurse.device_id)


# --- passwords ---------------------------------------------------------------------------------


def _leaks(root: pathlib.Path, secrets: list[bytes]) -> list[str]:
    found = []
    for path in sorted(p for p in root.rglob("*") if p.is_file()):
        data = path.read_bytes()
        for secret in secrets:
            for form in (secret, secret.decode().encode("utf-16-le")):
                if form in data:
                    found.append(f"{path.relative_to(root)} holds {secret!r}")
    return found


def test_passwords_are_never_stored_or_logged_in_clear(
    live_server: LiveServer, tmp_path: pathlib.Path, caplog: pytest.LogCaptureFixture
) -> None:
    """The real server process and the real device CLI, then every file both wrote is read."""
    wrong = "salah-sekali-789"
    home = tmp_path / "phone"
    caplog.set_level(logging.DEBUG)
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        base = ["device", "--home", str(home)]
        url = live_server.base_url
        assert main([*base, "login", "--server", url, "--nip", ds.NURSE, "--password", wrong]) != 0
        code = main([*base, "login", "--server", url, "--nip", ds.NURSE, "--password", ds.PASSWORD])
        assert code == 0
        assert main([*base, "sync"]) == 0
        assert main([*base, "logout"]) == 0
        assert main([*base, "login", "--nip", ds.NURSE, "--password", ds.PASSWORD]) == 0
        assert main([*base, "status", "--json"]) == 0
    secrets = [ds.PASSWORD.encode(), wrong.encode()]
    log_text = "\n".join(r.getMessage() for r in caplog.records) + out.getvalue() + err.getvalue()
    for secret in secrets:
        assert secret.decode() not in log_text
    assert not _leaks(home, secrets)
    # the server's database (main file, WAL, shared memory), evidence folder and its log
    server_files = tmp_path
    assert not _leaks(server_files, secrets)
    assert (tmp_path / "live-server.log").exists()


async def test_password_hashes_are_argon2id_and_tokens_are_stored_hashed(city: City) -> None:
    nurse = await city.login(ds.NURSE)
    with city.services.storage.read() as reader:
        account = reader.account(ds.NURSE)
        device = reader.device(nurse.device_id)
    assert account is not None
    assert account.password_hash.startswith("$argon2id$")
    assert ds.PASSWORD not in account.password_hash
    assert device is not None
    raw = city.services.settings.db_path.read_bytes()
    assert nurse.token.encode() not in raw
    assert ds.PASSWORD.encode() not in raw


# --- throttling --------------------------------------------------------------------------------


async def _try(city: City, nip: str, password: str) -> int:
    answer = await city.client.post("/api/v1/auth/login", json={"nip": nip, "password": password})
    return answer.status_code


async def test_login_waits_grow_for_the_same_nip_and_address(city: City) -> None:
    phone = await city.login(ds.NURSE)
    with city.services.storage.read() as reader:
        assert reader.device_key(phone.device_id) is not None
    for _ in range(5):
        assert await _try(city, ds.NURSE, "salah") == 401
    locked = await city.client.post(
        "/api/v1/auth/login", json={"nip": ds.NURSE, "password": ds.PASSWORD}
    )
    assert locked.status_code == 429
    assert locked.headers["retry-after"] == "2"
    assert "Coba lagi dalam 2 detik" in locked.json()["message"]
    city.clock.advance(2)
    assert await _try(city, ds.NURSE, "salah") == 401
    again = await city.client.post(
        "/api/v1/auth/login", json={"nip": ds.NURSE, "password": ds.PASSWORD}
    )
    assert again.headers["retry-after"] == "4"  # it doubles
    # another NIP from the same address still works (below the per-address count)
    assert await _try(city, ds.NURSE2, ds.PASSWORD) == 200
    city.clock.advance(4)
    assert await _try(city, ds.NURSE, ds.PASSWORD) == 200


async def test_an_address_trying_many_nips_waits_but_known_devices_do_not(city: City) -> None:
    bkpp = await city.login(ds.BKPP)
    answer = await city.client.post(
        "/api/v1/auth/login", json={"nip": ds.BKPP, "password": ds.PASSWORD}
    )
    key = answer.json()["device_key"]
    device_id = answer.json()["device_id"]
    nips = [p[0] for p in ds.PEOPLE]
    for tries in range(20):
        assert await _try(city, nips[tries % len(nips)], f"tebakan-{tries}") == 401
    # every NIP is now refused from this address for a device the server does not know
    assert await _try(city, ds.BKPP, ds.PASSWORD) == 429
    assert await _try(city, ds.TEACHER, ds.OTHER_PASSWORD) == 429
    # a device that proves itself with its key does not wait for others' guesses
    known = await city.client.post(
        "/api/v1/auth/login",
        json={"nip": ds.BKPP, "password": ds.PASSWORD, "device_id": device_id, "device_key": key},
    )
    assert known.status_code == 200, known.text
    assert bkpp.device_id != device_id
    city.clock.advance(15 * 60 + 1)
    assert await _try(city, ds.BKPP, ds.PASSWORD) == 200


async def test_unknown_nip_and_wrong_password_look_the_same(city: City) -> None:
    unknown = ds.NURSE[:-3] + "999"
    a = await city.client.post("/api/v1/auth/login", json={"nip": unknown, "password": "x"})
    b = await city.client.post("/api/v1/auth/login", json={"nip": ds.NURSE, "password": "x"})
    assert a.status_code == b.status_code == 401
    assert a.json() == b.json()


async def test_pppk_staff_sign_in_with_their_ni_pppk(city: City) -> None:
    """Found by the load suite: 166 of the 2,000 demo employees (PPPK teachers) were refused
    with 400 "TMT CPNS 202421 tidak valid" because login parsed every number as a PNS NIP."""
    import datetime as dt

    from server.storage import Account, Employee
    from shared_models.enums import EmployeeKind
    from shared_models.nip import make_nip
    from tests.unit.server.conftest import fast_passwords

    nip = make_nip(dt.date(1993, 12, 28), 2025, 21, 2, 1, EmployeeKind.PPPK)
    with city.services.storage.write() as tx:
        tx.put_employee(Employee(nip=nip, name="Guru PPPK", unit_id=ds.DISDIK))
        tx.put_account(Account(nip=nip, password_hash=fast_passwords().hash(ds.PASSWORD)))
    answer = await city.client.post(
        "/api/v1/auth/login", json={"nip": nip, "password": ds.PASSWORD}
    )
    assert answer.status_code == 200, answer.text
    assert answer.json()["nip"] == nip
    bad = await city.client.post(
        "/api/v1/auth/login", json={"nip": nip[:12] + "00" + nip[14:], "password": "x"}
    )
    assert bad.status_code == 400
