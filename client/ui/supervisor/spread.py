"""Sebaran predikat: the team's predikat for a period (drafts and final) against the curve of
the organisation predikat, every violated clause in words, before finalizing. The period is the
one Tim saya and Penilaian show (client.ui.supervisor.period); the curve judges only once enough of
the team is rated (shared_models.distribution.spread_readiness), and says how many are."""

from __future__ import annotations

from typing import cast

import flet as ft

from client.errors import DeviceError
from client.ops.view_models import TeamSpread
from client.ui.common.app_state import AppState
from client.ui.common.fmt import percent
from client.ui.common.i18n import tr
from client.ui.common.widgets import card, heading, labelled, muted, screen
from client.ui.session import AppSession
from client.ui.supervisor.period import PeriodPicker, choose_period, period_label, shared_period
from client.ui.supervisor.widgets import back_to
from shared_models import OrgPredikat

__all__ = ["SpreadScreen"]


def _readiness(lang: str, period: str, data: TeamSpread) -> list[ft.Control]:
    """How many are rated, and whether the curve judges yet (the shared rule decided it)."""
    out: list[ft.Control] = []
    if not data.team:
        out.append(muted(tr(lang, "spread.no_team")))
    elif not data.ready:
        out.append(
            labelled(
                "spread-waiting",
                ft.Text(
                    tr(
                        lang,
                        "spread.waiting",
                        rated=data.rated,
                        team=data.team,
                        period=period_label(lang, period),
                        needed=data.needed,
                    ),
                    color=ft.Colors.ORANGE_900,
                ),
            )
        )
    elif not data.complete and data.org_predikat:
        out.append(
            labelled(
                "spread-partial",
                muted(tr(lang, "spread.partial", rated=data.rated, team=data.team)),
            )
        )
    return out


@ft.component
def SpreadScreen(session: AppSession, state: AppState) -> ft.Control:  # noqa: N802
    lang = state.lang
    period, set_period = ft.use_state(shared_period(session))
    org, set_org = ft.use_state(cast(str | None, None))
    data, set_data = ft.use_state(cast(TeamSpread | None, None))
    error, set_error = ft.use_state("")

    async def load() -> None:
        try:
            set_data(await session.call(session.device.distribution, period, org_predikat=org))
        except DeviceError as err:
            set_error(str(err))

    def pick(code: str) -> None:
        choose_period(session, code)
        set_period(code)

    ft.use_effect(load, [state.data_version, period, org])
    parts: list[ft.Control] = [back_to(lang, "/tim"), PeriodPicker(lang, period, pick)]
    if data is None or data.period != period:
        return screen(*parts, muted(error) if error else ft.ProgressRing())
    parts += [
        heading(tr(lang, "spread.title", period=period_label(lang, period))),
        ft.Text(tr(lang, "spread.org", p=data.org_label or tr(lang, "spread.org_none"))),
        muted(tr(lang, "spread.org_label")),
        labelled(
            "spread-org",
            ft.SegmentedButton(
                segments=[ft.Segment(value=o.value, label=o.label) for o in OrgPredikat],
                selected=[data.org_predikat.value] if data.org_predikat else [],
                allow_empty_selection=True,
                on_change=lambda e: set_org(e.control.selected[0] if e.control.selected else None),
            ),
        ),
    ]
    unset = data.org_predikat is None
    if unset:
        parts.append(labelled("spread-unset", muted(tr(lang, "spread.unset"))))
    rated = tr(lang, "spread.rated", rated=data.rated, team=data.team, final=data.final)
    parts.append(labelled("spread-rated", ft.Text(rated, weight=ft.FontWeight.W_600)))
    parts += _readiness(lang, period, data)
    if data.small_unit:
        parts.append(labelled("spread-small", muted(tr(lang, "spread.small", n=data.rated))))
    total = max(1, data.rated)
    bars: list[ft.Control] = []
    for c in data.counts:
        share = c.count / total
        bars.append(
            ft.Column(
                [
                    ft.Row(
                        [
                            ft.Text(c.label, expand=True),
                            ft.Text(f"{c.count} ({percent(lang, share if data.rated else 0)})"),
                        ]
                    ),
                    ft.ProgressBar(
                        value=share if data.rated else 0, bar_height=10, border_radius=5
                    ),
                ],
                spacing=2,
            )
        )
    parts.append(card(*bars))
    if data.violations:
        lines: list[ft.Control] = [
            ft.Text(
                tr(lang, "spread.violations"),
                color=ft.Colors.ORANGE_900,
                weight=ft.FontWeight.W_600,
            )
        ]
        lines += [ft.Text(f"• {v.message}", size=14) for v in data.violations]
        parts.append(labelled("spread-violations", card(*lines)))
    elif data.judged:  # enough rated and a curve to judge against: it fits
        parts.append(
            labelled("spread-ok", ft.Text(tr(lang, "spread.ok"), color=ft.Colors.GREEN_800))
        )
    return screen(*parts)
