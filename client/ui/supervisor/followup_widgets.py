"""What the rater sees beside Perilaku Kerja: the hukuman disiplin HR recorded against a
period that overlaps the one being rated (PP 94/2021), in the words of the document."""

from __future__ import annotations

from typing import Any

import flet as ft

from client.ui.common.i18n import tr
from client.ui.common.widgets import card, labelled, muted

__all__ = ["discipline_card"]


def discipline_card(lang: str, items: list[dict[str, Any]]) -> ft.Control:
    """The period's hukuman disiplin (or that none is recorded), with the reminder that the
    rating stays the rater's judgement."""
    rows: list[ft.Control] = [ft.Text(tr(lang, "rate.discipline"), weight=ft.FontWeight.W_600)]
    if not items:
        rows.append(labelled("discipline-none", muted(tr(lang, "rate.discipline_none"))))
    for i, item in enumerate(items):
        rows.append(labelled(f"discipline-{i}", ft.Text(item["text"], color=ft.Colors.ERROR)))
    if items:
        rows.append(muted(tr(lang, "rate.discipline_hint")))
    return card(*rows)
