"""Penilaian diri: realisation per indicator from the logs, a self-rating with a reflection for
hasil kerja and for each BerAKHLAK value, submitted to the supervisor.

The screen opens on the period its route names (``/penilaian?periode=2026-T3``: a reminder on
Beranda leads there), else on the current triwulan. An action bar fixed above the navigation
says how much is filled ("3/8 terisi") and holds "Simpan draf" and "Kirim ke atasan"; sending an
incomplete one asks first, naming what is empty. The state line follows the sync: a draft,
sent and waiting for the sync, received by the server (locked)."""

from __future__ import annotations

from functools import partial
from typing import Any, cast

import flet as ft
import msgspec

from client.errors import DeviceError
from client.ops import writes
from client.ops.view_models import AssessmentView
from client.service import Device
from client.ui.common.app_state import AppState
from client.ui.common.fmt import number
from client.ui.common.i18n import tr
from client.ui.common.widgets import card, choice, heading, labelled, muted, screen
from client.ui.pegawai import reads
from client.ui.pegawai.assessment_forms import (
    LIMITS,
    assessment_errors,
    assessment_status,
    completeness,
    offered_periods,
    period_from_route,
)
from client.ui.pegawai.counted_input import counted_input
from client.ui.session import AppSession
from shared_models import Rating, RecordKind, parse_period_code, triwulan_of

__all__ = ["AssessmentScreen", "assessment_with_state"]

TOUCH = 48
"""The height of the action bar's buttons: a thumb's touch target on a phone."""


def _rating_group(value: str | None, on_change: Any, *, disabled: bool = False) -> ft.Control:
    return ft.RadioGroup(
        content=ft.Column(
            [choice(r.value, r.label, disabled=disabled) for r in Rating],
            spacing=0,
        ),
        value=value,
        on_change=on_change,
    )


def _answers(view: AssessmentView, draft: dict[str, Any]) -> dict[str, Any]:
    """The answers as they stand: the saved self-assessment, overlaid with what was changed
    since (the draft: plain data kept in the session)."""
    existing = view.existing or {}
    perilaku = {
        p["value"]: (p.get("rating") or "", p.get("reflection") or "")
        for p in existing.get("perilaku", [])
    }
    perilaku.update(draft.get("perilaku", {}))
    return {
        "rating": draft.get("rating", existing.get("hasil_kerja_rating")),
        "reflection": draft.get("reflection", existing.get("hasil_kerja_reflection") or ""),
        "perilaku": perilaku,
    }


def assessment_with_state(device: Device, period_code: str) -> AssessmentView:
    """The screen's read (``client.ui.pegawai.reads.assessment_view``) with ``sync``: whether the
    server has the self-assessment as it stands ("synced"), or not yet ("pending"; None when
    there is none)."""
    view = reads.assessment_view(device, period_code)
    ctx = device.ctx
    record = next(
        (
            r
            for r in ctx.store.records.of_kind(RecordKind.SELF_ASSESSMENT, owner=ctx.nip)
            if r.fields.get("period_code") == view.period
        ),
        None,
    )
    sync = ctx.store.records.state(record.id) if record is not None else None
    return msgspec.structs.replace(view, sync=sync)


