"""Penilaian diri: realisation per indicator from the logs, a self-rating with a reflection for
hasil kerja and for each BerAKHLAK value, submitted to the supervisor."""

from __future__ import annotations

from typing import Any, cast

import flet as ft

from client.errors import DeviceError
from client.ui import reads, writes
from client.ui.app_state import AppState
from client.ui.fmt import number
from client.ui.i18n import tr
from client.ui.session import AppSession
from client.ui.widgets import card, heading, labelled, muted, screen
from shared_models import Rating, triwulan_of

__all__ = ["AssessmentScreen"]


def _rating_group(value: str | None, on_change: Any) -> ft.Control:
    return ft.RadioGroup(
        content=ft.Column([ft.Radio(value=r.value, label=r.label) for r in Rating], spacing=0),
        value=value,
        on_change=on_change,
    )


@ft.component
def AssessmentScreen(session: AppSession, state: AppState) -> ft.Control:  # noqa: N802, C901
    lang = state.lang
    today = session.today()
    current = triwulan_of(today)
    period, set_period = ft.use_state(current.code)
    data, set_data = ft.use_state(cast(dict[str, Any] | None, None))
    rating, set_rating = ft.use_state(cast(str | None, None))
    reflection, set_reflection = ft.use_state("")
    perilaku, set_perilaku = ft.use_state(cast(dict[str, tuple[str, str]], {}))
    error, set_error = ft.use_state("")

    async def load() -> None:
        view = await session.call(reads.assessment_view, session.device, period)
        existing = view["existing"] or {}
        draft = session.drafts.get(f"assess:{period}", {})
        set_rating(draft.get("rating", existing.get("hasil_kerja_rating")))
        set_reflection(draft.get("reflection", existing.get("hasil_kerja_reflection", "")))
        set_perilaku(
            draft.get("perilaku")
            or {
                p["value"]: (p.get("rating", ""), p.get("reflection", ""))
                for p in existing.get("perilaku", [])
            }
        )
        set_data(view)

    def remember(key: str, value: Any) -> None:
        """Keep unsaved input in the session (survives a rebuilt screen)."""
        session.drafts.setdefault(f"assess:{period}", {})[key] = value
        {"rating": set_rating, "reflection": set_reflection, "perilaku": set_perilaku}[key](value)

    ft.use_effect(load, [period, state.data_version])

    async def save(submit: bool) -> None:
        if submit and not rating:
            set_error(tr(lang, "assess.need_rating"))
            return
        set_error("")
        try:
            await session.call(
                writes.save_assessment,
                session.device,
                period,
                rating=rating,
                reflection=reflection,
                perilaku=perilaku,
                submit=submit,
            )
        except DeviceError as err:
            set_error(str(err))
            return
        session.drafts.pop(f"assess:{period}", None)
        state.notify_user(tr(lang, "assess.sent" if submit else "assess.saved"))
        await session.saved()

    async def save_draft(_e: ft.Event[ft.OutlinedButton]) -> None:
        await save(False)

    async def send(_e: ft.Event[ft.Button]) -> None:
        await save(True)

    def set_value(value: str, rating_: str | None = None, text: str | None = None) -> None:
        old = perilaku.get(value, ("", ""))
        new = (rating_ if rating_ is not None else old[0], text if text is not None else old[1])
        remember("perilaku", {**perilaku, value: new})

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
    parts.append(_rating_group(rating, lambda e: remember("rating", e.control.value)))
    parts.append(
        ft.TextField(
            label=tr(lang, "assess.reflection"),
            value=reflection,
            multiline=True,
            min_lines=2,
            on_change=lambda e: remember("reflection", e.control.value),
        )
    )
    parts.append(heading(tr(lang, "skp.perilaku")))
    for v in data["values"]:
        r, text = perilaku.get(v["value"], ("", ""))
        value = v["value"]
        parts.append(
            ft.ExpansionTile(
                title=ft.Text(v["label"]),
                subtitle=ft.Text(Rating(r).label if r else "-", size=12),
                controls=[
                    _rating_group(
                        r or None,
                        lambda e, value=value: set_value(value, rating_=e.control.value),
                    ),
                    ft.TextField(
                        label=tr(lang, "assess.reflection") + f" {v['label']}",
                        value=text,
                        on_change=lambda e, value=value: set_value(value, text=e.control.value),
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
