"""Beranda: today's entries, indicator progress, the latest feedback, reminders (each one
tapped opens the screen, and the period, it names)."""

from __future__ import annotations

from typing import Any, cast

import flet as ft

from client.errors import DeviceError
from client.ops.view_models import BerandaView
from client.ui.common.app_state import AppState
from client.ui.common.entry_card import EntryCard
from client.ui.common.fmt import fraction, number
from client.ui.common.i18n import tr
from client.ui.common.widgets import card, heading, labelled, muted, progress_row, screen
from client.ui.pegawai import reads
from client.ui.pegawai.assessment_forms import reminder_route
from client.ui.session import AppSession

__all__ = ["Beranda"]


@ft.component
def Beranda(session: AppSession, state: AppState) -> ft.Control:  # noqa: N802
    lang = state.lang
    # (data version, view) shown; after a save the view comes already read with it
    # (client/ui/pegawai/log_form.py) and is not read again
    shown = ft.use_ref(cast(tuple[int, BerandaView] | None, None))
    _, loaded = ft.use_state(0)
    fresh = session.take_beranda(state.data_version)
    if fresh is not None:
        shown.current = (state.data_version, fresh)

    async def load() -> None:
        version = state.data_version
        if shown.current is not None and shown.current[0] == version:
            return
        view = await session.call(reads.beranda_view, session.device, session.today())
        if shown.current is None or shown.current[0] < version:  # nothing newer came meanwhile
            shown.current = (version, view)
            loaded(lambda n: n + 1)

    ft.use_effect(load, [state.data_version])

    async def delete(record_id: str) -> None:
        try:
            await session.call(session.device.delete_log, record_id)
        except DeviceError as err:
            state.notify_user(str(err))
            return
        state.notify_user(tr(lang, "log.deleted"))
        await session.saved()

    remove = ft.use_callback(delete, [lang])  # the same function each render: cards memoized
    if shown.current is None:
        return screen(ft.ProgressRing())
    view = shown.current[1]
    names = view.names
    parts: list[ft.Control] = [
        ft.Text(
            tr(lang, "beranda.hello", name=view.name),
            theme_style=ft.TextThemeStyle.HEADLINE_SMALL,
        )
    ]
    if view.reminders:
        parts.append(
            labelled(
                "reminders",
                card(
                    heading(tr(lang, "beranda.reminders")),
                    *[_reminder(lang, key, values) for key, values in view.reminders],
                ),
            )
        )
    parts.append(heading(tr(lang, "beranda.today")))
    if view.today:
        parts.extend(
            EntryCard(lang, e, names.get(e.indicator_id, ""), remove, key=e.id) for e in view.today
        )
    else:
        parts.append(muted(tr(lang, "beranda.no_today")))
    parts.append(
        ft.FilledButton(
            tr(lang, "form.title_new"),
            icon=ft.Icons.ADD,
            on_click=lambda _e: ft.context.page.navigate("/catat"),
        )
    )
    parts.append(heading(tr(lang, "beranda.progress", year=view.year)))
    if not view.has_skp:
        parts.append(muted(tr(lang, "beranda.no_skp")))
    bars = [
        progress_row(
            i.text,
            tr(
                lang,
                "skp.target",
                realised=number(lang, i.realised),
                target=number(lang, i.target),
                unit=i.unit,
            ),
            fraction(i.realised, i.target),
        )
        for i in view.indicators
    ]
    if bars:
        parts.append(labelled("progress", card(*bars)))
    parts.append(heading(tr(lang, "beranda.feedback")))
    latest = view.latest_feedback
    parts.append(
        card(
            ft.Text(latest["text"]) if latest else muted(tr(lang, "beranda.no_feedback")),
            ft.TextButton(
                tr(lang, "fb.title"),
                icon=ft.Icons.CHAT_OUTLINED,
                on_click=lambda _e: ft.context.page.navigate("/umpan-balik"),
            ),
        )
    )
    return screen(*parts)


def _reminder(lang: str, key: str, values: dict[str, Any]) -> ft.Control:
    """A reminder: its words, and a tap that opens what it names (the self-assessment of the
    period it names, the conflicts, the log form)."""
    route = reminder_route(key, values)
    text = tr(lang, key, **values)
    if route is None:
        return ft.Row([ft.Icon(ft.Icons.NOTIFICATIONS_ACTIVE, size=18), ft.Text(text, expand=True)])
    return labelled(
        f"reminder-{key.removeprefix('remind.')}",
        ft.ListTile(
            leading=ft.Icon(ft.Icons.NOTIFICATIONS_ACTIVE, size=20),
            title=ft.Text(text),
            trailing=ft.Icon(ft.Icons.CHEVRON_RIGHT),
            content_padding=ft.Padding(left=0, right=0, top=0, bottom=0),
            min_height=48,
            on_click=lambda _e: ft.context.page.navigate(route),
        ),
    )
