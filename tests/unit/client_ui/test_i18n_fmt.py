"""Strings and formatting: both languages complete, placeholders match, numbers read right."""

from __future__ import annotations

import re

import pytest

from client.ui.common.fmt import ago, fraction, number, percent
from client.ui.common.i18n import STRINGS, tr

NOW = 1_800_000_000_000


def _fields(text: str) -> set[str]:
    return set(re.findall(r"{(\w+)}", text))


@pytest.mark.parametrize("key", sorted(STRINGS))
def test_every_string_has_both_languages_with_the_same_placeholders(key: str) -> None:
    indonesian, english = STRINGS[key]
    assert indonesian.strip()
    assert english.strip()
    assert _fields(indonesian) == _fields(english)


def test_tr_fills_placeholders_and_defaults_to_indonesian() -> None:
    assert tr("id", "sync.pending", n=3) == "3 menunggu sinkron"
    assert tr("en", "sync.pending", n=3) == "3 waiting to sync"
    assert tr("xx", "sync.now") == "Sinkronkan"
    assert tr("id", "no.such.key") == "no.such.key"


@pytest.mark.parametrize(
    ("seconds", "text"),
    [
        (10, "baru saja"),
        (5 * 60, "5 menit lalu"),
        (2 * 3600, "2 jam lalu"),
        (3 * 86400, "3 hari lalu"),
    ],
)
def test_ago(seconds: int, text: str) -> None:
    assert ago("id", NOW - seconds * 1000, NOW) == text


def test_ago_never_and_english() -> None:
    assert ago("id", None, NOW) == "Belum pernah tersinkron"
    assert ago("en", NOW - 300_000, NOW) == "5 min ago"


def test_numbers_use_a_decimal_comma_in_indonesian() -> None:
    assert number("id", 2.5) == "2,5"
    assert number("en", 2.5) == "2.5"
    assert number("id", 12.0) == "12"
    assert percent("id", 0.375) == "38 %"
    assert fraction(30, 120) == 0.25
    assert fraction(200, 120) == 1.0
    assert fraction(1, 0) == 1.0
