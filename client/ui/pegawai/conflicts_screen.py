"""Konflik: both versions side by side, in words, and the person chooses."""

from __future__ import annotations

from typing import Any, cast

import flet as ft

from client.errors import DeviceError
from client.ops.view_models import ConflictView, Keep
from client.ui.common.app_state import AppState
from client.ui.common.fmt import number
from client.ui.common.i18n import tr
from client.ui.common.widgets import card, heading, labelled, muted, screen
from client.ui.pegawai import reads
from client.ui.session import AppSession
from shared_models import RecordKind

__all__ = ["ConflictsScreen", "describe"]

_FIELD_LABELS = {
    "id": {
        "value": "Realisasi",
        "description": "Uraian",
        "date": "Tanggal",
        "start_time": "Jam mulai",
        "end_time": "Jam selesai",
        "place": "Tempat",
        "indicator_id": "Indikator",
        "evidence": "Bukti",
        "text": "Isi",
    },
    "en": {
        "value": "Realised",
        "description": "Description",
        "date": "Date",
        "start_time": "Start",
        "end_time": "End",
        "place": "Place",
        "indicator_id": "Indicator",
        "evidence": "Evidence",
        "text": "Text",
    },
}


def describe(lang: str, values: dict[str, Any]) -> list[str]:
    """A version's values as lines a person reads ("Realisasi: 5")."""
    if "_deleted" in values:
        return [tr(lang, "cf.deleted")]
    labels = _FIELD_LABELS["en" if lang == "en" else "id"]
    lines = []
    for name, value in sorted(values.items()):
        if name.startswith("_"):
            continue
        shown = (
            number(lang, float(value))
            if isinstance(value, int | float) and not isinstance(value, bool)
            else (str(len(value)) if isinstance(value, list) else str(value or "-"))
        )
        lines.append(f"{labels.get(name, name)}: {shown}")
    return lines


def _side(title: str, lines: list[str], identifier: str) -> ft.Control:
    return ft.Container(
        labelled(
            identifier,
            ft.Column(
                [ft.Text(title, weight=ft.FontWeight.W_600), *[ft.Text(x) for x in lines]],
                spacing=2,
            ),
        ),
        padding=8,
        border=ft.Border.all(1, ft.Colors.OUTLINE_VARIANT),
        border_radius=8,
        expand=True,
    )


@ft.component
def ConflictsScreen(session: AppSession, state: AppState) -> ft.Control:  # noqa: N802
    lang = state.lang
    rows, set_rows = ft.use_state(cast(list[ConflictView] | None, None))

    async def load() -> None:
        set_rows(await session.call(reads.conflicts_view, session.device))

    ft.use_effect(load, [state.data_version])

    async def resolve(conflict_id: str, keep: Keep) -> None:
        try:
            await session.call(session.device.resolve, conflict_id, keep)
        except DeviceError as err:
            state.notify_user(str(err))
            return
        state.notify_user(tr(lang, "cf.resolved"))
        await session.saved()

    def handler(conflict_id: str, keep: Keep) -> Any:
        async def click(_e: ft.Event[ft.Button]) -> None:
            await resolve(conflict_id, keep)

        return click

    if rows is None:
        return screen(ft.ProgressRing())
    parts: list[ft.Control] = [heading(tr(lang, "cf.title"))]
    if not rows:
        return screen(*parts, labelled("conflicts-none", muted(tr(lang, "cf.none"))))
    parts.append(muted(tr(lang, "cf.intro")))
    for c in rows:
        mine_lost = c.mine == "losing"
        mine = c.losing if mine_lost else c.winning
        other = c.winning if mine_lost else c.losing
        sides: list[ft.Control] = [
            _side(tr(lang, "cf.this"), describe(lang, mine), "conflict-mine"),
            _side(tr(lang, "cf.other"), describe(lang, other), "conflict-other"),
        ]
        buttons: list[ft.Control] = [
            ft.FilledButton(tr(lang, "cf.keep_mine"), on_click=handler(c.id, "mine")),
            ft.OutlinedButton(tr(lang, "cf.keep_theirs"), on_click=handler(c.id, "theirs")),
        ]
        if c.kind in (RecordKind.PROGRESS_LOG, RecordKind.FEEDBACK):
            buttons.append(ft.TextButton(tr(lang, "cf.keep_both"), on_click=handler(c.id, "both")))
        parts.append(
            card(
                muted(c.cause_text),
                *([labelled("conflict-reason", ft.Text(c.reason))] if c.reason else []),
                ft.Row(sides, vertical_alignment=ft.CrossAxisAlignment.START),
                ft.Row(buttons, wrap=True),
            )
        )
    return screen(*parts)
