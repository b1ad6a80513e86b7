"""Entry point for ``flet build apk``: the app on the phone, its data in the app's storage.

Flet sets ``FLET_APP_STORAGE_DATA`` to the app's private folder on the device; the server
address comes from ``KINERJA_SERVER`` at build time or is typed on the sign-in screen.
"""

from __future__ import annotations

import os
import pathlib

import flet as ft

from client.ui.app import make_main


def main() -> None:
    home = pathlib.Path(os.environ.get("FLET_APP_STORAGE_DATA", "~/.kinerja-device")).expanduser()
    home.mkdir(parents=True, exist_ok=True)
    ft.run(make_main(home, os.environ.get("KINERJA_SERVER")))


if __name__ == "__main__":
    main()
