"""Catat kemajuan: add or edit an entry; saved on the device at once, synced later.

Made for a phone: the date by a calendar (or "Hari ini" / "Kemarin", or typed the Indonesian
way: 03/12/2026, 3 Des 2026), times by a clock or typed (08:30, 08.30), shown as "3 Des 2026"
and "08:30"; counts take whole numbers, levels the decimal comma; each photo shows as a
thumbnail with a remove button, on a new entry and on an edit (its saved photos too). Every
problem is a sentence under its field; the note and the place carry a length counter and take
no more characters than the record allows.
"""

from __future__ import annotations

import asyncio
import dataclasses
import datetime as dt
import time
import weakref
from collections.abc import Callable
from functools import partial
from typing import Any, cast

import flet as ft

from client.errors import DeviceError
from client.evidence_files import sniff
from client.ops.view_models import BerandaView, DeviceStatus, LogEntry
from client.ui.common.app_state import AppState
from client.ui.common.fmt import format_date_id, parse_date_id, parse_time
from client.ui.common.i18n import tr
from client.ui.common.widgets import TOUCH, choice, heading, labelled, muted, screen, text_input
from client.ui.pegawai import reads
from client.ui.pegawai.evidence import ALLOWED, Picked, mime_of, picked_problem, stage, unstage
from client.ui.pegawai.validation import NOTE_MAX, PLACE_MAX, LogForm, save_problem, validate_log
from client.ui.session import AppSession
from shared_models.realisation import whole_numbers_only

__all__ = ["LogFormScreen", "follow_sent"]

THUMB = 96
"""Side of an evidence thumbnail (px)."""


def _saved_files(session: AppSession, entry: LogEntry | None) -> dict[str, dict[str, Any]]:
    """The entry's evidence files held on this device: sha256 -> {data, mime}. A file only the
    server has is not fetched here (the form must open at once on a weak signal)."""
    out: dict[str, dict[str, Any]] = {}
    if entry is None:
        return out
    vault = session.device.ctx.evidence
    for ev in entry.evidence:
        sha = ev.sha256
        try:
            if vault.has(sha):
                data = vault.read(sha)
                out[sha] = {"data": data, "mime": sniff(data[:16]) or ""}
        except (DeviceError, OSError):
            continue
    return out


def _loaded(session: AppSession, record_id: str | None) -> dict[str, Any]:
    device, today = session.device, session.today()
    choices = reads.indicator_choices(device, today)
    entry = reads.log_entry(device, record_id) if record_id else None
    # the rule's names (shared_models.realisation reads target_unit; the view says unit)
    indicators = {c["id"]: {**c, "target_unit": c["unit"]} for c in choices}
    context = dataclasses.replace(reads.form_context(device, today), indicators=indicators)
    return {
        "choices": choices,
        "context": context,
        "entry": entry,
        "files": _saved_files(session, entry),
    }


def _store(
    session: AppSession, record_id: str | None, data: dict[str, Any], picked: list[Picked]
) -> tuple[str, DeviceStatus | None, BerandaView | None]:
    """Save the entry with its evidence (in the worker), then read what the next screen shows
    (the sync bar's counts and Beranda's view) in the same call: nothing is left to wait for
    once it returns. Returns the entry's id; a failed read after a good save returns None for
    the views (the screens read again)."""
    device = session.device
    folder = session.home / "tmp-evidence"
    paths = stage(folder, picked)
    data["evidence"] = [str(p) for p in paths]
    try:
        saved = device.edit_log(record_id, data) if record_id else device.add_log(data)
    finally:  # a refused entry leaves no plain copy of its photos behind either
        unstage(folder, paths)
    try:
        return saved.id, device.status(), reads.beranda_view(device, session.today())
    except DeviceError:
        return saved.id, None, None


# the save notice follows the entry to the server ---------------------------------------------

_FOLLOWING: weakref.WeakKeyDictionary[
    AppSession, tuple[Callable[[Any, Any], None], Callable[[], None]]
] = weakref.WeakKeyDictionary()
"""Per session, the listener of the last save's notice and its disposer (held here:
observables hold their listeners weakly)."""


def _synced(session: AppSession, record_id: str) -> bool:
    return session.device.ctx.store.records.state(record_id) in (None, "synced")


