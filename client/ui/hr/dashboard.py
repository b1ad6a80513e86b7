"""Dasbor HR: completion for the city (per OPD), an OPD (per unit) or a unit (per employee),
with a completion chart; a row's name drills down one level."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, cast

import flet as ft

from client.errors import DeviceError
from client.hr_api import Dashboard, DashboardRow
from client.ui.common.app_state import AppState
from client.ui.common.i18n import tr
from client.ui.common.widgets import labelled, muted, navigate
from client.ui.hr.common import error_box, hr_call, hr_page, remember_place, stat_tile, table
from client.ui.hr.view import completion_bars, pct
from client.ui.session import AppSession

__all__ = ["HrDashboard", "completion_chart", "drill", "hbar", "skp_state"]

STALE_CHOICES = (3, 7, 14, 30)


SERIES: tuple[tuple[str, str], ...] = (
    ("hr.chart.skp", ft.Colors.TEAL_400),
    ("hr.chart.self", ft.Colors.AMBER_600),
    ("hr.chart.final", ft.Colors.INDIGO_400),
)
TRACK = 360  # px of a 100 % bar


def hbar(
    share: float,
    colour: str,
    text: str,
    band: tuple[float, float] | None = None,
    height: int = 12,
) -> ft.Control:
    """One horizontal bar of ``share`` percent over a track (and the band the curve allows,
    drawn behind it), followed by its figure in words."""
    layers: list[ft.Control] = [
        ft.Container(width=TRACK, height=height, bgcolor=ft.Colors.SURFACE_CONTAINER_HIGHEST)
    ]
    if band is not None:
        lo, hi = band
        layers.append(
            ft.Container(
                left=TRACK * lo / 100,
                width=max(2.0, TRACK * (hi - lo) / 100),
                height=height,
                bgcolor=ft.Colors.with_opacity(0.35, ft.Colors.GREEN_400),
            )
        )
    layers.append(
        ft.Container(
            width=max(2.0, TRACK * min(share, 100.0) / 100) if share > 0 else 0,
            height=height,
            bgcolor=colour,
            border_radius=2,
        )
    )
    return ft.Row(
        [
            ft.Stack(layers, width=TRACK, height=height),
            ft.Text(text, size=12),
        ],
        spacing=8,
    )


def completion_chart(lang: str, rows: list[DashboardRow]) -> ft.Control:
    """Sorted horizontal bars per row (full names, never cut): SKP approved, self-assessments
    and final appraisals as shares of the row's employees."""
    legend = ft.Row(
        [
            ft.Row(
                [ft.Container(width=12, height=12, bgcolor=colour), ft.Text(tr(lang, key))],
                spacing=6,
            )
            for key, colour in SERIES
        ],
        spacing=20,
    )
    lines: list[ft.Control] = [muted(tr(lang, "hrx.chart.title")), legend]
    for bar in completion_bars(lang, rows):
        lines.append(
            ft.Row(
                [
                    ft.Text(bar.name, width=300, weight=ft.FontWeight.W_500, no_wrap=False),
                    ft.Column(
                        [
                            hbar(share, colour, f"{tr(lang, key)}: {text}")
                            for (key, colour), share, text in zip(
                                SERIES, bar.shares, bar.texts, strict=True
                            )
                        ],
                        spacing=2,
                    ),
                ],
                vertical_alignment=ft.CrossAxisAlignment.CENTER,
            )
        )
    return labelled("hr-completion-chart", ft.Column(lines, spacing=10))


def drill(row: DashboardRow, board_id: str | None) -> str:
    """Where a row's name leads: an OPD's or unit's dashboard, an employee's profile."""
    match row.level:
        case "opd":
            return f"/hr/opd/{row.id}"
        case "unit":
            return f"/hr/unit/{row.id}"
    return f"/hr/pegawai/{row.id}/di/{board_id}" if board_id else f"/hr/pegawai/{row.id}"


def _opener(lang: str, r: DashboardRow, board_id: str | None) -> ft.Control:
    def open_row(_e: ft.Event[ft.TextButton]) -> None:
        navigate(drill(r, board_id))

    return ft.TextButton(r.name, on_click=open_row, tooltip=tr(lang, "hr.dash.open"))


def skp_state(r: DashboardRow) -> str:
    """The one SKP status an employee row counts (``belum_ada`` when none)."""
    for key in ("disetujui", "diajukan", "dikembalikan", "draft"):
        if getattr(r.skp, key):
            return key
    return "belum_ada"


def _employee_cells(lang: str, r: DashboardRow, board_id: str | None) -> list[ft.Control | str]:
    """An employee's own columns (never a unit's counts such as "1 (100 %)")."""
    done = {True: tr(lang, "hrx.yes"), False: tr(lang, "hrx.no")}
    return [
        _opener(lang, r, board_id),
        tr(lang, "hrx.skp." + skp_state(r)),
        str(r.logs_this_week),
        done[r.self_assessments_submitted > 0],
        done[r.appraisals_final > 0],
        str(r.devices_stale),
    ]


def _row_cells(lang: str, r: DashboardRow, board_id: str | None) -> list[ft.Control | str]:
    if r.level == "employee":
        return _employee_cells(lang, r, board_id)
    return [
        _opener(lang, r, board_id),
        str(r.employees),
        f"{r.skp.disetujui} ({pct(lang, r.skp.disetujui, r.employees)})",
        str(r.skp.belum_ada + r.skp.draft + r.skp.dikembalikan + r.skp.diajukan),
        f"{r.logs_this_week} / {r.employees_logging_this_week}",
        str(r.self_assessments_submitted),
        str(r.appraisals_final),
        str(r.devices_stale),
    ]


