"""Catatan & bukti: a subordinate's progress entries with their evidence (downloaded on demand
and kept), and a dialog kinerja note. Light on a tablet: each entry offers "Beri komentar" (which
opens a box for that entry only) and "Tandai sudah diperiksa" (``acknowledge_log``: read, evidence
seen; explained once above the list)."""

from __future__ import annotations

from functools import partial
from typing import Any, cast

import flet as ft
import msgspec

from client.errors import DeviceError
from client.ops.view_models import EvidenceFile, LogEntry
from client.service import Device
from client.ui.common.app_state import AppState
from client.ui.common.entry_card import sync_mark
from client.ui.common.fmt import number
from client.ui.common.i18n import tr
from client.ui.common.widgets import card, heading, labelled, muted, screen, text_input
from client.ui.session import AppSession
from client.ui.supervisor.forms import COMMENT_MAX, FEEDBACK_MAX, comment_error, text_error
from client.ui.supervisor.widgets import back_to

__all__ = ["TeamLogsScreen", "load_logs", "read_evidence"]


class TeamLogs(msgspec.Struct, frozen=True, kw_only=True):
    """A subordinate's entries, newest first, the indicator texts of their SKP (id -> text)
    and their name."""

    entries: list[LogEntry]
    names: dict[str, str]
    name: str


def load_logs(device: Device, nip: str, year: int) -> TeamLogs:
    entries = device.list_logs(nip=nip)
    entries.reverse()
    names = {}
    try:
        for r in device.skp(year=year, nip=nip).rhk:
            names.update({i.id: i.text for i in r.indicators})
    except DeviceError:
        pass
    member = next((m for m in device.team().members if m.nip == nip), None)
    device.mark_visited(nip)
    return TeamLogs(entries=entries, names=names, name=member.name if member else nip)


def read_evidence(device: Device, sha256: str) -> EvidenceFile:
    """The file's bytes (downloaded first when this device does not have it yet)."""
    return device.fetch_evidence(sha256)


