"""``/api/v1/admin``: HR's master data: CSV import, employee edits, mutasi, periods and
organisation predikat. admin_bkpp for the city, admin_opd inside their OPD; every act audited."""

from __future__ import annotations

from typing import Any

from litestar import Controller, Request, delete, get, patch, post, put
from litestar.di import NamedDependency
from litestar.params import FromPath, FromQuery, RawBody

from server.actor import Actor
from server.errors import ForbiddenError, NotFoundError, UnsupportedMediaTypeError
from server.http_errors import error_responses
from server.reports import ImportResult, import_employees, import_units
from server.reports.decider import DeciderRequest, objection_decider, set_objection_decider
from server.reports.leave import LeaveRequest, delete_leave, leave_of, record_leave
from server.reports.master import (
    EmployeePatch,
    MutasiRequest,
    OrgPredikatRequest,
    PeriodRequest,
    edit_employee,
    list_periods,
    mutasi,
    set_org_predikat,
    set_period,
)
from server.reports.scope import OrgTree, require_hr
from server.services import Services
from server.storage.rows import FactQuery
from server.wire import decode_body
from sync import Record

__all__ = ["AdminController"]

# documented beside the ones ErrorDocs derives from the signature (server.http_errors)
_HR = error_responses(ForbiddenError)
_HR_JSON = error_responses(ForbiddenError, UnsupportedMediaTypeError)
_HR_EMPLOYEE = error_responses(ForbiddenError, NotFoundError, UnsupportedMediaTypeError)


def _answer(record: Record) -> dict[str, Any]:
    return {"id": record.id, "kind": record.kind, "fields": record.fields, "vv": record.vv}


