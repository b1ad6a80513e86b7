"""Auth, me, devices and the error contract, in-process through httpx's ASGI transport."""

from __future__ import annotations

import msgspec

from tests.integration.conftest import InProcess
from tests.integration.helpers import bearer, login
from tests.unit.server import dataset as ds


async def test_health_and_openapi(api: InProcess) -> None:
    health = await api.client.get("/health")
    assert health.json()["status"] == "ok"
    schema = (await api.client.get("/schema/openapi.json")).json()
    for path in (
        "/api/v1/auth/login",
        "/api/v1/me",
        "/api/v1/sync/push",
        "/api/v1/evidence/{sha256}",
    ):
        assert path in schema["paths"]


async def test_login_and_me(api: InProcess) -> None:
    session = await login(api.client, ds.KAPUS, device_name="tablet")
    assert session["device_id"] == "d1"
    assert session["roles"] == ["pegawai", "pejabat_penilai"]
    assert session["server_replica_id"] == "s0"
    me = (await api.client.get("/api/v1/me", headers=bearer(session))).json()
    assert me["nip"] == ds.KAPUS
    assert me["unit_name"] == "Puskesmas Pandanaran"
    assert me["opd_id"] == ds.DINKES


async def test_login_in_msgpack(api: InProcess) -> None:
    body = msgspec.msgpack.encode({"nip": ds.NURSE, "password": ds.PASSWORD})
    answer = await api.client.post(
        "/api/v1/auth/login", content=body, headers={"content-type": "application/msgpack"}
    )
    assert answer.status_code == 200
    assert answer.json()["device_id"] == "d1"


async def test_malformed_bodies_name_the_field(api: InProcess) -> None:
    cases = [
        ({"nip": ds.NURSE, "password": 5}, "$.password", "Expected `str`, got `int`"),
        ({"nip": ds.NURSE, "password": "x", "role": "admin_bkpp"}, "$", "unknown field `role`"),
        ({"password": "x"}, "$", "missing required field `nip`"),
        ({"nip": "12", "password": "x"}, "$.nip", "NIP harus 18 digit"),
        ({"nip": ds.NURSE, "password": "x", "device_id": "zz"}, "$.device_id", "matching regex"),
    ]
    for body, field, text in cases:
        answer = await api.client.post("/api/v1/auth/login", json=body)
        assert answer.status_code == 400, body
        assert answer.json()["field"] == field
        assert text in answer.json()["message"]
    broken = await api.client.post(
        "/api/v1/auth/login", content=b"{nip", headers={"content-type": "application/json"}
    )
    assert broken.status_code == 400
    assert "bukan JSON yang sah" in broken.json()["message"]
    empty = await api.client.post("/api/v1/auth/login", content=b"")
    assert empty.status_code == 400
    xml = await api.client.post(
        "/api/v1/auth/login", content=b"<a/>", headers={"content-type": "text/xml"}
    )
    assert xml.status_code == 415


async def test_oversized_body_is_refused_before_reading(api: InProcess) -> None:
    big = b'{"nip": "' + b"1" * (70 * 1024) + b'"}'
    answer = await api.client.post(
        "/api/v1/auth/login", content=big, headers={"content-type": "application/json"}
    )
    assert answer.status_code == 413
    assert answer.json()["code"] == "payload_too_large"


async def test_wrong_password_then_throttled(api: InProcess) -> None:
    for _ in range(5):
        answer = await api.client.post(
            "/api/v1/auth/login", json={"nip": ds.NURSE, "password": "salah"}
        )
        assert answer.status_code == 401
        assert answer.json() == {"code": "login_failed", "message": "NIP atau kata sandi salah."}
    waits = await api.client.post(
        "/api/v1/auth/login", json={"nip": ds.NURSE, "password": ds.PASSWORD}
    )
    assert waits.status_code == 429
    assert waits.json()["code"] == "login_throttled"
    assert "Coba lagi dalam" in waits.json()["message"]
    assert int(waits.headers["retry-after"]) > 0
    api.clock.advance(int(waits.headers["retry-after"]))
    assert (
        await api.client.post("/api/v1/auth/login", json={"nip": ds.NURSE, "password": ds.PASSWORD})
    ).status_code == 200


async def test_tokens_refresh_and_expire(api: InProcess) -> None:
    session = await login(api.client, ds.NURSE)
    fresh = (await api.client.post("/api/v1/auth/refresh", headers=bearer(session))).json()
    assert fresh["device_id"] == session["device_id"]
    old = await api.client.get("/api/v1/me", headers=bearer(session))
    assert old.status_code == 401
    api.clock.advance(api.services.settings.token_ttl_seconds + 1)
    expired = await api.client.get("/api/v1/me", headers=bearer(fresh))
    assert expired.status_code == 401
    assert expired.json()["code"] == "token_expired"
    nothing = await api.client.get("/api/v1/me")
    assert nothing.json()["code"] == "unauthenticated"


async def test_revocation(api: InProcess) -> None:
    nurse = await login(api.client, ds.NURSE)
    teacher = await login(api.client, ds.TEACHER)
    admin = await login(api.client, ds.ADMIN_DINKES)
    refused = await api.client.post(
        f"/api/v1/devices/{nurse['device_id']}/revoke", headers=bearer(nurse)
    )
    assert refused.status_code == 403
    outside = await api.client.post(
        f"/api/v1/devices/{teacher['device_id']}/revoke", headers=bearer(admin)
    )
    assert outside.status_code == 403
    done = await api.client.post(
        f"/api/v1/devices/{nurse['device_id']}/revoke", headers=bearer(admin)
    )
    assert done.status_code == 200
    assert done.json()["revoked"] is True
    gone = await api.client.get("/api/v1/me", headers=bearer(nurse))
    assert gone.status_code == 401
    assert gone.json()["code"] == "device_revoked"
    assert gone.json()["wipe"] is True
    missing = await api.client.post("/api/v1/devices/dzzz/revoke", headers=bearer(admin))
    assert missing.status_code == 404


async def test_unknown_route_and_method(api: InProcess) -> None:
    assert (await api.client.get("/api/v1/nothing")).json()["code"] == "not_found"
    wrong = await api.client.get("/api/v1/auth/login")
    assert wrong.status_code == 405
    assert wrong.json()["code"] == "method_not_allowed"
