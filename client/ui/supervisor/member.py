"""One subordinate: progress per indicator this year and the three things to do (SKP, entries
and evidence, rating). Opening it marks their entries as seen."""

from __future__ import annotations

from typing import Any, cast

import flet as ft

from client.ops.view_models import TeamMember
from client.service import Device
from client.ui.common.app_state import AppState
from client.ui.common.fmt import fraction, number
from client.ui.common.i18n import tr
from client.ui.common.widgets import card, heading, labelled, muted, progress_row, screen
from client.ui.session import AppSession
from client.ui.supervisor.period import shared_period
from client.ui.supervisor.team import status_line
from client.ui.supervisor.widgets import appraisal_text, back_to

__all__ = ["MemberScreen", "load_member"]


def load_member(device: Device, nip: str, period: str) -> TeamMember | None:
    members = device.team(period_code=period).members
    found = next((m for m in members if m.nip == nip), None)
    if found is not None:
        device.mark_visited(nip)
    return found


@ft.component
def MemberScreen(session: AppSession, state: AppState, nip: str) -> ft.Control:  # noqa: N802
    lang = state.lang
    data, set_data = ft.use_state(cast(TeamMember | None, None))
    loaded, set_loaded = ft.use_state(False)
    period = shared_period(session)  # the one Tim saya shows

    async def load() -> None:
        set_data(await session.call(load_member, session.device, nip, period))
        set_loaded(True)

    ft.use_effect(load, [state.data_version, nip])
    if not loaded:
        return screen(ft.ProgressRing())
    if data is None:
        return screen(back_to(lang, "/tim"), muted(tr(lang, "team.none")))
    _text, ap_colour = appraisal_text(lang, data.appraisal)

    def go(section: str) -> Any:
        return lambda _e: ft.context.page.navigate(f"/tim/{nip}/{section}")

    rows = [
        progress_row(
            i.text,
            f"{number(lang, i.realised)}/{number(lang, i.target)} {i.unit}",
            fraction(i.realised, i.target),
        )
        for i in data.indicators
    ]
    status = status_line(lang, period, data.self_assessment, data.appraisal)
    return screen(
        back_to(lang, "/tim"),
        heading(data.name),
        muted(f"{data.jabatan} · NIP {nip}"),
        ft.Row(
            [
                ft.FilledButton(
                    tr(lang, "member.skp"), icon=ft.Icons.ASSIGNMENT, on_click=go("skp")
                ),
                ft.FilledButton(
                    tr(lang, "member.logs"), icon=ft.Icons.PHOTO_LIBRARY, on_click=go("catatan")
                ),
                ft.FilledButton(
                    tr(lang, "member.rate"), icon=ft.Icons.GRADING, on_click=go("nilai")
                ),
            ],
            wrap=True,
        ),
        labelled("member-status", ft.Text(status, color=ap_colour)),
        card(*rows) if rows else muted(tr(lang, "tlog.none")),
    )
