"""Formatting and parsing for people: relative times, dates ("3 Des 2026"), times in WIB
("08:30 WIB"), numbers with a decimal comma ("96,5"), percentages ("96,5 %").

Every function is pure and unit-tested (tests/unit/client/test_fmt.py). Screens format with
these and nothing else, so a date, a time or a number reads the same on every screen:

- dates: :func:`format_date_id` ("3 Des 2026"), :func:`parse_date_id` (what a person types:
  03/12/2026, 3/12/2026, 3-12-2026, 3 Des 2026, 3 Desember 2026, 2026-12-03);
- times: :func:`parse_time` ("08:30", "8.30" -> "08:30"), :func:`format_time_wib`
  ("08:30 WIB"), :func:`format_datetime_wib` (a UTC timestamp -> "3 Des 2026 15:30 WIB");
- numbers: :func:`parse_decimal_id` ("96,5", "1.500" -> 1500), :func:`format_decimal_id`
  ("96,5"), :func:`format_percent` (96.5 -> "96,5 %": for the HR screens' percentages).
"""

from __future__ import annotations

import datetime as dt
import math
import re

from client.ui.common.i18n import tr
from shared_models.calendar_words import MONTHS_LONG, MONTHS_SHORT, MONTHS_SHORT_OLD

__all__ = [
    "WIB",
    "ago",
    "format_date_id",
    "format_datetime_wib",
    "format_decimal_id",
    "format_percent",
    "format_time_wib",
    "fraction",
    "number",
    "parse_date_id",
    "parse_decimal_id",
    "parse_time",
    "percent",
]

WIB = dt.timezone(dt.timedelta(hours=7), "WIB")
"""Waktu Indonesia Barat (Semarang): UTC+7 all year, no daylight saving."""


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
    return format_decimal_id(value, lang)


def fraction(done: float, target: float) -> float:
    """Progress toward a target, clamped to 0..1 (a target of 0 counts as reached)."""
    if target <= 0:
        return 1.0
    return max(0.0, min(1.0, done / target))


def percent(lang: str, share: float) -> str:
    """0.375 -> "38 %" (Indonesian spacing) or "38%"."""
    value = round(share * 100)
    return f"{value} %" if lang == "id" else f"{value}%"


# dates ------------------------------------------------------------------------------------

_MONTHS = {
    "id": MONTHS_SHORT,
    "en": ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"),
}
_MONTH_NAMES: dict[str, int] = {}
for _names in (
    _MONTHS["id"],
    _MONTHS["en"],
    MONTHS_LONG,
    (
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ),
    MONTHS_SHORT_OLD,
):
    for _i, _name in enumerate(_names, start=1):
        _MONTH_NAMES[_name.lower()] = _i

_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_DMY = re.compile(r"^(\d{1,2})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*(\d{4}|\d{2})$")
_D_MONTH_Y = re.compile(r"^(\d{1,2})[\s.-]+([A-Za-z]+)\.?[\s.-]+(\d{4})$")


def format_date_id(day: dt.date | str, lang: str = "id") -> str:
    """2026-12-03 -> "3 Des 2026" ("3 Dec 2026" in English). A date or its ISO text; text that
    is not a date comes back as it is."""
    if isinstance(day, str):
        try:
            return format_date_id(dt.date.fromisoformat(day[:10]), lang)
        except ValueError:
            return day
    months = _MONTHS["en" if lang == "en" else "id"]
    return f"{day.day} {months[day.month - 1]} {day.year}"


def parse_date_id(text: str) -> dt.date | None:
    """A date as people in Indonesia write it: day first ("03/12/2026", "3/12/2026",
    "3-12-2026", "3.12.26"), with the month's name ("3 Des 2026", "3 Desember 2026",
    "3 Dec 2026"), or the ISO form ("2026-12-03"). None when it is not a real date."""
    raw = " ".join(text.strip().split())
    year = month = day = 0
    if m := _ISO.match(raw):
        year, month, day = int(m.group(1)), int(m.group(2)), int(m.group(3))
    elif m := _DMY.match(raw):
        day, month, year = int(m.group(1)), int(m.group(2)), int(m.group(3))
        if len(m.group(3)) == 2:
            year += 2000
    elif m := _D_MONTH_Y.match(raw):
        found = _MONTH_NAMES.get(m.group(2).lower())
        if found is None:
            return None
        day, month, year = int(m.group(1)), found, int(m.group(3))
    else:
        return None
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


