"""``create_app(settings)``: the one place the Litestar application is assembled."""

from __future__ import annotations

import gc
import logging

from litestar import Litestar, Router
from litestar.openapi import OpenAPIConfig
from litestar.types import ControllerRouterHandler

from server.controllers.accounts import AccountsController
from server.controllers.admin import AdminController
from server.controllers.auth import AuthController
from server.controllers.devices import DevicesController
from server.controllers.evidence import EvidenceController
from server.controllers.followup import FollowupController
from server.controllers.health import health
from server.controllers.me import MeController
from server.controllers.reports import ReportsController
from server.controllers.sync import SyncController
from server.di import dependencies
from server.housekeeping import Housekeeping
from server.http_errors import ErrorDocs, exception_handlers
from server.services import Services, build_services
from server.settings import Settings

__all__ = ["app_from_env", "create_app"]

logger = logging.getLogger("kinerja.server")


def create_app(settings: Settings, *, services: Services | None = None) -> Litestar:
    """The server application. ``services`` lets tests inject a clock or a prepared storage.

    The database is opened (and migrated) here; it is closed when the app shuts down.
    """
    services = services or build_services(settings)
    evidence = Router(
        path="/",
        route_handlers=[EvidenceController],
        request_max_body_size=settings.evidence_chunk_max_bytes,
    )
    handlers: list[ControllerRouterHandler] = [
        health,
        AuthController,
        AccountsController,
        DevicesController,
        MeController,
        SyncController,
        AdminController,
        FollowupController,
        ReportsController,
        evidence,
    ]

    housekeeping = Housekeeping(services)

    def _close() -> None:
        housekeeping.stop()
        services.storage.close()

    app = Litestar(
        route_handlers=handlers,
        dependencies=dependencies,
        exception_handlers=exception_handlers,
        plugins=[ErrorDocs()],
        request_max_body_size=settings.max_body_bytes,
        openapi_config=OpenAPIConfig(
            title="Kinerja",
            version="1",
            description="Server sinkronisasi Kinerja ASN Kota Semarang.",
        ),
        on_startup=[housekeeping.start, freeze_startup_heap],
        on_shutdown=[_close],
        debug=False,
    )
    app.state.services = services
    return app


def freeze_startup_heap() -> None:
    """Move everything alive at startup (modules, the app, its routes and schemas) out of the
    garbage collector's reach: a push allocates a great many short-lived objects, and every
    full collection used to walk the whole startup heap again (``gc.freeze``; measured in
    docs/benchmarks.md). Objects made later are collected as usual."""
    gc.collect()
    gc.freeze()


def app_from_env() -> Litestar:
    """``uvicorn --factory server.app:app_from_env``: settings from ``KINERJA_*`` variables."""
    return create_app(Settings.from_env().check())
