"""Pegawai (HR): move an employee to another unit or Pejabat Penilai (mutasi: it reaches the
supervisors' devices at their next sync), edit their data, and download their "Dokumen Evaluasi
Kinerja Pegawai" (PDF) for a period in the browser. ``/hr/pegawai`` (look a NIP up) and
``/hr/pegawai/<nip>/ubah`` (from the employee's profile, client/ui/hr/profile.py)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from typing import Any, cast

import flet as ft

from client.errors import DeviceError
from client.hr_api import HrApi
from client.ui.common.app_state import AppState
from client.ui.common.i18n import tr
from client.ui.common.widgets import card, heading, labelled, muted, navigate, text_input
from client.ui.hr.common import error_box, hr_call, hr_page, option_list
from client.ui.hr.view import download_name
from client.ui.session import AppSession

__all__ = ["HrPeople"]

JABATAN_KINDS = (
    ("", "—"),
    ("jpt_pratama", "JPT Pratama"),
    ("administrator", "Administrator"),
    ("pengawas", "Pengawas"),
    ("fungsional", "Fungsional"),
    ("pelaksana", "Pelaksana"),
)


@dataclass(frozen=True)
class _Choices:
    units: list[tuple[str, str]]
    periods: list[str]
    period: str


def _choices(api: HrApi) -> _Choices:
    """Every unit in scope ("OPD › unit") and the periods, for the forms."""
    city = api.dashboard()
    units: list[tuple[str, str]] = []
    for opd in city.rows:
        for row in api.dashboard(opd_id=opd.id).rows:
            label = row.name if row.id == opd.id else f"{opd.name} › {row.name}"
            units.append((row.id, label))
    return _Choices(units, [p.code for p in api.periods()], city.period)


def _field(label: str, value: str, on_text: Any, width: int = 320, **kw: Any) -> ft.Control:
    return text_input(value, on_text, label=label, width=width, **kw)


def _typed(form: dict[str, str], key: str) -> Callable[[str], None]:
    """A text field's handler: keep what was typed (no re-render)."""

    def typed(text: str) -> None:
        form[key] = text

    return typed


def _picked(form: dict[str, str], key: str) -> Callable[[Any], None]:
    """A dropdown's handler: keep what was chosen."""

    def picked(e: Any) -> None:
        form[key] = str(e.control.value or "")

    return picked


def _perform(api: HrApi, lang: str, kind: str, nip: str, form: dict[str, str]) -> tuple[str, str]:
    """Do one HR act for ``nip`` (in a thread); return the id and text of its confirmation."""
    if kind == "mutasi":
        api.mutasi(
            nip,
            unit_id=form.get("unit") or None,
            supervisor_nip=form.get("boss") or None,
            note=form.get("note", ""),
        )
        return "hr-mutasi-done", tr(lang, "hr.emp.moved", nip=nip)
    if kind == "edit":
        api.edit_employee(
            nip,
            name=form.get("name"),
            golongan=form.get("golongan"),
            jabatan_name=form.get("jabatan"),
            jabatan_kind=form.get("jabatan_kind"),
            jenjang=form.get("jenjang"),
            active={"ya": True, "tidak": False}.get(form.get("active", "")),
        )
        return "hr-edit-done", tr(lang, "hr.emp.edited", nip=nip)
    raise ValueError(kind)


NOTE_MAX = 500


def form_problem(lang: str, kind: str, form: dict[str, str]) -> str:
    """What is wrong with a form before it is sent, in words about the field shown ("" when
    nothing is): the server checks again and its refusals are shown as they come."""
    if kind == "mutasi":
        boss = "".join(form.get("boss", "").split()).replace(".", "")
        if not form.get("unit") and not boss:
            return tr(lang, "hrx.emp.need_boss_or_unit")
        if boss and (len(boss) != 18 or not boss.isdigit()):
            return tr(lang, "hrx.emp.bad_boss", n=len(boss))
        note = form.get("note", "")
        if len(note) > NOTE_MAX:
            return tr(lang, "hrx.emp.note_long", max=NOTE_MAX, n=len(note))
    if kind == "edit":
        keys = ("name", "golongan", "jabatan", "jabatan_kind", "jenjang", "active")
        if not any(form.get(k, "").strip() for k in keys):
            return tr(lang, "hrx.emp.nothing")
    return ""


