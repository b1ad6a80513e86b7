"""Small building blocks shared by the screens (plain functions that return controls)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, cast

import flet as ft

__all__ = [
    "PAD",
    "card",
    "heading",
    "labelled",
    "muted",
    "navigate",
    "progress_row",
    "screen",
    "text_input",
]

PAD = 16
MAX_WIDTH = 720


def navigate(route: str) -> None:
    """Go to ``route`` (the route is the single source of truth of what is shown)."""
    ft.context.page.navigate(route)


def go(route: str) -> Callable[[Any], None]:
    """An event handler that navigates to ``route``."""

    def handler(_e: Any) -> None:
        navigate(route)

    return handler


TOUCH = 48
"""The smallest touch target in px (Material's minimum): Flutter on the web shrink-wraps
radios to 40 px for a mouse, so every choice is made ``TOUCH`` tall (``choice``)."""


_LINE = 20  # px of one line of a choice's label (14 px text)
_PER_LINE = 34  # characters of a label on one line of a 412 px phone, counted low


def choice(value: str, label: str, *, disabled: bool = False) -> ft.Radio:
    """One option of a RadioGroup with a touch target of at least 48 px. A long label wraps:
    the row is made tall enough for the lines it takes on a phone (a wider screen shows it
    with room to spare, never cut)."""
    lines = max(1, -(-len(label) // _PER_LINE))
    return ft.Radio(
        value=value,
        label=label,
        disabled=disabled,
        height=max(TOUCH, lines * _LINE + 16),
        label_style=ft.TextStyle(size=14, height=_LINE / 14),
    )


def labelled(identifier: str, control: ft.Control) -> ft.Control:
    """Give a control a stable name in the accessibility tree (tests and screen readers)."""
    return ft.Semantics(identifier=identifier, content=control)


def heading(text: str) -> ft.Control:
    return ft.Text(text, theme_style=ft.TextThemeStyle.TITLE_MEDIUM, weight=ft.FontWeight.W_600)


def muted(text: str) -> ft.Control:
    return ft.Text(text, color=ft.Colors.ON_SURFACE_VARIANT, size=13)


def card(*controls: ft.Control) -> ft.Control:
    return ft.Card(
        content=ft.Container(ft.Column(list(controls), spacing=8), padding=12),
        margin=0,
    )


def progress_row(label: str, detail: str, share: float) -> ft.Control:
    colour = ft.Colors.GREEN_700 if share >= 1 else ft.Colors.PRIMARY
    return ft.Column(
        [
            ft.Row(
                [
                    ft.Text(label, expand=True, size=14),
                    ft.Text(detail, size=13, color=ft.Colors.ON_SURFACE_VARIANT),
                ],
                vertical_alignment=ft.CrossAxisAlignment.START,
            ),
            ft.ProgressBar(value=share, color=colour, bar_height=8, border_radius=4),
        ],
        spacing=4,
    )


def screen(*controls: ft.Control) -> ft.Control:
    """A scrolling screen body: full width on a phone, a centred 720 px column on wider screens."""
    width = ft.context.page.width or 0
    side = max(PAD, (float(width) - MAX_WIDTH) / 2) if width > MAX_WIDTH + 2 * PAD else PAD
    return ft.ListView(
        list(controls),
        expand=True,
        spacing=12,
        padding=ft.Padding(left=side, right=side, top=PAD, bottom=PAD * 4),
    )


@ft.component
def _TextInput(  # noqa: N802
    value: str,
    on_text: Callable[[str], None] | None,
    reset: object,
    props: dict[str, Any],
) -> ft.Control:
    # (reset token, text last sent as the field's value, the TextField last rendered: the
    # instance the browser's edits are applied to)
    last = ft.use_ref(cast(tuple[object, str, ft.TextField] | None, None))
    if last.current is None or last.current[0] != reset:
        sent = shown = value  # first render, or the screen asks for a new text
    else:
        _, sent, previous = last.current
        # the text the browser last reported for this field
        shown = str(previous.value or "")
        if shown == sent and value != sent:
            sent = shown = value  # not edited since it was set: it follows its value
    # Re-rendering with the field's own current text makes the diff find no change, so an
    # older text is never sent over what the person is typing.

    def changed(e: ft.Event[ft.TextField]) -> None:
        if on_text is not None:
            on_text(str(e.control.value or ""))

    field = ft.TextField(value=shown, on_change=changed, **props)
    last.current = (reset, sent, field)
    return field


def text_input(
    value: str,
    on_text: Callable[[str], None] | None = None,
    *,
    reset: object = None,
    key: str | None = None,
    **props: Any,
) -> ft.Control:
    """A text field that owns its text while someone types in it (uncontrolled).

    ``value`` is shown when the field appears, whenever ``reset`` changes (another record
    loaded, the form cleared after a save), and when ``value`` changes while the person has
    not edited the field (new data from a sync); otherwise the field keeps the text the
    browser has. ``on_text`` receives each change: keep it in a plain dict or draft and read
    it on "Simpan", without re-rendering the screen for it. Other keywords go to
    ``ft.TextField`` (label, error, multiline, ...).

    Why: a controlled field (``value`` from state on every render, the state written back by
    ``on_change``) sends an older text over newer keystrokes when a render happens between
    the browser's new text arriving (applied to the control at once) and its change event
    being handled (a task of its own, later).
    """
    control: ft.Control = _TextInput(value, on_text, reset, props, key=key)  # type: ignore[call-arg]
    return control
