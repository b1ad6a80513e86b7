"""``/api/v1/me``: who the caller is, as the server's master data says."""

from __future__ import annotations

from litestar import Controller, get
from litestar.di import NamedDependency

from server.actor import Actor
from server.messages import MeAnswer, iso, roles_of
from server.services import Services

__all__ = ["MeController"]


class MeController(Controller):
    path = "/api/v1/me"
    tags = ("me",)

    @get("/", sync_to_thread=True)
    def me(self, actor: NamedDependency[Actor], services: NamedDependency[Services]) -> MeAnswer:
        """The caller's identity, unit, roles and administrative scope."""
        with services.storage.read() as reader:
            employee = reader.employee(actor.nip)
            unit = reader.unit(actor.unit_id)
        return MeAnswer(
            nip=actor.nip,
            name=employee.name if employee else "",
            unit_id=actor.unit_id,
            unit_name=unit.name if unit else "",
            opd_id=actor.opd_id,
            roles=roles_of(actor),
            admin_opds=sorted(actor.admin_opds),
            city_wide=actor.city_wide,
            device_id=actor.device_id,
            token_expires_at=iso(actor.token_expires),
        )
