"""The app: one AppSession per browser session, the route decides the screen."""

from __future__ import annotations

import pathlib
from collections.abc import Callable
from typing import Any

import flet as ft

from client.store.keycache import MemoryKeys
from client.ui.branding import APP_NAME
from client.ui.common.app_state import AppState
from client.ui.common.login import LoginScreen
from client.ui.common.password_screen import PasswordScreen
from client.ui.session import AppSession, SessionConfig
from client.ui.shell import Shell

__all__ = ["App", "make_main"]


@ft.component
def App(  # noqa: N802
    session: AppSession, state: AppState, prefs: ft.SharedPreferences | None = None
) -> ft.Control:
    page = ft.context.page
    route, set_route = ft.use_state(page.route or "/")
    width, set_width = ft.use_state(float(page.width or 412))
    ready, set_ready = ft.use_state(False)
    session.route_shown_by(set_route)

    async def mount() -> None:
        def on_route(e: ft.RouteChangeEvent) -> None:
            set_route(e.route)

        def on_resize(e: ft.PageResizeEvent) -> None:
            set_width(float(e.width))

        page.on_route_change = on_route
        page.on_resize = on_resize
        session.file_picker()  # registered up front: adding a service later re-sends the page
        if prefs is not None:  # web and phone: the browser's (the phone's) own device
            await session.attach(prefs, session.home)
        await session.resume()
        set_ready(True)
        session.start(page.run_task)

    ft.use_effect(mount, [])

    def follow_lang() -> None:  # the calendar and the clock speak the app's language
        page.locale_configuration = _locales(state.lang)
        page.update()

    ft.use_effect(follow_lang, [state.lang])

    if not ready:
        return ft.Container(ft.ProgressRing(), alignment=ft.Alignment.CENTER, expand=True)
    if not state.signed_in:
        return ft.SafeArea(LoginScreen(session, state), expand=True)
    if state.must_change_password:  # nothing else answers until the password is changed
        return ft.SafeArea(PasswordScreen(session, state, True), expand=True)
    return ft.SafeArea(Shell(session, route, width), expand=True)


def _locales(lang: str) -> ft.LocaleConfiguration:
    indonesian, english = ft.Locale("id", "ID"), ft.Locale("en", "US")
    return ft.LocaleConfiguration(
        supported_locales=[indonesian, english],
        current_locale=english if lang == "en" else indonesian,
    )


def _theme() -> ft.Theme:
    """Teal, and made for fingers: Flutter on the web takes the desktop's compact density
    (32 px buttons); standard density and taller buttons give every button and choice a
    touch target of at least 48 px (checked on the phone layout in tests/ui)."""
    tall = ft.ButtonStyle(padding=ft.Padding(left=20, right=20, top=14, bottom=14))
    return ft.Theme(
        color_scheme_seed=ft.Colors.TEAL,
        visual_density=ft.VisualDensity.STANDARD,
        filled_button_theme=ft.FilledButtonTheme(style=tall),
        button_theme=ft.ButtonTheme(style=tall),
        outlined_button_theme=ft.OutlinedButtonTheme(style=tall),
        text_button_theme=ft.TextButtonTheme(style=tall),
        icon_button_theme=ft.IconButtonTheme(style=ft.ButtonStyle(padding=ft.Padding.all(12))),
        segmented_button_theme=ft.SegmentedButtonTheme(
            style=ft.ButtonStyle(padding=ft.Padding(left=12, right=12, top=14, bottom=14))
        ),
        radio_theme=ft.RadioTheme(visual_density=ft.VisualDensity.STANDARD),
        checkbox_theme=ft.CheckboxTheme(visual_density=ft.VisualDensity.STANDARD),
    )


def make_main(
    home: pathlib.Path, server_url: str | None, config: SessionConfig | None = None
) -> Callable[[ft.Page], Any]:
    """The ``main`` Flet calls once per browser session: each gets its own AppSession, whose
    device is the browser's own (``client.ui.device_slot``: a data folder per browser under
    ``home/sessions``, so every browser signs in on its own and signs out alone). The store
    keys unlocked at sign-in stay in this process's memory, per data folder and NIP (a tab
    reopened in the same browser continues; a restarted app asks for the password)."""
    keys = MemoryKeys()

    def main(page: ft.Page) -> None:
        session = AppSession(home, server_url, config=config, keys=keys)
        prefs = ft.SharedPreferences()  # before the first render: sent with the page
        page.title = APP_NAME
        page.theme = _theme()
        page.locale_configuration = _locales("id")
        page.padding = 0
        page.on_close = lambda _e: session.close()  # the session expired (60 min after the tab)
        page.on_disconnect = lambda _e: setattr(session, "active", False)
        page.on_connect = lambda _e: setattr(session, "active", True)
        page.render(App, session, session.state, prefs)

    return main
