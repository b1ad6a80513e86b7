"""The frame around every screen: app bar, sync bar, notice, navigation (bar or rail)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import flet as ft

from client.ui.common.app_state import AppState
from client.ui.common.i18n import tr
from client.ui.common.sync_bar import SyncBar
from client.ui.common.widgets import labelled
from client.ui.pegawai.beranda import Beranda
from client.ui.screens import body_for
from client.ui.session import AppSession

__all__ = ["HR", "NAV", "TEAM", "Shell", "nav_for", "nav_index"]

WIDE = 720


@dataclass(frozen=True, slots=True)
class Destination:
    route: str
    key: str
    icon: ft.IconData
    selected: ft.IconData


NAV = (
    Destination("/", "nav.beranda", ft.Icons.HOME_OUTLINED, ft.Icons.HOME),
    Destination("/skp", "nav.skp", ft.Icons.ASSIGNMENT_OUTLINED, ft.Icons.ASSIGNMENT),
    Destination("/catat", "nav.log", ft.Icons.ADD_CIRCLE_OUTLINE, ft.Icons.ADD_CIRCLE),
    Destination("/penilaian", "nav.assess", ft.Icons.FACT_CHECK_OUTLINED, ft.Icons.FACT_CHECK),
    Destination("/lainnya", "nav.more", ft.Icons.MENU, ft.Icons.MENU_OPEN),
)
_MORE = ("/lainnya", "/umpan-balik", "/catatan", "/konflik", "/panduan")
TEAM = Destination("/tim", "nav.team", ft.Icons.GROUPS_OUTLINED, ft.Icons.GROUPS)
HR = Destination(
    "/hr", "nav.hr", ft.Icons.ADMIN_PANEL_SETTINGS_OUTLINED, ft.Icons.ADMIN_PANEL_SETTINGS
)
_TEAM = ("/tim", "/sebaran", "/keberatan")
_SUPERVISOR_ROLES = frozenset({"pejabat_penilai", "atasan_pejabat_penilai"})
_HR_ROLES = frozenset({"admin_opd", "admin_bkpp"})


def nav_for(roles: frozenset[str]) -> tuple[Destination, ...]:
    """The destinations of a user: "Tim saya" for supervisors, "HR" for HR admins."""
    extra = []
    if roles & _SUPERVISOR_ROLES:
        extra.append(TEAM)
    if roles & _HR_ROLES:
        extra.append(HR)
    return (*NAV[:4], *extra, NAV[4])


def nav_index(route: str, nav: tuple[Destination, ...] = NAV) -> int:
    """Which destination a route belongs to (sub-pages highlight their section)."""
    path = route.split("?")[0].split("#")[0]
    routes = [d.route for d in nav]
    if path.startswith(_MORE):
        return routes.index("/lainnya")
    if path.startswith(_TEAM) and "/tim" in routes:
        return routes.index("/tim")
    for i, d in enumerate(nav):
        if d.route not in ("/", "/lainnya") and path.startswith(d.route):
            return i
    return 0


def _go(
    nav: tuple[Destination, ...],
) -> Callable[[ft.Event[ft.NavigationBar] | ft.Event[ft.NavigationRail]], None]:
    def go(e: ft.Event[ft.NavigationBar] | ft.Event[ft.NavigationRail]) -> None:
        # the event's own data first: the control may be a re-rendered copy with the old index
        selected = e.data if e.data not in (None, "") else e.control.selected_index
        ft.context.page.navigate(nav[int(selected or 0)].route)

    return go


@ft.component
def TopBar(state: AppState, index: int, nav: tuple[Destination, ...] = NAV) -> ft.Control:  # noqa: N802
    lang = state.lang
    return ft.Container(
        ft.Row(
            [
                ft.Column(
                    [
                        ft.Text(
                            tr(lang, nav[index].key) if index else tr(lang, "app.title"),
                            theme_style=ft.TextThemeStyle.TITLE_LARGE,
                            max_lines=1,
                            overflow=ft.TextOverflow.ELLIPSIS,
                        ),
                        # whose account this browser shows (each browser signs in on its own)
                        labelled(
                            "account",
                            ft.Text(
                                tr(lang, "account.who", name=state.name or state.nip or "-"),
                                size=12,
                                max_lines=1,
                                overflow=ft.TextOverflow.ELLIPSIS,
                            ),
                        ),
                    ],
                    spacing=0,
                    expand=True,
                ),
                ft.IconButton(
                    ft.Icons.HELP_OUTLINE,
                    tooltip=tr(lang, "guide.open"),
                    on_click=lambda _e: ft.context.page.navigate("/panduan"),
                ),
                ft.TextButton(
                    "EN" if lang == "id" else "ID",
                    tooltip=tr(lang, "lang.switch"),
                    on_click=lambda _e: state.toggle_lang(),
                ),
            ]
        ),
        padding=ft.Padding(left=16, right=4, top=8, bottom=4),
        bgcolor=ft.Colors.PRIMARY_CONTAINER,
    )


@ft.component
def Notice(state: AppState) -> ft.Control:  # noqa: N802
    return ft.Container(
        ft.Row(
            [
                labelled("notice", ft.Text(state.notice, expand=True)),
                ft.IconButton(ft.Icons.CLOSE, on_click=lambda _e: state.notify_user("")),
            ]
        ),
        bgcolor=ft.Colors.SECONDARY_CONTAINER,
        padding=ft.Padding(left=16, right=4, top=0, bottom=0),
        visible=bool(state.notice),
    )


@ft.component
def NavBar(state: AppState, index: int, nav: tuple[Destination, ...] = NAV) -> ft.Control:  # noqa: N802
    return ft.NavigationBar(
        selected_index=index,
        on_change=_go(nav),
        destinations=[
            ft.NavigationBarDestination(
                icon=d.icon, selected_icon=d.selected, label=tr(state.lang, d.key)
            )
            for d in nav
        ],
    )


@ft.component
def NavRail(state: AppState, index: int, nav: tuple[Destination, ...] = NAV) -> ft.Control:  # noqa: N802
    return ft.NavigationRail(
        selected_index=index,
        on_change=_go(nav),
        label_type=ft.NavigationRailLabelType.ALL,
        destinations=[
            ft.NavigationRailDestination(
                icon=d.icon, selected_icon=d.selected, label=tr(state.lang, d.key)
            )
            for d in nav
        ],
    )


@ft.component
def _Shell(session: AppSession, route: str, width: float) -> ft.Control:  # noqa: N802
    # No observable among the arguments: the frame re-renders only when the route or the width
    # changes. Each part below subscribes to the state it shows, and so does each screen, so a
    # sync or a language switch never rebuilds the screen being typed into.
    state = session.state
    nav = nav_for(session.roles)
    index = nav_index(route, nav)
    # Beranda stays mounted (hidden) under the other screens: coming back to it, after a save
    # above all, re-renders only what changed (the new card) instead of building it anew.
    home = (route.split("?")[0].split("#")[0].rstrip("/") or "/") == "/"
    screens: list[ft.Control] = [ft.Container(Beranda(session, state), expand=True, visible=home)]
    if not home:
        screens.append(ft.Container(body_for(session, state, route), expand=True))
    body = ft.Column(screens, expand=True, spacing=0)
    column: list[ft.Control] = [
        TopBar(state, index, nav),
        SyncBar(session, state, session.sync),
        Notice(state),
    ]
    if width >= WIDE:
        column.append(
            ft.Row([NavRail(state, index, nav), ft.VerticalDivider(width=1), body], expand=True)
        )
        return ft.Column(column, expand=True, spacing=0)
    column.append(body)
    column.append(NavBar(state, index, nav))
    return ft.Column(column, expand=True, spacing=0)


_MEMO_SHELL: Callable[[AppSession, str, float], ft.Control] = ft.memo(_Shell)  # type: ignore[no-untyped-call]


def Shell(session: AppSession, route: str, width: float) -> ft.Control:  # noqa: N802
    """The frame, memoized: re-rendered only when its route or width changes."""
    return _MEMO_SHELL(session, route, width)
