"""Dependencies handlers ask for by name: ``services`` and ``actor``."""

from __future__ import annotations

from typing import Any

from litestar import Request
from litestar.datastructures import State
from litestar.di import NamedDependency, Provide

from server.actor import Actor
from server.services import Services

__all__ = ["client_address", "dependencies", "provide_actor", "provide_services"]


def provide_services(state: State) -> Services:
    """The app's services (stored in ``app.state.services`` by ``create_app``)."""
    services: Services = state.services
    return services


def provide_actor(request: Request[Any, Any, Any], services: NamedDependency[Services]) -> Actor:
    """The authenticated actor; raises 401/403 answers (``device_revoked`` tells it to wipe)."""
    return services.auth.authenticate(request.headers.get("authorization"))


def client_address(request: Request[Any, Any, Any]) -> str:
    """The peer address used for login throttling (no proxy headers are trusted)."""
    return request.client.host if request.client else "unknown"


dependencies = {
    "services": Provide(provide_services, sync_to_thread=False),
    "actor": Provide(provide_actor, sync_to_thread=True),
}
