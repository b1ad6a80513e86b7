"""A small feedback box for the supervisor (light for a tablet): what was already written about
this RHK or these BerAKHLAK values, one line to write more, and "Kirim". Saved on the device
at once through ``Device.feedback`` (tied to the RHK or the chosen value, the period given or
the current triwulan), synced later; the server checks the RHK is one of the employee's."""

from __future__ import annotations

from typing import Any, cast

import flet as ft

from client.errors import DeviceError
from client.ui.common.app_state import AppState
from client.ui.common.feedback_notes import note_line, notes_about
from client.ui.common.i18n import tr
from client.ui.common.widgets import choice, labelled, muted, text_input
from client.ui.session import AppSession
from client.ui.supervisor.forms import FEEDBACK_MAX, text_error
from shared_models import BerakhlakValue

__all__ = ["FeedbackBox"]


@ft.component
def FeedbackBox(  # noqa: N802
    session: AppSession,
    state: AppState,
    nip: str,
    *,
    ident: str,
    label: str,
    year: int,
    period: str | None = None,
    rhk_id: str | None = None,
    values: bool = False,
) -> ft.Control:
    """Feedback about one RHK (``rhk_id``) of the SKP of ``year`` or, with ``values``, about
    one BerAKHLAK value the supervisor picks (those of ``period`` shown); what was already
    written is read from the device and shown above the field."""
    lang = state.lang
    notes, set_notes = ft.use_state(cast(list[dict[str, Any]], []))
    typed: list[str] = ft.use_memo(lambda: [""], [])  # typing re-renders nothing
    sent, set_sent = ft.use_state(0)  # a note was saved: the field starts afresh
    chosen, set_chosen = ft.use_state(cast(str | None, None))
    error, set_error = ft.use_state("")

    async def load() -> None:
        found = await session.call(notes_about, session.device, nip, year)
        if values:
            labels = {v.value: v.label for v in BerakhlakValue}
            set_notes(
                [
                    {**n, "about": labels[v]}
                    for v in labels
                    for n in found["value"].get(v, [])
                    if period is None or n["period"] == period
                ]
            )
        else:
            set_notes(found["rhk"].get(rhk_id or "", []))

    ft.use_effect(load, [state.data_version, nip, year, period, rhk_id])

    def put(text: str) -> None:
        typed[0] = text

    async def send(_e: Any) -> None:
        text = typed[0].strip()
        if values and chosen is None:
            set_error(tr(lang, "fbx.pick_value"))
            return
        problem = text_error(lang, text, limit=FEEDBACK_MAX, empty_key="fbx.empty")
        if problem:
            set_error(problem)
            return
        try:
            await session.call(
                session.device.feedback,
                nip,
                text,
                period_code=period,
                kind="umpan_balik",
                rhk=rhk_id,
                value=chosen if values else None,
            )
        except DeviceError as err:
            set_error(str(err))
            return
        typed[0] = ""
        set_error("")
        set_sent(sent + 1)
        state.notify_user(tr(lang, "fbx.sent"))
        await session.saved()

    rows: list[ft.Control] = [
        labelled(
            f"{ident}-note-{i}", ft.Text(note_line(lang, n, about=n.get("about", "")), size=13)
        )
        for i, n in enumerate(notes)
    ]
    if values:
        rows.append(
            ft.RadioGroup(
                content=ft.Row([choice(v.value, v.label) for v in BerakhlakValue], wrap=True),
                value=chosen,
                on_change=lambda e: set_chosen(e.control.value),
            )
        )
    rows.append(
        ft.Row(
            [
                ft.Container(
                    text_input(
                        "",
                        put,
                        reset=sent,
                        label=label,
                        error=error or None,
                        max_length=FEEDBACK_MAX,  # Flutter shows the counter (12/2000)
                    ),
                    expand=True,
                ),
                ft.TextButton(tr(lang, "fbx.send"), icon=ft.Icons.SEND, on_click=send),
            ],
            vertical_alignment=ft.CrossAxisAlignment.START,
        )
    )
    if not notes and not values:
        rows.insert(0, muted(tr(lang, "fbx.none")))
    return labelled(ident, ft.Column(rows, spacing=4))
