"""Query parameters shared by the report endpoints, parsed with messages in Bahasa Indonesia."""

from __future__ import annotations

import datetime as dt

from server.errors import BadRequestError

__all__ = ["parse_today"]


def parse_today(value: str | None, now: float) -> dt.date:
    """``?today=YYYY-MM-DD`` (for tests and back-dated reports); default: the server's date."""
    if value is None:
        return dt.datetime.fromtimestamp(now).date()
    try:
        return dt.date.fromisoformat(value)
    except ValueError as err:
        raise BadRequestError(
            f"Parameter tidak valid: today: '{value}' bukan tanggal (YYYY-MM-DD).", field="today"
        ) from err
