"""Login, device registration, tokens (expiry, refresh, revocation) and roles."""

from __future__ import annotations

import contextlib

import pytest

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
from server.services import Services
from server.storage import AdminGrant, Employee
from shared_models.kinds import Role
from tests.fixtures.clock import FakeClock
from tests.unit.server import dataset as ds


def _login(
    services: Services,
    nip: str = ds.NURSE,
    *,
    password: str = ds.PASSWORD,
    device_id: str | None = None,
) -> tuple[str, str]:
    session = services.auth.login(
        nip=nip, password=password, address="10.0.0.1", device_id=device_id
    )
    return session.token, session.device_id


def test_login_registers_a_device(services: Services) -> None:
    session = services.auth.login(nip=ds.NURSE, password=ds.PASSWORD, address="a", device_name="hp")
    assert session.device_id == "d1"
    assert session.actor.roles == {Role.PEGAWAI}
    assert session.actor.opd_id == ds.DINKES
    with services.storage.read() as reader:
        device = reader.device("d1")
        assert device is not None
        assert device.token_hash != session.token  # only the hash is stored
        assert [e.action for e in reader.audit_entries()][-1] == "device_registered"


def test_nip_may_contain_spaces(services: Services) -> None:
    spaced = f"{ds.NURSE[:8]} {ds.NURSE[8:14]} {ds.NURSE[14]} {ds.NURSE[15:]}"
    assert services.auth.login(nip=spaced, password=ds.PASSWORD, address="a").actor.nip == ds.NURSE


def test_login_again_with_the_device_id_keeps_the_replica(services: Services) -> None:
    old_token, device = _login(services)
    token, again = _login(services, device_id=device)
    assert again == device
    with pytest.raises(UnauthenticatedError):
        services.auth.authenticate(f"Bearer {old_token}")
    assert services.auth.authenticate(f"Bearer {token}").device_id == device


def test_someone_elses_device_id_gets_a_new_device(services: Services) -> None:
    _, device = _login(services, ds.KAPUS)
    _, mine = _login(services, device_id=device)
    assert mine != device


def test_wrong_password_and_unknown_nip_look_the_same(services: Services) -> None:
    with pytest.raises(LoginFailedError) as wrong:
        _login(services, password="salah")
    with pytest.raises(LoginFailedError) as unknown:
        _login(services, "198001012005011099")
    assert wrong.value.message == unknown.value.message == "NIP atau kata sandi salah."
    with services.storage.read() as reader:
        assert [e.action for e in reader.audit_entries()] == ["seeded", "login_failed"]


def test_malformed_nip_is_a_bad_request(services: Services) -> None:
    with pytest.raises(BadRequestError) as err:
        _login(services, "12345")
    assert err.value.field == "$.nip"
    assert "18 digit" in err.value.message


def test_failures_make_the_same_nip_and_address_wait_longer_and_longer(
    services: Services, clock: FakeClock
) -> None:
    for _ in range(5):
        with pytest.raises(LoginFailedError):
            _login(services, password="salah")
    with pytest.raises(LoginThrottledError) as err:
        _login(services)  # from the same address even the right password waits...
    assert err.value.status_code == 429
    assert "Coba lagi dalam 2 detik" in err.value.message
    assert err.value.headers["Retry-After"] == "2"
    # ...but not from another address: nothing is locked
    other = services.auth.login(nip=ds.NURSE, password=ds.PASSWORD, address="10.9.9.9")
    assert other.device_key
    clock.advance(2)
    with pytest.raises(LoginFailedError):
        _login(services, password="salah")
    with pytest.raises(LoginThrottledError) as err:
        _login(services)
    assert err.value.headers["Retry-After"] == "4"  # doubled
    clock.advance(4)
    assert _login(services)[1]


