"""``/api/v1/accounts``: HR sets a temporary password for an employee (a reset)."""

from __future__ import annotations

from litestar import Controller, Response, post
from litestar.di import NamedDependency
from litestar.params import FromPath

from server.actor import Actor
from server.errors import ConflictError, ForbiddenError, NotFoundError
from server.http_errors import error_responses
from server.messages import PasswordResetAnswer, iso
from server.services import Services

__all__ = ["AccountsController"]


class AccountsController(Controller):
    path = "/api/v1/accounts"
    tags = ("accounts",)

    @post(
        "/{nip:str}/reset-password",
        sync_to_thread=True,
        status_code=200,
        responses=error_responses(ForbiddenError, NotFoundError, ConflictError),
    )
    def reset_password(
        self,
        nip: FromPath[str],
        actor: NamedDependency[Actor],
        services: NamedDependency[Services],
    ) -> Response[PasswordResetAnswer]:
        """Set a temporary password for an employee (admin_bkpp: anyone; admin_opd: the
        employees of their OPD who hold no admin grant; nobody: themselves). It is answered
        here once and never stored or logged; it works for ``password_reset_ttl_hours`` and
        only to set a new password (the account must change it). Every session of the person
        ends. An employee imported without an account gets one this way."""
        reset = services.auth.reset_password(actor, nip)
        answer = PasswordResetAnswer(
            nip=reset.nip,
            temporary_password=reset.temporary_password,
            expires=reset.expires,
            expires_at=iso(reset.expires),
            must_change_password=True,
            sessions_ended=reset.sessions_ended,
            account_created=reset.created,
        )
        return Response(answer, headers={"Cache-Control": "no-store"})
