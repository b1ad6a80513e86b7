"""Login, device registration, token refresh and revocation, and resolving a request's Actor.

One bearer token per device; the database keeps only its sha256. Nothing here logs a password,
a token or a NIP+password pair.
"""

from __future__ import annotations

import hmac
import math
import secrets
from collections.abc import Callable

import msgspec

from server.access import derive_roles
from server.actor import Actor
from server.audit import AuditAction, record_audit
from server.errors import (
    AccountInactiveError,
    BadRequestError,
    ConflictError,
    DeviceRevokedError,
    ForbiddenError,
    LoginFailedError,
    LoginThrottledError,
    NotFoundError,
    PasswordChangeRequiredError,
    PasswordExpiredError,
    TokenExpiredError,
    UnauthenticatedError,
    WeakPasswordError,
    WrongPasswordError,
)
from server.security import LoginThrottle, Passwords, hash_token, new_token, parse_bearer
from server.settings import Settings
from server.storage import Account, Device, Reader, Storage, Writer
from shared_models.nip import NipError, parse_ni_pppk, parse_nip
from shared_models.passwords import password_issues, password_message

__all__ = ["AuthService", "PasswordReset", "Session"]

_TOUCH_EVERY = 60.0
"""Seconds between updates of a device's ``last_seen`` (avoids a write on every request)."""


_CHANGE_FIRST = (
    "Kata sandi awal harus diganti sebelum memakai layanan lain. Ganti kata sandi di menu "
    "Lainnya > Ganti kata sandi (atau 'kinerja device password')."
)
_TEMPORARY_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"
"""Letters and digits that cannot be misread when an admin reads a password out."""


class Session(msgspec.Struct, frozen=True, kw_only=True):
    """What a successful login or refresh hands the device (the token is shown only here)."""

    token: str
    device_id: str
    expires: float
    actor: Actor
    device_key: str = ""
    """A login's new proof of this install (shown once; the server keeps its sha256): sent
    with the next login, it lets that login skip everybody else's failed-login waits."""


class PasswordReset(msgspec.Struct, frozen=True, kw_only=True):
    """An admin reset: the temporary password (shown to the admin once, never stored)."""

    nip: str
    temporary_password: str
    expires: float
    sessions_ended: int
    created: bool
    """True when the employee had no account before (imported master data)."""


def _login_nip(nip: str, field: str = "$.nip") -> str:
    try:
        return parse_nip(nip).value
    except NipError as err:
        try:  # PPPK staff sign in with their NI PPPK (series code instead of a month)
            return parse_ni_pppk(nip).value
        except NipError:
            raise BadRequestError(f"NIP tidak valid: {err}", field=field) from err


