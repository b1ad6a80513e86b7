"""Formatting for people: relative times, numbers with a decimal comma, percentages."""

from __future__ import annotations

from client.ui.i18n import tr

__all__ = ["ago", "fraction", "number", "percent"]


def ago(lang: str, then_ms: int | None, now_ms: int) -> str:
    """ "5 menit lalu" / "5 min ago"; ``then_ms`` None means never."""
    if then_ms is None:
        return tr(lang, "sync.never")
    seconds = max(0, (now_ms - then_ms) // 1000)
    if seconds < 60:
        return tr(lang, "ago.now")
    if seconds < 3600:
        return tr(lang, "ago.min", n=seconds // 60)
    if seconds < 86400:
        return tr(lang, "ago.hour", n=seconds // 3600)
    return tr(lang, "ago.day", n=seconds // 86400)


def number(lang: str, value: float) -> str:
    """12 -> "12", 2.5 -> "2,5" in Indonesian ("2.5" in English); at most two decimals."""
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    if text == "-0":
        text = "0"
    return text.replace(".", ",") if lang == "id" else text


def fraction(done: float, target: float) -> float:
    """Progress toward a target, clamped to 0..1 (a target of 0 counts as reached)."""
    if target <= 0:
        return 1.0
    return max(0.0, min(1.0, done / target))


def percent(lang: str, share: float) -> str:
    """0.375 -> "38 %" (Indonesian spacing) or "38%"."""
    value = round(share * 100)
    return f"{value} %" if lang == "id" else f"{value}%"
