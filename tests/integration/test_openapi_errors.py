"""The served OpenAPI documents the error body the server really sends, ``{code, message, field}``
(``ErrorBody``), for every error answer of every operation, and real answers match it.

The validator is jsonschema-rs, the one schemathesis uses in the fuzz tests.
"""

from __future__ import annotations

import time
from typing import Any

import jsonschema_rs
import msgspec

from sync import PullRequest, PushBatch
from tests.integration.conftest import InProcess
from tests.integration.helpers import bearer, login, new_log
from tests.unit.server import dataset as ds

ERROR_REF = "#/components/schemas/ErrorBody"
PUSH = "/api/v1/sync/push"
PULL = "/api/v1/sync/pull"


async def _spec(api: InProcess) -> dict[str, Any]:
    answer = await api.client.get("/schema/openapi.json")
    assert answer.status_code == 200
    spec: dict[str, Any] = answer.json()
    return spec


def _operations(spec: dict[str, Any]) -> list[tuple[str, str, dict[str, Any]]]:
    return [
        (method.upper(), path, operation)
        for path, item in spec["paths"].items()
        for method, operation in item.items()
        if isinstance(operation, dict) and "responses" in operation
    ]


def _validator(spec: dict[str, Any], ref: str) -> jsonschema_rs.Draft202012Validator:
    return jsonschema_rs.Draft202012Validator({"$ref": ref, "components": spec["components"]})


def _assert_valid(validator: jsonschema_rs.Draft202012Validator, body: Any) -> None:
    errors = [e.message for e in validator.iter_errors(body)]
    assert not errors, (body, errors)


async def test_push_documents_its_errors_with_the_error_body(api: InProcess) -> None:
    spec = await _spec(api)
    responses = spec["paths"][PUSH]["post"]["responses"]
    for status in ("400", "401", "403", "413", "415", "426"):
        schema = responses[status]["content"]["application/json"]["schema"]
        assert schema == {"$ref": ERROR_REF}, (status, schema)
    assert "device_revoked" in responses["401"]["description"]
    body = spec["components"]["schemas"]["ErrorBody"]
    assert {"code", "message", "field"} <= set(body["properties"])
    assert body["required"] == ["code", "message"]
    assert body["properties"]["code"]["pattern"] == "^[a-z_]+$"
    assert "status_code" not in body["properties"]


async def test_every_error_of_every_operation_is_the_error_body(api: InProcess) -> None:
    spec = await _spec(api)
    operations = _operations(spec)
    assert len(operations) >= 25
    for method, path, operation in operations:
        errors = {s: r for s, r in operation["responses"].items() if s.startswith("4")}
        authenticated = path.startswith("/api/v1/") and path != "/api/v1/auth/login"
        if authenticated:
            assert {"401", "403"} <= set(errors), (method, path, sorted(errors))
        for status, response in errors.items():
            if method == "HEAD":  # answered without a body
                assert "content" not in response, (method, path, status)
                continue
            schema = response["content"]["application/json"]["schema"]
            assert schema == {"$ref": ERROR_REF}, (method, path, status, schema)
    # nothing anywhere documents Litestar's default error body
    text = msgspec.json.encode(spec).decode()
    assert '"status_code"' not in text
    # its "detail" field: only the audit entry (what an act touched) has a field of that name
    with_detail = {
        name
        for name, schema in spec["components"]["schemas"].items()
        if "detail" in schema.get("properties", {})
    }
    assert with_detail == {"AuditEntry"}
    assert text.count('"detail"') == 2  # the property and its "required" entry


async def test_real_error_answers_match_the_served_schema(api: InProcess) -> None:
    spec = await _spec(api)
    error = _validator(spec, ERROR_REF)
    nurse = await login(api.client, ds.NURSE)
    token = bearer(nurse)
    json_type = {"content-type": "application/json"}
    cases: list[tuple[int, str, dict[str, str], bytes]] = [
        (401, PUSH, json_type, b"{}"),
        (400, PUSH, {**token, **json_type}, b"{not json"),
        (
            403,
            PUSH,
            {**token, **json_type},
            b'{"type":"push","protocol":1,"device_id":"dX","batch_seq":1,"changes":[]}',
        ),
        (413, PUSH, {**token, **json_type}, b" " * (65 * 1024)),
        (415, PUSH, {**token, **json_type, "content-encoding": "br"}, b"{}"),
        (426, PUSH, {**token, **json_type}, b'{"type":"push","protocol":0}'),
        (
            401,
            "/api/v1/auth/login",
            json_type,
            b'{"nip":"' + ds.NURSE.encode() + b'","password":"x"}',
        ),
    ]
    for status, path, headers, content in cases:
        answer = await api.client.post(path, content=content, headers=headers)
        assert answer.status_code == status, (status, answer.text)
        documented = spec["paths"][path]["post"]["responses"]
        assert str(status) in documented, (path, status)
        _assert_valid(error, answer.json())
    unknown_token = await api.client.get("/api/v1/me", headers={"authorization": "Bearer x"})
    assert unknown_token.status_code == 401
    _assert_valid(error, unknown_token.json())


async def test_sync_answers_match_the_documented_200(api: InProcess) -> None:
    spec = await _spec(api)
    nurse = await login(api.client, ds.NURSE)
    device = nurse["device_id"]
    change = new_log(
        device, ds.NURSE, "0190c000-0000-7000-8000-000000000001", now_ms=int(time.time() * 1000)
    )
    batch = PushBatch(device_id=device, batch_seq=1, changes=[change])
    pushed = await api.client.post(PUSH, content=msgspec.json.encode(batch), headers=bearer(nurse))
    assert pushed.status_code == 200, pushed.text
    push_schema = spec["paths"][PUSH]["post"]["responses"]["200"]["content"]["application/json"]
    _assert_valid(_validator(spec, push_schema["schema"]["$ref"]), pushed.json())
    pulled = await api.client.post(
        PULL,
        content=msgspec.json.encode(PullRequest(device_id=device, cursor=0)),
        headers=bearer(nurse),
    )
    assert pulled.status_code == 200, pulled.text
    assert pulled.json()["records"], "the pushed record comes back"
    pull_schema = spec["paths"][PULL]["post"]["responses"]["200"]["content"]["application/json"]
    _assert_valid(_validator(spec, pull_schema["schema"]["$ref"]), pulled.json())
