"""The password rule the device shows and the server enforces (one pure function)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from shared_models.demo import DEMO_PASSWORD
from shared_models.passwords import (
    COMMON_PASSWORDS,
    MIN_LENGTH,
    PASSWORD_RULE,
    PasswordIssue,
    password_issues,
    password_message,
)

NIP = "199003142014032003"


@pytest.mark.parametrize(
    ("password", "issues"),
    [
        ("Kunjungan-Rumah-7", []),
        ("pendek", [PasswordIssue.TOO_SHORT]),
        ("", [PasswordIssue.TOO_SHORT]),
        ("x" * 257, [PasswordIssue.TOO_LONG, PasswordIssue.ONE_CHARACTER]),
        ("081234567890", [PasswordIssue.ALL_DIGITS]),
        ("aaaaaaaaaaaa", [PasswordIssue.ONE_CHARACTER]),
        (NIP, [PasswordIssue.ALL_DIGITS, PasswordIssue.CONTAINS_NIP]),
        (f"nip-{NIP[:8]} {NIP[8:]}", [PasswordIssue.CONTAINS_NIP]),
        (DEMO_PASSWORD, [PasswordIssue.COMMON]),
        ("Semarang Kinerja", [PasswordIssue.COMMON]),  # case, spaces and dashes do not help
        ("PASSWORD123", [PasswordIssue.COMMON]),
        ("Bismillah123", [PasswordIssue.COMMON]),
    ],
)
def test_issues(password: str, issues: list[PasswordIssue]) -> None:
    assert password_issues(password, nip=NIP) == issues


def test_the_new_password_differs_from_the_current_one() -> None:
    assert password_issues("Kunjungan-Rumah-7", nip=NIP, current="Kunjungan-Rumah-7") == [
        PasswordIssue.SAME_AS_CURRENT
    ]
    assert password_issues("Kunjungan-Rumah-8", nip=NIP, current="Kunjungan-Rumah-7") == []


def test_every_issue_has_a_message_in_both_languages() -> None:
    for issue in PasswordIssue:
        indonesian, english = password_message(issue), password_message(issue, "en")
        assert indonesian
        assert english
        assert indonesian != english
    assert str(MIN_LENGTH) in password_message(PasswordIssue.TOO_SHORT)
    assert all(PASSWORD_RULE)


def test_the_demo_password_is_refused_as_a_new_password() -> None:
    assert DEMO_PASSWORD in COMMON_PASSWORDS


@given(st.text(min_size=MIN_LENGTH, max_size=40))
def test_a_password_is_acceptable_or_says_why(password: str) -> None:
    issues = password_issues(password, nip=NIP)
    assert all(isinstance(i, PasswordIssue) for i in issues)
    if not issues:
        assert not password.isdigit()
        assert NIP not in password
