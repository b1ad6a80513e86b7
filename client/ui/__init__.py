"""The Kinerja app for field staff (Flet): served on 127.0.0.1, or packaged for phones.

``run_app`` serves the app to a browser; the app's process is the device (local database and
sync runner), the browser only its screen.
"""

from __future__ import annotations

from client.ui.run import run_app

__all__ = ["run_app"]
