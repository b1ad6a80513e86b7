"""A long text field with its character counter ("12/4.000 karakter") under it, which says,
while the person types, when the text is longer than the record stores (the limit comes from
the shared_models Struct: ``client.ui.pegawai.assessment_forms.LIMITS``).

Only the counter re-renders per keystroke: the text field itself is never rebuilt while
someone types in it (see ``client.ui.common.widgets.text_input``)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import flet as ft

from client.ui.common.widgets import text_input
from client.ui.pegawai.assessment_forms import counter, too_long

__all__ = ["counted_input"]


@ft.component
def _Counter(  # noqa: N802
    hook: dict[str, Any], text: str, lang: str, name: str, limit: int, reset: object
) -> ft.Control:
    # (reset token, the text as last typed): a new reset shows the field's new text
    typed, set_typed = ft.use_state((reset, text))
    hook["set"] = lambda new: set_typed((reset, new))
    shown = typed[1] if typed[0] == reset else text
    over = too_long(lang, name, shown, limit)
    # a node of its own: not merged into the field's label (the field keeps its name)
    return ft.Semantics(
        container=True,
        content=ft.Column(
            [
                ft.Text(
                    counter(lang, shown, limit),
                    size=12,
                    color=ft.Colors.ERROR if over else ft.Colors.ON_SURFACE_VARIANT,
                    text_align=ft.TextAlign.RIGHT,
                ),
                *([ft.Text(over, size=12, color=ft.Colors.ERROR)] if over else []),
            ],
            spacing=0,
            horizontal_alignment=ft.CrossAxisAlignment.END,
        ),
    )


@ft.component
def _CountedInput(  # noqa: N802
    value: str,
    on_text: Callable[[str], None],
    lang: str,
    name: str,
    limit: int,
    reset: object,
    error: str | None,
    props: dict[str, Any],
) -> ft.Control:
    hook: dict[str, Any] = ft.use_memo(dict, [])  # the counter's setter

    def changed(new: str) -> None:
        on_text(new)
        if "set" in hook:
            hook["set"](new)

    return ft.Column(
        [
            text_input(value, changed, reset=reset, label=name, error=error, **props),
            _Counter(hook, value, lang, name, limit, reset),
        ],
        spacing=2,
        horizontal_alignment=ft.CrossAxisAlignment.STRETCH,
    )


def counted_input(
    value: str,
    on_text: Callable[[str], None],
    *,
    lang: str,
    name: str,
    limit: int,
    reset: object = None,
    error: str | None = None,
    key: str | None = None,
    **props: Any,
) -> ft.Control:
    """A text field labelled ``name`` with a live counter against ``limit`` under it (and,
    while the text is too long, what to shorten); ``error`` (from the form's check on saving)
    shows on the field. Other keywords go to ``ft.TextField`` (multiline, min_lines ...)."""
    control: ft.Control = _CountedInput(  # type: ignore[call-arg]
        value, on_text, lang, name, limit, reset, error, props, key=key
    )
    return control
