"""One progress entry as a card: what, when, how much, its evidence, its sync mark and the
supervisor's feedback about it."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

import flet as ft

from client.ops.view_models import LogEntry, OwnEntry
from client.store import PENDING
from client.ui.common.fmt import format_date_id, format_time_wib, number
from client.ui.common.i18n import tr
from client.ui.common.widgets import labelled

__all__ = ["EntryCard", "boss_notes", "sync_mark"]


def boss_notes(entry: LogEntry) -> list[str]:
    """The supervisor's words about this entry: the feedback notes tied to it (on its owner's
    screens) and the comment kept on the entry itself (both sync down to the employee), each
    text once."""
    feedback = entry.feedback if isinstance(entry, OwnEntry) else []
    notes = [n for n in feedback if n.strip()]
    comment = entry.supervisor_comment.strip()
    if comment and comment not in notes:
        notes.append(comment)
    return notes


def sync_mark(lang: str, entry: LogEntry) -> tuple[str, ft.IconData, ft.Colors]:
    """(text, icon, colour) of an entry's sync state, in words."""
    if isinstance(entry, OwnEntry) and entry.in_conflict:
        return tr(lang, "log.conflict"), ft.Icons.CALL_SPLIT, ft.Colors.RED_700
    if entry.sync_state == PENDING:
        return tr(lang, "log.pending"), ft.Icons.SCHEDULE, ft.Colors.ORANGE_800
    return tr(lang, "log.synced"), ft.Icons.CHECK_CIRCLE, ft.Colors.GREEN_700


@ft.component
def _EntryCard(  # noqa: N802
    lang: str,
    entry: LogEntry,
    indicator_text: str,
    on_delete: Callable[[str], Awaitable[None]] | None = None,
) -> ft.Control:
    confirming, set_confirming = ft.use_state(False)
    text, icon, colour = sync_mark(lang, entry)
    when = format_date_id(entry.date, lang) + (
        f"  {entry.start}-{format_time_wib(entry.end)}" if entry.start else ""
    )
    evidence = entry.evidence
    details: list[ft.Control] = [
        ft.Row(
            [
                ft.Text(
                    f"{number(lang, float(entry.value))} {entry.unit}",
                    weight=ft.FontWeight.W_600,
                ),
                ft.Text(when, size=13, color=ft.Colors.ON_SURFACE_VARIANT, expand=True),
                labelled(
                    f"mark-{entry.id}",
                    ft.Row(
                        [
                            ft.Icon(icon, size=16, color=colour),
                            ft.Text(text, size=12, color=colour),
                        ],
                        spacing=4,
                    ),
                ),
            ],
        ),
        ft.Text(entry.note or "", size=14),
        ft.Text(indicator_text, size=12, color=ft.Colors.ON_SURFACE_VARIANT),
    ]
    extra = []
    if entry.place:
        extra.append(entry.place)
    if evidence:
        extra.append(tr(lang, "log.evidence", n=len(evidence)))
        if any(e.status == "belum_terunggah" for e in evidence):
            extra.append(tr(lang, "log.evidence_missing"))
    if extra:
        details.append(ft.Text(" · ".join(extra), size=12, color=ft.Colors.ON_SURFACE_VARIANT))
    for i, note in enumerate(boss_notes(entry)):  # the supervisor's, about this entry
        details.append(
            labelled(
                f"entry-note-{entry.id}-{i}",
                ft.Text(f"{tr(lang, 'fbx.from_boss')}: {note}", size=13, color=ft.Colors.TERTIARY),
            )
        )
    if entry.acknowledged_by:
        details.append(
            labelled(
                f"entry-checked-{entry.id}",
                ft.Row(
                    [
                        ft.Icon(ft.Icons.DONE, size=16, color=ft.Colors.GREEN_800),
                        ft.Text(tr(lang, "entry.checked"), size=12, color=ft.Colors.GREEN_800),
                    ],
                    spacing=4,
                ),
            )
        )

    async def really_delete(_e: ft.Event[ft.TextButton]) -> None:
        set_confirming(False)
        if on_delete is not None:
            await on_delete(entry.id)

    actions: list[ft.Control] = []
    if on_delete is not None:
        if confirming:
            actions = [
                ft.Text(tr(lang, "log.confirm_delete"), size=13, expand=True),
                ft.TextButton(tr(lang, "log.cancel"), on_click=lambda _e: set_confirming(False)),
                ft.TextButton(tr(lang, "log.delete"), on_click=really_delete),
            ]
        else:
            actions = [
                ft.Container(expand=True),
                ft.TextButton(
                    tr(lang, "log.edit"),
                    icon=ft.Icons.EDIT,
                    on_click=lambda _e: ft.context.page.navigate(f"/catat/{entry.id}"),
                ),
                ft.TextButton(
                    tr(lang, "log.delete"),
                    icon=ft.Icons.DELETE_OUTLINE,
                    on_click=lambda _e: set_confirming(True),
                ),
            ]
        details.append(ft.Row(actions, spacing=0))
    return ft.Card(
        content=ft.Container(ft.Column(details, spacing=4), padding=12),
        margin=0,
    )


_MEMO_CARD = ft.memo(_EntryCard)  # type: ignore[no-untyped-call]


def EntryCard(  # noqa: N802
    lang: str,
    entry: LogEntry,
    indicator_text: str,
    on_delete: Callable[[str], Awaitable[None]] | None = None,
    key: str | None = None,
) -> ft.Control:
    """An entry's card, memoized: re-rendered only when the entry, its indicator's text or
    the language changed (pass the same ``on_delete`` function each render)."""
    card: ft.Control = _MEMO_CARD(lang, entry, indicator_text, on_delete, key=key)
    return card