@ft.component
def TeamLogsScreen(session: AppSession, state: AppState, nip: str) -> ft.Control:  # noqa: N802, C901 - one screen, one component
    lang = state.lang
    data, set_data = ft.use_state(cast(TeamLogs | None, None))
    files, set_files = ft.use_state(cast(dict[str, EvidenceFile], {}))
    typed: dict[str, str] = ft.use_memo(dict, [])  # what was typed; no re-render per key
    sent: dict[str, int] = ft.use_memo(dict, [])  # per field: how often it was sent (and emptied)
    open_for, set_open_for = ft.use_state(cast(str | None, None))  # the entry being commented
    errors, set_errors = ft.use_state(cast(dict[str, str], {}))  # field -> its message
    year = session.today().year

    async def load() -> None:
        set_data(await session.call(load_logs, session.device, nip, year))

    ft.use_effect(load, [state.data_version, nip])

    def field(key: str, label: str, limit: int) -> ft.Control:
        def put(text: str) -> None:
            typed[key] = text

        return text_input(
            typed.get(key, ""),
            put,
            reset=sent.get(key, 0),
            key=key,  # the entries' order can change under it (a sync): follow the entry
            label=label,
            multiline=True,
            min_lines=2,
            max_length=limit,  # Flutter shows the counter (12/2000)
            error=errors.get(key),
        )

    def problem(key: str, message: str | None) -> bool:
        """Show ``message`` under the field ``key`` (or clear it); True when there is one."""
        rest = {k: v for k, v in errors.items() if k != key}
        set_errors({**rest, key: message} if message else rest)
        return message is not None

    def done(key: str) -> None:
        """The text was saved: the field starts empty again."""
        typed.pop(key, None)
        sent[key] = sent.get(key, 0) + 1

    async def show(sha: str, _e: Any = None) -> None:
        try:
            found = await session.call(read_evidence, session.device, sha)
        except DeviceError as err:
            state.notify_user(str(err))
            return
        set_files({**files, sha: found})

    async def ack(entry_id: str, _e: Any = None) -> None:
        try:
            await session.call(session.device.acknowledge_log, entry_id)
        except DeviceError as err:
            state.notify_user(str(err))
            return
        await session.saved()

    async def comment(entry_id: str, _e: Any = None) -> None:
        key = f"c:{entry_id}"
        text = typed.get(key, "").strip()
        if problem(key, comment_error(lang, text)):
            return
        try:
            await session.call(session.device.comment_log, entry_id, text, acknowledge=True)
        except DeviceError as err:
            problem(key, str(err))
            return
        done(key)
        set_open_for(None)
        state.notify_user(tr(lang, "tlog.commented"))
        await session.saved()

    def open_comment(entry_id: str, _e: Any = None) -> None:
        set_errors({k: v for k, v in errors.items() if not k.startswith("c:")})
        set_open_for(entry_id)

    async def dialog(_e: Any) -> None:
        text = typed.get("dialog", "").strip()
        limit = FEEDBACK_MAX
        if problem("dialog", text_error(lang, text, limit=limit, empty_key="sv.dialog_empty")):
            return
        try:
            await session.call(
                session.device.feedback, nip, text, period_code=None, kind="dialog_kinerja"
            )
        except DeviceError as err:
            problem("dialog", str(err))
            return
        done("dialog")
        state.notify_user(tr(lang, "tlog.dialog_saved"))
        await session.saved()

    head: list[ft.Control] = [back_to(lang, f"/tim/{nip}")]
    if data is None:
        return screen(*head, ft.ProgressRing())

    def entry_card(i: int, e: LogEntry) -> list[ft.Control]:
        mark, icon, colour = sync_mark(lang, e)
        when = e.date + (f"  {e.start}-{e.end}" if e.start else "")
        rows: list[ft.Control] = [
            ft.Row(
                [
                    ft.Text(f"{number(lang, float(e.value))} {e.unit}", weight=ft.FontWeight.W_600),
                    ft.Text(when, size=13, color=ft.Colors.ON_SURFACE_VARIANT, expand=True),
                    ft.Icon(icon, size=16, color=colour),
                    ft.Text(mark, size=12, color=colour),
                ]
            ),
            ft.Text(e.note or ""),
            muted(" · ".join(x for x in (data.names.get(e.indicator_id, ""), e.place or "") if x)),
        ]
        if e.no_evidence:  # the evidence checks: flagged, never refused
            rows.append(
                labelled(
                    f"no-evidence-{i}",
                    ft.Text(tr(lang, "tlog.no_evidence"), color=ft.Colors.ERROR),
                )
            )
        for n, ev in enumerate(e.evidence, start=1):
            sha = ev.sha256
            if ev.shared_with:
                names = ", ".join(f"{o.name} ({o.nip})" for o in ev.shared_with)
                more = tr(lang, "tlog.shared_more") if ev.shared_more else ""
                rows.append(
                    labelled(
                        f"shared-{i}-{n}",
                        ft.Text(
                            tr(lang, "tlog.shared", n=n, names=names + more),
                            color=ft.Colors.ERROR,
                        ),
                    )
                )
            got = files.get(sha)
            if got is not None and got.mime.startswith("image/"):
                rows.append(
                    labelled(
                        f"photo-{i}-{n}",
                        ft.Image(
                            src=got.data,
                            height=220,
                            fit=ft.BoxFit.CONTAIN,
                            border_radius=8,
                            semantics_label=tr(lang, "tlog.photo", n=n),
                        ),
                    )
                )
            elif got is not None:
                rows.append(muted(tr(lang, "tlog.pdf")))
            elif ev.status == "belum_terunggah":
                rows.append(muted(tr(lang, "tlog.photo_missing")))
            else:
                rows.append(
                    ft.OutlinedButton(
                        tr(lang, "tlog.photo", n=n),
                        icon=ft.Icons.IMAGE,
                        on_click=partial(show, sha),
                    )
                )
        if e.supervisor_comment:
            rows.append(
                ft.Text(
                    tr(lang, "tlog.your_comment", text=e.supervisor_comment),
                    italic=True,
                    color=ft.Colors.PRIMARY,
                )
            )
        acked = e.acknowledged_by
        answer: list[ft.Control] = []
        if open_for == e.id:  # outside the card: a field of its own, not merged into its text
            answer += [
                field(f"c:{e.id}", tr(lang, "tlog.comment"), COMMENT_MAX),
                ft.Row(
                    [
                        ft.FilledButton(
                            tr(lang, "tlog.send"),
                            icon=ft.Icons.SEND,
                            on_click=partial(comment, e.id),
                        ),
                        ft.TextButton(
                            tr(lang, "tlog.close_comment"), on_click=lambda _e: set_open_for(None)
                        ),
                    ],
                    wrap=True,
                ),
            ]
        else:
            answer.append(
                ft.Row(
                    [
                        ft.TextButton(
                            tr(lang, "tlog.open_comment"),
                            icon=ft.Icons.COMMENT_OUTLINED,
                            on_click=partial(open_comment, e.id),
                        ),
                        labelled(
                            f"ack-{i}",
                            ft.Text(tr(lang, "tlog.acked"), color=ft.Colors.GREEN_800),
                        )
                        if acked
                        else ft.TextButton(
                            tr(lang, "tlog.ack"),
                            icon=ft.Icons.DONE,
                            on_click=partial(ack, e.id),
                        ),
                    ],
                    wrap=True,
                )
            )
        # the field and buttons are items of the list itself: inside a shared column Flutter
        # merges them into one accessibility node with the card
        return [labelled(f"entry-{i}", card(*rows)), *answer]

    parts: list[ft.Control] = [
        *head,
        heading(tr(lang, "tlog.title", name=data.name)),
        field("dialog", tr(lang, "tlog.dialog"), FEEDBACK_MAX),
        ft.OutlinedButton(tr(lang, "tlog.dialog_save"), icon=ft.Icons.FORUM, on_click=dialog),
        labelled("ack-hint", muted(tr(lang, "tlog.ack_hint"))),
    ]
    if not data.entries:
        parts.append(muted(tr(lang, "tlog.none")))
    for i, e in enumerate(data.entries[:40]):
        parts += entry_card(i, e)
    return screen(*parts)
