"""The password rule, one pure function shared by the device and the server.

The device checks a new password with :func:`password_issues` before it sends it, so the person
reads what is wrong at once (offline too); the server runs the same function and refuses what
it finds (it never trusts the device's check). Nothing here does I/O or keeps a password.

The rule: at least :data:`MIN_LENGTH` characters (at most :data:`MAX_LENGTH`), not only
digits, not one character repeated, not containing the person's NIP, not one of
:data:`COMMON_PASSWORDS` (compared without case, spaces or punctuation, so ``Semarang-Kinerja``
is the demo password too), and not the current password.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Final

__all__ = [
    "COMMON_PASSWORDS",
    "MAX_LENGTH",
    "MIN_LENGTH",
    "PASSWORD_RULE",
    "PasswordIssue",
    "password_issues",
    "password_message",
]

MIN_LENGTH: Final = 10
MAX_LENGTH: Final = 256

COMMON_PASSWORDS: Final[frozenset[str]] = frozenset(
    {
        # the demo's shared password and the test datasets' ones
        "semarang-kinerja",
        "rahasia-123",
        "sandi-lain-456",
        # what people in a city hall pick first
        "password",
        "password1",
        "password12",
        "password123",
        "password1234",
        "passw0rd",
        "p@ssw0rd",
        "1234567890",
        "0123456789",
        "12345678910",
        "1234512345",
        "1122334455",
        "qwertyuiop",
        "qwerty1234",
        "qwerty12345",
        "asdfghjkl1",
        "abcdefghij",
        "abcd123456",
        "abc1234567",
        "a1b2c3d4e5",
        "iloveyou12",
        "bismillah",
        "bismillah1",
        "bismillah123",
        "alhamdulillah",
        "indonesia",
        "indonesia1",
        "indonesia123",
        "indonesia45",
        "merdeka1945",
        "merdeka123",
        "garuda1945",
        "semarang",
        "semarang1",
        "semarang123",
        "semarang2024",
        "semarang2025",
        "semarang2026",
        "kotasemarang",
        "pemkotsemarang",
        "pemkot123",
        "kinerja",
        "kinerja123",
        "kinerjaasn",
        "kinerja2026",
        "rahasia",
        "rahasia123",
        "rahasiaku",
        "katasandi",
        "katasandi1",
        "katasandi123",
        "gantisandi",
        "sandibaru",
        "pegawai123",
        "asnsemarang",
        "asn12345678",
        "puskesmas",
        "puskesmas1",
        "puskesmas123",
        "dinkes123",
        "admin12345",
        "administrator",
        "welcome123",
        "selamatdatang",
        "sayangku123",
    }
)
"""Refused whatever else they satisfy (normalised as :func:`_plain` does)."""


class PasswordIssue(StrEnum):
    """What is wrong with a new password (the codes both sides agree on)."""

    TOO_SHORT = "too_short"
    TOO_LONG = "too_long"
    ALL_DIGITS = "all_digits"
    ONE_CHARACTER = "one_character"
    CONTAINS_NIP = "contains_nip"
    COMMON = "common"
    SAME_AS_CURRENT = "same_as_current"


_MESSAGES: Final[dict[PasswordIssue, tuple[str, str]]] = {
    PasswordIssue.TOO_SHORT: (
        f"Kata sandi baru minimal {MIN_LENGTH} karakter.",
        f"The new password needs at least {MIN_LENGTH} characters.",
    ),
    PasswordIssue.TOO_LONG: (
        f"Kata sandi baru paling panjang {MAX_LENGTH} karakter.",
        f"The new password may have at most {MAX_LENGTH} characters.",
    ),
    PasswordIssue.ALL_DIGITS: (
        "Kata sandi baru tidak boleh hanya angka; tambahkan huruf.",
        "The new password must not be only digits; add letters.",
    ),
    PasswordIssue.ONE_CHARACTER: (
        "Kata sandi baru tidak boleh satu karakter yang diulang.",
        "The new password must not be one character repeated.",
    ),
    PasswordIssue.CONTAINS_NIP: (
        "Kata sandi baru tidak boleh memuat NIP Anda.",
        "The new password must not contain your NIP.",
    ),
    PasswordIssue.COMMON: (
        "Kata sandi ini terlalu umum atau dipakai bersama (mis. kata sandi demo); pilih yang lain.",
        "This password is too common or shared (e.g. the demo password); choose another.",
    ),
    PasswordIssue.SAME_AS_CURRENT: (
        "Kata sandi baru harus berbeda dari kata sandi sekarang.",
        "The new password must differ from the current one.",
    ),
}

PASSWORD_RULE: Final[tuple[str, str]] = (
    f"Minimal {MIN_LENGTH} karakter, tidak hanya angka, tidak memuat NIP, bukan kata sandi umum "
    "atau kata sandi demo, dan berbeda dari kata sandi sekarang.",
    f"At least {MIN_LENGTH} characters, not only digits, not containing your NIP, not a common "
    "or demo password, and different from the current one.",
)
"""The rule in one sentence (Indonesian, English), for forms to show before anything is typed."""


def _plain(text: str) -> str:
    """Lower case without spaces and punctuation: ``Semarang-Kinerja`` -> ``semarangkinerja``."""
    return "".join(ch for ch in text.casefold() if ch.isalnum())


_COMMON_PLAIN: Final[frozenset[str]] = frozenset(_plain(p) for p in COMMON_PASSWORDS)


def password_issues(
    password: str, *, nip: str = "", current: str | None = None
) -> list[PasswordIssue]:
    """Every rule ``password`` breaks, in a fixed order (empty: acceptable).

    ``nip`` is the account's NIP (spaces ignored); ``current`` the password it replaces, when
    known (the server knows it was verified; the device knows what was typed).
    """
    issues: list[PasswordIssue] = []
    if len(password) < MIN_LENGTH:
        issues.append(PasswordIssue.TOO_SHORT)
    if len(password) > MAX_LENGTH:
        issues.append(PasswordIssue.TOO_LONG)
    if password and password.isdigit():
        issues.append(PasswordIssue.ALL_DIGITS)
    if len(password) > 1 and len(set(password)) == 1:
        issues.append(PasswordIssue.ONE_CHARACTER)
    digits = "".join(ch for ch in nip if ch.isdigit())
    if digits and digits in "".join(ch for ch in password if ch.isdigit()):
        issues.append(PasswordIssue.CONTAINS_NIP)
    plain = _plain(password)
    if plain in _COMMON_PLAIN or password.casefold() in COMMON_PASSWORDS:
        issues.append(PasswordIssue.COMMON)
    if current is not None and password == current:
        issues.append(PasswordIssue.SAME_AS_CURRENT)
    return issues


def password_message(issue: PasswordIssue, lang: str = "id") -> str:
    """What to tell the person about ``issue``: Bahasa Indonesia, or English for ``"en"``."""
    indonesian, english = _MESSAGES[issue]
    return english if lang == "en" else indonesian
