"""Umpan balik & nilai: the supervisor's feedback, the ratings with the predikat and why (and
the angka kredit of a final annual predikat of a functional position), the keberatan on an
annual predikat (within 14 days) with its status, and the penghargaan HR recorded."""

from __future__ import annotations

import datetime as dt
from functools import partial
from typing import Any, cast

import flet as ft
from msgspec.structs import replace

from client.errors import DeviceError
from client.ops.view_models import FeedbackItem, FeedbackView, OwnAppraisal
from client.service import Device
from client.store import SYNCED
from client.ui.common.app_state import AppState
from client.ui.common.i18n import tr
from client.ui.common.widgets import card, heading, labelled, muted, screen
from client.ui.pegawai import reads
from client.ui.pegawai.assessment_forms import LIMITS, check_objection, objection_sync
from client.ui.pegawai.counted_input import counted_input
from client.ui.session import AppSession
from shared_models import (
    AppraisalStatus,
    ObjectionStatus,
    Predikat,
    Rating,
    RecordKind,
    parse_period_code,
)

__all__ = ["FeedbackScreen", "explain", "feedback_with_state"]


def explain(lang: str, hk: Rating | None, pk: Rating | None, p: Predikat | None) -> str:
    """The quadrant in words: which two ratings gave which predikat."""
    if not (hk and pk and p):
        return ""
    return tr(lang, "fb.explain", hk=hk.label, pk=pk.label, p=p.label)


def feedback_with_state(device: Device, today: dt.date) -> FeedbackView:
    """The screen's read (``client.ui.pegawai.reads.feedback_view``) with, on each appraisal's
    keberatan, ``sync``: whether the server has it ("synced") or not yet ("pending")."""
    view = reads.feedback_view(device, today)
    records = device.ctx.store.records
    filed = {
        str(r.fields.get("appraisal_id")): records.state(r.id)
        for r in records.of_kind(RecordKind.OBJECTION, owner=device.ctx.nip)
    }
    appraisals = [
        a if a.objection is None else replace(a, objection_sync=filed.get(a.id))
        for a in view.appraisals
    ]
    return replace(view, appraisals=appraisals)


@ft.component
def ObjectionForm(  # noqa: N802
    session: AppSession, state: AppState, appraisal_id: str, label: str, on_filed: Any
) -> ft.Control:
    lang = state.lang
    typed: list[str] = ft.use_memo(lambda: [""], [])  # the reason (typing re-renders nothing)
    error, set_error = ft.use_state("")

    def put(text: str) -> None:
        typed[0] = text

    async def send(_e: ft.Event[ft.Button]) -> None:
        reason = typed[0]
        problem = check_objection(lang, reason)
        if problem is not None:
            set_error(problem)
            return
        try:
            await session.call(session.device.object, appraisal_id, reason.strip())
        except DeviceError as err:
            set_error(str(err))
            return
        on_filed(tr(lang, "fb.object_saved", period=label))
        await session.saved()

    return ft.Column(
        [
            counted_input(
                typed[0],
                put,
                lang=lang,
                name=tr(lang, "fb.object_reason"),
                limit=LIMITS["objection"],
                error=error or None,
                multiline=True,
                min_lines=2,
            ),
            ft.FilledButton(tr(lang, "fb.object"), icon=ft.Icons.GAVEL, on_click=send),
        ]
    )


