"""Small pieces shared by the supervisor's screens: an appraisal's state in words, chips,
and the way back to the team."""

from __future__ import annotations

import flet as ft

from client.ops.view_models import AppraisalState
from client.store import PENDING
from client.ui.common.i18n import tr
from shared_models import AppraisalStatus

__all__ = ["appraisal_text", "back_to", "chip", "year_periods"]


def appraisal_text(lang: str, appraisal: AppraisalState | None) -> tuple[str, ft.Colors]:
    """(words, colour) for a draft or final appraisal, saved here only or confirmed."""
    if appraisal is None or appraisal.status is None:
        return tr(lang, "ap.none"), ft.Colors.ON_SURFACE_VARIANT
    pending = appraisal.sync_state == PENDING
    if appraisal.status == AppraisalStatus.FINAL:
        if pending:
            return tr(lang, "ap.final_pending"), ft.Colors.ORANGE_800
        return tr(lang, "ap.final"), ft.Colors.GREEN_800
    return tr(lang, "ap.draft_pending" if pending else "ap.draft"), ft.Colors.PRIMARY


def chip(text: str, colour: ft.Colors = ft.Colors.ORANGE_800) -> ft.Control:
    return ft.Container(
        ft.Text(text, size=12, color=colour, weight=ft.FontWeight.W_600),
        border=ft.Border.all(1, colour),
        border_radius=12,
        padding=ft.Padding(left=8, right=8, top=2, bottom=2),
    )


def back_to(lang: str, route: str, key: str = "member.back") -> ft.Control:
    return ft.TextButton(
        tr(lang, key),
        icon=ft.Icons.ARROW_BACK,
        on_click=lambda _e: ft.context.page.navigate(route),
    )


def year_periods(year: int) -> list[str]:
    """The period codes a supervisor rates in a year: the four triwulan, then the year."""
    return [f"{year}-T{n}" for n in range(1, 5)] + [str(year)]
