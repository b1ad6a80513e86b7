"""Tim saya: every current subordinate, those who need attention first, with their progress,
new entries, and for the period chosen (shared with Penilaian and Sebaran:
client.ui.supervisor.period) their self-assessment and appraisal; when their device last synced;
a notice when someone left or joined the team (mutasi)."""

from __future__ import annotations

import datetime as dt
from typing import cast

import flet as ft
import msgspec

from client.ops.view_models import (
    AppraisalState,
    SelfAssessmentState,
    Team,
    TeamChanges,
    TeamMember,
)
from client.service import Device
from client.ui.common.app_state import AppState
from client.ui.common.fmt import ago, percent
from client.ui.common.i18n import tr
from client.ui.common.widgets import card, heading, labelled, muted, screen
from client.ui.session import AppSession
from client.ui.supervisor.period import (
    PeriodPicker,
    choose_period,
    empty_team_text,
    period_label,
    shared_period,
)
from client.ui.supervisor.widgets import appraisal_text, chip

__all__ = ["TeamScreen", "load_team", "status_line"]

FILTERS = ("all", "attention", "skp_waiting", "assessment_waiting", "quiet")


class TeamLook(msgspec.Struct, frozen=True, kw_only=True):
    """The team view for a period and who left or arrived since the last look."""

    team: Team
    changes: TeamChanges


def load_team(device: Device, period: str, only: str) -> TeamLook:
    """The team view for ``period`` and who left or arrived since the last look (worker
    thread)."""
    return TeamLook(team=device.team(period_code=period, only=only), changes=device.team_changes())


def _iso_ms(text: str | None) -> int | None:
    if not text:
        return None
    return int(dt.datetime.fromisoformat(text.replace("Z", "+00:00")).timestamp() * 1000)


def status_line(
    lang: str, period: str, self_assessment: SelfAssessmentState, appraisal: AppraisalState | None
) -> str:
    """A member's state for the period in words: ``Triwulan IV 2026: Penilaian diri: dikirim
    · Final, dikonfirmasi server``."""
    ap_text, _colour = appraisal_text(lang, appraisal)
    return tr(
        lang,
        "team.period_status",
        period=period_label(lang, period),
        sa=tr(lang, f"team.sa.{self_assessment}"),
        ap=ap_text,
    )


def _entries_flagged(m: TeamMember, attention: str) -> int:
    """How many entries an evidence check flags (0 for the other reasons)."""
    match attention:
        case "no_evidence":
            return m.no_evidence_entries
        case "shared_evidence":
            return m.shared_evidence_entries
    return 0


def _member_card(lang: str, period: str, m: TeamMember, now_ms: int) -> ft.Control:
    flags: list[ft.Control] = []
    for a in m.attention:
        if a == "quiet":
            text = (
                tr(lang, "team.a.never")
                if m.days_quiet is None
                else tr(lang, "team.a.quiet", n=m.days_quiet)
            )
        else:  # the evidence checks say how many entries
            text = tr(lang, f"team.a.{a}", n=_entries_flagged(m, a))
        flags.append(chip(text))
    _text, ap_colour = appraisal_text(lang, m.appraisal)
    lines: list[ft.Control] = [
        ft.Row(
            [
                ft.TextButton(
                    m.name,
                    on_click=lambda _e, nip=m.nip: ft.context.page.navigate(f"/tim/{nip}"),
                    style=ft.ButtonStyle(padding=0),
                ),
                ft.Container(expand=True),
                ft.Text(percent(lang, m.progress), weight=ft.FontWeight.W_600),
            ]
        ),
        muted(m.jabatan),
        ft.ProgressBar(value=m.progress, bar_height=6, border_radius=3),
    ]
    if flags:
        lines.append(ft.Row(flags, wrap=True, spacing=6, run_spacing=4))
    facts = []
    if m.new_entries:
        facts.append(tr(lang, "team.new", n=m.new_entries))
    if m.last_entry:
        facts.append(tr(lang, "team.last_entry", date=m.last_entry))
    if facts:
        lines.append(ft.Text(" · ".join(facts), size=13))
    line = status_line(lang, period, m.self_assessment, m.appraisal)
    lines.append(ft.Text(line, size=13, color=ap_colour))
    seen = _iso_ms(m.last_activity)
    lines.append(
        muted(
            tr(lang, "team.device", ago=ago(lang, seen, now_ms))
            if seen
            else tr(lang, "team.device_unknown")
        )
    )
    return labelled(f"member-{m.nip}", card(*lines))


@ft.component
def TeamScreen(session: AppSession, state: AppState) -> ft.Control:  # noqa: N802
    lang = state.lang
    only, set_only = ft.use_state("all")
    period, set_period = ft.use_state(shared_period(session))
    data, set_data = ft.use_state(cast(Team | None, None))

    def pick(code: str) -> None:
        choose_period(session, code)  # Penilaian and Sebaran open on it too
        set_period(code)

    async def load() -> None:
        look = await session.call(load_team, session.device, period, only)
        changes = look.changes
        notes = []
        if changes.left:
            names = ", ".join(c.name for c in changes.left)
            notes.append(tr(lang, "team.left", names=names))
        if changes.arrived:
            names = ", ".join(c.name for c in changes.arrived)
            notes.append(tr(lang, "team.arrived", names=names))
        if notes:
            state.notify_user(" ".join(notes))
        set_data(look.team)

    ft.use_effect(load, [state.data_version, only, period])
    tools: list[ft.Control] = [
        ft.OutlinedButton(
            tr(lang, "team.spread"),
            icon=ft.Icons.BAR_CHART,
            on_click=lambda _e: ft.context.page.navigate("/sebaran"),
        )
    ]
    if "atasan_pejabat_penilai" in session.roles:
        tools.append(
            ft.OutlinedButton(
                tr(lang, "team.objections"),
                icon=ft.Icons.GAVEL,
                on_click=lambda _e: ft.context.page.navigate("/keberatan"),
            )
        )
    parts: list[ft.Control] = [
        heading(tr(lang, "team.title", period=period_label(lang, period))),
        PeriodPicker(lang, period, pick),
        muted(tr(lang, "period.hint")),
        ft.SegmentedButton(
            segments=[ft.Segment(value=f, label=tr(lang, f"team.f.{f}")) for f in FILTERS],
            selected=[only],
            on_change=lambda e: set_only(e.control.selected[0]),
        ),
        ft.Row(tools, wrap=True),
    ]
    if data is None or data.period != period:
        return screen(*parts, ft.ProgressRing())
    if not data.members:
        parts.append(labelled("team-empty", muted(empty_team_text(lang, only, data))))
    now_ms = session.now_ms()
    parts += [_member_card(lang, period, m, now_ms) for m in data.members]
    return screen(*parts)
