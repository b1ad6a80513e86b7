"""Penilaian periodik dan tahunan: realisation against targets and the self-assessment, the two
ratings with the guidance, the predikat from the quadrant at once, feedback, save as draft
(offline too) and finalize; the screen says whether the server has confirmed it yet."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, cast

import flet as ft

from client.errors import DeviceError
from client.ops import writes
from client.ops.view_models import HeadExpectation, RatingView
from client.ui.common.app_state import AppState
from client.ui.common.fmt import number
from client.ui.common.i18n import tr
from client.ui.common.widgets import card, choice, heading, labelled, muted, screen, text_input
from client.ui.session import AppSession
from client.ui.supervisor.feedback_box import FeedbackBox
from client.ui.supervisor.followup_widgets import discipline_card
from client.ui.supervisor.forms import RATING_NOTE_MAX, rating_errors
from client.ui.supervisor.period import PeriodPicker, choose_period, shared_period
from client.ui.supervisor.widgets import appraisal_text, back_to
from shared_models import AppraisalStatus, Rating, parse_period_code, predikat

__all__ = ["RatingScreen", "quadrant"]

_ORDER = (Rating.DI_ATAS_EKSPEKTASI, Rating.SESUAI_EKSPEKTASI, Rating.DI_BAWAH_EKSPEKTASI)
_SHORT = {
    Rating.DI_ATAS_EKSPEKTASI: "Di Atas",
    Rating.SESUAI_EKSPEKTASI: "Sesuai",
    Rating.DI_BAWAH_EKSPEKTASI: "Di Bawah",
}


def quadrant(hk: str | None, pk: str | None) -> ft.Control:
    """The 3x3 quadrant with the chosen cell marked (rows: hasil kerja; columns: perilaku)."""
    header: list[ft.Control] = [ft.Container(width=70)]
    header += [ft.Container(ft.Text(_SHORT[p], size=11), width=118) for p in reversed(_ORDER)]
    rows: list[ft.Control] = [ft.Row(header, spacing=4)]
    for h in _ORDER:
        cells: list[ft.Control] = [ft.Container(ft.Text(_SHORT[h], size=11), width=70)]
        for p in reversed(_ORDER):
            chosen = h.value == hk and p.value == pk
            cells.append(
                ft.Container(
                    ft.Text(
                        predikat(h, p).label,
                        size=11,
                        weight=ft.FontWeight.BOLD if chosen else None,
                        color=ft.Colors.ON_PRIMARY if chosen else None,
                    ),
                    width=118,
                    padding=6,
                    border_radius=6,
                    bgcolor=ft.Colors.PRIMARY if chosen else ft.Colors.SURFACE_CONTAINER_HIGHEST,
                )
            )
        rows.append(ft.Row(cells, spacing=4))
    return ft.Column(rows, spacing=4)


def _group(
    value: str | None, on_change: Any, *, disabled: bool, error: str | None = None
) -> ft.Control:
    radios: ft.Control = ft.Row(
        [choice(r.value, r.label, disabled=disabled) for r in _ORDER], wrap=True
    )
    if error:  # the field's own message, under its choices
        radios = ft.Column([radios, ft.Text(error, color=ft.Colors.ERROR, size=13)], spacing=2)
    return ft.RadioGroup(content=radios, value=value, on_change=on_change)


def _typed(into: dict[str, str], key: str) -> Callable[[str], None]:
    def keep(text: str) -> None:
        into[key] = text

    return keep


def _head_card(lang: str, head: HeadExpectation, hk: str | None) -> ft.Control:
    """A unit head's expected Rating Hasil Kerja, and a warning when the one chosen differs."""
    if head.expected_hasil_kerja:
        head_text = tr(
            lang,
            "rate.head",
            unit=head.unit_name,
            org=head.org_label,
            rating=head.expected_label,
        )
    else:
        head_text = tr(lang, "rate.head_unset", unit=head.unit_name)
    head_rows: list[ft.Control] = [labelled("rate-head", ft.Text(head_text, size=13))]
    if head.expected_hasil_kerja and hk and hk != head.expected_hasil_kerja:
        head_rows.append(
            labelled(
                "rate-head-warning",
                ft.Text(
                    tr(lang, "rate.head_differs", rating=head.expected_label),
                    color=ft.Colors.ORANGE_900,
                    weight=ft.FontWeight.W_600,
                ),
            )
        )
    return card(*head_rows)


