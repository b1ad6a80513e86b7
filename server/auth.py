"""Login, device registration, token refresh and revocation, and resolving a request's Actor.

One bearer token per device; the database keeps only its sha256. Nothing here logs a password,
a token or a NIP+password pair.
"""

from __future__ import annotations

import math
from collections.abc import Callable

import msgspec

from server.access import derive_roles
from server.actor import Actor
from server.audit import AuditAction, record_audit
from server.errors import (
    AccountInactiveError,
    BadRequestError,
    DeviceRevokedError,
    ForbiddenError,
    LoginFailedError,
    LoginThrottledError,
    NotFoundError,
    TokenExpiredError,
    UnauthenticatedError,
)
from server.security import LoginThrottle, Passwords, hash_token, new_token, parse_bearer
from server.settings import Settings
from server.storage import Account, Device, Reader, Storage
from shared_models.nip import NipError, parse_ni_pppk, parse_nip

__all__ = ["AuthService", "Session"]

_TOUCH_EVERY = 60.0
"""Seconds between updates of a device's ``last_seen`` (avoids a write on every request)."""


class Session(msgspec.Struct, frozen=True, kw_only=True):
    """What a successful login or refresh hands the device (the token is shown only here)."""

    token: str
    device_id: str
    expires: float
    actor: Actor


