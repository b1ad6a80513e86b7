"""Penilaian diri: realisation per indicator from the logs, a self-rating with a reflection for
hasil kerja and for each BerAKHLAK value, submitted to the supervisor."""

from __future__ import annotations

from functools import partial
from typing import Any, cast

import flet as ft

from client.errors import DeviceError
from client.ui import reads, writes
from client.ui.app_state import AppState
from client.ui.fmt import number
from client.ui.i18n import tr
from client.ui.session import AppSession
from client.ui.widgets import card, heading, labelled, muted, screen, text_input
from shared_models import Rating, triwulan_of

__all__ = ["AssessmentScreen"]


def _rating_group(value: str | None, on_change: Any) -> ft.Control:
    return ft.RadioGroup(
        content=ft.Column([ft.Radio(value=r.value, label=r.label) for r in Rating], spacing=0),
        value=value,
        on_change=on_change,
    )


def _answers(view: dict[str, Any], draft: dict[str, Any]) -> dict[str, Any]:
    """The answers as they stand: the saved self-assessment, overlaid with what was changed
    since (the draft: plain data kept in the session)."""
    existing = view["existing"] or {}
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


@ft.component
def AssessmentScreen(session: AppSession, state: AppState) -> ft.Control:  # noqa: N802, C901
    lang = state.lang
    today = session.today()
    current = triwulan_of(today)
    period, set_period = ft.use_state(current.code)
    data, set_data = ft.use_state(cast(dict[str, Any] | None, None))
    _, bump = ft.use_state(0)  # a rating was chosen: show it (typing re-renders nothing)
    error, set_error = ft.use_state("")

    async def load() -> None:
        set_data(await session.call(reads.assessment_view, session.device, period))

    ft.use_effect(load, [period, state.data_version])

    def draft() -> dict[str, Any]:
        """Unsaved input of the period on screen, kept in the session (survives a rebuilt
        screen); the text fields write into it without re-rendering."""
        assert data is not None
        return session.drafts.setdefault(f"assess:{data['period']}", {})

    def pick_rating(e: ft.Event[ft.RadioGroup]) -> None:
        draft()["rating"] = e.control.value
        bump(lambda n: n + 1)

    def put_reflection(text: str) -> None:
        draft()["reflection"] = text

    def put_value(value: str, rating_: str | None = None, text: str | None = None) -> None:
        assert data is not None
        row = _answers(data, draft())["perilaku"].get(value, ("", ""))
        new = (rating_ if rating_ is not None else row[0], text if text is not None else row[1])
        draft().setdefault("perilaku", {})[value] = new
        if rating_ is not None:
            bump(lambda n: n + 1)

    def put_text(value: str, text: str) -> None:
        put_value(value, text=text)

    async def save(submit: bool) -> None:
        if data is None:
            return
        answers = _answers(data, draft())
        if submit and not answers["rating"]:
            set_error(tr(lang, "assess.need_rating"))
            return
        set_error("")
        try:
            await session.call(
                writes.save_assessment,
                session.device,
                data["period"],
                rating=answers["rating"],
                reflection=answers["reflection"],
                perilaku=answers["perilaku"],
                submit=submit,
            )
        except DeviceError as err:
            set_error(str(err))
            return
        session.drafts.pop(f"assess:{data['period']}", None)
        state.notify_user(tr(lang, "assess.sent" if submit else "assess.saved"))
        await session.saved()

    async def save_draft(_e: ft.Event[ft.OutlinedButton]) -> None:
        await save(False)

    async def send(_e: ft.Event[ft.Button]) -> None:
        await save(True)

    periods = [f"{today.year}-T{n}" for n in range(1, current.number + 1)] + [str(today.year)]
    parts: list[ft.Control] = [
        ft.SegmentedButton(
            segments=[ft.Segment(value=code, label=code.split("-")[-1]) for code in periods],
            selected=[period],
            on_change=lambda e: set_period(e.control.selected[0]),
        )
    ]
    if data is None:
        return screen(*parts, ft.ProgressRing())
    sent = bool((data["existing"] or {}).get("submitted"))
    answers = _answers(data, session.drafts.get(f"assess:{data['period']}", {}))
    shown_for = data["period"]  # the fields show another period's text when this changes
    parts.append(heading(tr(lang, "assess.title", period=data["label"])))
    if sent:
        parts.append(
            labelled("assess-sent", ft.Text(tr(lang, "assess.already"), color=ft.Colors.GREEN_800))
        )
    rows = [muted(tr(lang, "assess.realisation"))]
    rows += [
        ft.Row(
            [
                ft.Text(i["text"], expand=True, size=13),
                ft.Text(f"{number(lang, i['period_realised'])} {i['unit']}", size=13),
            ]
        )
        for i in data["indicators"]
    ]
    parts.append(card(*rows))
    parts.append(heading(tr(lang, "assess.hasil")))
    parts.append(_rating_group(answers["rating"], pick_rating))
    parts.append(
        text_input(
            answers["reflection"],
            put_reflection,
            reset=shown_for,
            label=tr(lang, "assess.reflection"),
            multiline=True,
            min_lines=2,
        )
    )
    parts.append(heading(tr(lang, "skp.perilaku")))
    for v in data["values"]:
        r, text = answers["perilaku"].get(v["value"], ("", ""))
        value = v["value"]
        parts.append(
            ft.ExpansionTile(
                title=ft.Text(v["label"]),
                subtitle=ft.Text(Rating(r).label if r else "-", size=12),
                controls=[
                    _rating_group(
                        r or None,
                        lambda e, value=value: put_value(value, rating_=e.control.value),
                    ),
                    text_input(
                        text,
                        partial(put_text, value),
                        reset=shown_for,
                        label=tr(lang, "assess.reflection") + f" {v['label']}",
                    ),
                ],
            )
        )
    if error:
        parts.append(labelled("assess-error", ft.Text(error, color=ft.Colors.ERROR)))
    parts.append(
        ft.Row(
            [
                ft.OutlinedButton(tr(lang, "assess.save"), on_click=save_draft, disabled=sent),
                ft.FilledButton(
                    tr(lang, "assess.submit"), icon=ft.Icons.SEND, on_click=send, disabled=sent
                ),
            ],
            wrap=True,
        )
    )
    parts.append(
        ft.TextButton(
            tr(lang, "nav.guide"),
            icon=ft.Icons.HELP_OUTLINE,
            on_click=lambda _e: ft.context.page.navigate("/panduan"),
        )
    )
    return screen(*parts)
