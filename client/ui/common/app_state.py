"""Who is signed in, the language, and a counter that tells screens to reload (per session)."""

from __future__ import annotations

from dataclasses import dataclass

import flet as ft

from client.ui.common.i18n import Lang

__all__ = ["AppState"]


@dataclass(eq=False)
class AppState(ft.Observable):
    """The session's view of the app; changed only through its methods."""

    lang: Lang = "id"
    nip: str | None = None
    name: str = ""
    server_url: str = ""
    data_version: int = 0
    """Bumped after every local save and every sync that brought data: screens reload on it."""
    notice: str = ""
    """A short message for the snack bar (saved, deleted, errors in words)."""
    notice_seq: int = 0
    last_save_ms: float = 0.0
    must_change_password: bool = False
    """The server said the password must be changed first: the app shows only that form."""
    """How long the last save took inside the app (click to stored), for the benchmark."""

    def sign_in(self, nip: str, name: str, server_url: str) -> None:
        self.nip, self.name, self.server_url = nip, name, server_url
        self.data_version += 1
        self.notice = ""  # "Anda sudah keluar" was about the one before

    def sign_out(self) -> None:
        self.nip, self.name = None, ""
        self.must_change_password = False

    def set_must_change_password(self, must: bool) -> None:
        self.must_change_password = must

    @property
    def signed_in(self) -> bool:
        return self.nip is not None

    def toggle_lang(self) -> None:
        self.lang = "en" if self.lang == "id" else "id"

    def data_changed(self) -> None:
        self.data_version += 1

    def notify_user(self, text: str) -> None:
        self.notice = text
        self.notice_seq += 1

    def record_timing(self, what: str, ms: float) -> None:
        if what == "save_ms":
            self.last_save_ms = round(ms, 1)
