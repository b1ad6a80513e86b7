"""``/api/v1/auth``: login (registers the device) and token refresh."""

from __future__ import annotations

from typing import Any

from litestar import Controller, Request, post
from litestar.di import NamedDependency
from litestar.params import RawBody

from server.actor import Actor
from server.auth import Session
from server.di import client_address
from server.errors import (
    AccountInactiveError,
    DeviceRevokedError,
    LoginFailedError,
    LoginThrottledError,
    UnsupportedMediaTypeError,
)
from server.http_errors import error_responses
from server.messages import LoginRequest, SessionAnswer, iso, roles_of
from server.services import Services
from server.wire import decode_body

__all__ = ["AuthController"]


def _answer(session: Session, services: Services) -> SessionAnswer:
    return SessionAnswer(
        token=session.token,
        device_id=session.device_id,
        expires=session.expires,
        expires_at=iso(session.expires),
        nip=session.actor.nip,
        roles=roles_of(session.actor),
        server_replica_id=services.settings.server_replica_id,
    )


class AuthController(Controller):
    path = "/api/v1/auth"
    tags = ("auth",)

    @post(
        "/login",
        sync_to_thread=True,
        status_code=200,
        responses=error_responses(
            LoginFailedError,
            DeviceRevokedError,
            AccountInactiveError,
            UnsupportedMediaTypeError,
            LoginThrottledError,
        ),
    )
    def login(
        self, request: Request[Any, Any, Any], body: RawBody, services: NamedDependency[Services]
    ) -> SessionAnswer:
        """Log in with NIP + password (JSON or MessagePack ``LoginRequest``).

        Registers this install as a device (a new replica id) unless ``device_id`` names one of
        the same employee's devices. Returns the bearer token, which the server never shows again.
        Five failures lock the NIP for a while (429).
        """
        req = decode_body(request, body, LoginRequest)
        session = services.auth.login(
            nip=req.nip,
            password=req.password,
            address=client_address(request),
            device_id=req.device_id,
            device_name=req.device_name,
        )
        return _answer(session, services)

    @post("/refresh", sync_to_thread=True, status_code=200)
    def refresh(
        self, actor: NamedDependency[Actor], services: NamedDependency[Services]
    ) -> SessionAnswer:
        """A new token for the calling device (bearer token required); the old one stops working."""
        return _answer(services.auth.refresh(actor), services)
