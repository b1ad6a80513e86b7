"""The routes besides Beranda and Catat, and the screen each shows."""

from __future__ import annotations

from collections.abc import Callable

import flet as ft

from client.ui.common.app_state import AppState
from client.ui.common.password_screen import PasswordScreen
from client.ui.common.widgets import muted, screen
from client.ui.pegawai.assessment_screen import AssessmentScreen
from client.ui.pegawai.beranda import Beranda
from client.ui.pegawai.conflicts_screen import ConflictsScreen
from client.ui.pegawai.entries_screen import EntriesScreen
from client.ui.pegawai.feedback_screen import FeedbackScreen
from client.ui.pegawai.guide_screen import GuideScreen
from client.ui.pegawai.log_form import LogFormScreen
from client.ui.pegawai.more_screen import MoreScreen
from client.ui.pegawai.skp_screen import SkpScreen
from client.ui.session import AppSession

__all__ = ["ROUTES", "body_for"]

ROUTES = (
    "/",
    "/skp",
    "/catat",
    "/catatan",
    "/penilaian",
    "/umpan-balik",
    "/konflik",
    "/panduan",
    "/lainnya",
    "/kata-sandi",
    "/hr",  # and below: client/ui/hr/routes.py
    "/tim",  # and /tim/<nip>, /tim/<nip>/skp|catatan|nilai: client/ui/supervisor/routes.py
    "/sebaran",
    "/keberatan",
)


def body_for(session: AppSession, state: AppState, route: str) -> ft.Control:
    """The screen a route shows (``/catat/<id>`` edits an entry)."""
    path = route.split("?")[0].split("#")[0].rstrip("/") or "/"
    if path in ("/tim", "/sebaran", "/keberatan") or path.startswith("/tim/"):
        from client.ui.supervisor.routes import team_screen  # the supervisor's screens

        return team_screen(session, state, path)
    return _screen(session, state, path)


def _screen(session: AppSession, state: AppState, path: str) -> ft.Control:
    if path == "/":
        return Beranda(session, state)
    if path == "/catat":
        return LogFormScreen(session, state, None)
    if path.startswith("/catat/"):
        return LogFormScreen(session, state, path.removeprefix("/catat/"))
    if path == "/hr" or path.startswith("/hr/"):
        from client.ui.hr.routes import hr_screen  # HR's screens (admin roles)

        return hr_screen(session, state, path)
    show = _SCREENS.get(path)
    if show is not None:
        return show(session, state)
    return screen(muted(f"404 {path}"))


_SCREENS: dict[str, Callable[[AppSession, AppState], ft.Control]] = {
    "/skp": SkpScreen,
    "/catatan": EntriesScreen,
    "/penilaian": AssessmentScreen,
    "/umpan-balik": FeedbackScreen,
    "/konflik": ConflictsScreen,
    "/panduan": lambda _session, state: GuideScreen(state),
    "/lainnya": MoreScreen,
    "/kata-sandi": lambda session, state: PasswordScreen(session, state, False),
}
"""The screens a plain route shows (the rest: ``_screen``)."""