async def _send_pdf(session: AppSession, lang: str, nip: str, period: str) -> tuple[str, str]:
    """Fetch the evaluation document and hand it to the browser (nothing on the app host)."""
    done = await hr_call(session, lambda api: api.fetch_evaluation(nip, period))
    name = download_name("evaluation", nip, period, "pdf")
    await session.file_picker().save_file(
        dialog_title=tr(lang, "hr.emp.pdf_get"), file_name=name, src_bytes=done.data
    )
    return "hr-pdf-sent", tr(lang, "hrx.dl.pdf_sent", name=name)


async def _act(
    session: AppSession, lang: str, kind: str, nip: str, values: dict[str, str]
) -> tuple[str, str]:
    if kind == "pdf":
        return await _send_pdf(session, lang, nip, values["period"])
    return await hr_call(session, lambda api: _perform(api, lang, kind, nip, values))


def _status(busy: bool, error: str, message: tuple[str, str] | None) -> list[ft.Control]:
    out: list[ft.Control] = [ft.ProgressBar()] if busy else []
    if error:
        out.append(error_box("hr-error", error))
    if message:
        out.append(labelled(message[0], ft.Text(message[1], color=ft.Colors.GREEN_800)))
    return out


def _mutasi_card(
    lang: str,
    form: dict[str, str],
    have: _Choices,
    put: Callable[[str], Any],
    pick: Callable[[str], Any],
    on_move: Any,
    busy: bool,
) -> ft.Control:
    return card(
        heading(tr(lang, "hr.emp.mutasi")),
        muted(tr(lang, "hr.emp.mutasi_intro")),
        ft.Dropdown(
            label=tr(lang, "hr.emp.unit"),
            value=form.get("unit") or None,
            options=option_list([("", tr(lang, "hr.emp.unit_same")), *have.units]),
            on_select=pick("unit"),
            width=520,
            enable_filter=True,
            editable=True,
        ),
        _field(tr(lang, "hr.emp.boss"), form.get("boss", ""), put("boss")),
        _field(tr(lang, "hr.emp.note"), form.get("note", ""), put("note"), width=520),
        ft.FilledButton(
            tr(lang, "hr.emp.move"), icon=ft.Icons.MOVE_UP, on_click=on_move, disabled=busy
        ),
    )


def _edit_card(
    lang: str,
    form: dict[str, str],
    put: Callable[[str], Any],
    pick: Callable[[str], Any],
    on_save: Any,
    busy: bool,
) -> ft.Control:
    return card(
        heading(tr(lang, "hr.emp.edit")),
        muted(tr(lang, "hr.emp.edit_intro")),
        _field(tr(lang, "hr.emp.name"), form.get("name", ""), put("name"), width=420),
        ft.Row(
            [
                _field(tr(lang, "hr.emp.golongan"), form.get("golongan", ""), put("golongan"), 150),
                _field(tr(lang, "hr.emp.jenjang"), form.get("jenjang", ""), put("jenjang"), 200),
            ]
        ),
        _field(tr(lang, "hr.emp.jabatan"), form.get("jabatan", ""), put("jabatan"), width=420),
        ft.Row(
            [
                ft.Dropdown(
                    label=tr(lang, "hr.emp.jabatan_kind"),
                    value=form.get("jabatan_kind") or None,
                    options=option_list(JABATAN_KINDS),
                    on_select=pick("jabatan_kind"),
                    width=220,
                ),
                ft.Dropdown(
                    label=tr(lang, "hr.emp.active"),
                    value=form.get("active") or None,
                    options=option_list([("", "—"), ("ya", "Aktif"), ("tidak", "Tidak aktif")]),
                    on_select=pick("active"),
                    width=180,
                ),
            ]
        ),
        ft.OutlinedButton(
            tr(lang, "hr.emp.save"), icon=ft.Icons.SAVE, on_click=on_save, disabled=busy
        ),
    )


