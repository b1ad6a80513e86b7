"""Who is making a request: resolved per request from the bearer token and master data."""

from __future__ import annotations

import msgspec

from server.errors import ForbiddenError
from shared_models.kinds import Role

__all__ = ["Actor"]


class Actor(msgspec.Struct, frozen=True, kw_only=True):
    """An authenticated user on a registered device, with roles from the server's master data."""

    nip: str
    device_id: str
    roles: frozenset[Role]
    unit_id: str
    opd_id: str | None
    """The actor's own Perangkat Daerah."""
    admin_opds: frozenset[str] = frozenset()
    """OPDs this actor administers as admin_opd."""
    city_wide: bool = False
    """admin_bkpp: administers every OPD of the city."""
    token_expires: float = 0.0
    must_change_password: bool = False
    """The account's password was set for the person: only changing it (or logging out) is
    allowed until they do (the ``actor`` dependency refuses everything else)."""

    def is_hr_for(self, opd_id: str | None) -> bool:
        """True when this actor administers the OPD ``opd_id`` (BKPP administers all)."""
        return self.city_wide or (opd_id is not None and opd_id in self.admin_opds)

    @property
    def is_hr(self) -> bool:
        """True for admin_opd and admin_bkpp."""
        return self.city_wide or bool(self.admin_opds)

    def require_device(self, device_id: str) -> None:
        """403 naming ``$.device_id`` unless a message's ``device_id`` is this token's device."""
        if device_id != self.device_id:
            raise ForbiddenError(
                "device_id tidak sesuai dengan token perangkat.", field="$.device_id"
            )
