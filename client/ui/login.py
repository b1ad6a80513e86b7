"""Masuk: NIP, password and server. Online the first time, offline after (local verifier)."""

from __future__ import annotations

import flet as ft

from client.errors import DeviceError
from client.ui.app_state import AppState
from client.ui.i18n import tr
from client.ui.session import AppSession
from client.ui.widgets import labelled, muted, screen

__all__ = ["LoginScreen"]


@ft.component
def LoginScreen(session: AppSession, state: AppState) -> ft.Control:  # noqa: N802
    lang = state.lang
    nip, set_nip = ft.use_state("")
    password, set_password = ft.use_state("")
    server, set_server = ft.use_state(session.default_server)
    error, set_error = ft.use_state("")
    busy, set_busy = ft.use_state(False)

    async def submit(_e: ft.Event[ft.Button]) -> None:
        if len(nip.strip()) != 18 or not nip.strip().isdigit():
            set_error(tr(lang, "login.need_nip"))
            return
        if not password:
            set_error(tr(lang, "login.need_password"))
            return
        set_busy(True)
        set_error("")
        try:
            result = await session.login(nip, password, server.strip())
        except DeviceError as err:
            set_error(str(err))
            set_busy(False)
            return
        set_busy(False)
        if result.get("mode") == "offline":
            state.notify_user(tr(lang, "login.offline"))
        session.request_sync()
        ft.context.page.navigate("/")

    return screen(
        ft.Row(
            [ft.Icon(ft.Icons.TASK_ALT, size=40, color=ft.Colors.PRIMARY)],
            alignment=ft.MainAxisAlignment.CENTER,
        ),
        ft.Text(
            tr(lang, "app.title"),
            theme_style=ft.TextThemeStyle.HEADLINE_SMALL,
            text_align=ft.TextAlign.CENTER,
        ),
        muted(tr(lang, "login.intro")),
        ft.TextField(
            label=tr(lang, "login.nip"),
            value=nip,
            on_change=lambda e: set_nip(e.control.value),
            keyboard_type=ft.KeyboardType.NUMBER,
            max_length=18,
        ),
        ft.TextField(
            label=tr(lang, "login.password"),
            value=password,
            password=True,
            can_reveal_password=True,
            on_change=lambda e: set_password(e.control.value),
        ),
        ft.TextField(
            label=tr(lang, "login.server"),
            value=server,
            on_change=lambda e: set_server(e.control.value),
            keyboard_type=ft.KeyboardType.URL,
        ),
        labelled("login-error", ft.Text(error, color=ft.Colors.ERROR)) if error else ft.Container(),
        ft.FilledButton(
            tr(lang, "login.busy" if busy else "login.submit"),
            icon=ft.Icons.LOGIN,
            on_click=submit,
            disabled=busy,
        ),
        ft.TextButton(
            tr(lang, "lang.switch"),
            icon=ft.Icons.TRANSLATE,
            on_click=lambda _e: state.toggle_lang(),
        ),
    )
