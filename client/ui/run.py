"""Serve the app on loopback (no CDN): ``run_app(home, server_url, host, port)``."""

from __future__ import annotations

import ipaddress
import os
import pathlib
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from client.ui.session import SessionConfig

__all__ = ["is_loopback", "run_app"]


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _config_from_env() -> SessionConfig:
    from client.ui.session import SessionConfig

    probe = float(os.environ.get("KINERJA_APP_PROBE_SECONDS", "15"))
    every = float(os.environ.get("KINERJA_APP_SYNC_SECONDS", "180"))
    return SessionConfig(probe_seconds=probe, sync_seconds=every)


def run_app(home: pathlib.Path, server_url: str | None, host: str, port: int) -> None:
    """Serve the app until interrupted. Refuses a non-loopback ``host``: the browser is
    only the device's screen, never reachable from the network."""
    if not is_loopback(host):
        raise ValueError(f"alamat {host} bukan loopback; aplikasi hanya melayani 127.0.0.1")
    import flet as ft

    from client.ui.app import make_main
    from client.ui.branding import web_assets

    home.mkdir(parents=True, exist_ok=True)
    ft.run(
        make_main(home, server_url, _config_from_env()),
        view=ft.AppView.WEB_BROWSER,
        host=host,
        port=port,
        no_cdn=True,
        assets_dir=str(web_assets(home / "web")),  # Kinerja's title, icons and splash
    )
