"""``/api/v1/sync``: push and pull, MessagePack (``application/msgpack``) or JSON.

Answers come in the format the request used (or the one ``Accept`` names). Errors use the common
error shape; a client on another protocol version gets 426 ``protocol_outdated``.
"""

from __future__ import annotations

from typing import Any, TypeVar

from litestar import Controller, Request, Response, post
from litestar.di import NamedDependency
from litestar.openapi.datastructures import ResponseSpec
from litestar.params import RawBody

from server.actor import Actor
from server.errors import (
    BadRequestError,
    ForbiddenError,
    ProtocolOutdatedError,
    UnsupportedMediaTypeError,
)
from server.http_errors import error_responses
from server.services import Services
from server.wire import (
    MSGPACK,
    compressed,
    encode_answer,
    inflate_body,
    split_path,
    wants_msgpack,
)
from sync import (
    PROTOCOL_VERSION,
    EvidenceBatch,
    EvidenceManifest,
    ProtocolDecodeError,
    ProtocolVersionError,
    PullPage,
    PullRequest,
    PushBatch,
    PushResult,
    decode_request,
)
from sync import encode as encode_message
from sync.protocol import Format, Message

__all__ = ["SyncController", "decode_sync", "sync_answer", "sync_response"]

M = TypeVar("M", PushBatch, PullRequest, EvidenceManifest, EvidenceBatch)

_MSGPACK_TYPES = frozenset({MSGPACK, "application/x-msgpack", "application/vnd.msgpack"})

# documented beside the ones ErrorDocs derives from the signature (server.http_errors)
_ERRORS = error_responses(ForbiddenError, UnsupportedMediaTypeError, ProtocolOutdatedError)


def sync_answer(message: type[Any], what: str, *errors: Any) -> dict[int, ResponseSpec]:
    """``responses=`` of a handler answering a sync message as raw bytes: the message is named
    here (JSON shown; the same message as MessagePack when asked)."""
    ok = ResponseSpec(
        data_container=message,
        description=f"{what} (JSON shown; the same message as MessagePack when asked)",
        generate_examples=False,
    )
    return {200: ok, **_ERRORS, **error_responses(*errors)}


def sync_response(
    request: Request[Any, Any, Any], message: Message, encoded: bytes | None = None
) -> Response[bytes]:
    """A sync message as the answer: MessagePack when asked (``encoded``, when the caller has
    the bytes already), else JSON; gzip when ``Accept-Encoding`` allows it."""
    if wants_msgpack(request):
        body = encode_message(message) if encoded is None else encoded
        return compressed(request, Response(body, media_type=MSGPACK))
    return compressed(request, encode_answer(request, message))


def _format(request: Request[Any, Any, Any]) -> Format:
    media = request.headers.get("content-type", "").split(";", 1)[0].strip().lower()
    return "msgpack" if media in _MSGPACK_TYPES else "json"


def decode_sync(request: Request[Any, Any, Any], body: bytes, expected: type[M]) -> M:
    """Decode a sync message and check it is the one this endpoint takes."""
    if not body:
        raise BadRequestError("Isi permintaan kosong.", field="$")
    try:
        message = decode_request(body, _format(request))
    except ProtocolVersionError as err:
        raise ProtocolOutdatedError(
            "Versi aplikasi ini sudah tidak didukung. Silakan perbarui aplikasi.",
            extra={"client_protocol": err.client_protocol, "protocol": PROTOCOL_VERSION},
        ) from err
    except ProtocolDecodeError as err:
        detail, path = split_path(str(err))
        raise BadRequestError(
            f"Pesan sinkronisasi tidak sah di {path}: {detail}", field=path
        ) from err
    if not isinstance(message, expected):
        raise BadRequestError(
            f"Alamat ini menerima pesan '{expected.__struct_config__.tag}', "
            f"bukan '{type(message).__struct_config__.tag}'.",
            field="$.type",
        )
    return message


class SyncController(Controller):
    path = "/api/v1/sync"
    tags = ("sync",)

    @post(
        "/push",
        sync_to_thread=True,
        status_code=200,
        responses=sync_answer(PushResult, "PushResult: one result per change, in order"),
    )
    def push(
        self,
        request: Request[Any, Any, Any],
        body: RawBody,
        actor: NamedDependency[Actor],
        services: NamedDependency[Services],
    ) -> Response[bytes]:
        """A ``PushBatch``; answered with a ``PushResult`` (one result per change, in order).

        Exactly once: a repeated ``(device_id, batch_seq)`` gets the stored answer unchanged.
        The body may be gzip or deflate (``Content-Encoding``); the answer is gzip when
        ``Accept-Encoding`` allows it.
        """
        data = inflate_body(request, body, services.settings.max_body_bytes)
        batch = decode_sync(request, data, PushBatch)
        result, encoded = services.sync.push_answer(actor, batch)
        return sync_response(request, result, encoded)

    @post(
        "/pull",
        sync_to_thread=True,
        status_code=200,
        responses=sync_answer(PullPage, "PullPage: one page of what the caller may see"),
    )
    def pull(
        self,
        request: Request[Any, Any, Any],
        body: RawBody,
        actor: NamedDependency[Actor],
        services: NamedDependency[Services],
    ) -> Response[bytes]:
        """A ``PullRequest``; answered with one ``PullPage`` of what the caller may see (gzip
        when ``Accept-Encoding`` allows it)."""
        data = inflate_body(request, body, services.settings.max_body_bytes)
        req = decode_sync(request, data, PullRequest)
        if wants_msgpack(request):  # records spliced in as stored, never decoded
            page = services.sync.pull_msgpack(actor, req)
            return compressed(request, Response(page, media_type=MSGPACK))
        return sync_response(request, services.sync.pull(actor, req))
