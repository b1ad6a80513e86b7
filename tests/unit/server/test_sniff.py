"""The real type of an evidence file comes from its bytes."""

from __future__ import annotations

import pytest

from server.evidence import sniff_mime
from tests.fixtures.files import JPEG, PDF, PNG, WEBP


@pytest.mark.parametrize(
    ("head", "mime"),
    [(JPEG, "image/jpeg"), (PNG, "image/png"), (WEBP, "image/webp"), (PDF, "application/pdf")],
)
def test_allowed_types(head: bytes, mime: str) -> None:
    assert sniff_mime(head) == mime


@pytest.mark.parametrize(
    "head",
    [
        b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00",  # a Windows program named foto.jpg
        b"<html><body>",
        b"RIFF\x24\x00\x00\x00AVI LIST",  # RIFF, but not WebP
        b"GIF89a\x01\x00\x01\x00\x00\x00",
        b"PK\x03\x04\x14\x00\x00\x00",  # zip / docx
        b"",
        b"\xff\xd8",  # too short to be a JPEG
    ],
)
def test_everything_else_is_refused(head: bytes) -> None:
    assert sniff_mime(head) is None
