"""Dependencies handlers ask for by name: ``services`` and ``actor``."""

from __future__ import annotations

from typing import Any

from litestar import Request
from litestar.datastructures import State
from litestar.di import NamedDependency, Provide

from server.actor import Actor
from server.services import Services

__all__ = [
    "client_address",
    "dependencies",
    "provide_actor",
    "provide_caller",
    "provide_services",
]


def provide_services(state: State) -> Services:
    """The app's services (stored in ``app.state.services`` by ``create_app``)."""
    services: Services = state.services
    return services


def provide_actor(request: Request[Any, Any, Any], services: NamedDependency[Services]) -> Actor:
    """The authenticated actor; raises 401/403 answers (``device_revoked`` tells it to wipe,
    ``password_change_required`` that the account must change its password first)."""
    return services.auth.authenticate(request.headers.get("authorization"))


def provide_caller(request: Request[Any, Any, Any], services: NamedDependency[Services]) -> Actor:
    """The authenticated actor, also when the account must change its password first: only the
    routes that change the password or log out ask for ``caller`` instead of ``actor``."""
    return services.auth.authenticate(request.headers.get("authorization"), password_change=True)


def client_address(request: Request[Any, Any, Any], services: Services) -> str:
    """The address login throttling counts: the socket peer, or, when the peer is one of
    ``trusted_proxies``, the client it names in ``X-Forwarded-For`` (see server.security.proxies).
    """
    peer = request.client.host if request.client else None
    return services.proxies.client(peer, request.headers.getall("x-forwarded-for", []))


dependencies = {
    "services": Provide(provide_services, sync_to_thread=False),
    "actor": Provide(provide_actor, sync_to_thread=True),
    "caller": Provide(provide_caller, sync_to_thread=True),
}
