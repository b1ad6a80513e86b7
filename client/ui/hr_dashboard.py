"""Dasbor HR: completion for the city (per OPD), an OPD (per unit) or a unit (per employee),
with a completion chart; a row's name drills down one level."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, cast

import flet as ft
import flet_charts as fch

from client.errors import DeviceError
from client.hr_api import Dashboard, DashboardRow
from client.ui.app_state import AppState
from client.ui.hr_common import error_box, hr_call, hr_page, stat_tile, table
from client.ui.i18n import tr
from client.ui.session import AppSession
from client.ui.widgets import labelled, muted, navigate

__all__ = ["HrDashboard", "completion_chart"]

STALE_CHOICES = (3, 7, 14, 30)


def _share(part: int, whole: int) -> float:
    return round(100 * part / whole, 1) if whole else 0.0


def _short(name: str, limit: int = 16) -> str:
    for prefix in ("Dinas ", "Badan ", "Puskesmas ", "Kecamatan ", "Bidang "):
        name = name.removeprefix(prefix)
    return name if len(name) <= limit else name[: limit - 1] + "…"


def _skp_ok(r: DashboardRow) -> int:
    return r.skp.disetujui


def _self_done(r: DashboardRow) -> int:
    return r.self_assessments_submitted


def _final_done(r: DashboardRow) -> int:
    return r.appraisals_final


def completion_chart(lang: str, rows: list[DashboardRow]) -> ft.Control:
    """Bars per row: SKP approved, self-assessments and final appraisals as % of employees."""
    series: tuple[tuple[str, str, Callable[[DashboardRow], int]], ...] = (
        ("hr.chart.skp", ft.Colors.TEAL_400, _skp_ok),
        ("hr.chart.self", ft.Colors.AMBER_600, _self_done),
        ("hr.chart.final", ft.Colors.INDIGO_400, _final_done),
    )
    groups = [
        fch.BarChartGroup(
            x=i,
            rods=[
                fch.BarChartRod(
                    to_y=_share(get(r), r.employees),
                    width=10,
                    color=colour,
                    border_radius=2,
                    tooltip=f"{tr(lang, key)}: {_share(get(r), r.employees)} %",
                )
                for key, colour, get in series
            ],
        )
        for i, r in enumerate(rows)
    ]
    chart = fch.BarChart(
        groups=groups,
        min_y=0,
        max_y=100,
        height=260,
        left_axis=fch.ChartAxis(
            labels=[fch.ChartAxisLabel(value=v, label=f"{v}%") for v in (0, 25, 50, 75, 100)],
            label_size=44,
        ),
        bottom_axis=fch.ChartAxis(
            labels=[
                fch.ChartAxisLabel(value=i, label=ft.Text(_short(r.name), size=11))
                for i, r in enumerate(rows)
            ],
            label_size=32,
        ),
        horizontal_grid_lines=fch.ChartGridLines(
            interval=25, color=ft.Colors.OUTLINE_VARIANT, width=1
        ),
        interactive=True,
    )
    legend = ft.Row(
        [
            ft.Row(
                [ft.Container(width=12, height=12, bgcolor=colour), ft.Text(tr(lang, key))],
                spacing=6,
            )
            for key, colour, _ in series
        ],
        spacing=20,
    )
    return labelled("hr-completion-chart", ft.Column([legend, chart], spacing=8))


def _drill(row: DashboardRow) -> str:
    match row.level:
        case "opd":
            return f"/hr/opd/{row.id}"
        case "unit":
            return f"/hr/unit/{row.id}"
    return f"/hr/pegawai/{row.id}"


def _row_cells(lang: str, r: DashboardRow) -> list[ft.Control | str]:
    def open_row(_e: ft.Event[ft.TextButton]) -> None:
        navigate(_drill(r))

    return [
        ft.TextButton(r.name, on_click=open_row, tooltip=tr(lang, "hr.dash.open")),
        str(r.employees),
        f"{r.skp.disetujui} ({_share(r.skp.disetujui, r.employees):g} %)",
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
                    lang, "hr.dash.of", n=t.employees, p=f"{_share(t.skp.disetujui, t.employees):g}"
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
    if board.level != "city":
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
        labelled("hr-dashboard-table", table(columns, [_row_cells(lang, r) for r in board.rows]))
    )
    if not board.rows:
        parts.append(muted(tr(lang, "hr.dash.empty")))
    return hr_page(lang, route, f"{title}: {board.name}", *parts)


def _to(route: str) -> Callable[[Any], None]:
    def handler(_e: Any) -> None:
        navigate(route)

    return handler
