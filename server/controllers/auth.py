"""``/api/v1/auth``: login (registers the device), token refresh, logout, password change."""

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
    PasswordExpiredError,
    UnsupportedMediaTypeError,
    WeakPasswordError,
    WrongPasswordError,
)
from server.http_errors import error_responses
from server.messages import (
    LoginRequest,
    PasswordChangeAnswer,
    PasswordChangeRequest,
    SessionAnswer,
    iso,
    roles_of,
)
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
        device_key=session.device_key,
        must_change_password=session.actor.must_change_password,
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
            PasswordExpiredError,
            UnsupportedMediaTypeError,
            LoginThrottledError,
        ),
    )
    def login(
        self, request: Request[Any, Any, Any], body: RawBody, services: NamedDependency[Services]
    ) -> SessionAnswer:
        """Log in with NIP + password (JSON or MessagePack ``LoginRequest``).

        Registers this install as a device (a new replica id) unless ``device_id`` names one of
        the same employee's devices. Returns the bearer token and a new device key, which the
        server never shows again. Repeated failures make the same NIP from the same address (or
        one address) wait longer and longer (429); a login with its device key waits only for
        that device's own failures. ``must_change_password``: change it before anything else.
        """
        req = decode_body(request, body, LoginRequest)
        session = services.auth.login(
            nip=req.nip,
            password=req.password,
            address=client_address(request, services),
            device_id=req.device_id,
            device_name=req.device_name,
            device_key=req.device_key,
        )
        return _answer(session, services)

    @post("/refresh", sync_to_thread=True, status_code=200)
    def refresh(
        self, actor: NamedDependency[Actor], services: NamedDependency[Services]
    ) -> SessionAnswer:
        """A new token for the calling device (bearer token required); the old one stops working."""
        return _answer(services.auth.refresh(actor), services)

    @post("/logout", sync_to_thread=True, status_code=204)
    def logout(self, caller: NamedDependency[Actor], services: NamedDependency[Services]) -> None:
        """End the calling device's session: its bearer token stops working at once (the next
        request with it is 401). The device stays registered and keeps its data; logging in
        again from it re-keys it."""
        services.auth.logout(caller)

    @post(
        "/password",
        sync_to_thread=True,
        status_code=200,
        responses=error_responses(
            WeakPasswordError, WrongPasswordError, LoginThrottledError, UnsupportedMediaTypeError
        ),
    )
    def change_password(
        self,
        request: Request[Any, Any, Any],
        body: RawBody,
        caller: NamedDependency[Actor],
        services: NamedDependency[Services],
    ) -> PasswordChangeAnswer:
        """Change the caller's own password (``PasswordChangeRequest``), also while the account
        must change it first. The new one must keep the rule of ``shared_models.passwords``
        (400 ``weak_password`` naming ``$.new_password`` with the broken rules in ``issues``);
        a wrong current password is 403 ``wrong_password`` and counts like a failed login of
        this device. The person's other devices must log in again."""
        req = decode_body(request, body, PasswordChangeRequest)
        ended = services.auth.change_password(
            caller, current=req.current_password, new=req.new_password
        )
        return PasswordChangeAnswer(
            changed=True, must_change_password=False, other_sessions_ended=ended
        )
