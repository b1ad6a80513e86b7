"""``/api/v1/devices``: HR revokes a lost or stolen device."""

from __future__ import annotations

from litestar import Controller, post
from litestar.di import NamedDependency
from litestar.params import FromPath

from server.actor import Actor
from server.errors import ForbiddenError, NotFoundError
from server.http_errors import error_responses
from server.messages import DeviceAnswer, iso
from server.services import Services

__all__ = ["DevicesController"]


class DevicesController(Controller):
    path = "/api/v1/devices"
    tags = ("devices",)

    @post(
        "/{device_id:str}/revoke",
        sync_to_thread=True,
        status_code=200,
        responses=error_responses(ForbiddenError, NotFoundError),
    )
    def revoke(
        self,
        device_id: FromPath[str],
        actor: NamedDependency[Actor],
        services: NamedDependency[Services],
    ) -> DeviceAnswer:
        """Revoke a device (admin_opd of the owner's OPD, or admin_bkpp).

        Its token stops working at once; at its next contact it is answered ``device_revoked``
        and wipes its local data.
        """
        device = services.auth.revoke(actor, device_id)
        return DeviceAnswer(
            id=device.id,
            nip=device.nip,
            name=device.name,
            created_at=iso(device.created),
            last_seen_at=iso(device.last_seen),
            revoked=device.revoked,
        )
