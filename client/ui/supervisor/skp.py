"""SKP bawahan: each RHK with its cascade link to one of the supervisor's own RHK and a
feedback box for it (umpan balik per RHK), approve or return with a note, the Ekspektasi
Khusus Pimpinan per BerAKHLAK value, and the matriks peran hasil (which subordinate supports
which of my RHK)."""

from __future__ import annotations

from typing import Any, cast

import flet as ft
import msgspec

from client.errors import DeviceError
from client.ops.view_models import CascadeMatrix, ReviewRhk, SkpReview
from client.service import Device
from client.ui.common.app_state import AppState
from client.ui.common.fmt import number
from client.ui.common.i18n import tr
from client.ui.common.widgets import card, heading, labelled, muted, screen, text_input
from client.ui.session import AppSession
from client.ui.supervisor.feedback_box import FeedbackBox
from client.ui.supervisor.widgets import back_to
from shared_models import RhkKind, SkpStatus

__all__ = ["TeamSkpScreen", "load_review"]


class ReviewLook(msgspec.Struct, frozen=True, kw_only=True):
    """A subordinate's SKP under review and the user's matriks peran hasil of the year."""

    review: SkpReview
    matrix: CascadeMatrix


def load_review(device: Device, nip: str, year: int) -> ReviewLook:
    return ReviewLook(review=device.skp_review(nip, year), matrix=device.matrix(year))


def _rhk_card(lang: str, r: ReviewRhk) -> ft.Control:
    link = (
        ft.Row(
            [
                ft.Icon(ft.Icons.LINK, size=16, color=ft.Colors.GREEN_800),
                ft.Text(tr(lang, "tskp.linked", text=r.parent_text), size=13, expand=True),
            ]
        )
        if r.linked
        else ft.Row(
            [
                ft.Icon(ft.Icons.LINK_OFF, size=16, color=ft.Colors.RED_700),
                ft.Text(tr(lang, "tskp.unlinked"), size=13, color=ft.Colors.RED_700),
            ]
        )
    )
    rows: list[ft.Control] = [
        muted(tr(lang, "skp.utama" if r.kind == RhkKind.UTAMA else "skp.tambahan")),
        ft.Text(r.text, weight=ft.FontWeight.W_600),
        labelled(f"link-{r.id}", link),
    ]
    rows += [
        ft.Text(f"• {i.text} ({i.aspect}): {number(lang, i.target)} {i.unit}", size=13)
        for i in r.indicators
    ]
    return card(*rows)


def _matrix(lang: str, m: CascadeMatrix) -> list[ft.Control]:
    out: list[ft.Control] = [heading(tr(lang, "tskp.matrix"))]
    if not m.has_own_skp:
        return [*out, muted(tr(lang, "tskp.no_own"))]
    for row in m.rows:
        lines: list[ft.Control] = [ft.Text(row.text, weight=ft.FontWeight.W_600)]
        lines += [ft.Text(f"• {s.name}: {s.rhk}", size=13) for s in row.supporters]
        if not row.supporters:
            lines.append(muted(tr(lang, "tskp.matrix_none")))
        out.append(card(*lines))
    if m.unlinked:
        lines = [ft.Text(tr(lang, "tskp.matrix_unlinked"), color=ft.Colors.RED_700)]
        lines += [ft.Text(f"• {s.name}: {s.rhk}", size=13) for s in m.unlinked]
        out.append(card(*lines))
    return out


