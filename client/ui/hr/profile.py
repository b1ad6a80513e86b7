"""Profil pegawai (HR, read-only): who the employee is, their SKP, progress logs, self-assessment,
final appraisal and predikat per period of the year, the current period's appraisals and their
devices; buttons lead to the acts (mutasi and edits, the audit log, the evaluation document).

Opened from a person in the dashboard (``/hr/pegawai/<nip>/di/<unit_id>``: the unit bounds
what is read) or by NIP (``/hr/pegawai/<nip>``: everything in scope). Read from the server's
reports (the ``completion``, ``progress-logs`` and ``appraisals`` exports as CSV, and the device
list), so it shows exactly what the exports would."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, cast

import flet as ft

from client.errors import DeviceError
from client.hr_api import HrApi
from client.ui.common.app_state import AppState
from client.ui.common.i18n import tr
from client.ui.common.widgets import card, heading, labelled, muted, navigate
from client.ui.hr.common import error_box, hr_call, hr_page, option_list, table
from client.ui.hr.view import Profile, download_name, period_words, profile_of
from client.ui.session import AppSession

__all__ = ["HrProfile", "gather_profile"]

LOGS_SHOWN = 20


@dataclass(frozen=True)
class _Loaded:
    profile: Profile | None
    period: str
    year: str
    periods: list[str]


def gather_profile(api: HrApi, nip: str, unit_id: str | None) -> _Loaded:
    """Everything the profile shows (blocking: in a thread)."""
    board = api.dashboard(unit_id=unit_id) if unit_id else api.dashboard()
    period = board.period
    year = period.split("-", 1)[0]
    codes = [p.code for p in api.periods() if p.code.split("-", 1)[0] == year]
    ordered = sorted(codes, key=lambda c: (c == year, c))  # T1 ... T4, then the year
    completion = [
        (code, api.table("completion", period=code, unit_id=unit_id, nip=nip)) for code in ordered
    ]
    logs = api.table("progress-logs", period=year, unit_id=unit_id, nip=nip)
    appraisals = api.table("appraisals", period=period, unit_id=unit_id, nip=nip)
    devices = [
        (
            d.device_name or d.id,
            d.last_seen_at or "",
            "revoked" if d.revoked else "active",
        )
        for d in api.devices()
        if d.nip == nip
    ]
    profile = profile_of(nip, completion, logs, appraisals, devices)
    return _Loaded(profile, period, year, ordered)


def _identity(lang: str, p: Profile) -> ft.Control:
    return labelled(
        "hr-profile-who",
        card(
            ft.Text(p.name, theme_style=ft.TextThemeStyle.TITLE_LARGE, weight=ft.FontWeight.W_600),
            ft.Text(f"NIP {p.nip}"),
            ft.Text(p.jabatan),
            muted(f"{p.unit} · {p.opd}" if p.unit != p.opd else p.opd),
            muted(tr(lang, "hrx.prof.read_only")),
        ),
    )


def _periods(lang: str, p: Profile) -> ft.Control:
    rows = [
        [
            period_words(lang, line.period),
            line.skp,
            line.logs,
            line.self_assessment,
            line.final,
            line.predikat,
        ]
        for line in p.periods
    ]
    columns = [
        tr(lang, "hrx.prof.col." + k)
        for k in ("period", "skp", "logs", "self", "final", "predikat")
    ]
    return labelled(
        "hr-profile-periods", card(heading(tr(lang, "hrx.prof.periods")), table(columns, rows))
    )


def _logs(lang: str, p: Profile, year: str) -> ft.Control:
    shown = p.logs[:LOGS_SHOWN]
    parts: list[ft.Control] = [heading(tr(lang, "hrx.prof.logs", period=period_words(lang, year)))]
    if not shown:
        parts.append(muted(tr(lang, "hrx.prof.no_logs")))
    else:
        columns = [tr(lang, "hrx.prof.col." + k) for k in ("date", "what", "value")]
        parts.append(
            table(
                columns,
                [
                    [
                        f"{r.get('Tanggal', '')} {r.get('Jam', '')}".strip(),
                        ft.Text(r.get("Uraian", ""), width=520),
                        f"{r.get('Realisasi', '')} {r.get('Satuan', '')}".strip(),
                    ]
                    for r in shown
                ],
            )
        )
        if len(p.logs) > len(shown):
            parts.append(muted(tr(lang, "hrx.prof.logs_more", shown=len(shown), n=len(p.logs))))
    return labelled("hr-profile-logs", card(*parts))


def _appraisals(lang: str, p: Profile, period: str) -> ft.Control:
    parts: list[ft.Control] = [
        heading(tr(lang, "hrx.prof.appraisals", period=period_words(lang, period)))
    ]
    if not p.appraisals:
        parts.append(muted(tr(lang, "hrx.prof.no_appraisals")))
    else:
        keys = ("kind", "hasil", "perilaku", "predikat", "status")
        fields = ("Jenis", "Hasil Kerja", "Perilaku Kerja", "Predikat", "Status")
        parts.append(
            table(
                [tr(lang, "hrx.prof.col." + k) for k in keys],
                [[r.get(f, "") or "-" for f in fields] for r in p.appraisals],
            )
        )
    return labelled("hr-profile-appraisals", card(*parts))


def _devices(lang: str, p: Profile) -> ft.Control:
    parts: list[ft.Control] = [heading(tr(lang, "hrx.prof.devices"))]
    if not p.devices:
        parts.append(muted(tr(lang, "hrx.prof.no_devices")))
    else:
        parts.append(
            table(
                [tr(lang, "hrx.prof.col." + k) for k in ("device", "last", "state")],
                [
                    [
                        name,
                        last.replace("T", " ")[:16] if last else tr(lang, "hrx.prof.never"),
                        tr(lang, "hrx.prof." + state),
                    ]
                    for name, last, state in p.devices
                ],
            )
        )
    return labelled("hr-profile-devices", card(*parts))


def _to(path: str) -> Callable[[Any], None]:
    def handler(_e: Any) -> None:
        navigate(path)

    return handler


def _actions(
    lang: str,
    nip: str,
    period: str,
    periods: list[str],
    pick_period: Callable[[str], None],
    download_pdf: Any,
    busy: bool,
) -> ft.Control:
    """The acts on this employee: the forms, the audit log, the evaluation document."""
    return ft.Row(
        [
            ft.FilledTonalButton(
                tr(lang, "hrx.prof.mutasi"),
                icon=ft.Icons.MOVE_UP,
                on_click=_to(f"/hr/pegawai/{nip}/ubah"),
            ),
            ft.OutlinedButton(
                tr(lang, "hrx.prof.audit"), icon=ft.Icons.HISTORY, on_click=_to(f"/hr/audit/{nip}")
            ),
            labelled(
                "hr-profile-pdf-period",
                ft.Dropdown(
                    label=tr(lang, "hr.period"),
                    value=period,
                    options=option_list([(c, period_words(lang, c)) for c in periods]),
                    on_select=lambda e: pick_period(e.control.value or ""),
                    width=200,
                ),
            ),
            ft.OutlinedButton(
                tr(lang, "hrx.prof.pdf"),
                icon=ft.Icons.PICTURE_AS_PDF,
                on_click=download_pdf,
                disabled=busy,
            ),
        ],
        wrap=True,
    )


@ft.component
def HrProfile(  # noqa: N802
    session: AppSession, state: AppState, route: str, nip: str, unit_id: str = ""
) -> ft.Control:
    lang = state.lang
    loaded, set_loaded = ft.use_state(cast(_Loaded | None, None))
    error, set_error = ft.use_state("")
    pdf_period, set_pdf_period = ft.use_state("")
    sent, set_sent = ft.use_state("")
    busy, set_busy = ft.use_state(False)

    async def load() -> None:
        set_error("")
        try:
            found = await hr_call(session, lambda api: gather_profile(api, nip, unit_id or None))
        except DeviceError as err:
            set_error(str(err))
            return
        set_loaded(found)

    ft.use_effect(load, [nip, unit_id, state.data_version])

    title = tr(lang, "hrx.prof.title")
    if error and loaded is None:
        return hr_page(lang, route, title, error_box("hr-error", error))
    if loaded is None:
        return hr_page(
            lang,
            route,
            title,
            ft.Row([ft.ProgressRing(), muted(tr(lang, "hrx.prof.loading"))], spacing=12),
        )
    profile = loaded.profile
    if profile is None:
        return hr_page(
            lang,
            route,
            title,
            labelled("hr-profile-unknown", muted(tr(lang, "hrx.prof.unknown", nip=nip))),
        )
    period = pdf_period or loaded.period

    async def download_pdf(_e: ft.Event[ft.Button]) -> None:
        set_error("")
        set_sent("")
        set_busy(True)
        try:
            done = await hr_call(session, lambda api: api.fetch_evaluation(nip, period))
            name = download_name("evaluation", profile.name, period, "pdf")
            await session.file_picker().save_file(
                dialog_title=tr(lang, "hrx.prof.pdf"), file_name=name, src_bytes=done.data
            )
        except DeviceError as err:
            set_error(str(err))
        else:
            set_sent(tr(lang, "hrx.dl.pdf_sent", name=name))
        finally:
            set_busy(False)

    actions = _actions(lang, nip, period, loaded.periods, set_pdf_period, download_pdf, busy)
    parts: list[ft.Control] = [_identity(lang, profile), actions]
    if busy:
        parts.append(ft.ProgressBar())
    if error:
        parts.append(error_box("hr-error", error))
    if sent:
        parts.append(labelled("hr-pdf-sent", ft.Text(sent, color=ft.Colors.GREEN_800)))
    parts += [
        _periods(lang, profile),
        ft.Row(
            [
                ft.Container(_appraisals(lang, profile, loaded.period), expand=1),
                ft.Container(_devices(lang, profile), expand=1),
            ],
            vertical_alignment=ft.CrossAxisAlignment.START,
        ),
        _logs(lang, profile, loaded.year),
    ]
    return hr_page(lang, route, f"{title}: {profile.name}", *parts)