def test_a_known_device_never_waits_for_others_failures(
    services: Services, clock: FakeClock
) -> None:
    mine = services.auth.login(nip=ds.NURSE, password=ds.PASSWORD, address="10.0.0.1")
    for i in range(60):  # wrong passwords from the same address and from many others
        for address in ("10.0.0.1", f"172.16.0.{i}"):
            with contextlib.suppress(LoginFailedError, LoginThrottledError):
                services.auth.login(nip=ds.NURSE, password=f"tebakan-{i}", address=address)
    with pytest.raises(LoginThrottledError):
        _login(services)  # a device the server does not know waits
    again = services.auth.login(
        nip=ds.NURSE,
        password=ds.PASSWORD,
        address="10.0.0.1",
        device_id=mine.device_id,
        device_key=mine.device_key,
    )
    assert again.device_id == mine.device_id
    assert again.device_key != mine.device_key  # a new key at every login
    # the old key proves nothing any more, nor does someone else's device id with a key
    with pytest.raises(LoginThrottledError):
        services.auth.login(
            nip=ds.NURSE,
            password=ds.PASSWORD,
            address="10.0.0.1",
            device_id=mine.device_id,
            device_key=mine.device_key,
        )


def test_logout_ends_the_session_but_keeps_the_device(services: Services) -> None:
    session = services.auth.login(nip=ds.NURSE, password=ds.PASSWORD, address="a")
    actor = services.auth.authenticate(f"Bearer {session.token}")
    services.auth.logout(actor)
    with pytest.raises(UnauthenticatedError, match="tidak dikenal"):
        services.auth.authenticate(f"Bearer {session.token}")
    again = services.auth.login(
        nip=ds.NURSE,
        password=ds.PASSWORD,
        address="a",
        device_id=session.device_id,
        device_key=session.device_key,
    )
    assert again.device_id == session.device_id
    with services.storage.read() as reader:
        assert [e.action for e in reader.audit_entries()][-2:] == ["logged_out", "login"]


def test_change_password_keeps_this_session_and_ends_the_others(services: Services) -> None:
    phone = services.auth.login(nip=ds.NURSE, password=ds.PASSWORD, address="a")
    laptop = services.auth.login(nip=ds.NURSE, password=ds.PASSWORD, address="b")
    actor = services.auth.authenticate(f"Bearer {phone.token}")
    with pytest.raises(WeakPasswordError) as weak:
        services.auth.change_password(actor, current=ds.PASSWORD, new="1234567890123")
    assert weak.value.field == "$.new_password"
    assert weak.value.extra == {"issues": ["all_digits"]}
    with pytest.raises(WrongPasswordError) as wrong:
        services.auth.change_password(actor, current="salah-sekali", new="Kunjungan-Rumah-7")
    assert wrong.value.field == "$.current_password"
    assert services.auth.change_password(actor, current=ds.PASSWORD, new="Kunjungan-Rumah-7") == 1
    assert services.auth.authenticate(f"Bearer {phone.token}").nip == ds.NURSE
    with pytest.raises(UnauthenticatedError):
        services.auth.authenticate(f"Bearer {laptop.token}")
    with pytest.raises(LoginFailedError):
        _login(services, password=ds.PASSWORD, device_id=None)
    assert services.auth.login(nip=ds.NURSE, password="Kunjungan-Rumah-7", address="a").token
    with services.storage.read() as reader:
        account = reader.account(ds.NURSE)
        actions = [e.action for e in reader.audit_entries()]
    assert account is not None
    assert not account.must_change
    assert "password_change_failed" in actions
    assert "password_changed" in actions


def test_wrong_current_passwords_make_the_device_wait(services: Services, clock: FakeClock) -> None:
    phone = services.auth.login(nip=ds.NURSE, password=ds.PASSWORD, address="a")
    actor = services.auth.authenticate(f"Bearer {phone.token}")
    for _ in range(5):
        with pytest.raises(WrongPasswordError):
            services.auth.change_password(actor, current="bukan-ini-1", new="Kunjungan-Rumah-7")
    with pytest.raises(LoginThrottledError, match="percobaan kata sandi"):
        services.auth.change_password(actor, current=ds.PASSWORD, new="Kunjungan-Rumah-7")
    clock.advance(2)
    assert services.auth.change_password(actor, current=ds.PASSWORD, new="Kunjungan-Rumah-7") == 0