def follow_sent(session: AppSession, record_id: str, seq: int) -> None:
    """After a save: when a sync run ends with the entry ``record_id`` on the server, the
    notice "Tersimpan di perangkat - menunggu sinkron." becomes "Catatan terkirim ke server."
    (only while that notice, number ``seq``, is still the one shown; another notice or a
    dismissal ends the watch). Learns of finished runs from the sync bar's state
    (``SyncState.running`` turning False)."""
    state, sync = session.state, session.sync
    previous = _FOLLOWING.pop(session, None)
    if previous is not None:
        previous[1]()

    async def check() -> None:
        if state.notice_seq != seq:
            stop()
            return
        try:
            done = await session.call(_synced, session, record_id)
        except DeviceError:
            return
        if done and state.notice_seq == seq:
            state.notify_user(tr(state.lang, "form.sent"))
        if done:
            stop()

    def listener(_sender: Any, field: Any) -> None:
        if field == "running" and not sync.running:
            asyncio.get_running_loop().create_task(check())

    def stop() -> None:
        watched = _FOLLOWING.get(session)
        if watched is not None and watched[0] is listener:
            del _FOLLOWING[session]
            watched[1]()

    _FOLLOWING[session] = (listener, sync.subscribe(listener))


# the form ----------------------------------------------------------------------------------


def _icon_button(
    icon: ft.IconData, label: str, on_click: Callable[[Any], Any], **kw: Any
) -> ft.Control:
    """An icon button with a name for screen readers (a tooltip alone gives it none)."""
    return ft.Semantics(
        label=label,
        button=True,
        container=True,
        content=ft.IconButton(icon, tooltip=label, on_click=on_click, **kw),
    )


def _thumb(
    content: ft.Control, remove_label: str, on_remove: Callable[[Any], Any], ident: str
) -> ft.Control:
    return labelled(
        ident,
        ft.Stack(
            [
                ft.Container(
                    content,
                    width=THUMB,
                    height=THUMB,
                    border_radius=8,
                    bgcolor=ft.Colors.SURFACE_CONTAINER_HIGHEST,
                    alignment=ft.Alignment.CENTER,
                    clip_behavior=ft.ClipBehavior.HARD_EDGE,
                ),
                ft.Container(
                    _icon_button(
                        ft.Icons.CLOSE,
                        remove_label,
                        on_remove,
                        icon_size=18,
                        style=ft.ButtonStyle(bgcolor=ft.Colors.SURFACE),
                    ),
                    right=0,
                    top=0,
                ),
            ],
            width=THUMB,
            height=THUMB,
        ),
    )


def _preview(data: bytes | None, mime: str, label: str) -> ft.Control:
    if data is not None and mime.startswith("image/"):
        return ft.Image(
            src=data, width=THUMB, height=THUMB, fit=ft.BoxFit.COVER, semantics_label=label
        )
    icon = ft.Icons.PICTURE_AS_PDF if mime == "application/pdf" else ft.Icons.CLOUD_OUTLINED
    return ft.Column(
        [ft.Icon(icon), ft.Text(label, size=11, max_lines=2, text_align=ft.TextAlign.CENTER)],
        horizontal_alignment=ft.CrossAxisAlignment.CENTER,
        alignment=ft.MainAxisAlignment.CENTER,
        spacing=2,
    )


