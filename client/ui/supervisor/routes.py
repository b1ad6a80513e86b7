"""The supervisor's routes: ``/tim``, ``/tim/<nip>``, ``/tim/<nip>/skp|catatan|nilai``,
``/sebaran`` (predikat spread) and ``/keberatan`` (objections, for the Atasan)."""

from __future__ import annotations

import flet as ft

from client.ui.common.app_state import AppState
from client.ui.common.widgets import muted, screen
from client.ui.session import AppSession
from client.ui.supervisor.logs import TeamLogsScreen
from client.ui.supervisor.member import MemberScreen
from client.ui.supervisor.objections import ObjectionsScreen
from client.ui.supervisor.rating import RatingScreen
from client.ui.supervisor.skp import TeamSkpScreen
from client.ui.supervisor.spread import SpreadScreen
from client.ui.supervisor.team import TeamScreen

__all__ = ["team_screen"]


def team_screen(session: AppSession, state: AppState, path: str) -> ft.Control:
    if path == "/tim":
        return TeamScreen(session, state)
    if path == "/sebaran":
        return SpreadScreen(session, state)
    if path == "/keberatan":
        return ObjectionsScreen(session, state)
    parts = path.removeprefix("/tim/").split("/")
    nip, section = parts[0], "/".join(parts[1:])
    match section:
        case "":
            return MemberScreen(session, state, nip)
        case "skp":
            return TeamSkpScreen(session, state, nip)
        case "catatan":
            return TeamLogsScreen(session, state, nip)
        case "nilai":
            return RatingScreen(session, state, nip)
    return screen(muted(f"404 {path}"))
