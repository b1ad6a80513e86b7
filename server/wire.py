"""Bodies in and out: JSON or MessagePack, decoded by typed msgspec decoders at the edge.

A decode failure becomes a 400 naming the field by its msgspec path (``$.changes[2].owner``).
"""

from __future__ import annotations

import re
import zlib
from typing import Any, TypeVar

import msgspec
from litestar import Request, Response

from server.errors import BadRequestError, PayloadTooLargeError, UnsupportedMediaTypeError

__all__ = [
    "JSON",
    "MSGPACK",
    "compressed",
    "decode_body",
    "encode_answer",
    "inflate_body",
    "split_path",
    "wants_msgpack",
]

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
    except RecursionError as err:
        raise BadRequestError("Isi permintaan bersarang terlalu dalam.", field="$") from err
    return value


def wants_msgpack(request: Request[Any, Any, Any]) -> bool:
    """True when the answer goes as MessagePack: ``Accept`` names it, or the request spoke it
    and ``Accept`` does not ask for JSON."""
    sent_msgpack = _is_msgpack(request.headers.get("content-type", ""))
    accept = request.headers.get("accept", "")
    return any(_is_msgpack(p) for p in accept.split(",")) or (sent_msgpack and JSON not in accept)


def encode_answer(
    request: Request[Any, Any, Any], value: object, *, status_code: int = 200
) -> Response[bytes]:
    """``value`` as MessagePack when the request spoke MessagePack, else JSON."""
    if wants_msgpack(request):
        return Response(_msgpack_encoder.encode(value), media_type=MSGPACK, status_code=status_code)
    return Response(_json_encoder.encode(value), media_type=JSON, status_code=status_code)


COMPRESS_MIN_BYTES = 1024
"""Answers smaller than this go uncompressed (the gzip header would eat the gain)."""
COMPRESS_LEVEL = 1
"""zlib level of compressed answers: the fastest; sync messages repeat their keys, so even level 1
takes a page of records to a fraction of its size."""
_GZIP_WBITS = 31
_DEFLATE_WBITS = 15


def _codings(header: str) -> list[str]:
    return [c.strip().lower() for c in header.split(",") if c.strip()]


def inflate_body(request: Request[Any, Any, Any], body: bytes, max_bytes: int) -> bytes:
    """``body`` without its ``Content-Encoding`` (gzip, deflate or identity).

    Never produces more than ``max_bytes``: a body that would inflate past it is refused with
    413 while inflating (a zip bomb costs at most ``max_bytes`` of memory). Other codings: 415.
    """
    codings = _codings(request.headers.get("content-encoding", ""))
    for coding in reversed(codings):  # applied in the order listed: undo the last one first
        if coding == "identity":
            continue
        if coding in ("gzip", "x-gzip"):
            wbits = _GZIP_WBITS
        elif coding == "deflate":
            wbits = _DEFLATE_WBITS
        else:
            raise UnsupportedMediaTypeError(
                f"Content-Encoding {coding} tidak didukung; gunakan gzip atau deflate.",
                field="content-encoding",
            )
        inflater = zlib.decompressobj(wbits)
        try:
            out = inflater.decompress(body, max_bytes + 1)
        except zlib.error as err:
            raise BadRequestError(
                f"Isi permintaan bukan {coding} yang sah: {err}", field="content-encoding"
            ) from err
        if len(out) > max_bytes or inflater.unconsumed_tail:
            raise PayloadTooLargeError(
                f"Isi permintaan setelah dibuka melebihi batas {max_bytes} bita.",
                extra={"max_bytes": max_bytes},
            )
        if not inflater.eof:
            raise BadRequestError(f"Isi permintaan {coding} terpotong.", field="content-encoding")
        body = out
    return body


def _accepts_gzip(request: Request[Any, Any, Any]) -> bool:
    for entry in _codings(request.headers.get("accept-encoding", "")):
        name, _, params = entry.partition(";")
        if name.strip() not in ("gzip", "x-gzip", "*"):
            continue
        q = params.strip().removeprefix("q=").strip() if params else "1"
        try:
            return float(q) > 0
        except ValueError:
            return True
    return False


def compressed(request: Request[Any, Any, Any], response: Response[bytes]) -> Response[bytes]:
    """``response`` gzip-compressed when the client accepts gzip and the body is worth it."""
    body = response.content
    if not _accepts_gzip(request) or not isinstance(body, bytes) or len(body) < COMPRESS_MIN_BYTES:
        return response
    deflater = zlib.compressobj(COMPRESS_LEVEL, zlib.DEFLATED, _GZIP_WBITS)
    data = deflater.compress(body) + deflater.flush()
    return Response(
        data,
        media_type=response.media_type,
        status_code=response.status_code,
        headers={"content-encoding": "gzip", "vary": "Accept-Encoding"},
    )
