"""``server.http_errors``: the answers it renders fit :class:`ErrorBody`, and the OpenAPI
declarations it builds (``error_responses``, ``document_errors``) say which errors can come."""

from __future__ import annotations

import pathlib
import re
from typing import Any

import msgspec
import pytest
from litestar import Request, get, head, post
from litestar.di import NamedDependency
from litestar.params import FromQuery, RawBody

from server.actor import Actor
from server.errors import (
    BadRequestError,
    ConflictError,
    DeviceRevokedError,
    ForbiddenError,
    HashMismatchError,
    NotFoundError,
    PayloadTooLargeError,
    ProtocolOutdatedError,
    ServerError,
)
from server.http_errors import (
    ErrorBody,
    ErrorSpec,
    document_errors,
    error_responses,
    exception_handlers,
)

SERVER = pathlib.Path(__file__).resolve().parents[3] / "server"


def _render(exc: ServerError) -> dict[str, Any]:
    handler = exception_handlers[ServerError]
    response = handler(None, exc)  # type: ignore[arg-type, operator]
    body: dict[str, Any] = response.content
    return body


@pytest.mark.parametrize(
    "exc",
    [
        BadRequestError("Isi permintaan kosong.", field="$"),
        BadRequestError(
            "Baris 3 tidak sah.",
            extra={"errors": [{"line": 3, "column": None, "message": "NIP kosong"}]},
        ),
        DeviceRevokedError("Akses perangkat ini telah dicabut.", extra={"wipe": True}),
        NotFoundError("Bukti belum terunggah.", field="sha256", extra={"received": 0}),
        ConflictError(
            "Lanjutkan dari byte 10.", field="offset", extra={"received": 10, "size": 99}
        ),
        PayloadTooLargeError("Terlalu besar.", extra={"max_bytes": 1024}),
        HashMismatchError("Hash berbeda.", extra={"expected": "ab" * 32, "actual": "cd" * 32}),
        ProtocolOutdatedError("Perbarui aplikasi.", extra={"client_protocol": 0, "protocol": 1}),
    ],
    ids=lambda e: type(e).__name__,
)
def test_a_rendered_error_is_an_error_body(exc: ServerError) -> None:
    body = _render(exc)
    assert set(body) <= set(ErrorBody.__struct_fields__), body
    typed = msgspec.convert(body, ErrorBody, strict=True)
    assert typed.code == exc.code
    assert typed.message == exc.message
    assert typed.field == exc.field


def test_every_extra_the_server_sends_is_a_documented_field() -> None:
    """Every ``extra={"key": ...}`` in the server's code names a field of ErrorBody, so the
    OpenAPI document describes it (a new one must be added there)."""
    keys: set[str] = set()
    for path in SERVER.rglob("*.py"):
        for block in re.findall(r"extra=\{([^}]*)\}", path.read_text(encoding="utf-8")):
            keys.update(re.findall(r'"([a-z_]+)"\s*:', block))
    assert keys, "the scan found the extras"
    assert keys <= set(ErrorBody.__struct_fields__), keys - set(ErrorBody.__struct_fields__)


def test_error_responses_group_codes_by_status() -> None:
    specs = error_responses(ForbiddenError, NotFoundError, ForbiddenError, DeviceRevokedError)
    assert sorted(specs) == [401, 403, 404]
    assert specs[403].description == "Forbidden (code: forbidden)"
    assert specs[401].data_container is ErrorBody
    assert isinstance(specs[404], ErrorSpec)
    assert specs[404].errors == (NotFoundError,)
    assert error_responses(NotFoundError, body=False)[404].data_container is None


@post("/bodied", sync_to_thread=False, responses=error_responses(ConflictError))
def _bodied(body: RawBody, actor: NamedDependency[Actor]) -> None:
    """A handler with a token, a body and one declared error."""


@get("/plain", sync_to_thread=False)
def _plain() -> None:
    """No token, no input."""


@get("/query", sync_to_thread=False)
def _query(request: Request[Any, Any, Any], limit: FromQuery[int] = 5) -> None:
    """A query parameter only."""


@head("/probe", sync_to_thread=False, responses=error_responses(NotFoundError))
def _probe(actor: NamedDependency[Actor]) -> None:
    """HEAD: error answers have no body."""


def test_document_errors_derives_from_the_signature_and_merges() -> None:
    documented = document_errors(_bodied)
    assert sorted(documented) == [400, 401, 403, 409, 413]
    assert "device_revoked" in (documented[401].description or "")
    assert document_errors(_plain) == {}
    assert sorted(document_errors(_query)) == [400]
    probe = document_errors(_probe)
    assert sorted(probe) == [401, 403, 404]
    assert all(spec.data_container is None for spec in probe.values())


def test_document_errors_is_idempotent() -> None:
    once = document_errors(_bodied)
    _bodied.responses = once
    try:
        assert document_errors(_bodied) == once
    finally:
        _bodied.responses = error_responses(ConflictError)