@ft.component
def AssessmentScreen(session: AppSession, state: AppState) -> ft.Control:  # noqa: N802, C901
    lang = state.lang
    today = session.today()
    current = triwulan_of(today)
    asked = period_from_route(ft.context.page.route or "", today)  # None: the route names none
    period, set_period = ft.use_state(asked or current.code)
    data, set_data = ft.use_state(cast(AssessmentView | None, None))
    _, bump = ft.use_state(0)  # a rating was chosen: show it (typing re-renders nothing)
    errors, set_errors = ft.use_state(cast(dict[str, str], {}))
    error, set_error = ft.use_state("")  # what the device refused, in its words
    notice = ft.use_ref(cast(tuple[str, str] | None, None))  # (the notice this screen set, period)

    def follow_route() -> None:
        if asked:
            set_period(asked)

    ft.use_effect(follow_route, [asked])  # a reminder tapped while the screen is open

    async def load() -> None:
        view = await session.call(assessment_with_state, session.device, period)
        set_data(view)
        shown = notice.current
        # the notice "sent" of this period becomes "received: locked" once the server has it
        if (
            shown is not None
            and shown[1] == view.period
            and state.notice == shown[0]
            and assessment_status(view.existing, view.sync) == "assess.st_received"
        ):
            notice.current = None
            state.notify_user(tr(lang, "assess.received_notice", period=view.label))

    ft.use_effect(load, [period, state.data_version])

    def draft() -> dict[str, Any]:
        """Unsaved input of the period on screen, kept in the session (survives a rebuilt
        screen); the text fields write into it without re-rendering."""
        assert data is not None
        return session.drafts.setdefault(f"assess:{data.period}", {})

    def pick_rating(e: ft.Event[ft.RadioGroup]) -> None:
        draft()["rating"] = e.control.value
        set_errors({k: v for k, v in errors.items() if k != "rating"})
        bump(lambda n: n + 1)

    def typed_into(key: str) -> None:
        """The save-time problem of a field goes once the person changes it (its counter says
        live whether it is still too long)."""
        if key in errors:
            set_errors({k: v for k, v in errors.items() if k != key})

    def put_reflection(text: str) -> None:
        draft()["reflection"] = text
        typed_into("reflection")

    def put_value(value: str, rating_: str | None = None, text: str | None = None) -> None:
        assert data is not None
        row = _answers(data, draft())["perilaku"].get(value, ("", ""))
        new = (rating_ if rating_ is not None else row[0], text if text is not None else row[1])
        draft().setdefault("perilaku", {})[value] = new
        if rating_ is not None:
            bump(lambda n: n + 1)

    def put_text(value: str, text: str) -> None:
        put_value(value, text=text)
        typed_into(f"value:{value}")

    async def save(submit: bool, *, confirmed: bool = False) -> None:
        if data is None:
            return
        answers = _answers(data, draft())
        problems = assessment_errors(lang, answers, submit=submit)
        set_errors(problems)
        set_error("")
        if problems:
            return
        filled = completeness(lang, answers)
        if submit and not confirmed and not filled.complete:
            ask_to_send(filled.filled, filled.total, filled.missing)
            return
        try:
            await session.call(
                writes.save_assessment,
                session.device,
                data.period,
                rating=answers["rating"],
                reflection=answers["reflection"],
                perilaku=answers["perilaku"],
                submit=submit,
            )
        except DeviceError as err:
            set_error(str(err))
            return
        session.drafts.pop(f"assess:{data.period}", None)
        if submit:
            text = tr(lang, "assess.sent_notice", period=data.label)
            notice.current = (text, data.period)
        else:
            text = tr(lang, "assess.saved")
        state.notify_user(text)
        await session.saved()

    def ask_to_send(filled: int, total: int, missing: tuple[str, ...]) -> None:
        page = ft.context.page

        async def send_anyway(_e: ft.Event[ft.Button]) -> None:
            page.pop_dialog()
            await save(True, confirmed=True)

        def back(_e: ft.Event[ft.TextButton]) -> None:
            page.pop_dialog()

        page.show_dialog(
            ft.AlertDialog(
                modal=True,
                title=ft.Text(tr(lang, "assess.confirm_title")),
                content=labelled(
                    "assess-confirm",
                    ft.Text(
                        tr(
                            lang,
                            "assess.confirm_body",
                            filled=filled,
                            total=total,
                            missing=", ".join(missing),
                        )
                    ),
                ),
                actions=[
                    ft.TextButton(tr(lang, "assess.confirm_back"), on_click=back),
                    ft.FilledButton(tr(lang, "assess.confirm_send"), on_click=send_anyway),
                ],
            )
        )

    async def save_draft(_e: ft.Event[ft.OutlinedButton]) -> None:
        await save(False)

    async def send(_e: ft.Event[ft.FilledButton]) -> None:
        await save(True)

    parts: list[ft.Control] = [
        ft.SegmentedButton(
            segments=[
                ft.Segment(value=code, label=code.split("-")[-1]) for code in offered_periods(today)
            ],
            selected=[period],
            on_change=lambda e: set_period(e.control.selected[0]),
        )
    ]
    if asked == "":  # the route named a period this screen does not offer
        parts.append(
            muted(
                tr(
                    lang,
                    "assess.unknown_period",
                    code=(ft.context.page.route or "").partition("periode=")[2],
                    period=parse_period_code(period).label,
                )
            )
        )
    if data is None:
        return screen(*parts, ft.ProgressRing())
    sent = bool((data.existing or {}).get("submitted"))
    answers = _answers(data, session.drafts.get(f"assess:{data.period}", {}))
    shown_for = data.period  # the fields show another period's text when this changes
    status = assessment_status(data.existing, data.sync)
    parts.append(heading(tr(lang, "assess.title", period=data.label)))
    parts.append(
        labelled(
            "assess-status",
            ft.Text(
                tr(lang, status),
                color=ft.Colors.GREEN_800 if status == "assess.st_received" else None,
                weight=ft.FontWeight.W_600 if sent else None,
            ),
        )
    )
    rows = [muted(tr(lang, "assess.realisation"))]
    rows += [
        ft.Row(
            [
                ft.Text(i.text, expand=True, size=13),
                ft.Text(f"{number(lang, i.period_realised)} {i.unit}", size=13),
            ]
        )
        for i in data.indicators
    ]
    parts.append(card(*rows))
    parts.append(heading(tr(lang, "assess.hasil")))
    parts.append(_rating_group(answers["rating"], pick_rating, disabled=sent))
    if "rating" in errors:
        parts.append(
            labelled("assess-error-rating", ft.Text(errors["rating"], color=ft.Colors.ERROR))
        )
    parts.append(
        counted_input(
            answers["reflection"],
            put_reflection,
            lang=lang,
            name=tr(lang, "assess.reflection"),
            limit=LIMITS["reflection"],
            reset=shown_for,
            multiline=True,
            min_lines=2,
            read_only=sent,
        )
    )
    parts.append(heading(tr(lang, "skp.perilaku")))
    for v in data.values:
        r, text = answers["perilaku"].get(v.value, ("", ""))
        value = v.value
        parts.append(
            ft.ExpansionTile(
                title=ft.Text(v.label),
                subtitle=ft.Text(
                    Rating(r).label if r else tr(lang, "assess.not_rated"),
                    size=12,
                    color=None if r else ft.Colors.ERROR,
                ),
                expanded=f"value:{value}" in errors,
                controls=[
                    _rating_group(
                        r or None,
                        lambda e, value=value: put_value(value, rating_=e.control.value),
                        disabled=sent,
                    ),
                    counted_input(
                        text,
                        partial(put_text, value),
                        lang=lang,
                        name=tr(lang, "assess.value_reflection", value=v.label),
                        limit=LIMITS["value_reflection"],
                        reset=shown_for,
                        multiline=True,
                        read_only=sent,
                    ),
                ],
            )
        )
    parts.append(
        ft.TextButton(
            tr(lang, "nav.guide"),
            icon=ft.Icons.HELP_OUTLINE,
            on_click=lambda _e: ft.context.page.navigate("/panduan"),
        )
    )
    return ft.Column(
        [screen(*parts), _action_bar(lang, answers, errors, error, sent, save_draft, send)],
        expand=True,
        spacing=0,
    )


