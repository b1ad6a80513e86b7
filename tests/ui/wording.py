"""What a message shown to a person may not contain: code, a JSON path, a CLI flag, a URL
query, or msgspec's English (issue #16 item 3). Used by the browser journeys and by the unit
tests that walk every error path of every form.
"""

from __future__ import annotations

import re

__all__ = ["assert_words", "leaks"]

_LEAKS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("a JSON path", re.compile(r"\$\.|\$\[|\(di \$")),
    ("a CLI flag", re.compile(r"(?<![\w-])--[a-z][a-z-]*")),
    ("a URL query", re.compile(r"\?[a-z_]+=")),
    ("a URL path", re.compile(r"/api/v\d")),
    (
        "msgspec's English",
        re.compile(
            r"Expected `|Object missing required field|Object contains unknown field"
            r"|Invalid enum value|Invalid value|of length [<>]=|must be [<>]=|Unsupported type"
            r"|Traceback|Error\(|Exception\b",
        ),
    ),
    ("a code identifier", re.compile(r"\b[a-z]+_[a-z_]+\b(?!\.\w)")),
    ("cut text", re.compile(r"\w\.\.\.$|\w…$")),
)


def leaks(text: str) -> list[str]:
    """What in ``text`` is not words for a person (empty when it is clean)."""
    return [f"{what}: {m.group(0)!r}" for what, rx in _LEAKS for m in [rx.search(text)] if m]


def assert_words(text: str, where: str = "") -> None:
    found = leaks(text)
    assert not found, f"{where or 'message'} shows {found} in {text!r}"