def test_reset_sets_a_temporary_password_that_must_be_changed(
    services: Services, clock: FakeClock
) -> None:
    nurse = services.auth.login(nip=ds.NURSE, password=ds.PASSWORD, address="a")
    admin = services.auth.authenticate(f"Bearer {_login(services, ds.ADMIN_DINKES)[0]}")
    reset = services.auth.reset_password(admin, ds.NURSE)
    assert reset.sessions_ended == 1
    assert not reset.created
    assert len(reset.temporary_password) == 14
    with pytest.raises(UnauthenticatedError):
        services.auth.authenticate(f"Bearer {nurse.token}")
    with pytest.raises(LoginFailedError):
        _login(services)
    session = services.auth.login(nip=ds.NURSE, password=reset.temporary_password, address="a")
    assert session.actor.must_change_password
    with pytest.raises(PasswordChangeRequiredError):
        services.auth.authenticate(f"Bearer {session.token}")
    caller = services.auth.authenticate(f"Bearer {session.token}", password_change=True)
    services.auth.change_password(caller, current=reset.temporary_password, new="Sandi-Baru-Ku-9")
    assert not services.auth.authenticate(f"Bearer {session.token}").must_change_password


def test_a_temporary_password_expires(services: Services, clock: FakeClock) -> None:
    admin = services.auth.authenticate(f"Bearer {_login(services, ds.BKPP)[0]}")
    reset = services.auth.reset_password(admin, ds.TEACHER)
    clock.advance(services.settings.password_reset_ttl_hours * 3600 + 1)
    with pytest.raises(PasswordExpiredError):
        services.auth.login(nip=ds.TEACHER, password=reset.temporary_password, address="a")


def test_who_may_reset_comes_from_the_stored_grants(services: Services) -> None:
    admin = services.auth.authenticate(f"Bearer {_login(services, ds.ADMIN_DINKES)[0]}")
    kapus = services.auth.authenticate(f"Bearer {_login(services, ds.KAPUS)[0]}")
    bkpp = services.auth.authenticate(f"Bearer {_login(services, ds.BKPP)[0]}")
    with pytest.raises(ForbiddenError, match="Hanya admin"):
        services.auth.reset_password(kapus, ds.NURSE)
    with pytest.raises(ForbiddenError, match="di luar OPD"):
        services.auth.reset_password(admin, ds.TEACHER)
    with pytest.raises(ForbiddenError, match="sendiri"):
        services.auth.reset_password(admin, ds.ADMIN_DINKES)
    with services.storage.write() as tx:  # a second admin of Dinkes
        tx.set_admin_grants(
            ds.KADINKES, [AdminGrant(nip=ds.KADINKES, role=Role.ADMIN_OPD, opd_id=ds.DINKES)]
        )
    with pytest.raises(ForbiddenError, match="oleh BKPP"):
        services.auth.reset_password(admin, ds.KADINKES)  # an admin's password: BKPP only
    with pytest.raises(NotFoundError):
        services.auth.reset_password(bkpp, "198001012005011099")
    with pytest.raises(BadRequestError) as bad:
        services.auth.reset_password(bkpp, "12")
    assert bad.value.field == "nip"
    assert services.auth.reset_password(bkpp, ds.ADMIN_DINKES).nip == ds.ADMIN_DINKES
    with services.storage.write() as tx:
        tx.put_employee(Employee(nip=ds.NURSE2, name="x", unit_id=ds.PKM, active=False))
    with pytest.raises(ConflictError, match="tidak aktif"):
        services.auth.reset_password(admin, ds.NURSE2)


def test_reset_creates_the_account_of_an_imported_employee(services: Services) -> None:
    newcomer = "199501012020012001"
    with services.storage.write() as tx:
        tx.put_employee(Employee(nip=newcomer, name="Pegawai Baru", unit_id=ds.PKM))
    admin = services.auth.authenticate(f"Bearer {_login(services, ds.ADMIN_DINKES)[0]}")
    reset = services.auth.reset_password(admin, newcomer)
    assert reset.created
    session = services.auth.login(nip=newcomer, password=reset.temporary_password, address="a")
    assert session.actor.must_change_password


def test_inactive_employee_cannot_log_in(services: Services) -> None:
    with services.storage.write() as tx:
        tx.put_employee(Employee(nip=ds.NURSE, name="x", unit_id=ds.PKM, active=False))
    with pytest.raises(AccountInactiveError):
        _login(services)