@ft.component
def _LogForm(session: AppSession, lang: str, record_id: str | None) -> ft.Control:  # noqa: N802, C901 - one form, one component
    # No observable argument, and memoized: the form re-renders only for its own changes (a
    # sync finishing elsewhere does not rebuild it). Its text fields are uncontrolled
    # (widgets.text_input): typing re-renders nothing, the text goes to the session's draft
    # and "Simpan" reads it from there. A date or time set by a picker, a chip or a blur that
    # tidies it bumps that field's token, and the field shows the new text.
    state = session.state
    info, set_info = ft.use_state(cast(dict[str, Any] | None, None))
    indicator, set_indicator = ft.use_state(cast(str | None, None))
    picked, set_picked = ft.use_state(cast(tuple[Picked, ...], ()))
    kept, set_kept = ft.use_state(cast(tuple[str, ...], ()))
    errors, set_errors = ft.use_state(cast(dict[str, str], {}))
    busy, set_busy = ft.use_state(False)
    tokens, set_tokens = ft.use_state(cast(dict[str, int], {}))

    draft_key = f"log:{record_id or 'new'}"
    today = session.today()

    async def load() -> None:
        data = await session.call(_loaded, session, record_id)
        entry = data["entry"]
        initial: dict[str, Any] = {
            "date": format_date_id(today, lang),
            "start": "",
            "end": "",
            "value": "",
            "note": "",
            "place": "",
            "indicator": data["choices"][0]["id"] if data["choices"] else None,
            "picked": (),
            "kept": (),
        }
        if entry is not None:
            initial.update(
                date=format_date_id(entry.date, lang),
                start=entry.start or "",
                end=entry.end or "",
                value=str(entry.value).removesuffix(".0").replace(".", ","),
                note=entry.note or "",
                place=entry.place or "",
                indicator=entry.indicator_id,
                kept=tuple(ev.sha256 for ev in entry.evidence),
            )
        # what was typed before (a screen rebuilt, or the person went away and came back)
        initial.update(session.drafts.get(draft_key, {}))
        set_indicator(initial["indicator"])
        set_picked(initial["picked"])
        set_kept(initial["kept"])
        # a new token: the fields show these values (another entry, or the form opened again)
        set_info({**data, "initial": initial, "loaded": time.monotonic_ns()})

    def remember(key: str, value: Any) -> None:
        session.drafts.setdefault(draft_key, {})[key] = value

    def current(key: str) -> Any:
        assert info is not None
        return session.drafts.get(draft_key, {}).get(key, info["initial"][key])

    def typed(key: str) -> Callable[[str], None]:
        return lambda text: remember(key, text)

    def put(key: str, text: str) -> None:
        """Set a field's text from the app (a picker, a chip, a tidied entry)."""
        remember(key, text)
        set_tokens({**tokens, key: tokens.get(key, 0) + 1})
        if key in errors:
            set_errors({k: v for k, v in errors.items() if k != key})

    def choose(e: ft.Event[ft.RadioGroup]) -> None:
        remember("indicator", e.control.value)
        set_indicator(e.control.value)

    ft.use_effect(load, [record_id])

    def tidy(key: str) -> Callable[[ft.Event[ft.TextField]], None]:
        """On leaving the field: a date or time typed another accepted way is shown the one
        way (03/12/2026 -> 3 Des 2026, 8.30 -> 08:30)."""

        def blur(e: ft.Event[ft.TextField]) -> None:
            raw = str(e.control.value or "")
            if key == "date":
                day = parse_date_id(raw)
                shown = format_date_id(day, lang) if day is not None else None
            else:
                shown = parse_time(raw)
            if shown is not None and shown != raw:
                put(key, shown)

        return blur

    def date_chosen(e: ft.Event[ft.DatePicker]) -> None:
        value = e.control.value
        if isinstance(value, dt.datetime):
            put("date", format_date_id(value.date(), lang))

    def pick_date(_e: Any) -> None:
        assert info is not None
        shown = parse_date_id(str(current("date"))) or today
        years = info["context"].skp_years or frozenset({today.year})
        ft.context.page.show_dialog(
            ft.DatePicker(
                value=dt.datetime.combine(min(shown, today), dt.time(12)),
                first_date=dt.datetime(min(years), 1, 1),
                last_date=dt.datetime.combine(today, dt.time(23, 59)),
                current_date=dt.datetime.combine(today, dt.time(12)),
                help_text=tr(lang, "form.date_pick"),
                cancel_text=tr(lang, "form.pick_cancel"),
                confirm_text=tr(lang, "form.pick_ok"),
                on_change=date_chosen,
            )
        )

    def pick_time(key: str) -> Callable[[Any], None]:
        def chosen(e: ft.Event[ft.TimePicker]) -> None:
            value = e.control.value
            if isinstance(value, dt.time):
                put(key, f"{value:%H:%M}")

        def open_picker(_e: Any) -> None:
            now = parse_time(str(current(key))) or ("08:00" if key == "start" else "09:00")
            hour, minute = (int(part) for part in now.split(":"))
            ft.context.page.show_dialog(
                ft.TimePicker(
                    value=dt.time(hour, minute),
                    hour_format=ft.TimePickerHourFormat.H24,
                    help_text=tr(lang, f"form.{key}_pick"),
                    cancel_text=tr(lang, "form.pick_cancel"),
                    confirm_text=tr(lang, "form.pick_ok"),
                    on_change=chosen,
                )
            )

        return open_picker

    async def pick(_e: ft.Event[ft.OutlinedButton]) -> None:
        files = await session.file_picker().pick_files(
            dialog_title=tr(lang, "form.evidence"),
            file_type=ft.FilePickerFileType.CUSTOM,
            allowed_extensions=list(ALLOWED),
            allow_multiple=True,
            with_data=True,
        )
        chosen = [Picked(f.name, f.bytes, f.path) for f in files or []]
        problems = [m for m in (picked_problem(lang, f) for f in chosen) if m]
        good = tuple(f for f in chosen if picked_problem(lang, f) is None)
        rest = {k: v for k, v in errors.items() if k != "evidence"}
        set_errors({**rest, "evidence": " ".join(problems)} if problems else rest)
        if good:
            remember("picked", picked + good)
            set_picked(picked + good)

    def drop_picked(index: int, _e: Any) -> None:
        left = picked[:index] + picked[index + 1 :]
        remember("picked", left)
        set_picked(left)

    def drop_kept(sha: str, _e: Any) -> None:
        left = tuple(s for s in kept if s != sha)
        remember("kept", left)
        set_kept(left)

    async def save(_e: ft.Event[ft.Button]) -> None:
        if info is None or busy:
            return
        clicked = time.perf_counter()
        text = {**info["initial"], **session.drafts.get(draft_key, {})}
        form = LogForm(
            indicator,
            text["date"],
            text["start"],
            text["end"],
            text["value"],
            text["note"],
            text["place"],
        )
        data, problems = validate_log(lang, form, info["context"])
        set_errors(problems)
        if data is None:
            return
        if record_id:
            data["keep_evidence"] = list(kept)
        set_busy(True)
        try:
            saved_id, status, beranda = await session.call(
                _store, session, record_id, data, list(picked)
            )
        except DeviceError as err:
            set_errors({"form": save_problem(lang, str(err))})
            set_busy(False)
            return
        # From here on nothing is awaited: the notice, the bar's counts and Beranda (mounted
        # with the view read in the save's call) go out in one render pass.
        session.drafts.pop(draft_key, None)
        state.notify_user(tr(lang, "form.saved"))
        follow_sent(session, saved_id, state.notice_seq)
        state.record_timing("save_ms", (time.perf_counter() - clicked) * 1000)
        session.saved_with(status, beranda)
        session.go("/")

    if info is None:
        return screen(ft.ProgressRing())
    choices: list[dict[str, Any]] = info["choices"]
    chosen_ind = next((c for c in choices if c["id"] == indicator), None)
    unit = chosen_ind["unit"] if chosen_ind else ""
    rule = info["context"].indicators.get(indicator or "")
    whole = rule is not None and whole_numbers_only(rule)

    def field(key: str, label: str, **kw: Any) -> ft.Control:
        return text_input(
            str(current(key)),
            typed(key),
            reset=(info["loaded"], tokens.get(key, 0)),
            key=f"field-{key}",
            label=label,
            error=errors.get(key),
            error_max_lines=6,  # a sentence shown whole (a leave's kind can be long)
            **kw,
        )

    def time_field(key: str) -> ft.Control:
        return ft.Row(
            [
                ft.Container(
                    field(
                        key,
                        tr(lang, f"form.{key}"),
                        helper=tr(lang, "form.time_hint"),
                        suffix="WIB",
                        keyboard_type=ft.KeyboardType.DATETIME,
                        on_blur=tidy(key),
                    ),
                    expand=True,
                ),
                _icon_button(ft.Icons.SCHEDULE, tr(lang, f"form.{key}_pick"), pick_time(key)),
            ],
            spacing=0,
        )

    radios: list[ft.Control] = [
        choice(
            c["id"],
            c["text"]
            + f" ({c['unit']})"
            + (f" · {tr(lang, 'form.recent')}" if c.get("recent") else ""),
        )
        for c in choices
    ]
    yesterday = today - dt.timedelta(days=1)
    parts: list[ft.Control] = [
        heading(tr(lang, "form.title_edit" if record_id else "form.title_new")),
        muted(tr(lang, "form.indicator")),
        ft.RadioGroup(
            content=ft.Column(radios, spacing=0),
            value=indicator,
            on_change=choose,
        ),
    ]
    if "indicator" in errors:
        parts.append(ft.Text(errors["indicator"], color=ft.Colors.ERROR))
    parts += [
        ft.Row(
            [
                ft.Container(
                    field(
                        "date",
                        tr(lang, "form.date"),
                        helper=tr(lang, "form.date_hint"),
                        keyboard_type=ft.KeyboardType.DATETIME,
                        on_blur=tidy("date"),
                    ),
                    expand=True,
                ),
                _icon_button(ft.Icons.CALENDAR_MONTH, tr(lang, "form.date_pick"), pick_date),
            ],
            spacing=0,
            vertical_alignment=ft.CrossAxisAlignment.START,
        ),
        ft.Row(
            [
                ft.Chip(
                    label=ft.Text(tr(lang, "form.today")),
                    on_click=lambda _e: put("date", format_date_id(today, lang)),
                    height=TOUCH,
                ),
                ft.Chip(
                    label=ft.Text(tr(lang, "form.yesterday")),
                    on_click=lambda _e: put("date", format_date_id(yesterday, lang)),
                    height=TOUCH,
                ),
            ],
            wrap=True,
        ),
        ft.ResponsiveRow(
            [
                ft.Container(time_field("start"), col={"xs": 12, "sm": 6}),
                ft.Container(time_field("end"), col={"xs": 12, "sm": 6}),
            ]
        ),
        field(
            "value",
            tr(lang, "form.value", unit=unit),
            helper=tr(lang, "form.value_whole" if whole else "form.value_decimal"),
            keyboard_type=ft.KeyboardType.NUMBER,
        ),
        field("note", tr(lang, "form.note"), multiline=True, min_lines=2, max_length=NOTE_MAX),
        field("place", tr(lang, "form.place"), max_length=PLACE_MAX),
    ]
    files: dict[str, dict[str, Any]] = info["files"]
    tiles: list[ft.Control] = []
    for n, sha in enumerate(kept, start=1):
        got = files.get(sha)
        name = tr(lang, "form.evidence_saved", n=n)
        preview = (
            _preview(got["data"], got["mime"], tr(lang, "form.evidence_photo", name=name))
            if got is not None
            else _preview(None, "", name)
        )
        tiles.append(
            _thumb(
                preview,
                tr(lang, "form.evidence_remove", name=name),
                partial(drop_kept, sha),
                f"evidence-kept-{n}",
            )
        )
    for i, item in enumerate(picked):
        mime = mime_of(item) or ""
        tiles.append(
            _thumb(
                _preview(item.data, mime, tr(lang, "form.evidence_photo", name=item.name)),
                tr(lang, "form.evidence_remove", name=item.name),
                partial(drop_picked, i),
                f"evidence-new-{i + 1}",
            )
        )
    count = []
    if kept:
        count.append(tr(lang, "form.evidence_kept", n=len(kept)))
    if picked:
        count.append(tr(lang, "form.evidence_count", n=len(picked)))
    parts += [
        ft.Row(
            [
                ft.OutlinedButton(
                    tr(lang, "form.evidence"), icon=ft.Icons.ATTACH_FILE, on_click=pick
                ),
                labelled("evidence-count", ft.Text(" · ".join(count))),
            ],
            wrap=True,
        ),
    ]
    if tiles:
        parts.append(ft.Row(tiles, wrap=True, spacing=8, run_spacing=8))
    if "evidence" in errors:
        parts.append(labelled("evidence-error", ft.Text(errors["evidence"], color=ft.Colors.ERROR)))
    parts.append(muted(tr(lang, "form.evidence_hint")))
    if errors:  # every problem again in one place, next to the button (and for screen readers)
        parts.append(
            labelled(
                "form-errors",
                ft.Column([ft.Text(m, color=ft.Colors.ERROR) for m in errors.values()], spacing=2),
            )
        )
    parts += [
        ft.FilledButton(tr(lang, "form.save"), icon=ft.Icons.SAVE, on_click=save, disabled=busy),
        ft.TextButton(
            tr(lang, "form.help"),
            icon=ft.Icons.HELP_OUTLINE,
            on_click=lambda _e: ft.context.page.navigate("/panduan"),
        ),
    ]
    return screen(*parts)


_MEMO_FORM = ft.memo(_LogForm)  # type: ignore[no-untyped-call]


@ft.component
def LogFormScreen(session: AppSession, state: AppState, record_id: str | None) -> ft.Control:  # noqa: N802
    """Catat / Ubah catatan in the current language (the form itself ignores other changes)."""
    form: ft.Control = _MEMO_FORM(session, state.lang, record_id)
    return form
