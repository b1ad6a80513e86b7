"""Ganti kata sandi: the current password, the new one twice, and the rule shown beforehand.

Reached from Lainnya; shown instead of everything else while the server says the password must
be changed first (an account created or reset by an admin). The rule is checked here with the
same function the server runs (``shared_models.passwords``), so the reason shows at once; the
server still decides.
"""

from __future__ import annotations

from collections.abc import Callable

import flet as ft

from client.errors import DeviceError
from client.ui.common.app_state import AppState
from client.ui.common.i18n import tr
from client.ui.common.widgets import heading, labelled, muted, screen, text_input
from client.ui.session import AppSession
from shared_models.passwords import PASSWORD_RULE, password_issues

__all__ = ["PasswordScreen", "password_problem"]


def password_problem(lang: str, nip: str, current: str, new: str, repeat: str) -> str:
    """What is wrong with the form, in ``lang`` ("" when it may be sent)."""
    if not current:
        return tr(lang, "pw.need_current")
    issues = password_issues(new, nip=nip, current=current)
    if issues:
        return " ".join(tr(lang, f"pw.issue.{issue}") for issue in issues)
    if new != repeat:
        return tr(lang, "pw.mismatch")
    return ""


@ft.component
def PasswordScreen(session: AppSession, state: AppState, forced: bool) -> ft.Control:  # noqa: N802
    lang = state.lang
    typed: dict[str, str] = ft.use_memo(lambda: {"current": "", "new": "", "repeat": ""}, [])
    error, set_error = ft.use_state("")
    busy, set_busy = ft.use_state(False)
    reset, set_reset = ft.use_state(0)

    def put(key: str) -> Callable[[str], None]:
        def handler(text: str) -> None:
            typed[key] = text

        return handler

    async def submit(_e: ft.Event[ft.Button]) -> None:
        if busy:
            return
        problem = password_problem(
            lang, state.nip or "", typed["current"], typed["new"], typed["repeat"]
        )
        if problem:
            set_error(problem)
            return
        set_busy(True)
        set_error("")
        try:
            result = await session.change_password(typed["current"], typed["new"])
        except DeviceError as err:
            set_error(str(err))
            set_busy(False)
            return
        set_busy(False)
        typed.update(current="", new="", repeat="")
        set_reset(reset + 1)
        others = int(result.get("other_sessions_ended", 0))
        state.notify_user(tr(lang, "pw.done_others", n=others) if others else tr(lang, "pw.done"))
        session.request_sync()
        ft.context.page.navigate("/" if forced else "/lainnya")

    async def logout(_e: ft.Event[ft.TextButton]) -> None:
        await session.logout()
        state.notify_user(tr(lang, "logout.done"))
        ft.context.page.navigate("/")

    def field(key: str, label: str) -> ft.Control:
        return text_input(
            typed[key],
            put(key),
            reset=reset,
            label=tr(lang, label),
            password=True,
            can_reveal_password=True,
        )

    rule = PASSWORD_RULE[1] if lang == "en" else PASSWORD_RULE[0]
    return screen(
        heading(tr(lang, "pw.title")),
        labelled("pw-forced", muted(tr(lang, "pw.forced"))) if forced else ft.Container(),
        muted(tr(lang, "pw.online")),
        labelled("pw-rule", muted(tr(lang, "pw.rule", rule=rule))),
        field("current", "pw.current"),
        field("new", "pw.new"),
        field("repeat", "pw.repeat"),
        labelled("pw-error", ft.Text(error, color=ft.Colors.ERROR)) if error else ft.Container(),
        ft.FilledButton(
            tr(lang, "pw.busy" if busy else "pw.submit"),
            icon=ft.Icons.LOCK_RESET,
            on_click=submit,
            disabled=busy,
        ),
        ft.TextButton(tr(lang, "logout"), icon=ft.Icons.LOGOUT, on_click=logout)
        if forced
        else ft.Container(),
        ft.TextButton(
            tr(lang, "lang.switch"),
            icon=ft.Icons.TRANSLATE,
            on_click=lambda _e: state.toggle_lang(),
        )
        if forced
        else ft.Container(),
    )
