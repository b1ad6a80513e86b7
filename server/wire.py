"""Bodies in and out: JSON or MessagePack, decoded by typed msgspec decoders at the edge.

A decode failure becomes a 400 naming the field by its msgspec path (``$.changes[2].owner``).
"""

from __future__ import annotations

import re
from typing import Any, TypeVar

import msgspec
from litestar import Request, Response

from server.errors import BadRequestError, UnsupportedMediaTypeError

__all__ = ["JSON", "MSGPACK", "decode_body", "encode_answer", "split_path"]

JSON = "application/json"
MSGPACK = "application/msgpack"
_MSGPACK_ALIASES = frozenset({MSGPACK, "application/x-msgpack", "application/vnd.msgpack"})
_AT_PATH = re.compile(r"^(?P<detail>.*) - at `(?P<path>\$[^`]*)`$", re.DOTALL)

T = TypeVar("T")


_json_decoders: dict[Any, msgspec.json.Decoder[Any]] = {}
_msgpack_decoders: dict[Any, msgspec.msgpack.Decoder[Any]] = {}


def _json_decoder(type_: Any) -> msgspec.json.Decoder[Any]:
    """One decoder per type, built on first use and kept (decoders are thread-safe)."""
    if (decoder := _json_decoders.get(type_)) is None:
        decoder = _json_decoders[type_] = msgspec.json.Decoder(type_)
    return decoder


def _msgpack_decoder(type_: Any) -> msgspec.msgpack.Decoder[Any]:
    if (decoder := _msgpack_decoders.get(type_)) is None:
        decoder = _msgpack_decoders[type_] = msgspec.msgpack.Decoder(type_)
    return decoder


_json_encoder = msgspec.json.Encoder()
_msgpack_encoder = msgspec.msgpack.Encoder()


def split_path(message: str) -> tuple[str, str]:
    """(detail, path) of a msgspec error message; the path is ``$`` when none is given."""
    match = _AT_PATH.match(message)
    return (match["detail"], match["path"]) if match else (message, "$")


def _is_msgpack(content_type: str) -> bool:
    return content_type.split(";", 1)[0].strip().lower() in _MSGPACK_ALIASES


def decode_body(request: Request[Any, Any, Any], body: bytes, type_: type[T]) -> T:
    """Decode ``body`` as JSON or MessagePack (by ``Content-Type``) into ``type_``."""
    content_type = request.headers.get("content-type", JSON)
    media = content_type.split(";", 1)[0].strip().lower()
    if not body:
        raise BadRequestError("Isi permintaan kosong.", field="$")
    try:
        if _is_msgpack(media):
            value: T = _msgpack_decoder(type_).decode(body)
        elif media in {JSON, ""} or media.endswith("+json"):
            value = _json_decoder(type_).decode(body)
        else:
            raise UnsupportedMediaTypeError(
                f"Jenis isi {media} tidak didukung; gunakan {JSON} atau {MSGPACK}.",
                field="content-type",
            )
    except msgspec.ValidationError as err:
        detail, path = split_path(str(err))
        raise BadRequestError(
            f"Isi permintaan tidak valid di {path}: {detail}", field=path
        ) from err
    except msgspec.DecodeError as err:
        fmt = "MessagePack" if _is_msgpack(media) else "JSON"
        raise BadRequestError(f"Isi permintaan bukan {fmt} yang sah: {err}", field="$") from err
    return value


def encode_answer(
    request: Request[Any, Any, Any], value: object, *, status_code: int = 200
) -> Response[bytes]:
    """``value`` as MessagePack when the request spoke MessagePack, else JSON."""
    sent_msgpack = _is_msgpack(request.headers.get("content-type", ""))
    accept = request.headers.get("accept", "")
    use_msgpack = any(_is_msgpack(p) for p in accept.split(",")) or (
        sent_msgpack and JSON not in accept
    )
    if use_msgpack:
        return Response(_msgpack_encoder.encode(value), media_type=MSGPACK, status_code=status_code)
    return Response(_json_encoder.encode(value), media_type=JSON, status_code=status_code)