def test_token_expiry_and_refresh(services: Services, clock: FakeClock) -> None:
    token, _ = _login(services)
    actor = services.auth.authenticate(f"Bearer {token}")
    clock.advance(services.settings.token_ttl_seconds - 10)
    refreshed = services.auth.refresh(actor)
    with pytest.raises(UnauthenticatedError):
        services.auth.authenticate(f"Bearer {token}")
    clock.advance(20)
    assert services.auth.authenticate(f"Bearer {refreshed.token}").nip == ds.NURSE
    clock.advance(services.settings.token_ttl_seconds)
    with pytest.raises(TokenExpiredError):
        services.auth.authenticate(f"Bearer {refreshed.token}")


def test_missing_or_unknown_token(services: Services) -> None:
    with pytest.raises(UnauthenticatedError, match="Authorization"):
        services.auth.authenticate(None)
    with pytest.raises(UnauthenticatedError, match="tidak dikenal"):
        services.auth.authenticate("Bearer nope")


def test_hr_revokes_a_device_of_their_opd(services: Services) -> None:
    token, device = _login(services)
    admin_token, _ = _login(services, ds.ADMIN_DINKES)
    admin = services.auth.authenticate(f"Bearer {admin_token}")
    revoked = services.auth.revoke(admin, device)
    assert revoked.revoked
    with pytest.raises(DeviceRevokedError) as err:
        services.auth.authenticate(f"Bearer {token}")
    assert err.value.code == "device_revoked"
    assert err.value.extra == {"wipe": True}
    with pytest.raises(DeviceRevokedError):
        _login(services, device_id=device)  # the revoked install must wipe, not re-key
    with services.storage.read() as reader:
        entry = reader.audit_entries()[-1]
    assert entry.action == "device_revoked"
    assert entry.detail == {"revoked_device": device, "device_owner": ds.NURSE}


def test_revocation_is_scoped(services: Services) -> None:
    _, teacher_device = _login(services, ds.TEACHER, password=ds.OTHER_PASSWORD)
    _, nurse_device = _login(services)
    admin = services.auth.authenticate(f"Bearer {_login(services, ds.ADMIN_DINKES)[0]}")
    kapus = services.auth.authenticate(f"Bearer {_login(services, ds.KAPUS)[0]}")
    bkpp = services.auth.authenticate(f"Bearer {_login(services, ds.BKPP)[0]}")
    with pytest.raises(ForbiddenError, match="di luar OPD"):
        services.auth.revoke(admin, teacher_device)
    with pytest.raises(ForbiddenError, match="Hanya admin"):
        services.auth.revoke(kapus, nurse_device)
    with pytest.raises(NotFoundError):
        services.auth.revoke(admin, "d999")
    assert services.auth.revoke(bkpp, teacher_device).revoked


@pytest.mark.parametrize(
    ("nip", "roles", "admin_opds", "city_wide"),
    [
        (ds.NURSE, {Role.PEGAWAI}, set(), False),
        (ds.KAPUS, {Role.PEGAWAI, Role.PEJABAT_PENILAI}, set(), False),
        (
            ds.KADINKES,
            {Role.PEGAWAI, Role.PEJABAT_PENILAI, Role.ATASAN_PEJABAT_PENILAI},
            set(),
            False,
        ),
        (ds.ADMIN_DINKES, {Role.PEGAWAI, Role.ADMIN_OPD}, {ds.DINKES}, False),
        (ds.BKPP, {Role.PEGAWAI, Role.ADMIN_BKPP}, set(), True),
    ],
)
def test_roles_come_from_master_data(
    services: Services, nip: str, roles: set[Role], admin_opds: set[str], city_wide: bool
) -> None:
    actor = services.auth.authenticate(f"Bearer {_login(services, nip)[0]}")
    assert actor.roles == roles
    assert actor.admin_opds == admin_opds
    assert actor.city_wide is city_wide


def test_last_seen_is_touched_at_most_once_a_minute(services: Services, clock: FakeClock) -> None:
    token, device = _login(services)
    clock.advance(30)
    services.auth.authenticate(f"Bearer {token}")
    with services.storage.read() as reader:
        first = reader.device(device)
    clock.advance(61)
    services.auth.authenticate(f"Bearer {token}")
    with services.storage.read() as reader:
        second = reader.device(device)
    assert first is not None
    assert second is not None
    assert second.last_seen - first.last_seen == 91
