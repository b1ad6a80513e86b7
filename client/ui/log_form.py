"""Catat kemajuan: add or edit an entry; saved on the device at once, synced later."""

from __future__ import annotations

import time
from typing import Any, cast

import flet as ft

from client.errors import DeviceError
from client.ui import reads
from client.ui.app_state import AppState
from client.ui.evidence import ALLOWED, Picked, stage, unstage
from client.ui.i18n import tr
from client.ui.session import AppSession
from client.ui.validation import LogForm, validate_log
from client.ui.widgets import heading, labelled, muted, screen

__all__ = ["LogFormScreen"]


def _loaded(session: AppSession, record_id: str | None) -> dict[str, Any]:
    device, today = session.device, session.today()
    return {
        "choices": reads.indicator_choices(device, today),
        "context": reads.form_context(device, today),
        "entry": reads.log_entry(device, record_id) if record_id else None,
    }


@ft.component
def _LogForm(session: AppSession, lang: str, record_id: str | None) -> ft.Control:  # noqa: N802, C901 - one form, one component
    # No observable argument, and memoized: the form re-renders only for its own input. A sync
    # finishing elsewhere must not re-render it mid-typing (a re-render racing a keystroke's
    # event could send the older text back to the field).
    state = session.state
    info, set_info = ft.use_state(cast(dict[str, Any] | None, None))
    indicator, set_indicator = ft.use_state(cast(str | None, None))
    day, set_day = ft.use_state(session.today().isoformat())
    start, set_start = ft.use_state("")
    end, set_end = ft.use_state("")
    value, set_value = ft.use_state("")
    note, set_note = ft.use_state("")
    place, set_place = ft.use_state("")
    picked, set_picked = ft.use_state(cast(tuple[Picked, ...], ()))
    errors, set_errors = ft.use_state(cast(dict[str, str], {}))
    busy, set_busy = ft.use_state(False)
    setters = {
        "date": set_day,
        "start": set_start,
        "end": set_end,
        "value": set_value,
        "note": set_note,
        "place": set_place,
    }

    draft_key = f"log:{record_id or 'new'}"

    async def load() -> None:
        data = await session.call(_loaded, session, record_id)
        entry = data["entry"]
        initial: dict[str, Any] = {
            "date": day,
            "start": "",
            "end": "",
            "value": "",
            "note": "",
            "place": "",
            "indicator": data["choices"][0]["id"] if data["choices"] else None,
            "picked": (),
        }
        if entry is not None:
            initial.update(
                date=entry["date"],
                start=entry.get("start") or "",
                end=entry.get("end") or "",
                value=str(entry["value"]).removesuffix(".0"),
                note=entry.get("note") or "",
                place=entry.get("place") or "",
                indicator=entry["indicator_id"],
            )
        # what was typed before (a screen rebuilt, or the person went away and came back)
        initial.update(session.drafts.get(draft_key, {}))
        for key, setter in setters.items():
            setter(initial[key])
        set_indicator(initial["indicator"])
        set_picked(initial["picked"])
        set_info({**data, "initial": initial})

    def remember(key: str, value: Any) -> None:
        session.drafts.setdefault(draft_key, {})[key] = value

    def on_change(key: str) -> Any:
        def handler(e: ft.Event[Any]) -> None:
            remember(key, e.control.value)
            (set_indicator if key == "indicator" else setters[key])(e.control.value)

        return handler

    ft.use_effect(load, [record_id])

    async def pick(_e: ft.Event[ft.OutlinedButton]) -> None:
        files = await session.file_picker().pick_files(
            dialog_title=tr(lang, "form.evidence"),
            file_type=ft.FilePickerFileType.CUSTOM,
            allowed_extensions=list(ALLOWED),
            allow_multiple=True,
            with_data=True,
        )
        chosen = [Picked(f.name, f.bytes, f.path) for f in files or []]
        if chosen:
            remember("picked", picked + tuple(chosen))
            set_picked(picked + tuple(chosen))

    async def save(_e: ft.Event[ft.Button]) -> None:
        if info is None:
            return
        clicked = time.perf_counter()
        form = LogForm(indicator, day, start, end, value, note, place)
        data, problems = validate_log(lang, form, info["context"])
        set_errors(problems)
        if data is None:
            return
        set_busy(True)
        folder = session.home / "tmp-evidence"
        try:
            paths = await session.call(stage, folder, list(picked))
            data["evidence"] = [str(p) for p in paths]
            if record_id:
                await session.call(session.device.edit_log, record_id, data)
            else:
                await session.call(session.device.add_log, data)
            await session.call(unstage, folder, paths)
        except DeviceError as err:
            set_errors({"form": str(err)})
            set_busy(False)
            return
        session.drafts.pop(draft_key, None)
        state.notify_user(tr(lang, "form.saved"))
        state.record_timing("save_ms", (time.perf_counter() - clicked) * 1000)
        await session.saved()  # Beranda mounts with the new data version: one load, not two
        ft.context.page.navigate("/")

    if info is None:
        return screen(ft.ProgressRing())
    choices: list[dict[str, Any]] = info["choices"]
    unit = next((c["unit"] for c in choices if c["id"] == indicator), "")

    current = {
        "date": day,
        "start": start,
        "end": end,
        "value": value,
        "note": note,
        "place": place,
    }

    def field(key: str, label: str, **kw: Any) -> ft.TextField:
        # Controlled: the field shows the state, which every keystroke updates (and the draft
        # keeps across a rebuilt screen), so a re-render never sends an older text back.
        return ft.TextField(
            key=f"field-{key}",
            label=label,
            value=current[key],
            on_change=on_change(key),
            error=errors.get(key),
            **kw,
        )

    radios: list[ft.Control] = [
        ft.Radio(
            value=c["id"],
            label=c["text"]
            + f" ({c['unit']})"
            + (f" · {tr(lang, 'form.recent')}" if c.get("recent") else ""),
        )
        for c in choices
    ]
    parts: list[ft.Control] = [
        heading(tr(lang, "form.title_edit" if record_id else "form.title_new")),
        muted(tr(lang, "form.indicator")),
        ft.RadioGroup(
            content=ft.Column(radios, spacing=0),
            value=indicator,
            on_change=on_change("indicator"),
        ),
    ]
    if "indicator" in errors:
        parts.append(ft.Text(errors["indicator"], color=ft.Colors.ERROR))
    parts += [
        field("date", tr(lang, "form.date"), keyboard_type=ft.KeyboardType.DATETIME),
        ft.Row(
            [
                ft.Container(field("start", tr(lang, "form.start")), expand=True),
                ft.Container(field("end", tr(lang, "form.end")), expand=True),
            ]
        ),
        field(
            "value",
            tr(lang, "form.value", unit=unit),
            keyboard_type=ft.KeyboardType.NUMBER,
        ),
        field("note", tr(lang, "form.note"), multiline=True, min_lines=2),
        field("place", tr(lang, "form.place")),
        ft.Row(
            [
                ft.OutlinedButton(
                    tr(lang, "form.evidence"), icon=ft.Icons.ATTACH_FILE, on_click=pick
                ),
                labelled(
                    "evidence-count",
                    ft.Text(tr(lang, "form.evidence_count", n=len(picked)) if picked else ""),
                ),
            ],
            wrap=True,
        ),
        muted(tr(lang, "form.evidence_hint")),
    ]
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