def _action_bar(
    lang: str,
    answers: dict[str, Any],
    errors: dict[str, str],
    refused: str,
    sent: bool,
    save_draft: Any,
    send: Any,
) -> ft.Control:
    """Fixed under the scrolling form, above the navigation: how much is filled, what is
    wrong, and the two actions (never hidden under the navigation bar on a phone)."""
    filled = completeness(lang, answers)
    rows: list[ft.Control] = [
        ft.Row(
            [
                labelled(
                    "assess-filled",
                    ft.Text(
                        tr(lang, "assess.filled", filled=filled.filled, total=filled.total),
                        weight=ft.FontWeight.W_600,
                    ),
                ),
                ft.ProgressBar(
                    value=filled.filled / filled.total, expand=True, bar_height=6, border_radius=3
                ),
            ]
        )
    ]
    messages = [*errors.values(), *([refused] if refused else [])]
    if messages:
        if len(errors) > 1 or (errors and "rating" not in errors):
            messages.insert(0, tr(lang, "assess.fix_first"))
        rows.append(
            labelled(
                "assess-errors",
                ft.Column(
                    [ft.Text(m, color=ft.Colors.ERROR, size=13) for m in messages], spacing=2
                ),
            )
        )
    rows.append(
        ft.Row(
            [
                ft.OutlinedButton(
                    tr(lang, "assess.save"),
                    on_click=save_draft,
                    disabled=sent,
                    expand=True,
                    height=TOUCH,
                ),
                ft.FilledButton(
                    tr(lang, "assess.submit"),
                    icon=ft.Icons.SEND,
                    on_click=send,
                    disabled=sent,
                    expand=True,
                    height=TOUCH,
                ),
            ]
        )
    )
    return labelled(
        "assess-bar",
        ft.Container(
            ft.Column(rows, spacing=8, tight=True),
            padding=ft.Padding(left=16, right=16, top=8, bottom=8),
            bgcolor=ft.Colors.SURFACE_CONTAINER,
            border=ft.Border(top=ft.BorderSide(1, ft.Colors.OUTLINE_VARIANT)),
        ),
    )
