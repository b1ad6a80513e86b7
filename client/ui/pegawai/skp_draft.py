"""Drafting the own SKP on "SKP saya": add an RHK, or change one, while the SKP is a draft or was
returned; each RHK supports one of the supervisor's RHK (the cascade) and has an indicator with
its target. Saved on the device at once (``client.ops.writes.save_rhk``), synced later."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, cast

import flet as ft

from client.errors import DeviceError
from client.ops import writes
from client.ops.view_models import ParentChoice, RhkDetail
from client.ui.common.app_state import AppState
from client.ui.common.fmt import number
from client.ui.common.i18n import tr
from client.ui.common.widgets import choice, heading, labelled, muted, text_input
from client.ui.pegawai.assessment_forms import LIMITS, rhk_limit_errors, target_too_big
from client.ui.pegawai.counted_input import counted_input
from client.ui.pegawai.validation import RhkForm, validate_rhk
from client.ui.session import AppSession
from shared_models import Aspect

__all__ = ["RhkEditor", "check_rhk"]


def _start(lang: str, rhk: RhkDetail | None, parent: str | None) -> dict[str, Any]:
    """What the form shows first: empty, or the RHK being changed with its first indicator."""
    if rhk is None:
        return {
            "text": "",
            "kind": "utama",
            "parent": parent,
            "aspect": "kuantitas",
            "indicator": "",
            "target": "",
            "unit": "",
        }
    first = rhk.indicators[0] if rhk.indicators else None
    return {
        "text": rhk.text,
        "kind": rhk.kind,
        "parent": parent,
        "aspect": "kuantitas" if first is None else first.aspect,
        "indicator": "" if first is None else first.text,
        "target": "" if first is None else number(lang, float(first.target)),
        "unit": "" if first is None else first.unit,
    }


_LIMITED = {"text": "rhk_text", "indicator": "indicator", "unit": "unit"}
"""The form's text fields with a stored limit -> their key in ``LIMITS``."""


def _labels(lang: str) -> dict[str, str]:
    """The labels of the text fields (the length errors name them)."""
    return {
        "text": tr(lang, "rhk.text"),
        "indicator": tr(lang, "rhk.indicator"),
        "unit": tr(lang, "rhk.unit"),
    }


def check_rhk(
    lang: str, typed: dict[str, Any], parents: list[str]
) -> tuple[dict[str, Any] | None, dict[str, str]]:
    """The RHK form's checks (``client.ui.pegawai.validation.validate_rhk``) and the limits the SKP
    stores (lengths, the largest target), in words before the device sees it:
    ``(rhk, {})`` or ``(None, {field: message})``."""
    form = RhkForm(
        typed["text"],
        typed["kind"],
        typed["parent"],
        typed["aspect"],
        typed["indicator"],
        typed["target"],
        typed["unit"],
    )
    data, problems = validate_rhk(lang, form, parents)
    problems = {**rhk_limit_errors(lang, typed, _labels(lang)), **problems}
    if data is not None and "target" not in problems:
        big = target_too_big(lang, float(data["target"]))
        if big is not None:
            problems["target"] = big
    return (None, problems) if problems else (data, {})


def _field(
    lang: str,
    key: str,
    text: str,
    on_text: Callable[[str], None],
    label: str,
    error: str | None,
    props: dict[str, Any],
) -> ft.Control:
    if key in _LIMITED:  # a long text: with its counter
        limit = LIMITS[_LIMITED[key]]
        return counted_input(
            text, on_text, lang=lang, name=label, limit=limit, error=error, **props
        )
    return text_input(text, on_text, label=label, error=error, **props)


def _radios(options: list[tuple[str, str]], value: str | None, on_change: Any) -> ft.Control:
    return ft.RadioGroup(
        content=ft.Column([choice(v, text) for v, text in options], spacing=0),
        value=value,
        on_change=on_change,
    )


