"""Machinery shared by the record content Structs: the base class and cross-field checks."""

from __future__ import annotations

import msgspec

from shared_models.periods import Period, PeriodError, parse_period_code

__all__ = ["Content", "period_or_error", "require", "unique"]


def require(condition: bool, message: str) -> None:
    if not condition:
        raise ValueError(message)


def unique(items: list[str], what: str) -> None:
    seen: set[str] = set()
    for item in items:
        require(item not in seen, f"{what} '{item}' muncul lebih dari sekali")
        seen.add(item)


def period_or_error(code: str) -> Period:
    try:
        return parse_period_code(code)
    except PeriodError as err:
        raise ValueError(str(err)) from err


class Content(msgspec.Struct, frozen=True, kw_only=True):
    """Base of every record content: frozen, keyword-only, unknown fields ignored."""
