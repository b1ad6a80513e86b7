"""``/api/v1/admin/discipline`` and ``/api/v1/admin/awards``: HR records the follow-up of an
appraisal, a hukuman disiplin (PP 94/2021) or a penghargaan, as a record owned by the employee
(HR of the employee's OPD or BKPP; every act audited with the values before and after)."""

from __future__ import annotations

from typing import Any

from litestar import Controller, Request, delete, get, put
from litestar.di import NamedDependency
from litestar.params import FromPath, FromQuery, RawBody

from server.actor import Actor
from server.errors import ForbiddenError, NotFoundError, UnsupportedMediaTypeError
from server.http_errors import error_responses
from server.reports.followup import (
    AwardRequest,
    DisciplineRequest,
    awards_of,
    delete_followup,
    discipline_of,
    record_award,
    record_discipline,
)
from server.services import Services
from server.wire import decode_body
from shared_models.kinds import RecordKind
from sync import Record

__all__ = ["FollowupController"]

_READ = error_responses(ForbiddenError, NotFoundError)
_WRITE = error_responses(ForbiddenError, NotFoundError, UnsupportedMediaTypeError)


def _answer(record: Record) -> dict[str, Any]:
    return {"id": record.id, "kind": record.kind, "fields": record.fields, "vv": record.vv}


class FollowupController(Controller):
    path = "/api/v1/admin"
    tags = ("admin",)

    @get("/discipline", sync_to_thread=True, responses=_READ)
    def discipline(
        self,
        actor: NamedDependency[Actor],
        services: NamedDependency[Services],
        employee_nip: FromQuery[str],
    ) -> dict[str, Any]:
        """The recorded hukuman disiplin of an employee of the actor's OPD."""
        return {"discipline": discipline_of(services.storage, actor, employee_nip)}

    @put("/discipline", sync_to_thread=True, responses=_WRITE)
    def set_discipline(
        self,
        request: Request[Any, Any, Any],
        body: RawBody,
        actor: NamedDependency[Actor],
        services: NamedDependency[Services],
    ) -> dict[str, Any]:
        """``{employee_nip, kind, level?, decided_on, decree_number, period_code?, note?}``:
        record a hukuman disiplin (with ``record_id``: correct one). It reaches the employee's
        and their supervisors' devices; the rater sees it beside Perilaku Kerja."""
        req = decode_body(request, body, DisciplineRequest)
        record = record_discipline(
            services.storage,
            actor,
            req,
            replica=services.settings.server_replica_id,
            now=services.clock(),
        )
        return _answer(record)

    @delete(
        "/discipline/{record_id:str}",
        sync_to_thread=True,
        status_code=200,
        responses=_READ,
    )
    def remove_discipline(
        self,
        record_id: FromPath[str],
        actor: NamedDependency[Actor],
        services: NamedDependency[Services],
    ) -> dict[str, Any]:
        """Delete a hukuman disiplin recorded by mistake."""
        delete_followup(
            services.storage,
            actor,
            RecordKind.DISCIPLINE,
            record_id,
            replica=services.settings.server_replica_id,
            now=services.clock(),
        )
        return {"deleted": record_id}

    @get("/awards", sync_to_thread=True, responses=_READ)
    def awards(
        self,
        actor: NamedDependency[Actor],
        services: NamedDependency[Services],
        employee_nip: FromQuery[str],
    ) -> dict[str, Any]:
        """The recorded penghargaan of an employee of the actor's OPD."""
        return {"awards": awards_of(services.storage, actor, employee_nip)}

    @put("/awards", sync_to_thread=True, responses=_WRITE)
    def set_award(
        self,
        request: Request[Any, Any, Any],
        body: RawBody,
        actor: NamedDependency[Actor],
        services: NamedDependency[Services],
    ) -> dict[str, Any]:
        """``{employee_nip, period_code, kind, basis, decided_on}``: record a penghargaan
        decided for the employee (with ``record_id``: correct one); the actor is its decider.
        It reaches the employee's devices."""
        req = decode_body(request, body, AwardRequest)
        record = record_award(
            services.storage,
            actor,
            req,
            replica=services.settings.server_replica_id,
            now=services.clock(),
        )
        return _answer(record)

    @delete(
        "/awards/{record_id:str}",
        sync_to_thread=True,
        status_code=200,
        responses=_READ,
    )
    def remove_award(
        self,
        record_id: FromPath[str],
        actor: NamedDependency[Actor],
        services: NamedDependency[Services],
    ) -> dict[str, Any]:
        """Delete a penghargaan recorded by mistake."""
        delete_followup(
            services.storage,
            actor,
            RecordKind.AWARD,
            record_id,
            replica=services.settings.server_replica_id,
            now=services.clock(),
        )
        return {"deleted": record_id}
