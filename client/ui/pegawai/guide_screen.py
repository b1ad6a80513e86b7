"""Panduan: a short guide, reachable from every rating and log screen."""

from __future__ import annotations

import flet as ft

from client.ui.common.app_state import AppState
from client.ui.common.i18n import tr
from client.ui.common.widgets import card, heading, labelled, screen
from client.ui.pegawai.guide_text import GUIDE

__all__ = ["GuideScreen"]


@ft.component
def GuideScreen(state: AppState) -> ft.Control:  # noqa: N802
    sections = GUIDE["en" if state.lang == "en" else "id"]
    return screen(
        labelled("guide", heading(tr(state.lang, "guide.title"))),
        *[
            card(ft.Text(title, weight=ft.FontWeight.W_600), ft.Text(body))
            for title, body in sections
        ],
    )
