"""JSON text for the store's columns (msgspec: fast, and readable with ``json_extract``)."""

from __future__ import annotations

from typing import Any

import msgspec

__all__ = ["dumps", "loads", "loads_vv"]

_encoder = msgspec.json.Encoder(order="sorted")
_vv_decoder = msgspec.json.Decoder(dict[str, int])


def dumps(value: Any) -> str:
    """Encode builtins (and Structs) as compact JSON text with sorted keys."""
    return _encoder.encode(value).decode()


def loads(text: str | bytes) -> Any:
    """Decode JSON text to builtins."""
    return msgspec.json.decode(text)


def loads_vv(text: str | bytes) -> dict[str, int]:
    """Decode a version vector."""
    return _vv_decoder.decode(text)
