"""The services one app instance runs on, assembled once by :func:`build_services`."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

from server.auth import AuthService
from server.evidence import EvidenceService
from server.security import Backoff, LoginThrottle, Passwords, TrustedProxies
from server.settings import Settings
from server.storage import SqliteStorage, Storage
from server.sync_service import SyncService

__all__ = ["Services", "build_services"]


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


def build_services(
    settings: Settings,
    *,
    storage: Storage | None = None,
    clock: Callable[[], float] = time.time,
    passwords: Passwords | None = None,
) -> Services:
    """Open the storage (running migrations) and wire the services around it."""
    storage = storage or SqliteStorage(settings.db_path)
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
        sync=SyncService(storage=storage, server_replica=settings.server_replica_id, clock=clock),
        clock=clock,
    )
