"""Umpan balik & nilai: the supervisor's feedback, the ratings with the predikat and why (and
the angka kredit of a final annual predikat of a functional position), the keberatan on an
annual predikat (within 14 days) with its status, and the penghargaan HR recorded."""

from __future__ import annotations

from typing import Any, cast

import flet as ft

from client.errors import DeviceError
from client.ui import reads
from client.ui.app_state import AppState
from client.ui.i18n import tr
from client.ui.session import AppSession
from client.ui.widgets import card, heading, labelled, muted, screen, text_input
from shared_models import ObjectionStatus, Predikat, Rating, parse_period_code

__all__ = ["FeedbackScreen", "explain"]


def explain(lang: str, appraisal: dict[str, Any]) -> str:
    """The quadrant in words: which two ratings gave which predikat."""
    hk, pk, p = (
        appraisal.get("hasil_kerja"),
        appraisal.get("perilaku_kerja"),
        appraisal.get("predikat"),
    )
    if not (hk and pk and p):
        return ""
    return tr(
        lang,
        "fb.explain",
        hk=Rating(hk).label,
        pk=Rating(pk).label,
        p=Predikat(p).label,
    )


@ft.component
def ObjectionForm(session: AppSession, state: AppState, appraisal_id: str) -> ft.Control:  # noqa: N802
    lang = state.lang
    typed: list[str] = ft.use_memo(lambda: [""], [])  # the reason (typing re-renders nothing)
    error, set_error = ft.use_state("")

    def put(text: str) -> None:
        typed[0] = text

    async def send(_e: ft.Event[ft.Button]) -> None:
        reason = typed[0]
        if not reason.strip():
            set_error(tr(lang, "fb.object_need_reason"))
            return
        try:
            await session.call(session.device.object, appraisal_id, reason.strip())
        except DeviceError as err:
            set_error(str(err))
            return
        state.notify_user(tr(lang, "fb.object_sent"))
        await session.saved()

    return ft.Column(
        [
            text_input(
                typed[0],
                put,
                label=tr(lang, "fb.object_reason"),
                multiline=True,
                min_lines=2,
                error=error or None,
            ),
            ft.FilledButton(tr(lang, "fb.object"), icon=ft.Icons.GAVEL, on_click=send),
        ]
    )


def _appraisal_card(session: AppSession, state: AppState, a: dict[str, Any]) -> list[ft.Control]:
    lang = state.lang
    form: list[ft.Control] = []
    label = parse_period_code(str(a["period_code"])).label
    rows: list[ft.Control] = [
        ft.Text(
            f"{label} "
            + (tr(lang, "fb.final") if a.get("status") == "final" else tr(lang, "fb.draft")),
            weight=ft.FontWeight.W_600,
        )
    ]
    if a.get("hasil_kerja"):
        rows.append(ft.Text(tr(lang, "fb.hasil", r=Rating(a["hasil_kerja"]).label)))
    if a.get("perilaku_kerja"):
        rows.append(ft.Text(tr(lang, "fb.perilaku", r=Rating(a["perilaku_kerja"]).label)))
    if a.get("predikat"):
        rows.append(
            labelled(
                f"predikat-{a['period_code']}",
                ft.Text(
                    tr(lang, "fb.predikat", p=Predikat(a["predikat"]).label),
                    weight=ft.FontWeight.BOLD,
                    color=ft.Colors.PRIMARY,
                ),
            )
        )
        rows.append(muted(explain(lang, a)))
    if a.get("angka_kredit"):
        rows.append(
            labelled(
                f"angka-kredit-{a['period_code']}",
                ft.Text(tr(lang, "fb.angka_kredit", text=a["angka_kredit"]["text"])),
            )
        )
    if a.get("feedback"):
        rows.append(ft.Text(a["feedback"], italic=True))
    objection = a.get("objection")
    if objection:
        rows.append(
            labelled(
                "objection-status",
                ft.Text(
                    tr(lang, "fb.object_status", status=ObjectionStatus(objection["status"]).label)
                ),
            )
        )
        if objection.get("decision_reason"):
            rows.append(muted(objection["decision_reason"]))
    elif a.get("objection_deadline"):
        if a.get("can_object"):
            rows.append(muted(tr(lang, "fb.object_until", date=a["objection_deadline"])))
            form = [ObjectionForm(session, state, a["id"])]  # outside the card: its own field
        else:
            rows.append(muted(tr(lang, "fb.object_closed", date=a["objection_deadline"])))
    rows.append(
        ft.TextButton(
            tr(lang, "nav.guide"),
            icon=ft.Icons.HELP_OUTLINE,
            on_click=lambda _e: ft.context.page.navigate("/panduan"),
        )
    )
    return [card(*rows), *form]


@ft.component
def FeedbackScreen(session: AppSession, state: AppState) -> ft.Control:  # noqa: N802
    lang = state.lang
    data, set_data = ft.use_state(cast(dict[str, Any] | None, None))

    async def load() -> None:
        set_data(await session.call(reads.feedback_view, session.device, session.today()))

    ft.use_effect(load, [state.data_version])
    if data is None:
        return screen(ft.ProgressRing())
    parts: list[ft.Control] = [heading(tr(lang, "fb.feedback"))]
    if not data["feedback"]:
        parts.append(muted(tr(lang, "fb.none")))
    for i, f in enumerate(data["feedback"]):
        rows: list[ft.Control] = [labelled(f"feedback-{i}", ft.Text(f["text"]))]
        if f["rhk"]:
            rows.append(muted(tr(lang, "fb.about_rhk", text=f["rhk"])))
        if f["value"]:
            rows.append(muted(tr(lang, "fb.about_value", text=f["value"])))
        if f.get("log_date"):
            rows.append(muted(tr(lang, "fbx.about_entry", date=f["log_date"])))
        if f["period_code"]:
            rows.append(muted(parse_period_code(f["period_code"]).label))
        parts.append(card(*rows))
    parts.append(heading(tr(lang, "fb.ratings")))
    if not data["appraisals"]:
        parts.append(muted(tr(lang, "fb.no_ratings")))
    for a in data["appraisals"]:
        parts += _appraisal_card(session, state, a)
    if data.get("awards"):
        parts.append(heading(tr(lang, "fb.awards")))
        parts += [
            card(labelled(f"award-{i}", ft.Text(text))) for i, text in enumerate(data["awards"])
        ]
    return screen(*parts)