def _tiles(lang: str, board: Dashboard) -> ft.Control:
    t = board.totals
    return ft.Row(
        [
            stat_tile("hr-stat-employees", tr(lang, "hr.dash.employees"), str(t.employees)),
            stat_tile(
                "hr-stat-skp",
                tr(lang, "hr.dash.skp"),
                str(t.skp.disetujui),
                tr(
                    lang,
                    "hr.dash.of",
                    n=t.employees,
                    p=pct(lang, t.skp.disetujui, t.employees).rstrip(" %"),
                ),
            ),
            stat_tile(
                "hr-stat-logs",
                tr(lang, "hr.dash.logs"),
                str(t.logs_this_week),
                tr(lang, "hr.dash.logging", n=t.employees_logging_this_week),
            ),
            stat_tile(
                "hr-stat-self",
                tr(lang, "hr.dash.self"),
                str(t.self_assessments_submitted),
                board.period,
            ),
            stat_tile(
                "hr-stat-final", tr(lang, "hr.dash.final"), str(t.appraisals_final), board.period
            ),
            stat_tile(
                "hr-stat-stale",
                tr(lang, "hr.dash.stale", n=board.stale_days),
                str(t.devices_stale),
            ),
        ],
        wrap=True,
        spacing=12,
        run_spacing=12,
    )


@ft.component
def HrDashboard(  # noqa: N802
    session: AppSession,
    state: AppState,
    route: str,
    opd_id: str | None = None,
    unit_id: str | None = None,
) -> ft.Control:
    lang = state.lang
    board, set_board = ft.use_state(cast(Dashboard | None, None))
    error, set_error = ft.use_state("")
    stale, set_stale = ft.use_state(7)

    async def load() -> None:
        set_error("")
        try:
            found = await hr_call(
                session, lambda api: api.dashboard(opd_id=opd_id, unit_id=unit_id, stale_days=stale)
            )
        except DeviceError as err:
            set_error(str(err))
            return
        set_board(found)

    ft.use_effect(load, [opd_id, unit_id, stale, state.data_version])

    title = tr(lang, "hr.dash.title")
    if error:
        return hr_page(lang, route, title, error_box("hr-error", error))
    if board is None or (board.id or None) != (unit_id or opd_id):
        return hr_page(lang, route, title, ft.ProgressRing())

    def pick_stale(e: ft.Event[ft.Dropdown]) -> None:
        set_stale(int(e.control.value or 7))

    crumbs: list[ft.Control] = [
        ft.TextButton(tr(lang, "hr.dash.city"), icon=ft.Icons.LOCATION_CITY, on_click=_to("/hr"))
    ]
    if board.level != "city" and board.id:
        remember_place(board.id)  # "Cek sebaran" opens on it
        crumbs += [
            ft.Text(f"› {board.name}", weight=ft.FontWeight.W_600),
            ft.OutlinedButton(
                tr(lang, "hr.dash.spread"),
                icon=ft.Icons.BAR_CHART,
                on_click=_to(f"/hr/sebaran/{board.id}"),
            ),
        ]
    header = ft.Row(
        [
            *crumbs,
            ft.Container(expand=True),
            muted(tr(lang, "hr.dash.week", a=board.week_from, b=board.week_to, p=board.period)),
            ft.Dropdown(
                label=tr(lang, "hr.dash.stale_days"),
                value=str(stale),
                width=170,
                options=[ft.DropdownOption(key=str(n), text=f"{n} hari") for n in STALE_CHOICES],
                on_select=pick_stale,
            ),
        ],
    )
    level_key = {"city": "hr.dash.rows_opd", "opd": "hr.dash.rows_unit"}.get(
        board.level, "hr.dash.rows_employee"
    )
    employee_columns = [
        tr(lang, level_key),
        tr(lang, "hrx.col.skp", year=board.year or board.period.split("-", 1)[0]),
        tr(lang, "hrx.col.logs_week"),
        tr(lang, "hrx.col.self", period=board.period),
        tr(lang, "hrx.col.final", period=board.period),
        tr(lang, "hrx.col.devices"),
    ]
    columns = [
        tr(lang, level_key),
        tr(lang, "hr.col.employees"),
        tr(lang, "hr.col.skp_ok"),
        tr(lang, "hr.col.skp_open"),
        tr(lang, "hr.col.logs"),
        tr(lang, "hr.col.self"),
        tr(lang, "hr.col.final"),
        tr(lang, "hr.col.stale"),
    ]
    parts: list[ft.Control] = [header, _tiles(lang, board)]
    if board.rows and board.level != "unit":
        parts.append(completion_chart(lang, board.rows))
    parts.append(
        labelled(
            "hr-dashboard-table",
            table(
                employee_columns if board.level == "unit" else columns,
                [_row_cells(lang, r, board.id) for r in board.rows],
            ),
        )
    )
    if not board.rows:
        parts.append(muted(tr(lang, "hr.dash.empty")))
    return hr_page(lang, route, f"{title}: {board.name}", *parts)


def _to(route: str) -> Callable[[Any], None]:
    def handler(_e: Any) -> None:
        navigate(route)

    return handler
