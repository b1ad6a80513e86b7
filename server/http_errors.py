"""The one place that turns errors into HTTP answers.

Every answer has the same JSON shape: ``{"code": ..., "message": ..., "field": ...}`` plus any
extra data of the error (``received`` for an upload, ``wipe`` for a revoked device). Messages are
in Bahasa Indonesia. Unexpected exceptions are logged with their traceback and answered with a
generic 500 that reveals nothing.

The same module documents them: :class:`ErrorBody` is that shape as a msgspec Struct (in
``shared_models.wire``: the client decodes it too), and
:class:`ErrorDocs` (a plugin ``create_app`` installs) gives every operation of the OpenAPI
document the error answers it can give, each with :class:`ErrorBody` instead of Litestar's default
``{status_code, detail, extra}``. What follows from a handler's signature is derived there (a
bearer token: 401 and 403; a body: 400 and 413; parameters: 400); a handler declares the rest
with ``responses=error_responses(NotFoundError, ...)``.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from http import HTTPStatus
from typing import Any

from litestar import HttpMethod, MediaType, Request, Response
from litestar.exceptions import HTTPException, ValidationException
from litestar.handlers import HTTPRouteHandler
from litestar.openapi.datastructures import ResponseSpec
from litestar.plugins import ReceiveRoutePlugin
from litestar.routes import BaseRoute, HTTPRoute
from litestar.types import ExceptionHandlersMap

from server.errors import (
    AccountInactiveError,
    BadRequestError,
    DeviceRevokedError,
    PasswordChangeRequiredError,
    PayloadTooLargeError,
    ServerError,
    TokenExpiredError,
    UnauthenticatedError,
)
from shared_models.wire import ErrorBody

__all__ = [
    "ErrorBody",
    "ErrorDocs",
    "ErrorSpec",
    "document_errors",
    "error_responses",
    "exception_handlers",
]

logger = logging.getLogger("kinerja.server")

_BY_STATUS: dict[int, tuple[str, str]] = {
    400: ("bad_request", "Permintaan tidak valid."),
    401: ("unauthenticated", "Permintaan ini memerlukan token perangkat."),
    403: ("forbidden", "Anda tidak berhak melakukan ini."),
    404: ("not_found", "Alamat tidak ditemukan."),
    405: ("method_not_allowed", "Metode HTTP ini tidak didukung untuk alamat ini."),
    413: ("payload_too_large", "Isi permintaan terlalu besar."),
    415: ("unsupported_media_type", "Jenis isi permintaan tidak didukung."),
    429: ("too_many_requests", "Terlalu banyak permintaan. Coba lagi nanti."),
}


def _answer(
    status: int,
    code: str,
    message: str,
    *,
    field: str | None = None,
    extra: dict[str, Any] | None = None,
    headers: dict[str, str] | None = None,
) -> Response[dict[str, Any]]:
    body: dict[str, Any] = {"code": code, "message": message}
    if field is not None:
        body["field"] = field
    if extra:
        body.update({k: v for k, v in extra.items() if k not in body})
    return Response(body, status_code=status, media_type=MediaType.JSON, headers=headers)


def _server_error(_: Request[Any, Any, Any], exc: ServerError) -> Response[dict[str, Any]]:
    return _answer(
        exc.status_code,
        exc.code,
        exc.message,
        field=exc.field,
        extra=exc.extra,
        headers=exc.headers,
    )


def _validation(_: Request[Any, Any, Any], exc: ValidationException) -> Response[dict[str, Any]]:
    # Litestar's own parameter checks (query, path, header values).
    field: str | None = None
    detail = exc.detail
    if isinstance(exc.extra, list) and exc.extra and isinstance(exc.extra[0], dict):
        first = exc.extra[0]
        field = str(first.get("key")) if first.get("key") is not None else None
        detail = str(first.get("message", detail))
    message = (
        f"Parameter tidak valid: {field}: {detail}"
        if field
        else f"Permintaan tidak valid: {detail}"
    )
    return _answer(400, "bad_request", message, field=field)


def _http(_: Request[Any, Any, Any], exc: HTTPException) -> Response[dict[str, Any]]:
    status = exc.status_code
    if status >= 500:
        logger.error("server error %s: %s", status, exc.detail)
        return _answer(status, "server_error", "Terjadi kesalahan di server. Coba lagi nanti.")
    code, message = _BY_STATUS.get(status, ("client_error", "Permintaan tidak dapat diproses."))
    return _answer(status, code, message, headers=exc.headers)


def _unexpected(request: Request[Any, Any, Any], exc: Exception) -> Response[dict[str, Any]]:
    logger.exception("unexpected error on %s %s", request.method, request.url.path, exc_info=exc)
    return _answer(500, "server_error", "Terjadi kesalahan di server. Coba lagi nanti.")


exception_handlers: ExceptionHandlersMap = {
    ServerError: _server_error,
    ValidationException: _validation,
    HTTPException: _http,
    Exception: _unexpected,
}


# --- the error shape in the OpenAPI document -----------------------------------------------------


@dataclass
class ErrorSpec(ResponseSpec):
    """A documented error answer: a :class:`ResponseSpec` that remembers which errors it
    stands for, so that :class:`ErrorDocs` can merge them with the ones it derives."""

    errors: tuple[type[ServerError], ...] = ()


def error_responses(*errors: type[ServerError], body: bool = True) -> dict[int, ResponseSpec]:
    """``responses=`` of a route handler: one :class:`ErrorSpec` per status of ``errors``,
    described by the codes it can carry. ``body=False`` for HEAD (answers without a body)."""
    by_status: dict[int, list[type[ServerError]]] = {}
    for error in errors:
        group = by_status.setdefault(error.status_code, [])
        if error not in group:
            group.append(error)
    specs: dict[int, ResponseSpec] = {}
    for status, group in sorted(by_status.items()):
        codes = ", ".join(dict.fromkeys(e.code for e in group))
        specs[status] = ErrorSpec(
            data_container=ErrorBody if body else None,
            description=f"{HTTPStatus(status).phrase} (code: {codes})",
            generate_examples=False,
            errors=tuple(group),
        )
    return specs


_AUTHENTICATED: tuple[type[ServerError], ...] = (
    UnauthenticatedError,
    TokenExpiredError,
    DeviceRevokedError,
    AccountInactiveError,
)
_NOT_INPUTS = frozenset({"actor", "caller", "services", "request"})


def _derived(handler: HTTPRouteHandler) -> list[type[ServerError]]:
    """The errors a handler's signature implies: the ``actor`` dependency checks the bearer
    token; a ``body`` is decoded and size-limited; path and query parameters are checked."""
    names = set(handler.parsed_fn_signature.parameters)
    errors: list[type[ServerError]] = []
    if "actor" in names or "caller" in names:
        errors.extend(_AUTHENTICATED)
    if "actor" in names:  # ``caller`` routes are the ones open while the password must change
        errors.append(PasswordChangeRequiredError)
    if names - _NOT_INPUTS:
        errors.append(BadRequestError)
    if "body" in names:
        errors.append(PayloadTooLargeError)
    return errors


def _declared(responses: Mapping[int, ResponseSpec] | None) -> Iterable[type[ServerError]]:
    for spec in (responses or {}).values():
        if isinstance(spec, ErrorSpec):
            yield from spec.errors


def document_errors(handler: HTTPRouteHandler) -> dict[int, ResponseSpec]:
    """The handler's ``responses`` with every error answer it can give (idempotent)."""
    declared = dict(handler.responses or {})
    only_head = set(handler.http_methods) == {HttpMethod.HEAD}
    errors = error_responses(*_derived(handler), *_declared(declared), body=not only_head)
    others = {s: spec for s, spec in declared.items() if not isinstance(spec, ErrorSpec)}
    return {**errors, **others}


class ErrorDocs(ReceiveRoutePlugin):
    """Plugin: documents the error answers of every route as it is registered (the OpenAPI
    document is built later, from the handlers' ``responses``)."""

    def receive_route(self, route: BaseRoute) -> None:
        if isinstance(route, HTTPRoute):
            for handler in route.route_handlers:
                if handler.resolve_include_in_schema():
                    handler.responses = document_errors(handler)