# times ------------------------------------------------------------------------------------

_HHMM = re.compile(r"^([01]?\d|2[0-3])\s*[:.]\s*([0-5]\d)$")


def parse_time(text: str) -> str | None:
    """A time of day as "HH:MM": "08:30", "8:30", "08.30" and "8.30" (the usual written form
    in Indonesia) all give "08:30"; a trailing "WIB" is allowed. None when it is not a time."""
    raw = text.strip()
    if raw.upper().endswith("WIB"):
        raw = raw[:-3].strip()
    m = _HHMM.match(raw)
    return f"{int(m.group(1)):02d}:{m.group(2)}" if m else None


def format_time_wib(hhmm: str | dt.time | None) -> str:
    """ "08:30" -> "08:30 WIB" (times on a device are Semarang's local time); "" for none."""
    if hhmm is None or hhmm == "":
        return ""
    if isinstance(hhmm, dt.time):
        return f"{hhmm:%H:%M} WIB"
    parsed = parse_time(hhmm)
    return f"{parsed or hhmm} WIB"


def format_datetime_wib(stamp: str | dt.datetime | None, lang: str = "id") -> str:
    """A moment (an ISO timestamp, "Z" or an offset; a naive one is UTC, as the server writes
    them) in Semarang's time: "3 Des 2026 15:30 WIB". "" for none; text that is not a
    timestamp comes back as it is."""
    if stamp is None or stamp == "":
        return ""
    if isinstance(stamp, str):
        try:
            moment = dt.datetime.fromisoformat(stamp.strip().replace("Z", "+00:00"))
        except ValueError:
            return stamp
    else:
        moment = stamp
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.UTC)
    local = moment.astimezone(WIB)
    return f"{format_date_id(local.date(), lang)} {local:%H:%M} WIB"


# numbers ----------------------------------------------------------------------------------

_GROUPED = re.compile(r"^\d{1,3}(\.\d{3})+$")
_PLAIN = re.compile(r"^\d+(\.\d+)?$")


def parse_decimal_id(text: str) -> float | None:
    """A number as written in Indonesia: the decimal comma ("96,5", "2,25"), dots grouping
    thousands ("1.500" is 1500, "1.234,5" is 1234.5); a lone decimal point ("2.5") is read as
    2.5 too. A leading minus is kept (the caller says whether it may be negative). None when
    it is not a number."""
    raw = text.strip().replace(" ", "")
    sign = -1.0 if raw.startswith("-") else 1.0
    raw = raw.removeprefix("-").removeprefix("+")
    if not raw:
        return None
    if "," in raw:
        whole, _, frac = raw.partition(",")
        if "," in frac or not frac.isdigit() or not whole:
            return None
        if "." in whole and not _GROUPED.match(whole):
            return None
        raw = whole.replace(".", "") + "." + frac
    elif _GROUPED.match(raw):
        raw = raw.replace(".", "")
    if not _PLAIN.match(raw):
        return None
    value = float(raw) * sign
    return value if math.isfinite(value) else None


def format_decimal_id(value: float, lang: str = "id", digits: int = 2) -> str:
    """96.5 -> "96,5" (the decimal comma; "96.5" in English), 12.0 -> "12"; at most ``digits``
    decimals, no trailing zeros."""
    text = f"{value:.{digits}f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    if text == "-0":
        text = "0"
    return text.replace(".", ",") if lang != "en" else text


def format_percent(value: float, lang: str = "id", digits: int = 1) -> str:
    """A percentage already in percent: 96.5 -> "96,5 %" (Indonesian spacing and comma),
    "96.5%" in English; at most ``digits`` decimals. For the HR dashboard and any screen that
    prints a percentage (a share 0..1 is :func:`percent`)."""
    text = format_decimal_id(value, lang, digits)
    return f"{text} %" if lang != "en" else f"{text}%"
