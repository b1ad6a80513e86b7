"""Data induk: import units and employees from CSV (the server checks every row first and
names each bad one by line), and open or close periods (BKPP).

A CSV comes from the file picker (bytes in the browser) or, since the app process is the
device, from a path on this computer ("Berkas CSV di perangkat ini")."""

from __future__ import annotations

import asyncio
import pathlib
import re
from typing import Any, cast

import flet as ft

from client.errors import DeviceError
from client.hr_api import HrError, ImportKind, ImportResult, PeriodRow
from client.ui.common.app_state import AppState
from client.ui.common.i18n import tr
from client.ui.common.widgets import card, heading, labelled, muted, text_input
from client.ui.hr.common import error_box, hr_call, hr_page
from client.ui.hr.view import import_refusal
from client.ui.session import AppSession

__all__ = ["HrMaster"]

MAX_CSV = 20 * 1024 * 1024
PERIOD_CODE = re.compile(r"\d{4}(-T[1-4]|-(0[1-9]|1[0-2]))?")


def _read(lang: str, path: str) -> bytes:
    file = pathlib.Path(path.strip().strip('"')).expanduser()
    if not file.is_file():
        raise HrError(tr(lang, "hrx.imp.no_file", name=file.name or path.strip()))
    if file.stat().st_size > MAX_CSV:
        raise HrError(tr(lang, "hrx.imp.too_big", name=file.name))
    return file.read_bytes()


def import_failure(lang: str, kind: str, err: HrError) -> tuple[str, tuple[str, ...]]:
    """A refused import in words about this screen: the whole file refused for its bad rows
    names the checkbox that imports the others (the server's answer names its parameter for
    API clients); each bad row keeps its line, column and reason."""
    rows = tuple(str(r) for r in err.rows)
    if err.retry_with == "partial":
        return import_refusal(lang, kind, len(err.rows)), rows
    return err.message, rows


def _outcome(
    lang: str, failure: tuple[str, tuple[str, ...]] | None, result: ImportResult | None
) -> list[ft.Control]:
    """The import's answer: the refusal with one line per bad row, or what was imported."""
    if failure is not None:
        return [error_box("hr-import-errors", failure[0], failure[1])]
    if result is None:
        return []
    text = tr(lang, "hr.imp.done", n=result.imported, c=result.created, u=result.updated)
    out = [labelled("hr-import-done", ft.Text(text, color=ft.Colors.GREEN_800))]
    if result.errors:
        refused = tr(lang, "hr.imp.refused", n=len(result.errors))
        out.append(error_box("hr-import-errors", refused, [str(r) for r in result.errors]))
    return out


@ft.component
def ImportCard(session: AppSession, state: AppState) -> ft.Control:  # noqa: N802
    lang = state.lang
    kind, set_kind = ft.use_state("employees")
    picked, set_picked = ft.use_state(cast(tuple[str, bytes] | None, None))
    path: list[str] = ft.use_memo(lambda: [""], [])  # typed (no re-render per key)
    picks, set_picks = ft.use_state(0)  # a file was picked: the path field starts empty
    partial, set_partial = ft.use_state(False)
    busy, set_busy = ft.use_state(False)
    result, set_result = ft.use_state(cast(ImportResult | None, None))
    failure, set_failure = ft.use_state(cast(tuple[str, tuple[str, ...]] | None, None))

    async def pick(_e: ft.Event[ft.OutlinedButton]) -> None:
        files = await session.file_picker().pick_files(
            dialog_title=tr(lang, "hr.imp.pick"),
            file_type=ft.FilePickerFileType.CUSTOM,
            allowed_extensions=["csv", "txt"],
            with_data=True,
        )
        if files and files[0].bytes is not None:
            set_picked((files[0].name, files[0].bytes))
            path[0] = ""
            set_picks(picks + 1)

    def typed(text: str) -> None:
        path[0] = text
        if picked is not None:
            set_picked(None)  # a path typed: the picked file is no longer what is sent

    async def send(_e: ft.Event[ft.Button]) -> None:
        set_result(None)
        set_failure(None)
        set_busy(True)
        try:
            if picked is not None:
                data = picked[1]
            elif path[0].strip():
                data = await asyncio.to_thread(_read, lang, path[0])
            else:
                raise HrError(tr(lang, "hr.imp.need_file"))
            what: ImportKind = "units" if kind == "units" else "employees"
            done = await hr_call(session, lambda api: api.import_csv(what, data, partial=partial))
        except HrError as err:
            set_failure(import_failure(lang, kind, err))
        except DeviceError as err:
            set_failure((str(err), ()))
        else:
            set_result(done)
        finally:
            set_busy(False)

    source = (
        tr(lang, "hr.imp.picked", name=picked[0], kb=f"{len(picked[1]) / 1024:.1f}")
        if picked
        else tr(lang, "hr.imp.none")
    )
    parts: list[ft.Control] = [
        heading(tr(lang, "hr.imp.title")),
        muted(tr(lang, "hr.imp.intro")),
        ft.SegmentedButton(
            segments=[
                ft.Segment(value="employees", label=ft.Text(tr(lang, "hr.imp.employees"))),
                ft.Segment(value="units", label=ft.Text(tr(lang, "hr.imp.units"))),
            ],
            selected=[kind],
            on_change=lambda e: set_kind((e.control.selected or ["employees"])[0]),
        ),
        muted(tr(lang, "hr.imp.columns_" + kind)),
        ft.Row(
            [
                ft.OutlinedButton(
                    tr(lang, "hr.imp.pick"), icon=ft.Icons.ATTACH_FILE, on_click=pick
                ),
                labelled("hr-import-source", ft.Text(source)),
            ],
            wrap=True,
        ),
        text_input(path[0], typed, reset=picks, label=tr(lang, "hr.imp.path"), width=560),
        ft.Checkbox(
            label=tr(lang, "hr.imp.partial"),
            value=partial,
            on_change=lambda e: set_partial(bool(e.control.value)),
        ),
        ft.FilledButton(
            tr(lang, "hr.imp.send"), icon=ft.Icons.UPLOAD, on_click=send, disabled=busy
        ),
    ]
    if busy:
        parts.append(ft.ProgressBar())
    parts += _outcome(lang, failure, result)
    return card(*parts)


