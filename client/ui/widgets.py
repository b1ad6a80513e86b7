"""Small building blocks shared by the screens (plain functions that return controls)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

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
