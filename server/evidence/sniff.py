"""The real type of an evidence file, from its first bytes (never from its name or header)."""

from __future__ import annotations

__all__ = ["ALLOWED_TYPES", "SNIFF_BYTES", "sniff_mime"]

SNIFF_BYTES = 12
"""Bytes needed to tell every allowed type apart."""

ALLOWED_TYPES = ("application/pdf", "image/jpeg", "image/png", "image/webp")


def sniff_mime(head: bytes) -> str | None:
    """``image/jpeg``, ``image/png``, ``image/webp`` or ``application/pdf``; None otherwise."""
    if head.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if len(head) >= SNIFF_BYTES and head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "image/webp"
    if head.startswith(b"%PDF-"):
        return "application/pdf"
    return None
