"""Masuk: NIP, password and server. Online the first time, offline after (the password opens
the data on this device)."""

from __future__ import annotations

from collections.abc import Callable

import flet as ft

from client.errors import DeviceError
from client.ui.common.app_state import AppState
from client.ui.common.i18n import tr
from client.ui.common.widgets import labelled, muted, screen, text_input
from client.ui.session import AppSession

__all__ = ["LoginScreen"]


@ft.component
def LoginScreen(session: AppSession, state: AppState) -> ft.Control:  # noqa: N802
    lang = state.lang
    # what was typed (uncontrolled fields: typing re-renders nothing)
    typed: dict[str, str] = ft.use_memo(
        lambda: {"nip": "", "password": "", "server": session.default_server}, []
    )
    error, set_error = ft.use_state("")
    busy, set_busy = ft.use_state(False)

    def put(key: str) -> Callable[[str], None]:
        def handler(text: str) -> None:
            typed[key] = text

        return handler

    async def submit(_e: ft.Event[ft.Button]) -> None:
        if busy:
            return
        nip, password, server = typed["nip"], typed["password"], typed["server"]
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
        text_input(
            typed["nip"],
            put("nip"),
            label=tr(lang, "login.nip"),
            keyboard_type=ft.KeyboardType.NUMBER,
            max_length=18,
        ),
        text_input(
            typed["password"],
            put("password"),
            label=tr(lang, "login.password"),
            password=True,
            can_reveal_password=True,
        ),
        text_input(
            typed["server"],
            put("server"),
            label=tr(lang, "login.server"),
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
