"""Every string the app can show, in both languages, is words for a person (issue #16 item 3):
no JSON path, CLI flag, URL query, msgspec English or code identifier in any table of
client/ui/common/i18n.py (the tables of each area are merged into it). The journeys and the form
tests check what is shown; this checks what could be."""

from __future__ import annotations

import re

import pytest

from client.ui.common.i18n import STRINGS
from tests.ui.wording import leaks

# What looks like a leak and is not, with the reason.
ALLOWED: dict[str, str] = {
    # "..." after a verb is the app saying it is busy, not text cut short
    "pw.busy": "cut text",
    "login.busy": "cut text",
    "sync.running": "cut text",
    "sync.uploading": "cut text",
    # the column names a CSV file must carry are what the person types in its header
    "hr.imp.columns_employees": "a code identifier",
    "hr.imp.columns_units": "a code identifier",
}


@pytest.mark.parametrize("key", sorted(STRINGS))
def test_every_string_is_words(key: str) -> None:
    for text in STRINGS[key]:
        shown = re.sub(r"\{[^}]*\}", "Rudi", text)  # placeholders hold words
        found = [f for f in leaks(shown) if not f.startswith(ALLOWED.get(key, "\0"))]
        assert not found, f"{key}: {found} in {text!r}"


def test_the_allowances_are_still_needed() -> None:
    for key, what in ALLOWED.items():
        shown = [re.sub(r"\{[^}]*\}", "Rudi", t) for t in STRINGS[key]]
        assert any(f.startswith(what) for t in shown for f in leaks(t)), key
