"""What the HR screens share: the online call, the HR tab row, a wide page, tables and tiles.

HR works online: every figure comes from the server (``client.hr_api``) with this device's
token. The calls block, so they run in a thread (``asyncio.to_thread``), never on the loop.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

import flet as ft

from client.hr_api import HrApi
from client.ui.common.i18n import tr
from client.ui.common.widgets import labelled, navigate
from client.ui.hr.view import spread_start
from client.ui.session import AppSession

__all__ = [
    "HR_TABS",
    "error_box",
    "hr_call",
    "hr_page",
    "named_dropdown",
    "option_list",
    "remember_place",
    "remembered_place",
    "stat_tile",
    "table",
]

T = TypeVar("T")
PAD = 24
MAX_WIDTH = 1280

HR_TABS: tuple[tuple[str, str, ft.IconData], ...] = (
    ("/hr", "hr.tab.dashboard", ft.Icons.INSIGHTS),
    ("/hr/sebaran", "hr.tab.distribution", ft.Icons.BAR_CHART),
    ("/hr/impor", "hr.tab.master", ft.Icons.UPLOAD_FILE),
    ("/hr/pegawai", "hr.tab.people", ft.Icons.BADGE),
    ("/hr/ekspor", "hr.tab.exports", ft.Icons.DOWNLOAD),
    ("/hr/audit", "hr.tab.audit", ft.Icons.HISTORY),
    ("/hr/perangkat", "hr.tab.devices", ft.Icons.DEVICES),
)


async def hr_call(session: AppSession, work: Callable[[HrApi], T]) -> T:
    """Run ``work`` with HR's client in a thread (reading the token uses the session's worker)."""
    api = await session.hr()
    return await asyncio.to_thread(work, api)


def _tab_of(route: str) -> str:
    if route.startswith(("/hr/opd", "/hr/unit")):
        return "/hr"
    for tab in ("/hr/pegawai", "/hr/sebaran", "/hr/audit"):
        if route.startswith(tab):
            return tab
    return route


_PLACE = "kinerja.hr.place"


def remember_place(unit_id: str) -> None:
    """The OPD or unit this browser session views on the dashboard ("Cek sebaran" opens on it;
    kept in the Flet session's store, never shared with another session)."""
    ft.context.page.session.store.set(_PLACE, unit_id)


def remembered_place() -> str:
    try:
        place = ft.context.page.session.store.get(_PLACE)
    except Exception:  # no page context (a unit test building a screen)
        return ""
    return place if isinstance(place, str) else ""


def _target(path: str, route: str) -> str:
    """Where a tab leads: "Cek sebaran" opens on the OPD or unit being viewed."""
    if path != "/hr/sebaran":
        return path
    place = spread_start(route, remembered_place(), [])
    return f"{path}/{place}" if place else path


def hr_page(lang: str, route: str, title: str, *controls: ft.Control) -> ft.Control:
    """A wide scrolling HR page: the HR tabs, a title, then ``controls``."""
    active = _tab_of(route)
    tabs = ft.Row(
        [
            (ft.FilledTonalButton if path == active else ft.TextButton)(
                tr(lang, key), icon=icon, on_click=_go(_target(path, route))
            )
            for path, key, icon in HR_TABS
        ],
        wrap=True,
        spacing=4,
    )
    width = float(ft.context.page.width or 0) - 120  # the navigation rail
    side = max(PAD, (width - MAX_WIDTH) / 2)
    return ft.ListView(
        [
            labelled("hr-tabs", tabs),
            ft.Text(
                title, theme_style=ft.TextThemeStyle.HEADLINE_SMALL, weight=ft.FontWeight.W_600
            ),
            *controls,
        ],
        expand=True,
        spacing=14,
        padding=ft.Padding(left=side, right=side, top=12, bottom=64),
    )


def _go(route: str) -> Callable[[Any], None]:
    def handler(_e: Any) -> None:
        navigate(route)

    return handler


def error_box(identifier: str, message: str, details: Sequence[str] = ()) -> ft.Control:
    """An error in words (and, for an import, one line per refused row)."""
    lines: list[ft.Control] = [
        ft.Row(
            [
                ft.Icon(ft.Icons.ERROR_OUTLINE, color=ft.Colors.ERROR),
                ft.Text(message, color=ft.Colors.ON_ERROR_CONTAINER, expand=True),
            ]
        )
    ]
    lines += [ft.Text(f"• {d}", color=ft.Colors.ON_ERROR_CONTAINER, size=13) for d in details]
    return labelled(
        identifier,
        ft.Container(
            ft.Column(lines, spacing=4),
            bgcolor=ft.Colors.ERROR_CONTAINER,
            padding=12,
            border_radius=8,
        ),
    )


def stat_tile(identifier: str, label: str, value: str, detail: str = "") -> ft.Control:
    return labelled(
        identifier,
        ft.Container(
            ft.Column(
                [
                    ft.Text(label, size=13, color=ft.Colors.ON_SURFACE_VARIANT),
                    ft.Text(value, size=26, weight=ft.FontWeight.W_600),
                    ft.Text(detail, size=12, color=ft.Colors.ON_SURFACE_VARIANT),
                ],
                spacing=2,
            ),
            width=210,
            height=108,
            padding=12,
            border_radius=10,
            bgcolor=ft.Colors.SURFACE_CONTAINER_HIGHEST,
        ),
    )


def table(columns: Sequence[str], rows: Sequence[Sequence[ft.Control | str]]) -> ft.Control:
    """A plain data table (numbers right-aligned by the caller's text)."""
    return ft.Row(
        [
            ft.DataTable(
                columns=[
                    ft.DataColumn(label=ft.Text(c, weight=ft.FontWeight.W_600)) for c in columns
                ],
                rows=[
                    ft.DataRow([ft.DataCell(ft.Text(c) if isinstance(c, str) else c) for c in row])
                    for row in rows
                ],
                column_spacing=22,
                heading_row_height=40,
                data_row_min_height=36,
                data_row_max_height=56,
            )
        ],
        scroll=ft.ScrollMode.AUTO,
    )


def named_dropdown(
    identifier: str,
    label: str,
    value: str | None,
    options: list[ft.DropdownOption],
    on_select: Any,
    width: int,
) -> ft.Control:
    """A dropdown whose accessible name is its label (a screen reader, and a test, find it by
    what the person reads above it), e.g. "Perangkat Daerah"."""
    return ft.Semantics(
        identifier=identifier,
        label=label,
        container=True,
        content=ft.Dropdown(
            label=label, value=value, options=options, on_select=on_select, width=width
        ),
    )


def option_list(pairs: Sequence[tuple[str, str]]) -> list[ft.DropdownOption]:
    """Dropdown options from ``(key, text)`` pairs."""
    return [ft.DropdownOption(key=k, text=t) for k, t in pairs]
