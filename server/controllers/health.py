"""``/health``: liveness and the applied schema, without authentication."""

from __future__ import annotations

from litestar import get
from litestar.di import NamedDependency

from server.messages import HealthAnswer
from server.services import Services

__all__ = ["health"]


@get("/health", sync_to_thread=True, tags=["health"])
def health(services: NamedDependency[Services]) -> HealthAnswer:
    """``ok`` when the database answers; lists the schema migrations applied."""
    with services.storage.read() as reader:
        schema = reader.migrations()
    return HealthAnswer(status="ok", schema=schema)