@ft.component
def TeamSkpScreen(session: AppSession, state: AppState, nip: str) -> ft.Control:  # noqa: N802, C901 - one screen, one component
    lang = state.lang
    data, set_data = ft.use_state(cast(ReviewLook | None, None))
    error, set_error = ft.use_state("")
    typed: dict[str, str] = ft.use_memo(dict, [])  # what was typed; no re-render per key
    acts: list[int] = ft.use_memo(lambda: [0], [])  # acts done: the fields start afresh
    year = session.today().year

    async def load() -> None:
        try:
            set_data(await session.call(load_review, session.device, nip, year))
        except DeviceError as err:
            set_error(str(err))

    ft.use_effect(load, [state.data_version, nip])

    def field(key: str, value: str, label: str, **props: Any) -> ft.Control:
        def put(text: str) -> None:
            typed[key] = text

        return text_input(
            typed.get(key, value),
            put,
            reset=acts[0],
            label=label,
            multiline=True,
            min_lines=2,
            **props,
        )

    def expectations() -> dict[str, str]:
        return {k.removeprefix("exp:"): v for k, v in typed.items() if k.startswith("exp:")}

    async def act(what: str) -> None:
        note = typed.get("note", "").strip()
        if what == "return" and not note:
            set_error(tr(lang, "tskp.need_note"))
            return
        try:
            if what == "approve":
                await session.call(
                    session.device.approve_skp, nip, year, expectations=expectations()
                )
            elif what == "return":
                await session.call(session.device.return_skp, nip, year, note)
            else:
                await session.call(session.device.set_expectations, nip, year, expectations())
        except DeviceError as err:
            set_error(str(err))
            return
        set_error("")
        typed.clear()
        acts[0] += 1
        key = {"approve": "tskp.approved", "return": "tskp.returned"}.get(what, "tskp.saved")
        state.notify_user(tr(lang, key))
        await session.saved()

    async def approve(_e: Any) -> None:
        await act("approve")

    async def send_back(_e: Any) -> None:
        await act("return")

    async def save_exp(_e: Any) -> None:
        await act("save")

    head: list[ft.Control] = [back_to(lang, f"/tim/{nip}")]
    if data is None:
        return screen(*head, muted(error) if error else ft.ProgressRing())
    review = data.review
    status = review.status
    parts: list[ft.Control] = [
        *head,
        heading(tr(lang, "tskp.title", name=review.name, year=review.year)),
        labelled("team-skp-status", ft.Text(tr(lang, "tskp.status", status=status.label))),
    ]
    if review.return_note and status is SkpStatus.DIKEMBALIKAN:
        parts.append(muted(tr(lang, "tskp.return_note", text=review.return_note)))
    if review.unlinked:
        parts.append(
            ft.Text(tr(lang, "tskp.unlinked_n", n=review.unlinked), color=ft.Colors.RED_700)
        )
    for n, r in enumerate(review.rhk, 1):
        parts.append(_rhk_card(lang, r))
        parts.append(  # outside the card: a field of its own, not merged into the card's text
            FeedbackBox(
                session,
                state,
                nip,
                ident=f"fb-rhk-{n}",
                label=tr(lang, "fbx.rhk_label", n=n),
                year=year,
                rhk_id=r.id,
                key=f"fb-{r.id}",
            )  # type: ignore[call-arg]
        )
    editable = status is not SkpStatus.DISETUJUI
    parts.append(heading(tr(lang, "tskp.perilaku")))
    for v in review.values:
        rows: list[ft.Control] = [ft.Text(v.label, weight=ft.FontWeight.W_600)]
        rows += [ft.Text(f"• {g}", size=13) for g in v.guides]
        rows.append(
            field(
                f"exp:{v.value.value}",
                v.expectation,
                tr(lang, "tskp.expectation", value=v.label),
                read_only=not editable,
            )
        )
        parts.append(card(*rows))
    if error:
        parts.append(labelled("team-skp-error", ft.Text(error, color=ft.Colors.ERROR)))
    note = field("note", "", tr(lang, "tskp.note"))
    if status is SkpStatus.DIAJUKAN:
        parts += [
            ft.Row(
                [
                    ft.FilledButton(
                        tr(lang, "tskp.approve"), icon=ft.Icons.VERIFIED, on_click=approve
                    ),
                    ft.OutlinedButton(tr(lang, "tskp.save_exp"), on_click=save_exp),
                ],
                wrap=True,
            ),
            note,
            ft.OutlinedButton(tr(lang, "tskp.return"), icon=ft.Icons.UNDO, on_click=send_back),
        ]
    elif status is SkpStatus.DISETUJUI:
        parts += [
            muted(tr(lang, "tskp.locked")),
            note,
            ft.OutlinedButton(tr(lang, "tskp.return"), icon=ft.Icons.UNDO, on_click=send_back),
        ]
    else:
        parts += [
            muted(tr(lang, "tskp.draft")),
            ft.OutlinedButton(tr(lang, "tskp.save_exp"), on_click=save_exp),
        ]
    parts += _matrix(lang, data.matrix)
    return screen(*parts)
