"""The always-visible sync bar: connection, changes waiting, last sync, progress, errors."""

from __future__ import annotations

import asyncio

import flet as ft

from client.ui.common.app_state import AppState
from client.ui.common.i18n import tr
from client.ui.common.sync_state import SyncState
from client.ui.common.widgets import labelled
from client.ui.session import AppSession

__all__ = ["SyncBar"]


@ft.component
def SyncBar(session: AppSession, state: AppState, sync: SyncState) -> ft.Control:  # noqa: N802
    lang = state.lang
    now, set_now = ft.use_state(session.now_ms())

    async def tick() -> None:  # "5 menit lalu" and "Mencoba lagi dalam 12 dtk" keep moving
        while True:
            counting = sync.retry_text(state.lang, session.now_ms()) != ""
            await asyncio.sleep(1 if counting else 30)
            set_now(session.now_ms())

    ft.use_effect(tick, [])

    async def sync_click(_e: ft.Event[ft.Button]) -> None:
        await session.sync_now()
        set_now(session.now_ms())

    online = sync.online
    icon = (
        ft.Icons.CLOUD_DONE
        if online and sync.pending == 0
        else ft.Icons.CLOUD_UPLOAD
        if online
        else ft.Icons.CLOUD_OFF
    )
    colour = ft.Colors.GREEN_800 if online else ft.Colors.ORANGE_900
    rows: list[ft.Control] = [
        ft.Row(
            [
                ft.Icon(icon, color=colour, size=20),
                ft.Column(
                    [
                        labelled(
                            "sync-status",
                            ft.Text(
                                sync.summary(lang, max(now, session.now_ms())),
                                size=13,
                                weight=ft.FontWeight.W_500,
                            ),
                        ),
                    ],
                    expand=True,
                    spacing=0,
                ),
                # while a run goes the same place offers "Batal" (a hung server never holds
                # the bar: the run lets go at once, see AppSession.cancel_sync)
                ft.OutlinedButton(
                    tr(lang, "sync.cancel"),
                    icon=ft.Icons.CLOSE,
                    on_click=lambda _e: session.cancel_sync(),
                    height=48,
                )
                if sync.running
                else ft.FilledTonalButton(
                    tr(lang, "sync.now"), icon=ft.Icons.SYNC, on_click=sync_click, height=48
                ),
            ],
            vertical_alignment=ft.CrossAxisAlignment.CENTER,
        )
    ]
    if sync.running:
        rows.append(labelled("sync-progress", ft.ProgressBar(value=sync.progress, bar_height=4)))
    if sync.conflicts:
        rows.append(
            ft.TextButton(
                tr(lang, "sync.conflicts", n=sync.conflicts),
                icon=ft.Icons.CALL_SPLIT,
                on_click=lambda _e: ft.context.page.navigate("/konflik"),
            )
        )
    error = sync.error_text(lang)
    if error:
        rows.append(
            labelled("sync-error", ft.Text(error, size=13, color=ft.Colors.ON_ERROR_CONTAINER))
        )
    return ft.Container(
        ft.Column(rows, spacing=4),
        bgcolor=ft.Colors.ERROR_CONTAINER if error else ft.Colors.SURFACE_CONTAINER_HIGH,
        padding=ft.Padding(left=12, right=8, top=6, bottom=6),
    )