class AuthService:
    """Authentication and device lifecycle over the storage."""

    def __init__(
        self,
        *,
        storage: Storage,
        settings: Settings,
        passwords: Passwords,
        throttle: LoginThrottle,
        clock: Callable[[], float],
    ) -> None:
        self._storage = storage
        self._settings = settings
        self._passwords = passwords
        self._throttle = throttle
        self._clock = clock

    # --- login -------------------------------------------------------------------------------
    def login(
        self,
        *,
        nip: str,
        password: str,
        address: str,
        device_id: str | None = None,
        device_name: str = "",
    ) -> Session:
        """Check NIP + password and register (or re-key) the device.

        ``device_id`` is the device's replica id from an earlier login: when it belongs to the
        same employee and is not revoked it keeps its id (and its counters) with a new token;
        otherwise a new device is registered.
        """
        try:
            nip = parse_nip(nip).value
        except NipError as err:
            try:  # PPPK staff sign in with their NI PPPK (series code instead of a month)
                nip = parse_ni_pppk(nip).value
            except NipError:
                raise BadRequestError(f"NIP tidak valid: {err}", field="$.nip") from err
        wait = self._throttle.locked_for(nip, address)
        if wait > 0:
            minutes = max(1, math.ceil(wait / 60))
            raise LoginThrottledError(
                f"Terlalu banyak percobaan masuk yang gagal. Coba lagi dalam {minutes} menit.",
                headers={"Retry-After": str(math.ceil(wait))},
            )
        with self._storage.read() as reader:
            account = reader.account(nip)
        if not self._passwords.verify(None if account is None else account.password_hash, password):
            self._throttle.failed(nip, address)
            with self._storage.write() as tx:
                if tx.employee(nip) is not None:
                    record_audit(tx, ts=self._clock(), nip=nip, action=AuditAction.LOGIN_FAILED)
            raise LoginFailedError("NIP atau kata sandi salah.")
        assert account is not None
        self._throttle.succeeded(nip)
        return self._open_session(account, password, device_id, device_name)

    def _open_session(
        self, account: Account, password: str, device_id: str | None, device_name: str
    ) -> Session:
        now = self._clock()
        token = new_token()
        expires = now + self._settings.token_ttl_seconds
        with self._storage.write() as tx:
            employee = tx.employee(account.nip)
            if employee is None or not employee.active:
                raise AccountInactiveError(
                    "Akun ini tidak aktif. Hubungi admin kepegawaian OPD Anda."
                )
            if self._passwords.needs_rehash(account.password_hash):
                tx.put_account(
                    Account(nip=account.nip, password_hash=self._passwords.hash(password))
                )
            known = tx.device(device_id) if device_id else None
            if known is not None and known.nip == account.nip:
                if known.revoked:
                    raise _revoked()
                tx.set_device_token(known.id, token_hash=hash_token(token), expires=expires)
                tx.touch_device(known.id, now)
                device = known
                action = AuditAction.LOGIN
            else:
                device = tx.add_device(
                    nip=account.nip,
                    token_hash=hash_token(token),
                    now=now,
                    expires=expires,
                    name=device_name,
                )
                action = AuditAction.DEVICE_REGISTERED
            record_audit(tx, ts=now, nip=account.nip, action=action, device_id=device.id)
            actor = _actor(tx, device, expires)
        return Session(token=token, device_id=device.id, expires=expires, actor=actor)

    # --- per request -------------------------------------------------------------------------
    def authenticate(self, authorization: str | None) -> Actor:
        """The Actor behind an ``Authorization: Bearer`` header, or a 401/403 error."""
        token = parse_bearer(authorization)
        if token is None:
            raise UnauthenticatedError(
                "Permintaan ini memerlukan token perangkat (Authorization: Bearer ...)."
            )
        now = self._clock()
        with self._storage.read() as reader:
            device = reader.device_by_token(hash_token(token))
            if device is None:
                raise UnauthenticatedError("Token tidak dikenal. Silakan masuk lagi.")
            if device.revoked:
                raise _revoked()
            if device.expires <= now:
                raise TokenExpiredError("Sesi perangkat sudah berakhir. Silakan masuk lagi.")
            employee = reader.employee(device.nip)
            if employee is None or not employee.active:
                raise AccountInactiveError(
                    "Akun ini tidak aktif. Hubungi admin kepegawaian OPD Anda."
                )
            actor = _actor(reader, device, device.expires)
        if now - device.last_seen >= _TOUCH_EVERY:
            with self._storage.write() as tx:
                tx.touch_device(device.id, now)
        return actor

    def refresh(self, actor: Actor) -> Session:
        """A new token for the actor's device; the old one stops working at once."""
        now = self._clock()
        token = new_token()
        expires = now + self._settings.token_ttl_seconds
        with self._storage.write() as tx:
            tx.set_device_token(actor.device_id, token_hash=hash_token(token), expires=expires)
            tx.touch_device(actor.device_id, now)
            record_audit(
                tx,
                ts=now,
                nip=actor.nip,
                action=AuditAction.TOKEN_REFRESHED,
                device_id=actor.device_id,
            )
        refreshed = msgspec.structs.replace(actor, token_expires=expires)
        return Session(token=token, device_id=actor.device_id, expires=expires, actor=refreshed)

    # --- administration ----------------------------------------------------------------------
    def revoke(self, actor: Actor, device_id: str) -> Device:
        """HR revokes a device of an employee of an OPD they administer."""
        now = self._clock()
        with self._storage.write() as tx:
            device = tx.device(device_id)
            if device is None:
                raise NotFoundError(f"Perangkat {device_id} tidak ditemukan.", field="device_id")
            if not actor.is_hr:
                raise ForbiddenError("Hanya admin kepegawaian yang dapat mencabut perangkat.")
            owner = tx.employee(device.nip)
            unit = tx.unit(owner.unit_id) if owner else None
            if not actor.is_hr_for(unit.opd_id if unit else None):
                raise ForbiddenError("Perangkat ini milik pegawai di luar OPD yang Anda kelola.")
            tx.revoke_device(device.id, now)
            record_audit(
                tx,
                ts=now,
                nip=actor.nip,
                action=AuditAction.DEVICE_REVOKED,
                device_id=actor.device_id,
                revoked_device=device.id,
                device_owner=device.nip,
            )
            revoked = tx.device(device.id)
        assert revoked is not None
        return revoked


def _revoked() -> DeviceRevokedError:
    return DeviceRevokedError(
        "Akses perangkat ini telah dicabut oleh admin. Data lokal di perangkat ini harus dihapus.",
        extra={"wipe": True},
    )


def _actor(reader: Reader, device: Device, expires: float) -> Actor:
    roles, admin_opds, city_wide = derive_roles(reader, device.nip)
    employee = reader.employee(device.nip)
    assert employee is not None
    unit = reader.unit(employee.unit_id)
    return Actor(
        nip=device.nip,
        device_id=device.id,
        roles=roles,
        unit_id=employee.unit_id,
        opd_id=None if unit is None else unit.opd_id,
        admin_opds=admin_opds,
        city_wide=city_wide,
        token_expires=expires,
    )