def _throttled(wait: float, what: str = "percobaan masuk") -> LoginThrottledError:
    minutes = max(1, math.ceil(wait / 60))
    when = f"{minutes} menit" if wait >= 60 else f"{max(1, math.ceil(wait))} detik"
    return LoginThrottledError(
        f"Terlalu banyak {what} yang gagal. Coba lagi dalam {when}.",
        headers={"Retry-After": str(max(1, math.ceil(wait)))},
    )


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
        device_key: str | None = None,
    ) -> Session:
        """Check NIP + password and register (or re-key) the device.

        ``device_id`` is the device's replica id from an earlier login: when it belongs to the
        same employee and is not revoked it keeps its id (and its counters) with a new token;
        otherwise a new device is registered. With the ``device_key`` that install was given,
        the login is a known device's: only its own failures can make it wait.
        """
        nip = _login_nip(nip)
        known = self._proven_device(nip, device_id, device_key)
        wait = self._throttle.wait(nip, address, known)
        if wait > 0:
            raise _throttled(wait)
        with self._storage.read() as reader:
            account = reader.account(nip)
        if not self._passwords.verify(None if account is None else account.password_hash, password):
            self._throttle.failed(nip, address, known)
            with self._storage.write() as tx:
                if tx.employee(nip) is not None:
                    record_audit(
                        tx,
                        ts=self._clock(),
                        nip=nip,
                        action=AuditAction.LOGIN_FAILED,
                        device_id=known,
                    )
            raise LoginFailedError("NIP atau kata sandi salah.")
        assert account is not None
        self._throttle.succeeded(nip, address, known)
        if account.temporary_until is not None and self._clock() > account.temporary_until:
            raise PasswordExpiredError(
                "Kata sandi sementara sudah kedaluwarsa. Minta admin kepegawaian OPD Anda "
                "mengatur ulang kata sandi lagi."
            )
        return self._open_session(account, password, device_id, device_name)

    def _proven_device(self, nip: str, device_id: str | None, device_key: str | None) -> str | None:
        """``device_id`` when the login proves it comes from that unrevoked device of ``nip``."""
        if not device_id or not device_key:
            return None
        with self._storage.read() as reader:
            device = reader.device(device_id)
            stored = reader.device_key(device_id) if device is not None else None
        if device is None or device.nip != nip or device.revoked or not stored:
            return None
        return device_id if hmac.compare_digest(stored, hash_token(device_key)) else None

    def _open_session(
        self, account: Account, password: str, device_id: str | None, device_name: str
    ) -> Session:
        now = self._clock()
        token, key = new_token(), new_token()
        expires = now + self._settings.token_ttl_seconds
        rehashed = (
            self._passwords.hash(password)
            if self._passwords.needs_rehash(account.password_hash)
            else None
        )
        with self._storage.write() as tx:
            employee = tx.employee(account.nip)
            if employee is None or not employee.active:
                raise AccountInactiveError(
                    "Akun ini tidak aktif. Hubungi admin kepegawaian OPD Anda."
                )
            if rehashed is not None:
                stored = tx.account(account.nip) or account
                tx.put_account(msgspec.structs.replace(stored, password_hash=rehashed))
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
            tx.set_device_key(device.id, hash_token(key))
            record_audit(tx, ts=now, nip=account.nip, action=action, device_id=device.id)
            actor = _actor(tx, device, expires)
        return Session(
            token=token, device_id=device.id, expires=expires, actor=actor, device_key=key
        )

    # --- per request -------------------------------------------------------------------------
    def authenticate(self, authorization: str | None, *, password_change: bool = False) -> Actor:
        """The Actor behind an ``Authorization: Bearer`` header, or a 401/403 error.

        An account that must change its password is refused (403 ``password_change_required``)
        unless ``password_change``: the routes that change the password or log out."""
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
        if actor.must_change_password and not password_change:
            raise PasswordChangeRequiredError(_CHANGE_FIRST)
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

    def logout(self, actor: Actor) -> None:
        """End the calling device's session: its token stops working at once. The device stays
        registered (its replica id, its key and its data); its next login re-keys it."""
        now = self._clock()
        with self._storage.write() as tx:
            _end_session(tx, actor.device_id, now)
            record_audit(
                tx, ts=now, nip=actor.nip, action=AuditAction.LOGGED_OUT, device_id=actor.device_id
            )

    # --- passwords ---------------------------------------------------------------------------
    def change_password(self, actor: Actor, *, current: str, new: str) -> int:
        """The actor's own password: ``current`` must be right and ``new`` must keep the rule.

        The sessions of the person's other devices end (they log in again with the new
        password); this device's token stays. Wrong current passwords make this device wait
        like failed logins do. Returns how many other sessions ended."""
        issues = password_issues(new, nip=actor.nip, current=current)
        if issues:
            raise WeakPasswordError(
                " ".join(password_message(i) for i in issues),
                field="$.new_password",
                extra={"issues": [str(i) for i in issues]},
            )
        wait = self._throttle.wait(actor.nip, "", actor.device_id)
        if wait > 0:
            raise _throttled(wait, "percobaan kata sandi")
        with self._storage.read() as reader:
            account = reader.account(actor.nip)
        if account is None or not self._passwords.verify(account.password_hash, current):
            self._throttle.failed(actor.nip, "", actor.device_id)
            with self._storage.write() as tx:
                record_audit(
                    tx,
                    ts=self._clock(),
                    nip=actor.nip,
                    action=AuditAction.PASSWORD_CHANGE_FAILED,
                    device_id=actor.device_id,
                )
            raise WrongPasswordError("Kata sandi sekarang salah.", field="$.current_password")
        self._throttle.succeeded(actor.nip, "", actor.device_id)
        hashed = self._passwords.hash(new)
        now = self._clock()
        with self._storage.write() as tx:
            tx.put_account(Account(nip=actor.nip, password_hash=hashed, changed_at=now))
            ended = _end_sessions(tx, actor.nip, now, keep=actor.device_id)
            record_audit(
                tx,
                ts=now,
                nip=actor.nip,
                action=AuditAction.PASSWORD_CHANGED,
                device_id=actor.device_id,
                sessions_ended=ended,
            )
        return ended

    def reset_password(self, actor: Actor, nip: str) -> PasswordReset:
        """An admin sets a temporary password for an employee (creating the account of one
        imported without it). Who may: ``admin_bkpp`` for anyone, ``admin_opd`` for the
        employees of an OPD they administer who hold no admin grant themselves; never one's
        own. The right comes from the stored master data and grants, never from the request.
        The person's sessions end, and their first login must change the password."""
        nip = _login_nip(nip, field="nip")
        if not actor.is_hr:
            raise ForbiddenError("Hanya admin kepegawaian yang dapat mengatur ulang kata sandi.")
        if nip == actor.nip:
            raise ForbiddenError(
                "Kata sandi akun Anda sendiri diganti dengan Ganti kata sandi, bukan diatur ulang.",
                field="nip",
            )
        self._may_reset(actor, nip)
        temporary = _temporary_password(nip)
        hashed = self._passwords.hash(temporary)
        now = self._clock()
        expires = now + self._settings.password_reset_ttl_hours * 3600
        with self._storage.write() as tx:
            self._may_reset(actor, nip, tx)  # the master data may have changed meanwhile
            created = tx.account(nip) is None
            tx.put_account(
                Account(
                    nip=nip,
                    password_hash=hashed,
                    must_change=True,
                    temporary_until=expires,
                    changed_at=now,
                )
            )
            ended = _end_sessions(tx, nip, now)
            record_audit(
                tx,
                ts=now,
                nip=actor.nip,
                action=AuditAction.PASSWORD_RESET,
                device_id=actor.device_id,
                employee=nip,
                sessions_ended=ended,
                created=created,
            )
        self._throttle.forget_nip(nip)
        return PasswordReset(
            nip=nip,
            temporary_password=temporary,
            expires=expires,
            sessions_ended=ended,
            created=created,
        )

    def _may_reset(self, actor: Actor, nip: str, reader: Reader | None = None) -> None:
        if reader is None:
            with self._storage.read() as fresh:
                self._may_reset(actor, nip, fresh)
            return
        employee = reader.employee(nip)
        if employee is None:
            raise NotFoundError(f"Pegawai dengan NIP {nip} tidak ditemukan.", field="nip")
        unit = reader.unit(employee.unit_id)
        if not actor.is_hr_for(unit.opd_id if unit else None):
            raise ForbiddenError("Pegawai ini di luar OPD yang Anda kelola.", field="nip")
        if not employee.active:
            raise ConflictError(
                "Pegawai ini tidak aktif; kata sandinya tidak dapat diatur ulang.", field="nip"
            )
        if reader.admin_grants(nip) and not actor.city_wide:
            raise ForbiddenError(
                "Kata sandi admin kepegawaian hanya dapat diatur ulang oleh BKPP.", field="nip"
            )

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


