"""Keberatan, for the Atasan Pejabat Penilai: objections to ratings given by the supervisors
below, each decided once (keep or change the predikat, with reasons)."""

from __future__ import annotations

from typing import Any, cast

import flet as ft

from client.errors import DeviceError
from client.ops.view_models import ObjectionItem
from client.store import PENDING
from client.ui.common.app_state import AppState
from client.ui.common.i18n import tr
from client.ui.common.widgets import card, choice, heading, labelled, muted, screen, text_input
from client.ui.session import AppSession
from client.ui.supervisor.forms import DECISION_MAX, decision_errors
from client.ui.supervisor.widgets import back_to, chip
from shared_models import ObjectionStatus, Predikat, Rating, parse_period_code

__all__ = ["DecisionForm", "ObjectionsScreen"]


def _label(value: Rating | Predikat | None) -> str:
    return value.label if value else "-"


@ft.component
def DecisionForm(session: AppSession, state: AppState, item: ObjectionItem) -> ft.Control:  # noqa: N802
    lang = state.lang
    change, set_change = ft.use_state(False)
    new, set_new = ft.use_state(cast(str | None, None))
    error, set_error = ft.use_state("")
    fields, set_fields = ft.use_state(cast(dict[str, str], {}))  # field -> its message
    reason: list[str] = ft.use_memo(lambda: [""], [])

    def typed(text: str) -> None:
        reason[0] = text

    async def decide(_e: Any) -> None:
        problems = decision_errors(lang, change=change, new_predikat=new, reason=reason[0])
        set_fields(problems)
        if problems:  # each field says what is missing; nothing is saved
            return
        try:
            await session.call(
                session.device.decide_objection,
                item.id,
                uphold=not change,
                reason=reason[0],
                new_predikat=new if change else None,
            )
        except DeviceError as err:
            set_error(str(err))
            return
        state.notify_user(tr(lang, "obj.decided"))
        await session.saved()

    controls: list[ft.Control] = [
        ft.RadioGroup(
            content=ft.Row(
                [
                    choice("keep", tr(lang, "obj.keep")),
                    choice("change", tr(lang, "obj.change")),
                ]
            ),
            value="change" if change else "keep",
            on_change=lambda e: set_change(e.control.value == "change"),
        )
    ]
    if change:
        controls += [
            muted(tr(lang, "obj.new")),
            ft.RadioGroup(
                content=ft.Row(
                    [choice(p.value, p.label) for p in Predikat if p != item.predikat],
                    wrap=True,
                ),
                value=new,
                on_change=lambda e: set_new(e.control.value),
            ),
        ]
        if fields.get("new_predikat") and not new:
            controls.append(
                labelled(
                    "objection-new-error",
                    ft.Text(fields["new_predikat"], color=ft.Colors.ERROR, size=13),
                )
            )
    controls.append(
        text_input(
            reason[0],
            typed,
            label=tr(lang, "obj.decision_reason"),
            multiline=True,
            min_lines=2,
            max_length=DECISION_MAX,  # Flutter shows the counter (12/4000)
            error=fields.get("reason"),
        )
    )
    if error:
        controls.append(labelled("objection-error", ft.Text(error, color=ft.Colors.ERROR)))
    controls.append(ft.FilledButton(tr(lang, "obj.decide"), icon=ft.Icons.GAVEL, on_click=decide))
    return ft.Column(controls, spacing=8)


@ft.component
def ObjectionsScreen(session: AppSession, state: AppState) -> ft.Control:  # noqa: N802
    lang = state.lang
    data, set_data = ft.use_state(cast(list[ObjectionItem] | None, None))

    async def load() -> None:
        set_data(await session.call(session.device.objections))

    ft.use_effect(load, [state.data_version])
    parts: list[ft.Control] = [back_to(lang, "/tim"), heading(tr(lang, "obj.title"))]
    if data is None:
        return screen(*parts, ft.ProgressRing())
    if not data:
        parts.append(muted(tr(lang, "obj.none")))
    for n, o in enumerate(data):
        period = parse_period_code(o.period_code).label if o.period_code else "-"
        rows: list[ft.Control] = [
            ft.Text(
                tr(lang, "obj.who", name=o.name, period=period, supervisor=o.supervisor_name),
                weight=ft.FontWeight.W_600,
            ),
            ft.Text(
                tr(
                    lang,
                    "obj.rating",
                    hk=_label(o.hasil_kerja),
                    pk=_label(o.perilaku_kerja),
                    p=_label(o.predikat),
                )
            ),
            ft.Text(tr(lang, "obj.reason", text=o.reason), italic=True),
        ]
        if o.status == ObjectionStatus.DIAJUKAN:
            parts.append(card(*rows))
            parts.append(DecisionForm(session, state, o))
            continue
        status = tr(lang, "obj.status", status=o.status.label)
        line: list[ft.Control] = [ft.Text(status, weight=ft.FontWeight.W_600)]
        if o.sync_state == PENDING:
            line.append(chip(tr(lang, "obj.pending")))
        rows.append(labelled(f"objection-{n}", ft.Row(line, wrap=True)))
        if o.new_predikat:
            rows.append(ft.Text(tr(lang, "obj.new_predikat", p=o.new_predikat.label)))
        rows.append(muted(o.decision_reason))
        parts.append(card(*rows))
    return screen(*parts)
