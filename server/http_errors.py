"""The one place that turns errors into HTTP answers.

Every answer has the same JSON shape: ``{"code": ..., "message": ..., "field": ...}`` plus any
extra data of the error (``received`` for an upload, ``wipe`` for a revoked device). Messages are
in Bahasa Indonesia. Unexpected exceptions are logged with their traceback and answered with a
generic 500 that reveals nothing.
"""

from __future__ import annotations

import logging
from typing import Any

from litestar import MediaType, Request, Response
from litestar.exceptions import HTTPException, ValidationException
from litestar.types import ExceptionHandlersMap

from server.errors import ServerError

__all__ = ["exception_handlers"]

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
