"""Semua catatan: every own entry of the year, newest first, to edit or delete."""

from __future__ import annotations

from typing import cast

import flet as ft
import msgspec

from client.errors import DeviceError
from client.ops.view_models import OwnEntry
from client.ui.common.app_state import AppState
from client.ui.common.entry_card import EntryCard
from client.ui.common.i18n import tr
from client.ui.common.widgets import heading, muted, screen
from client.ui.pegawai import reads
from client.ui.session import AppSession

__all__ = ["EntriesScreen"]


class _Entries(msgspec.Struct, frozen=True, kw_only=True):
    """The year's own entries, newest first, and the indicator texts (id -> text)."""

    entries: list[OwnEntry]
    names: dict[str, str]


def _load(session: AppSession) -> _Entries:
    year = session.today().year
    return _Entries(
        entries=reads.entries(session.device, date_from=f"{year}-01-01"),
        names=reads.indicator_names(session.device, year),
    )


@ft.component
def EntriesScreen(session: AppSession, state: AppState) -> ft.Control:  # noqa: N802
    lang = state.lang
    data, set_data = ft.use_state(cast(_Entries | None, None))

    async def load() -> None:
        set_data(await session.call(_load, session))

    ft.use_effect(load, [state.data_version])

    async def delete(record_id: str) -> None:
        try:
            await session.call(session.device.delete_log, record_id)
        except DeviceError as err:
            state.notify_user(str(err))
            return
        state.notify_user(tr(lang, "log.deleted"))
        await session.saved()

    if data is None:
        return screen(ft.ProgressRing())
    names = data.names
    cards = [EntryCard(lang, e, names.get(e.indicator_id, ""), delete) for e in data.entries]
    return screen(heading(tr(lang, "nav.logs")), *(cards or [muted(tr(lang, "log.none"))]))