@ft.component
def RatingScreen(session: AppSession, state: AppState, nip: str) -> ft.Control:  # noqa: N802, C901 - one screen, one component
    lang = state.lang
    period, set_period = ft.use_state(shared_period(session))
    data, set_data = ft.use_state(cast(RatingView | None, None))
    hk, set_hk = ft.use_state(cast(str | None, None))
    pk, set_pk = ft.use_state(cast(str | None, None))
    confirming, set_confirming = ft.use_state(False)
    error, set_error = ft.use_state("")
    fields, set_fields = ft.use_state(cast(dict[str, str], {}))  # field -> its message
    note: list[str | None] = ft.use_memo(lambda: [None], [])
    shown: list[str | None] = ft.use_memo(lambda: [None], [])
    confirmed: dict[str, str] = ft.use_memo(dict, [])  # indicator id -> text typed this period

    async def load() -> None:
        try:
            view = await session.call(session.device.appraisal_view, nip, period)
        except DeviceError as err:
            set_error(str(err))
            return
        a = view.appraisal
        if shown[0] != period or (a is not None and a.status == AppraisalStatus.FINAL):
            # a sync that brings new data keeps the choice being made
            shown[0] = period
            note[0] = None  # the feedback field shows this period's saved text
            confirmed.clear()  # so do the confirmed realisations
            set_hk(None if a is None or a.hasil_kerja is None else a.hasil_kerja.value)
            set_pk(None if a is None or a.perilaku_kerja is None else a.perilaku_kerja.value)
        set_data(view)

    ft.use_effect(load, [state.data_version, nip, period])

    def typed_note(text: str) -> None:
        note[0] = text

    async def save(final: bool) -> None:
        problems = rating_errors(
            lang,
            final=final,
            hasil_kerja=hk,
            perilaku=pk,
            realisation=dict(confirmed),
            note=note[0],
        )
        set_fields(problems)
        if problems:  # each field says what is wrong; nothing is saved
            set_confirming(False)
            set_error(tr(lang, "sv.fix_fields"))
            return
        try:
            saved = await session.call(
                writes.save_rating,
                session.device,
                nip,
                period,
                hasil_kerja=hk,
                perilaku=pk,
                note=note[0],
                final=final,
                realisasi=dict(confirmed),
            )
        except DeviceError as err:
            set_error(str(err))
            return
        set_error("")
        set_fields({})
        set_confirming(False)
        warnings = " ".join(f"{w}." for w in saved.get("warnings", []))
        done = tr(lang, "rate.finalized" if final else "rate.saved")
        state.notify_user(f"{done} {warnings}".strip())
        await session.saved()

    async def save_draft(_e: Any) -> None:
        await save(False)

    async def finalize(_e: Any) -> None:
        await save(True)

    def pick(code: str) -> None:
        choose_period(session, code)  # Tim saya and Sebaran follow
        set_fields({})
        set_error("")
        set_period(code)

    parts: list[ft.Control] = [back_to(lang, f"/tim/{nip}"), PeriodPicker(lang, period, pick)]
    if data is None:
        return screen(*parts, muted(error) if error else ft.ProgressRing())
    a = data.appraisal
    final = a is not None and a.status == AppraisalStatus.FINAL
    status_text, status_colour = appraisal_text(lang, a)
    parts += [
        heading(tr(lang, "rate.title", name=data.name, period=data.label)),
        labelled(
            "appraisal-status",
            ft.Text(status_text, color=status_colour, weight=ft.FontWeight.W_600),
        ),
    ]
    rows: list[ft.Control] = [ft.Text(tr(lang, "rate.realisation"), weight=ft.FontWeight.W_600)]
    if not final and data.indicators:
        rows.append(muted(tr(lang, "rate.confirm_hint")))
    for n, i in enumerate(data.indicators):
        done = tr(
            lang,
            "rate.period_done",
            value=number(lang, i.period_realised),
            target=number(lang, i.period_target),
        )
        line = f"{i.text}: {number(lang, i.realised)}/{number(lang, i.target)} {i.unit} ({done})"
        if i.confirmed is not None:
            line += "; " + tr(lang, "rate.confirmed", value=number(lang, i.confirmed))
        rows.append(labelled(f"rate-indicator-{n}", ft.Text(line, size=13)))
        if not final:
            rows.append(
                text_input(
                    "" if i.confirmed is None else number(lang, i.confirmed),
                    _typed(confirmed, i.id),
                    reset=period,
                    label=tr(lang, "rate.confirm_field", unit=i.unit),
                    dense=True,
                    error=fields.get(f"realisasi:{i.id}"),
                    keyboard_type=ft.KeyboardType.NUMBER,
                )
            )
    parts.append(card(*rows))
    if data.unit_head is not None:
        parts.append(_head_card(lang, data.unit_head, hk))
    sa = data.self_assessment
    sa_rows: list[ft.Control] = [ft.Text(tr(lang, "rate.self"), weight=ft.FontWeight.W_600)]
    if not sa or not sa.get("submitted"):
        sa_rows.append(muted(tr(lang, "rate.self_none")))
    if sa and sa.get("hasil_kerja_rating"):
        sa_rows.append(
            ft.Text(tr(lang, "rate.self_rating", r=Rating(sa["hasil_kerja_rating"]).label))
        )
    if sa and sa.get("hasil_kerja_reflection"):
        sa_rows.append(ft.Text(sa["hasil_kerja_reflection"], italic=True))
    parts.append(card(*sa_rows))
    if data.history:
        items = ", ".join(
            f"{h.label}: " + (h.predikat.label if h.predikat else "-") for h in data.history
        )
        parts.append(muted(tr(lang, "rate.history", items=items)))
    parts += [
        heading(tr(lang, "rate.hasil")),
        muted(tr(lang, "rate.guide_hasil")),
        labelled(
            "rate-hasil",
            _group(
                hk,
                lambda e: set_hk(e.control.value),
                disabled=final,
                error=None if hk else fields.get("hasil_kerja"),
            ),
        ),
        heading(tr(lang, "rate.perilaku")),
        muted(tr(lang, "rate.guide_perilaku")),
        discipline_card(lang, data.discipline),
        labelled(
            "rate-perilaku",
            _group(
                pk,
                lambda e: set_pk(e.control.value),
                disabled=final,
                error=None if pk else fields.get("perilaku"),
            ),
        ),
        muted(tr(lang, "fbx.values_title")),
        FeedbackBox(
            session,
            state,
            nip,
            ident="fb-values",
            label=tr(lang, "fbx.value_label"),
            year=parse_period_code(period).year,
            period=period,
            values=True,
            key=f"fb-values-{period}",
        ),  # type: ignore[call-arg]
        labelled(
            "live-predikat",
            ft.Text(
                tr(lang, "rate.predikat", p=predikat(Rating(hk), Rating(pk)).label)
                if hk and pk
                else tr(lang, "rate.predikat_wait"),
                theme_style=ft.TextThemeStyle.TITLE_MEDIUM,
                color=ft.Colors.PRIMARY,
                weight=ft.FontWeight.BOLD,
            ),
        ),
        quadrant(hk, pk),
        text_input(
            (a.feedback if a is not None else "") if note[0] is None else note[0],
            typed_note,
            reset=period,
            label=tr(lang, "rate.feedback"),
            multiline=True,
            min_lines=2,
            read_only=final,
            max_length=RATING_NOTE_MAX,  # Flutter shows the counter (12/4000)
            error=fields.get("feedback"),
        ),
    ]
    if error:
        parts.append(labelled("rate-error", ft.Text(error, color=ft.Colors.ERROR)))
    if final:
        parts.append(muted(tr(lang, "rate.locked")))
    elif confirming:
        parts += [
            ft.Text(tr(lang, "rate.confirm")),
            ft.Row(
                [
                    ft.FilledButton(tr(lang, "rate.yes"), icon=ft.Icons.LOCK, on_click=finalize),
                    ft.TextButton(
                        tr(lang, "rate.cancel"), on_click=lambda _e: set_confirming(False)
                    ),
                ]
            ),
        ]
    else:
        parts.append(
            ft.Row(
                [
                    ft.FilledButton(tr(lang, "rate.save"), icon=ft.Icons.SAVE, on_click=save_draft),
                    ft.OutlinedButton(
                        tr(lang, "rate.finalize"),
                        icon=ft.Icons.LOCK_OUTLINE,
                        on_click=lambda _e: set_confirming(True),
                    ),
                ],
                wrap=True,
            )
        )
    parts.append(
        ft.TextButton(
            tr(lang, "rate.see_spread"),
            icon=ft.Icons.BAR_CHART,
            on_click=lambda _e: ft.context.page.navigate("/sebaran"),
        )
    )
    return screen(*parts)
