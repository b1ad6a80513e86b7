"""The one period the supervisor's screens look at: Tim saya (and its "Penilaian diri" filter),
Penilaian (rating a subordinate) and Sebaran. It opens on the current triwulan of the session's
clock; a choice made on one screen holds on the others for the session (kept in the session's
plain-data drafts, so every screen reads the same value when it is built).

Pure helpers (the period's words, the team's empty states) are tested without a browser.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import flet as ft

from client.ops.view_models import Team
from client.ui.common.i18n import tr
from client.ui.common.widgets import labelled
from client.ui.session import AppSession
from shared_models import parse_period_code
from shared_models.enums import PeriodKind
from shared_models.periods import triwulan_of

__all__ = [
    "PeriodPicker",
    "choose_period",
    "current_period",
    "empty_team_text",
    "period_choices",
    "period_label",
    "shared_period",
    "short_label",
]

_KEY = "team:period"  # in AppSession.drafts: {"code": "2026-T4"}
_ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}


def period_choices(year: int) -> list[str]:
    """The periods a supervisor rates in a year: the four triwulan, then the year."""
    return [f"{year}-T{n}" for n in range(1, 5)] + [str(year)]


def current_period(today: dt.date) -> str:
    """Where the screens open: the triwulan ``today`` falls in."""
    return triwulan_of(today).code


def shared_period(session: AppSession) -> str:
    """The period chosen in this session, else the current triwulan."""
    chosen = session.drafts.get(_KEY, {}).get("code")
    return str(chosen) if chosen else current_period(session.today())


def choose_period(session: AppSession, code: str) -> None:
    """Remember ``code`` for every supervisor screen of this session."""
    session.drafts[_KEY] = {"code": code}


def _quarter(lang: str, number: int) -> str:
    """Triwulan IV in Indonesian, Q4 in English."""
    return str(number) if lang == "en" else _ROMAN[number]


def period_label(lang: str, code: str) -> str:
    """``Triwulan IV 2026`` / ``Tahun 2026`` (``Q4 2026`` / ``Year 2026`` in English)."""
    p = parse_period_code(code)
    if p.kind is PeriodKind.TRIWULAN:
        return tr(lang, "period.triwulan", n=_quarter(lang, p.number), year=p.year)
    if p.kind is PeriodKind.BULANAN:
        return p.label
    return tr(lang, "period.year", year=p.year)


def short_label(lang: str, code: str) -> str:
    """The selector's segment: ``TW IV`` or ``Tahunan`` (``Q4`` / ``Year``)."""
    p = parse_period_code(code)
    if p.kind is PeriodKind.TRIWULAN:
        return tr(lang, "period.short_tw", n=_quarter(lang, p.number))
    return tr(lang, "period.short_year")


def PeriodPicker(  # noqa: N802 - a control builder, named like one
    lang: str, code: str, on_change: Callable[[str], Any], *, ident: str = "period-picker"
) -> ft.Control:
    """The four triwulan and the year of ``code``'s year, ``code`` selected."""
    year = parse_period_code(code).year
    return labelled(
        ident,
        ft.SegmentedButton(
            segments=[
                ft.Segment(value=c, label=short_label(lang, c)) for c in period_choices(year)
            ],
            selected=[code],
            on_change=lambda e: on_change(e.control.selected[0]),
        ),
    )


def empty_team_text(lang: str, only: str, view: Team) -> str:
    """What Tim saya says when its list is empty: no subordinates only when there are none;
    otherwise why this filter shows nobody, for the period, with the counts."""
    size = view.team_size
    if size == 0:
        return tr(lang, "team.none")
    label = period_label(lang, view.period)
    sent = view.self_assessments_sent
    match only:
        case "assessment_waiting":
            if sent == 0:
                return tr(lang, "team.empty.sa_none", period=label, n=size)
            return tr(lang, "team.empty.sa_done", period=label, sent=sent, n=size)
        case "attention":
            return tr(lang, "team.empty.attention", n=size)
        case "skp_waiting":
            return tr(lang, "team.empty.skp", n=size)
        case "quiet":
            return tr(lang, "team.empty.quiet", n=size)
    return tr(lang, "team.empty.other", n=size)
