"""The services one app instance runs on, assembled once by :func:`build_services`."""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Callable
from dataclasses import dataclass

from server.auth import AuthService
from server.errors import SetupError
from server.evidence import EvidenceService
from server.security import Backoff, LoginThrottle, Passwords, TrustedProxies
from server.security.throttle_state import StoredThrottleState
from server.settings import Settings
from server.storage import SqliteStorage, Storage, epoch_suffix
from server.sync_service import SyncService

__all__ = ["Services", "build_services", "open_storage"]


@dataclass(frozen=True, slots=True)
class Services:
    """Everything a handler may need; created in ``create_app`` and passed in, never global."""

    settings: Settings
    storage: Storage
    passwords: Passwords
    throttle: LoginThrottle
    proxies: TrustedProxies
    """Which peers' ``X-Forwarded-For`` is believed (``trusted_proxies``; none by default)."""
    auth: AuthService
    evidence: EvidenceService
    sync: SyncService
    clock: Callable[[], float]


def open_storage(settings: Settings) -> Storage:
    """The storage the settings name: PostgreSQL when ``database_url`` is set, else the SQLite
    file; migrations run here. A database that cannot be opened is a :class:`SetupError` that
    names it (without its password)."""
    if not settings.database_url:
        return SqliteStorage(settings.db_path)
    try:
        from server.storage.postgres import PostgresStorage
    except ImportError as err:  # pragma: no cover - the [postgres] extra is not installed
        raise SetupError(
            "dukungan PostgreSQL belum terpasang: pip install 'kinerja[server,postgres]'"
        ) from err
    try:
        return PostgresStorage(settings.database_url, pool_size=settings.db_pool_size)
    except Exception as err:  # psycopg's and the pool's errors: unreachable, refused, auth
        raise SetupError(
            f"basis data {settings.database_label} tidak dapat dibuka: "
            f"{type(err).__name__}: {str(err).strip().splitlines()[0] if str(err).strip() else ''}"
        ) from err


def build_services(
    settings: Settings,
    *,
    storage: Storage | None = None,
    clock: Callable[[], float] = time.time,
    passwords: Passwords | None = None,
) -> Services:
    """Open the storage (running migrations) and wire the services around it."""
    storage = storage or open_storage(settings)
    with storage.read() as reader:
        epoch = reader.epoch()
    # a restored database is a new life of the server: a replica id of its own, so that none of
    # its counters means what one of the lost life meant (sync.restore)
    settings = dataclasses.replace(
        settings, server_replica_id=settings.server_replica_id + epoch_suffix(epoch)
    )
    passwords = passwords or Passwords(
        time_cost=settings.argon2_time_cost,
        memory_kib=settings.argon2_memory_kib,
        parallelism=settings.argon2_parallelism,
    )
    wait = settings.login_backoff_base_seconds, settings.login_backoff_cap_seconds
    forget = float(settings.login_failure_window_seconds)
    throttle = LoginThrottle(
        per_pair=Backoff(settings.login_free_failures, *wait, forget),
        per_address=Backoff(settings.login_free_failures_per_address, *wait, forget),
        per_nip=Backoff(settings.login_free_addresses_per_nip, *wait, forget),
        per_device=Backoff(settings.login_free_failures, *wait, forget),
        clock=clock,
        state=StoredThrottleState(storage),  # one count for every process over the database
    )
    return Services(
        settings=settings,
        storage=storage,
        passwords=passwords,
        throttle=throttle,
        proxies=TrustedProxies(settings.trusted_networks()),
        auth=AuthService(
            storage=storage,
            settings=settings,
            passwords=passwords,
            throttle=throttle,
            clock=clock,
        ),
        evidence=EvidenceService(
            storage=storage,
            data_dir=settings.data_dir,
            max_bytes=settings.evidence_max_bytes,
            clock=clock,
        ),
        sync=SyncService(
            storage=storage,
            server_replica=settings.server_replica_id,
            clock=clock,
            epoch=epoch,
        ),
        clock=clock,
    )
