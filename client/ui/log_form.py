"""Catat kemajuan: add or edit an entry; saved on the device at once, synced later."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any, cast

import flet as ft

from client.errors import DeviceError
from client.ui import reads
from client.ui.app_state import AppState
from client.ui.evidence import ALLOWED, Picked, stage, unstage
from client.ui.i18n import tr
from client.ui.session import AppSession
from client.ui.validation import LogForm, validate_log
from client.ui.widgets import heading, labelled, muted, screen, text_input

__all__ = ["LogFormScreen"]


def _loaded(session: AppSession, record_id: str | None) -> dict[str, Any]:
    device, today = session.device, session.today()
    return {
        "choices": reads.indicator_choices(device, today),
        "context": reads.form_context(device, today),
        "entry": reads.log_entry(device, record_id) if record_id else None,
    }


def _store(
    session: AppSession, record_id: str | None, data: dict[str, Any], picked: list[Picked]
) -> tuple[dict[str, Any] | None, dict[str, Any] | None]:
    """Save the entry with its evidence (in the worker), then read what the next screen shows
    (the sync bar's counts and Beranda's view) in the same call: nothing is left to wait for
    once it returns. A failed read after a good save returns None; the screens read again."""
    device = session.device
    folder = session.home / "tmp-evidence"
    paths = stage(folder, picked)
    data["evidence"] = [str(p) for p in paths]
    try:
        if record_id:
            device.edit_log(record_id, data)
        else:
            device.add_log(data)
    finally:  # a refused entry leaves no plain copy of its photos behind either
        unstage(folder, paths)
    try:
        return device.status(), reads.home_view(device, session.today())
    except DeviceError:
        return None, None


@ft.component
def _LogForm(session: AppSession, lang: str, record_id: str | None) -> ft.Control:  # noqa: N802, C901 - one form, one component
    # No observable argument, and memoized: the form re-renders only for its own changes (a
    # sync finishing elsewhere does not rebuild it). Its text fields are uncontrolled
    # (widgets.text_input): typing re-renders nothing, the text goes to the session's draft
    # and "Simpan" reads it from there.
    state = session.state
    info, set_info = ft.use_state(cast(dict[str, Any] | None, None))
    indicator, set_indicator = ft.use_state(cast(str | None, None))
    picked, set_picked = ft.use_state(cast(tuple[Picked, ...], ()))
    errors, set_errors = ft.use_state(cast(dict[str, str], {}))
    busy, set_busy = ft.use_state(False)

    draft_key = f"log:{record_id or 'new'}"

    async def load() -> None:
        data = await session.call(_loaded, session, record_id)
        entry = data["entry"]
        initial: dict[str, Any] = {
            "date": session.today().isoformat(),
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
        set_indicator(initial["indicator"])
        set_picked(initial["picked"])
        # a new token: the fields show these values (another entry, or the form opened again)
        set_info({**data, "initial": initial, "loaded": time.monotonic_ns()})

    def remember(key: str, value: Any) -> None:
        session.drafts.setdefault(draft_key, {})[key] = value

    def typed(key: str) -> Callable[[str], None]:
        return lambda text: remember(key, text)

    def choose(e: ft.Event[ft.RadioGroup]) -> None:
        remember("indicator", e.control.value)
        set_indicator(e.control.value)

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
        set_busy(True)
        try:
            status, home = await session.call(_store, session, record_id, data, list(picked))
        except DeviceError as err:
            set_errors({"form": str(err)})
            set_busy(False)
            return
        # From here on nothing is awaited: the notice, the bar's counts and Beranda (mounted
        # with the view read in the save's call) go out in one render pass.
        session.drafts.pop(draft_key, None)
        state.notify_user(tr(lang, "form.saved"))
        state.record_timing("save_ms", (time.perf_counter() - clicked) * 1000)
        session.saved_with(status, home)
        session.go("/")

    if info is None:
        return screen(ft.ProgressRing())
    choices: list[dict[str, Any]] = info["choices"]
    unit = next((c["unit"] for c in choices if c["id"] == indicator), "")
    initial: dict[str, Any] = info["initial"]

    def field(key: str, label: str, **kw: Any) -> ft.Control:
        return text_input(
            str(initial[key]),
            typed(key),
            reset=info["loaded"],
            key=f"field-{key}",
            label=label,
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
            on_change=choose,
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