@ft.component
def RhkEditor(  # noqa: N802
    session: AppSession,
    state: AppState,
    year: int,
    parents: list[ParentChoice],
    rhk: RhkDetail | None,
    parent: str | None,
    on_done: Callable[[], None],
) -> ft.Control:
    """The RHK form (``rhk`` None: a new one). Give it a key per RHK (and per new one): a new
    key starts it afresh."""
    lang = state.lang
    typed: dict[str, Any] = ft.use_memo(lambda: _start(lang, rhk, parent), [])
    _, bump = ft.use_state(0)  # a choice was made: show it (typing re-renders nothing)
    errors, set_errors = ft.use_state(cast(dict[str, str], {}))

    def put(key: str) -> Callable[[str], None]:
        def handler(text: str) -> None:
            typed[key] = text

        return handler

    def choose(key: str) -> Callable[[ft.Event[ft.RadioGroup]], None]:
        def handler(e: ft.Event[ft.RadioGroup]) -> None:
            typed[key] = e.control.value
            bump(lambda n: n + 1)

        return handler

    async def save(_e: ft.Event[ft.Button]) -> None:
        data, problems = check_rhk(lang, typed, [p.id for p in parents])
        set_errors(problems)
        if data is None:
            return
        try:
            await session.call(writes.save_rhk, session.device, year, rhk and rhk.id, data)
        except DeviceError as err:
            set_errors({"form": str(err)})
            return
        state.notify_user(tr(lang, "rhk.saved"))
        on_done()
        await session.saved()

    def field(key: str, label: str, **props: Any) -> ft.Control:
        return _field(lang, key, str(typed[key]), put(key), label, errors.get(key), props)

    def problem(key: str) -> list[ft.Control]:
        return [ft.Text(errors[key], color=ft.Colors.ERROR)] if key in errors else []

    parts: list[ft.Control] = [
        heading(tr(lang, "rhk.edit_title" if rhk else "rhk.add")),
        muted(tr(lang, "rhk.intro")),
        field("text", tr(lang, "rhk.text"), multiline=True, min_lines=2),
        muted(tr(lang, "rhk.kind")),
        _radios(
            [("utama", tr(lang, "skp.utama")), ("tambahan", tr(lang, "skp.tambahan"))],
            typed["kind"],
            choose("kind"),
        ),
        *problem("kind"),
        muted(tr(lang, "rhk.parent" if all(p.text for p in parents) else "rhk.parent_via")),
        _radios([(p.id, p.text or p.via) for p in parents], typed["parent"], choose("parent")),
        *problem("parent"),
        muted(tr(lang, "rhk.aspect")),
        _radios([(a.value, a.label) for a in Aspect], typed["aspect"], choose("aspect")),
        *problem("aspect"),
        field("indicator", tr(lang, "rhk.indicator"), multiline=True, min_lines=2),
        ft.Row(
            [
                ft.Container(
                    field("target", tr(lang, "rhk.target"), keyboard_type=ft.KeyboardType.NUMBER),
                    expand=1,
                ),
                ft.Container(field("unit", tr(lang, "rhk.unit")), expand=2),
            ],
            vertical_alignment=ft.CrossAxisAlignment.START,
        ),
    ]
    if errors:  # every problem again next to the button (and for screen readers)
        parts.append(
            labelled(
                "rhk-errors",
                ft.Column([ft.Text(m, color=ft.Colors.ERROR) for m in errors.values()], spacing=2),
            )
        )
    buttons: list[ft.Control] = [
        ft.FilledButton(tr(lang, "rhk.save"), icon=ft.Icons.SAVE, on_click=save)
    ]
    if rhk is not None:
        buttons.append(ft.TextButton(tr(lang, "rhk.cancel"), on_click=lambda _e: on_done()))
    parts.append(ft.Row(buttons, wrap=True))
    return ft.Column(parts, spacing=8, horizontal_alignment=ft.CrossAxisAlignment.STRETCH)
