"""Ekspor: appraisals, progress logs and completion as CSV or XLSX for a period and a scope,
fetched with a progress bar (rows received of ``X-Total-Rows``) and handed to the browser,
which downloads it under an Indonesian name (``Rekap_Kinerja_Dinas_Kesehatan_T4_2026.xlsx``).
Nothing is written on the app host: the bytes go to this session's browser only, over its own
connection (the file picker's save, ``src_bytes``), never by a URL another browser could open."""

from __future__ import annotations

import asyncio
import contextvars
import time
from dataclasses import dataclass
from typing import cast

import flet as ft

from client.errors import DeviceError
from client.hr_api import Dataset, ExportProgress, Fetched, Format, HrApi
from client.ui.common.app_state import AppState
from client.ui.common.i18n import tr
from client.ui.common.widgets import card, heading, labelled, muted
from client.ui.hr.common import error_box, hr_call, hr_page, named_dropdown, option_list
from client.ui.hr.view import download_name
from client.ui.session import AppSession

__all__ = ["HrExports"]

DATASETS = (
    ("appraisals", "hr.exp.appraisals"),
    ("progress-logs", "hr.exp.logs"),
    ("completion", "hr.exp.completion"),
)


@dataclass(frozen=True)
class _Choices:
    scopes: list[tuple[str, str]]  # "opd:<id>" / "unit:<id>" / "" (everything in scope)
    periods: list[str]
    period: str
    names: dict[str, str]  # scope -> the name the file carries ("" -> the city or the OPD)


def _choices(api: HrApi) -> _Choices:
    city = api.dashboard()
    scopes: list[tuple[str, str]] = []
    names = {"": city.name}
    for opd in city.rows:
        scopes.append((f"opd:{opd.id}", opd.name))
        names[f"opd:{opd.id}"] = opd.name
        for u in api.dashboard(opd_id=opd.id).rows:
            if u.id != opd.id:
                scopes.append((f"unit:{u.id}", f"{opd.name} › {u.name}"))
                names[f"unit:{u.id}"] = u.name
    return _Choices(scopes, [p.code for p in api.periods()], city.period, names)


@ft.component
def HrExports(session: AppSession, state: AppState, route: str) -> ft.Control:  # noqa: N802
    lang = state.lang
    choices, set_choices = ft.use_state(cast(_Choices | None, None))
    dataset, set_dataset = ft.use_state("appraisals")
    fmt, set_fmt = ft.use_state("xlsx")
    scope, set_scope = ft.use_state("")
    period, set_period = ft.use_state("")
    progress, set_progress = ft.use_state(cast(ExportProgress | None, None))
    saved, set_saved = ft.use_state(cast(tuple[str, int] | None, None))  # (file name, rows)
    error, set_error = ft.use_state("")
    busy, set_busy = ft.use_state(False)

    async def load() -> None:
        try:
            found = await hr_call(session, _choices)
        except DeviceError as err:
            set_error(str(err))
            return
        set_choices(found)
        set_period(found.period)

    ft.use_effect(load, [])

    async def download(_e: ft.Event[ft.Button]) -> None:
        set_error("")
        set_saved(None)
        set_progress(None)
        set_busy(True)
        loop = asyncio.get_running_loop()
        page_context = contextvars.copy_context()
        last = [0.0]

        def report(p: ExportProgress) -> None:  # download thread -> event loop, ~5 per second
            now = time.monotonic()
            if p.done or now - last[0] >= 0.2:
                last[0] = now
                loop.call_soon_threadsafe(set_progress, p, context=page_context)

        level, _, ident = scope.partition(":")
        try:
            done: Fetched = await hr_call(
                session,
                lambda api: api.fetch_export(
                    cast(Dataset, dataset),
                    cast(Format, fmt),
                    period=period,
                    opd_id=ident if level == "opd" else None,
                    unit_id=ident if level == "unit" else None,
                    progress=report,
                ),
            )
            name = download_name(
                dataset, (choices.names if choices else {}).get(scope, ""), period, fmt
            )
            # the browser downloads it (web: an anchor with the bytes; nothing on the host)
            await session.file_picker().save_file(
                dialog_title=tr(lang, "hr.exp.download"), file_name=name, src_bytes=done.data
            )
        except DeviceError as err:
            set_error(str(err))
        else:
            set_saved((name, done.rows))
        finally:
            set_busy(False)

    title = tr(lang, "hr.exp.title")
    if choices is None:
        return hr_page(
            lang, route, title, error_box("hr-error", error) if error else ft.ProgressRing()
        )
    form = card(
        heading(tr(lang, "hr.exp.what")),
        ft.SegmentedButton(
            segments=[ft.Segment(value=k, label=ft.Text(tr(lang, key))) for k, key in DATASETS],
            selected=[dataset],
            on_change=lambda e: set_dataset((e.control.selected or ["appraisals"])[0]),
        ),
        ft.Row(
            [
                ft.SegmentedButton(
                    segments=[
                        ft.Segment(value="xlsx", label=ft.Text("XLSX (Excel)")),
                        ft.Segment(value="csv", label=ft.Text("CSV")),
                    ],
                    selected=[fmt],
                    on_change=lambda e: set_fmt((e.control.selected or ["xlsx"])[0]),
                ),
                named_dropdown(
                    "hr-exp-period",
                    tr(lang, "hr.period"),
                    period or None,
                    option_list([(p, p) for p in choices.periods]),
                    lambda e: set_period(e.control.value or ""),
                    150,
                ),
                named_dropdown(
                    "hr-exp-scope",
                    tr(lang, "hr.exp.scope"),
                    scope,
                    option_list([("", tr(lang, "hr.exp.all")), *choices.scopes]),
                    lambda e: set_scope(e.control.value or ""),
                    460,
                ),
            ],
            wrap=True,
        ),
        ft.FilledButton(
            tr(lang, "hr.exp.download"), icon=ft.Icons.DOWNLOAD, on_click=download, disabled=busy
        ),
    )
    parts: list[ft.Control] = [form]
    if busy or progress is not None:
        share = progress.share if progress else None
        text = (
            tr(lang, "hr.exp.progress", rows=progress.rows, total=progress.total_rows)
            if progress and progress.rows
            else tr(lang, "hr.exp.bytes", kb=f"{(progress.bytes if progress else 0) / 1024:.0f}")
        )
        parts.append(
            labelled(
                "hr-export-progress",
                ft.Column([ft.ProgressBar(value=share, bar_height=8), muted(text)], spacing=4),
            )
        )
    if error:
        parts.append(error_box("hr-error", error))
    if saved is not None:
        parts.append(
            labelled(
                "hr-export-saved",
                card(
                    ft.Row(
                        [
                            ft.Icon(ft.Icons.CHECK_CIRCLE, color=ft.Colors.GREEN_700),
                            ft.Text(
                                tr(lang, "hrx.dl.sent", name=saved[0], rows=saved[1]),
                                weight=ft.FontWeight.W_600,
                                expand=True,
                            ),
                        ]
                    ),
                    muted(tr(lang, "hrx.dl.where")),
                ),
            )
        )
    return hr_page(lang, route, title, *parts)
