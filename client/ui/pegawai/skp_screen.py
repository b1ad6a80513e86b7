"""SKP saya: RHK with indicators, targets and realisation, the supervisor's RHK each one
supports, BerAKHLAK values with the supervisor's expectations; while the SKP is a draft or was
returned, add or change its RHK (client/ui/pegawai/skp_draft.py) and submit it."""

from __future__ import annotations

from typing import Any, cast

import flet as ft

from client.errors import DeviceError
from client.ops import writes
from client.ops.view_models import SkpDetail
from client.ui.common.app_state import AppState
from client.ui.common.feedback_notes import note_line
from client.ui.common.fmt import fraction, number
from client.ui.common.i18n import tr
from client.ui.common.widgets import card, heading, labelled, muted, progress_row, screen
from client.ui.pegawai.reads import skp_with_notes
from client.ui.pegawai.skp_draft import RhkEditor
from client.ui.session import AppSession
from shared_models import RhkKind, SkpStatus

__all__ = ["SkpScreen"]


@ft.component
def SkpScreen(session: AppSession, state: AppState) -> ft.Control:  # noqa: N802, C901 - one screen, one component
    lang = state.lang
    data, set_data = ft.use_state(cast(SkpDetail | None, None))
    loaded, set_loaded = ft.use_state(False)
    editing, set_editing = ft.use_state(cast(str | None, None))  # the RHK being changed
    drafted, set_drafted = ft.use_state(0)  # RHK saved: the form starts afresh
    year = session.today().year

    async def load() -> None:
        set_data(await session.call(skp_with_notes, session.device, year))
        set_loaded(True)

    ft.use_effect(load, [state.data_version])

    async def submit(_e: ft.Event[ft.Button]) -> None:
        try:
            await session.call(writes.submit_skp, session.device, year)
        except DeviceError as err:
            state.notify_user(str(err))
            return
        state.notify_user(tr(lang, "skp.submitted"))
        await session.saved()

    if not loaded:
        return screen(ft.ProgressRing())
    if data is None:
        return screen(muted(tr(lang, "beranda.no_skp")))
    status = data.status or SkpStatus.DRAFT
    draft = status in (SkpStatus.DRAFT, SkpStatus.DIKEMBALIKAN)

    def done() -> None:
        set_editing(None)
        set_drafted(drafted + 1)

    def change(rhk_id: str) -> Any:
        return lambda _e: set_editing(rhk_id)

    parts: list[ft.Control] = [
        ft.Text(
            tr(lang, "skp.title", year=data.year), theme_style=ft.TextThemeStyle.HEADLINE_SMALL
        ),
        labelled("skp-status", ft.Text(tr(lang, "skp.status", status=status.label))),
    ]
    if draft:
        if data.return_note:
            parts.append(ft.Text(tr(lang, "skp.return_note", text=data.return_note)))
        parts.append(muted(tr(lang, "skp.draft_hint")))
        parts.append(ft.FilledButton(tr(lang, "skp.submit"), icon=ft.Icons.SEND, on_click=submit))
    for rhk in data.rhk:
        rows: list[ft.Control] = [
            muted(tr(lang, "skp.utama" if rhk.kind == RhkKind.UTAMA else "skp.tambahan")),
            ft.Text(rhk.text, weight=ft.FontWeight.W_600),
        ]
        if rhk.parent_text:
            rows.append(muted(tr(lang, "skp.supports", text=rhk.parent_text)))
        for i in rhk.indicators:
            rows.append(
                progress_row(
                    f"{i.text} ({i.aspect}; {tr(lang, 'skp.how.' + i.aggregation)})",
                    tr(
                        lang,
                        "skp.target",
                        realised=number(lang, i.realised),
                        target=number(lang, i.target),
                        unit=i.unit,
                    ),
                    fraction(i.realised, i.target),
                )
            )
        rows += _notes(lang, f"rhk-{rhk.id}", data.notes["rhk"].get(rhk.id, []))
        if draft:
            rows.append(
                ft.TextButton(tr(lang, "rhk.edit"), icon=ft.Icons.EDIT, on_click=change(rhk.id))
            )
        parts.append(card(*rows))
    if draft:  # outside the cards: fields of their own, not merged into a card's text
        changing = next((r for r in data.rhk if r.id == editing), None)
        parents = data.parents
        link = data.links.get(editing) if changing and editing else None
        parts.append(
            RhkEditor(
                session,
                state,
                year,
                parents,
                changing,
                link or (parents[0].id if len(parents) == 1 else None),
                done,
                key=f"rhk-{editing}" if changing else f"rhk-new-{drafted}",
            )  # type: ignore[call-arg]
        )
    parts.append(heading(tr(lang, "skp.perilaku")))
    for v in data.values:
        rows = [ft.Text(v.label, weight=ft.FontWeight.W_600)]
        rows += [ft.Text(f"• {g}", size=13) for g in v.guides]
        if v.expectation:
            rows.append(
                ft.Text(
                    tr(lang, "skp.expectation", text=v.expectation),
                    size=13,
                    italic=True,
                    color=ft.Colors.PRIMARY,
                )
            )
        rows += _notes(lang, f"value-{v.value}", data.notes["value"].get(v.value, []))
        parts.append(card(*rows))
    return screen(*parts)


def _notes(lang: str, ident: str, notes: list[dict[str, Any]]) -> list[ft.Control]:
    """The supervisor's feedback about this RHK or value, where it is about."""
    return [
        labelled(
            f"note-{ident}-{i}",
            ft.Text(
                f"{tr(lang, 'fbx.from_boss')}, {note_line(lang, n)}",
                size=13,
                color=ft.Colors.TERTIARY,
            ),
        )
        for i, n in enumerate(notes)
    ]
