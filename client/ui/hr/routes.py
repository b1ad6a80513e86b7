"""The HR routes (``/hr`` ...) and the screen each shows (admin_opd and admin_bkpp only; the
server refuses anyone else and the screen says so)."""

from __future__ import annotations

import flet as ft

from client.ui.common.app_state import AppState
from client.ui.common.widgets import muted, screen
from client.ui.hr.audit import HrAudit, HrDevices
from client.ui.hr.dashboard import HrDashboard
from client.ui.hr.distribution import HrDistribution
from client.ui.hr.exports import HrExports
from client.ui.hr.master import HrMaster
from client.ui.hr.people import HrPeople
from client.ui.hr.profile import HrProfile
from client.ui.session import AppSession

__all__ = ["HR_ROUTES", "hr_screen"]

HR_ROUTES = (
    "/hr",
    "/hr/opd/<id>",
    "/hr/unit/<id>",
    "/hr/sebaran",
    "/hr/sebaran/<unit_id>",
    "/hr/impor",
    "/hr/pegawai",
    "/hr/pegawai/<nip>",
    "/hr/pegawai/<nip>/di/<unit_id>",
    "/hr/pegawai/<nip>/ubah",
    "/hr/ekspor",
    "/hr/audit",
    "/hr/audit/<nip>",
    "/hr/perangkat",
)


def hr_screen(session: AppSession, state: AppState, path: str) -> ft.Control:
    """The HR screen for ``path`` (already without query and trailing slash)."""
    parts = path.split("/")[2:]  # "/hr/opd/x" -> ["opd", "x"]
    head, arg = (parts[0] if parts else ""), "/".join(parts[1:])
    match head:
        case "":
            return HrDashboard(session, state, path)
        case "opd" if arg:
            return HrDashboard(session, state, path, opd_id=arg)
        case "unit" if arg:
            return HrDashboard(session, state, path, unit_id=arg)
        case "sebaran":
            return HrDistribution(session, state, path, arg)
        case "impor":
            return HrMaster(session, state, path)
        case "pegawai":
            return _people(session, state, path, parts[1:])
        case "ekspor":
            return HrExports(session, state, path)
        case "audit":
            return HrAudit(session, state, path, arg)
        case "perangkat":
            return HrDevices(session, state, path)
    return screen(muted(f"404 {path}"))


def _people(session: AppSession, state: AppState, path: str, rest: list[str]) -> ft.Control:
    """``/hr/pegawai``: look a NIP up (forms); ``/hr/pegawai/<nip>``: the read-only profile
    (``/di/<unit_id>`` from the dashboard bounds what it reads); ``/hr/pegawai/<nip>/ubah``:
    the mutasi and edit forms for that NIP."""
    match rest:
        case [nip]:
            return HrProfile(session, state, path, nip)
        case [nip, "di", unit_id]:
            return HrProfile(session, state, path, nip, unit_id)
        case [nip, "ubah"]:
            return HrPeople(session, state, path, nip)
    return HrPeople(session, state, path, "")