def _pdf_card(
    lang: str,
    form: dict[str, str],
    have: _Choices,
    pick: Callable[[str], Any],
    on_pdf: Any,
    busy: bool,
) -> ft.Control:
    return card(
        heading(tr(lang, "hr.emp.pdf")),
        muted(tr(lang, "hr.emp.pdf_intro")),
        ft.Row(
            [
                ft.Dropdown(
                    label=tr(lang, "hr.period"),
                    value=form.get("period") or have.period or None,
                    options=option_list([(p, p) for p in have.periods]),
                    on_select=pick("period"),
                    width=160,
                ),
                ft.OutlinedButton(
                    tr(lang, "hr.emp.pdf_get"),
                    icon=ft.Icons.PICTURE_AS_PDF,
                    on_click=on_pdf,
                    disabled=busy,
                ),
            ]
        ),
    )


@ft.component
def HrPeople(session: AppSession, state: AppState, route: str, nip: str) -> ft.Control:  # noqa: N802
    lang = state.lang
    # what was typed or picked: plain dicts, no re-render per key ("who" is the NIP looked up)
    form: dict[str, str] = ft.use_memo(lambda: {"who": nip}, [])
    choices, set_choices = ft.use_state(cast(_Choices | None, None))
    message, set_message = ft.use_state(cast(tuple[str, str] | None, None))  # (id, text)
    error, set_error = ft.use_state("")
    busy, set_busy = ft.use_state(False)

    async def load() -> None:
        try:
            set_choices(await hr_call(session, _choices))
        except DeviceError as err:
            set_error(str(err))

    ft.use_effect(load, [])

    put, pick = partial(_typed, form), partial(_picked, form)

    def nip_now() -> str:
        return "".join(form["who"].split())

    async def act(kind: str) -> None:
        set_error("")
        set_message(None)
        target = nip_now()
        if len(target) != 18 or not target.isdigit():
            set_error(tr(lang, "hr.emp.need_nip"))
            return
        values = {"period": (choices or _Choices([], [], "")).period, **form}
        values.pop("who")
        problem = form_problem(lang, kind, values)
        if problem:
            set_error(problem)
            return
        set_busy(True)
        try:
            set_message(await _act(session, lang, kind, target, values))
        except DeviceError as err:
            set_error(str(err))
        finally:
            set_busy(False)

    def run(kind: str) -> Any:
        async def handler(_e: Any) -> None:
            await act(kind)

        return handler

    def audit(_e: ft.Event[ft.TextButton]) -> None:
        navigate(f"/hr/audit/{nip_now()}")

    def profile(_e: ft.Event[ft.TextButton]) -> None:
        navigate(f"/hr/pegawai/{nip_now()}")

    have = choices or _Choices([], [], "")
    lookup = ft.Row(
        [
            _field(tr(lang, "hr.emp.nip"), form["who"], put("who"), width=300),
            ft.TextButton(tr(lang, "hrx.prof.lookup"), icon=ft.Icons.PERSON, on_click=profile),
            ft.TextButton(tr(lang, "hr.emp.audit"), icon=ft.Icons.HISTORY, on_click=audit),
        ]
    )
    mutasi = _mutasi_card(lang, form, have, put, pick, run("mutasi"), busy)
    edit = _edit_card(lang, form, put, pick, run("edit"), busy)
    pdf = _pdf_card(lang, form, have, pick, run("pdf"), busy)
    parts: list[ft.Control] = [lookup, *_status(busy, error, message)]
    parts.append(
        ft.Row(
            [
                ft.Container(mutasi, expand=1),
                ft.Container(ft.Column([edit, pdf], spacing=14), expand=1),
            ],
            vertical_alignment=ft.CrossAxisAlignment.START,
        )
    )
    return hr_page(lang, route, tr(lang, "hr.emp.title"), *parts)
