"""What the employee's own screens show, read in one call on the worker thread
(:mod:`client.ui.pegawai.reads`)."""

from __future__ import annotations

from typing import Any

import msgspec

from client.ops.view_models.logs import OwnEntry
from client.ops.view_models.skp import SkpIndicator

__all__ = ["BerandaView", "Reminder"]

Reminder = tuple[str, dict[str, Any]]
"""A reminder's i18n key and the values its words take (``code``: the period it opens)."""


class BerandaView(msgspec.Struct, frozen=True, kw_only=True):
    """Beranda: today's entries, progress per indicator of the year's SKP (``has_skp``), the
    latest feedback (its record content), reminders most urgent first; ``names``: indicator
    id -> text."""

    name: str
    year: int
    has_skp: bool
    indicators: list[SkpIndicator]
    names: dict[str, str]
    today: list[OwnEntry]
    latest_feedback: dict[str, Any] | None
    reminders: list[Reminder]