def _end_session(tx: Writer, device_id: str, now: float) -> None:
    """The device's token stops working: its hash becomes that of a token nobody holds."""
    tx.set_device_token(device_id, token_hash=hash_token(new_token()), expires=now)


def _end_sessions(tx: Writer, nip: str, now: float, *, keep: str | None = None) -> int:
    """End every live session of ``nip``'s devices but ``keep``; how many ended."""
    ended = 0
    for device in tx.devices_of(nip):
        if device.id != keep and not device.revoked and device.expires > now:
            _end_session(tx, device.id, now)
            ended += 1
    return ended


def _temporary_password(nip: str) -> str:
    """Three groups of four unambiguous characters (``k7mp-2qxz-h9ta``) that keep the rule."""
    while True:
        groups = ["".join(secrets.choice(_TEMPORARY_ALPHABET) for _ in range(4)) for _ in range(3)]
        candidate = "-".join(groups)
        if not password_issues(candidate, nip=nip):
            return candidate


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
    account = reader.account(device.nip)
    return Actor(
        nip=device.nip,
        device_id=device.id,
        roles=roles,
        unit_id=employee.unit_id,
        opd_id=None if unit is None else unit.opd_id,
        admin_opds=admin_opds,
        city_wide=city_wide,
        token_expires=expires,
        must_change_password=account is not None and account.must_change,
    )