def _appraisal_card(
    session: AppSession, state: AppState, a: OwnAppraisal, on_filed: Any
) -> list[ft.Control]:
    lang = state.lang
    form: list[ft.Control] = []
    label = parse_period_code(a.period_code).label
    rows: list[ft.Control] = [
        ft.Text(
            f"{label} "
            + (tr(lang, "fb.final") if a.status == AppraisalStatus.FINAL else tr(lang, "fb.draft")),
            weight=ft.FontWeight.W_600,
        )
    ]
    if a.hasil_kerja:
        rows.append(ft.Text(tr(lang, "fb.hasil", r=a.hasil_kerja.label)))
    if a.perilaku_kerja:
        rows.append(ft.Text(tr(lang, "fb.perilaku", r=a.perilaku_kerja.label)))
    if a.predikat:
        rows.append(
            labelled(
                f"predikat-{a.period_code}",
                ft.Text(
                    tr(lang, "fb.predikat", p=a.predikat.label),
                    weight=ft.FontWeight.BOLD,
                    color=ft.Colors.PRIMARY,
                ),
            )
        )
        rows.append(muted(explain(lang, a.hasil_kerja, a.perilaku_kerja, a.predikat)))
    if a.angka_kredit:
        rows.append(
            labelled(
                f"angka-kredit-{a.period_code}",
                ft.Text(tr(lang, "fb.angka_kredit", text=a.angka_kredit.text)),
            )
        )
    if a.feedback:
        rows.append(ft.Text(a.feedback, italic=True))
    objection = a.objection
    if objection:
        rows.append(
            labelled(
                "objection-status",
                ft.Text(
                    tr(lang, "fb.object_status", status=ObjectionStatus(objection["status"]).label)
                    + " · "
                    + tr(lang, objection_sync(a.objection_sync))
                ),
            )
        )
        if objection.get("decision_reason"):
            rows.append(muted(objection["decision_reason"]))
    elif a.objection_deadline:
        if a.can_object:
            rows.append(muted(tr(lang, "fb.object_until", date=a.objection_deadline)))
            # outside the card: its own field
            form = [ObjectionForm(session, state, a.id, label, partial(on_filed, a.id))]
        else:
            rows.append(muted(tr(lang, "fb.object_closed", date=a.objection_deadline)))
    rows.append(
        ft.TextButton(
            tr(lang, "nav.guide"),
            icon=ft.Icons.HELP_OUTLINE,
            on_click=lambda _e: ft.context.page.navigate("/panduan"),
        )
    )
    return [card(*rows), *form]


def _feedback_card(lang: str, i: int, f: FeedbackItem) -> ft.Control:
    rows: list[ft.Control] = [labelled(f"feedback-{i}", ft.Text(f.text))]
    if f.rhk:
        rows.append(muted(tr(lang, "fb.about_rhk", text=f.rhk)))
    if f.value:
        rows.append(muted(tr(lang, "fb.about_value", text=f.value)))
    if f.log_date:
        rows.append(muted(tr(lang, "fbx.about_entry", date=f.log_date)))
    if f.period_code:
        rows.append(muted(parse_period_code(f.period_code).label))
    return card(*rows)


def _received(lang: str, view: FeedbackView, appraisal_id: str) -> str | None:
    """The notice that the keberatan against ``appraisal_id`` reached the server (None: not
    yet)."""
    for a in view.appraisals:
        if a.id == appraisal_id and a.objection is not None and a.objection_sync == SYNCED:
            label = parse_period_code(a.period_code).label
            return tr(lang, "fb.object_received_notice", period=label)
    return None


@ft.component
def FeedbackScreen(session: AppSession, state: AppState) -> ft.Control:  # noqa: N802
    lang = state.lang
    data, set_data = ft.use_state(cast(FeedbackView | None, None))
    # (the notice this screen set when a keberatan was filed, the appraisal it is about)
    notice = ft.use_ref(cast(tuple[str, str] | None, None))

    def filed(appraisal_id: str, text: str) -> None:
        notice.current = (text, appraisal_id)
        state.notify_user(text)

    async def load() -> None:
        view = await session.call(feedback_with_state, session.device, session.today())
        set_data(view)
        shown = notice.current
        if shown is None or state.notice != shown[0]:
            return
        # the notice "filed" becomes "received" once the server has the keberatan
        received = _received(state.lang, view, shown[1])
        if received is not None:
            notice.current = None
            state.notify_user(received)

    ft.use_effect(load, [state.data_version])
    if data is None:
        return screen(ft.ProgressRing())
    parts: list[ft.Control] = [heading(tr(lang, "fb.feedback"))]
    if not data.feedback:
        parts.append(muted(tr(lang, "fb.none")))
    parts += [_feedback_card(lang, i, f) for i, f in enumerate(data.feedback)]
    parts.append(heading(tr(lang, "fb.ratings")))
    if not data.appraisals:
        parts.append(muted(tr(lang, "fb.no_ratings")))
    for a in data.appraisals:
        parts += _appraisal_card(session, state, a, filed)
    if data.awards:
        parts.append(heading(tr(lang, "fb.awards")))
        parts += [card(labelled(f"award-{i}", ft.Text(text))) for i, text in enumerate(data.awards)]
    return screen(*parts)