@ft.component
def PeriodsCard(session: AppSession, state: AppState) -> ft.Control:  # noqa: N802
    lang = state.lang
    periods, set_periods = ft.use_state(cast(list[PeriodRow] | None, None))
    code: list[str] = ft.use_memo(lambda: [""], [])  # typed (no re-render per key)
    message, set_message = ft.use_state("")
    version, set_version = ft.use_state(0)

    async def load() -> None:
        try:
            set_periods(await hr_call(session, lambda api: api.periods()))
        except DeviceError as err:
            set_message(str(err))

    ft.use_effect(load, [version])

    async def change(target: str, open_: bool) -> None:
        try:
            await hr_call(session, lambda api: api.set_period(target, open_=open_))
        except DeviceError as err:
            set_message(str(err))
            return
        key = "hr.per.opened" if open_ else "hr.per.closed"
        set_message(tr(lang, key, code=target))
        set_version(version + 1)

    def toggle(target: str, open_: bool) -> ft.ControlEventHandler[ft.Switch]:
        async def handler(_e: ft.Event[ft.Switch]) -> None:
            await change(target, open_)

        return handler

    def typed(text: str) -> None:
        code[0] = text

    async def open_new(_e: Any) -> None:
        typed_code = code[0].strip()
        if not PERIOD_CODE.fullmatch(typed_code):
            set_message(tr(lang, "hrx.per.bad_code"))
            return
        await change(typed_code, True)

    rows: list[ft.Control] = [heading(tr(lang, "hr.per.title")), muted(tr(lang, "hr.per.intro"))]
    for p in periods or []:
        rows.append(
            ft.Row(
                [
                    ft.Text(p.code, width=120, weight=ft.FontWeight.W_600),
                    ft.Switch(
                        value=p.open,
                        label=tr(lang, "hr.per.open" if p.open else "hr.per.closed_label"),
                        on_change=toggle(p.code, not p.open),
                    ),
                ]
            )
        )
    rows.append(
        ft.Row(
            [
                text_input(
                    code[0], typed, label=tr(lang, "hr.per.code"), hint_text="2027-T1", width=200
                ),
                ft.OutlinedButton(tr(lang, "hr.per.open_new"), on_click=open_new),
            ]
        )
    )
    if message:
        rows.append(labelled("hr-period-message", muted(message)))
    return card(*rows)


@ft.component
def HrMaster(session: AppSession, state: AppState, route: str) -> ft.Control:  # noqa: N802
    lang = state.lang
    return hr_page(
        lang,
        route,
        tr(lang, "hr.master.title"),
        ft.Row(
            [
                ft.Container(ImportCard(session, state), expand=3),
                ft.Container(PeriodsCard(session, state), expand=2),
            ],
            vertical_alignment=ft.CrossAxisAlignment.START,
            wrap=False,
        ),
    )
