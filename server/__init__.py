"""The Kinerja sync server (Litestar): auth, devices, sync, evidence, over one storage interface.

Assemble it with :func:`create_app`; run it with ``kinerja server``.
"""

from server.app import create_app
from server.settings import Settings

__all__ = ["Settings", "create_app"]
