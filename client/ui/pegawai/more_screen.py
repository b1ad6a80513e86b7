"""Lainnya: the less frequent places, the language switch, and signing out."""

from __future__ import annotations

import flet as ft

from client.ui.common.app_state import AppState
from client.ui.common.i18n import tr
from client.ui.common.widgets import muted, screen
from client.ui.session import AppSession

__all__ = ["MoreScreen"]


@ft.component
def MoreScreen(session: AppSession, state: AppState) -> ft.Control:  # noqa: N802
    lang = state.lang

    def link(key: str, icon: ft.IconData, route: str) -> ft.Control:
        return ft.ListTile(
            leading=ft.Icon(icon),
            title=ft.Text(tr(lang, key)),
            on_click=lambda _e: ft.context.page.navigate(route),
        )

    async def logout(_e: ft.Event[ft.ListTile]) -> None:
        await session.logout()
        state.notify_user(tr(lang, "logout.done"))
        ft.context.page.navigate("/")

    return screen(
        muted(f"{state.name} · NIP {state.nip}"),
        link("fb.title", ft.Icons.CHAT_OUTLINED, "/umpan-balik"),
        link("nav.logs", ft.Icons.LIST_ALT, "/catatan"),
        link("nav.conflicts", ft.Icons.CALL_SPLIT, "/konflik"),
        link("nav.guide", ft.Icons.MENU_BOOK_OUTLINED, "/panduan"),
        link("pw.title", ft.Icons.LOCK_RESET, "/kata-sandi"),
        ft.ListTile(
            leading=ft.Icon(ft.Icons.TRANSLATE),
            title=ft.Text(tr(lang, "lang.switch")),
            on_click=lambda _e: state.toggle_lang(),
        ),
        ft.ListTile(
            leading=ft.Icon(ft.Icons.LOGOUT), title=ft.Text(tr(lang, "logout")), on_click=logout
        ),
    )