class AdminController(Controller):
    path = "/api/v1/admin"
    tags = ("admin",)

    @post("/import/units", sync_to_thread=True, status_code=200, responses=_HR)
    def import_units(
        self,
        body: RawBody,
        actor: NamedDependency[Actor],
        services: NamedDependency[Services],
        partial: FromQuery[bool] = False,
    ) -> ImportResult:
        """CSV ``kode,nama,jenis,kode_induk``; nothing imported when a row is bad (unless
        ``partial``)."""
        return import_units(
            services.storage,
            actor,
            body,
            partial=partial,
            replica=services.settings.server_replica_id,
            now=services.clock(),
        )

    @post("/import/employees", sync_to_thread=True, status_code=200, responses=_HR)
    def import_employees(
        self,
        body: RawBody,
        actor: NamedDependency[Actor],
        services: NamedDependency[Services],
        partial: FromQuery[bool] = False,
    ) -> ImportResult:
        """CSV of employees (columns in docs/hr.md); errors per row with line and reason."""
        return import_employees(
            services.storage,
            actor,
            body,
            partial=partial,
            replica=services.settings.server_replica_id,
            now=services.clock(),
        )

    @patch("/employees/{nip:str}", sync_to_thread=True, responses=_HR_EMPLOYEE)
    def edit_employee(
        self,
        request: Request[Any, Any, Any],
        nip: FromPath[str],
        body: RawBody,
        actor: NamedDependency[Actor],
        services: NamedDependency[Services],
    ) -> dict[str, Any]:
        """Change name, kind, golongan, jabatan, jenjang or active."""
        changes = decode_body(request, body, EmployeePatch)
        record = edit_employee(
            services.storage,
            actor,
            nip,
            changes,
            replica=services.settings.server_replica_id,
            now=services.clock(),
        )
        return _answer(record)

    @post(
        "/employees/{nip:str}/mutasi",
        sync_to_thread=True,
        status_code=200,
        responses=_HR_EMPLOYEE,
    )
    def mutasi(
        self,
        request: Request[Any, Any, Any],
        nip: FromPath[str],
        body: RawBody,
        actor: NamedDependency[Actor],
        services: NamedDependency[Services],
    ) -> dict[str, Any]:
        """Move an employee to another unit and/or supervisor; takes effect at the next sync."""
        move = decode_body(request, body, MutasiRequest)
        record = mutasi(
            services.storage,
            actor,
            nip,
            move,
            replica=services.settings.server_replica_id,
            now=services.clock(),
        )
        return _answer(record)

    @get("/periods", sync_to_thread=True, responses=_HR)
    def periods(
        self, actor: NamedDependency[Actor], services: NamedDependency[Services]
    ) -> dict[str, Any]:
        """Every period, whether it is open and whether its finalization opened early."""
        require_hr(actor)
        return {"periods": list_periods(services.storage)}

    @post("/periods", sync_to_thread=True, status_code=200, responses=_HR_JSON)
    def set_period(
        self,
        request: Request[Any, Any, Any],
        body: RawBody,
        actor: NamedDependency[Actor],
        services: NamedDependency[Services],
    ) -> dict[str, Any]:
        """``{code, open, early_final?}``: open (create or reopen) or close a period, and open
        its annual finalization before 1 December (``early_final``) (BKPP)."""
        req = decode_body(request, body, PeriodRequest)
        record = set_period(
            services.storage,
            actor,
            req,
            replica=services.settings.server_replica_id,
            now=services.clock(),
        )
        return _answer(record)

    @get("/objection-decider", sync_to_thread=True, responses=_HR)
    def objection_decider(
        self, actor: NamedDependency[Actor], services: NamedDependency[Services]
    ) -> dict[str, Any]:
        """Who decides keberatan against the ratings of a pejabat penilai with no supervisor
        (the Sekda's): ``{nip, name}``, ``nip`` null when nobody is named."""
        require_hr(actor)
        return objection_decider(services.storage)

    @put("/objection-decider", sync_to_thread=True, responses=_HR_JSON)
    def set_objection_decider(
        self,
        request: Request[Any, Any, Any],
        body: RawBody,
        actor: NamedDependency[Actor],
        services: NamedDependency[Services],
    ) -> dict[str, Any]:
        """``{nip}``: name that decider (the Wali Kota's delegate; BKPP only; null: nobody)."""
        req = decode_body(request, body, DeciderRequest)
        return set_objection_decider(services.storage, actor, req, now=services.clock())

    @get("/org-predikat", sync_to_thread=True, responses=_HR)
    def org_predikat(
        self,
        actor: NamedDependency[Actor],
        services: NamedDependency[Services],
        period: FromQuery[str],
    ) -> dict[str, Any]:
        """Organisation predikat of the period, for the units in the actor's scope."""
        require_hr(actor)
        with services.storage.read() as reader:
            tree = OrgTree.load(reader)
            facts = reader.facts(FactQuery(kind="org_predikat", period=period))
        rows = [
            {
                "unit_id": f.unit_id,
                "unit_name": tree.units[f.unit_id].name if f.unit_id in tree.units else "",
                "period": f.period,
                "predikat": f.predikat,
            }
            for f in facts
            if actor.is_hr_for(f.opd_id)
        ]
        return {"org_predikat": rows}

    @put("/org-predikat", sync_to_thread=True, responses=_HR_JSON)
    def set_org_predikat(
        self,
        request: Request[Any, Any, Any],
        body: RawBody,
        actor: NamedDependency[Actor],
        services: NamedDependency[Services],
    ) -> dict[str, Any]:
        """``{unit_id, period_code, predikat}``: the organisation's predikat for the period."""
        req = decode_body(request, body, OrgPredikatRequest)
        record = set_org_predikat(
            services.storage,
            actor,
            req,
            replica=services.settings.server_replica_id,
            now=services.clock(),
        )
        return _answer(record)

    @get("/leave", sync_to_thread=True, responses=error_responses(ForbiddenError, NotFoundError))
    def leave(
        self,
        actor: NamedDependency[Actor],
        services: NamedDependency[Services],
        employee_nip: FromQuery[str],
    ) -> dict[str, Any]:
        """The recorded leave (cuti, sakit, diklat) of an employee of the actor's OPD."""
        return {"leave": leave_of(services.storage, actor, employee_nip)}

    @put(
        "/leave",
        sync_to_thread=True,
        responses=error_responses(ForbiddenError, NotFoundError, UnsupportedMediaTypeError),
    )
    def set_leave(
        self,
        request: Request[Any, Any, Any],
        body: RawBody,
        actor: NamedDependency[Actor],
        services: NamedDependency[Services],
    ) -> dict[str, Any]:
        """``{employee_nip, kind, start, end, note}``: record a leave (with ``record_id``:
        correct one). It reaches the employee's devices, whose log form then refuses those
        days."""
        req = decode_body(request, body, LeaveRequest)
        record = record_leave(
            services.storage,
            actor,
            req,
            replica=services.settings.server_replica_id,
            now=services.clock(),
        )
        return _answer(record)

    @delete(
        "/leave/{record_id:str}",
        sync_to_thread=True,
        status_code=200,
        responses=error_responses(ForbiddenError, NotFoundError),
    )
    def remove_leave(
        self,
        record_id: FromPath[str],
        actor: NamedDependency[Actor],
        services: NamedDependency[Services],
    ) -> dict[str, Any]:
        """Delete a leave recorded by mistake."""
        delete_leave(
            services.storage,
            actor,
            record_id,
            replica=services.settings.server_replica_id,
            now=services.clock(),
        )
        return {"deleted": record_id}
