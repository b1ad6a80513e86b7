"""``/api/v1/reports``: HR dashboards, distribution check, exports, the evaluation PDF, audit
and device lists. Scoped: admin_bkpp sees the city, admin_opd their OPD, others get 403 (the PDF
also opens for the employee and their supervisor chain)."""

from __future__ import annotations

from typing import Any

from litestar import Controller, Response, get
from litestar.di import NamedDependency
from litestar.params import FromPath, FromQuery
from litestar.response import Stream

from server.actor import Actor
from server.audit import AuditAction
from server.errors import BadRequestError, ForbiddenError, NotFoundError
from server.http_errors import error_responses
from server.reports import Dashboard, DistributionReport, dashboard, distribution
from server.reports.audit_view import audit_page, device_list, log_act
from server.reports.document import evaluation_data
from server.reports.exports import csv_chunks, file_chunks, plan_export, write_xlsx
from server.reports.params import parse_today
from server.reports.pdf import render_evaluation
from server.services import Services
from shared_models.wire import AuditPage, DeviceList

__all__ = ["ReportsController"]

_XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

# documented beside the ones ErrorDocs derives from the signature (server.http_errors)
_HR = error_responses(ForbiddenError)
_SCOPED = error_responses(ForbiddenError, NotFoundError)  # a unit, OPD or NIP not found


class ReportsController(Controller):
    path = "/api/v1/reports"
    tags = ("reports",)

    @get("/dashboard", sync_to_thread=True, responses=_SCOPED)
    def dashboard(
        self,
        actor: NamedDependency[Actor],
        services: NamedDependency[Services],
        opd_id: FromQuery[str | None] = None,
        unit_id: FromQuery[str | None] = None,
        period: FromQuery[str | None] = None,
        year: FromQuery[int | None] = None,
        today: FromQuery[str | None] = None,
        stale_days: FromQuery[int] = 7,
    ) -> Dashboard:
        """Completion counts for the city (rows per OPD), an OPD (per unit) or a unit (per
        employee)."""
        now = services.clock()
        return dashboard(
            services.storage,
            actor,
            today=parse_today(today, now),
            now=now,
            opd_id=opd_id,
            unit_id=unit_id,
            period=period,
            year=year,
            stale_days=stale_days,
        )

    @get("/distribution", sync_to_thread=True, responses=_SCOPED)
    def distribution(
        self,
        actor: NamedDependency[Actor],
        services: NamedDependency[Services],
        unit_id: FromQuery[str],
        period: FromQuery[str],
    ) -> DistributionReport:
        """Spread of final predikat against the organisation's curve, top performers, pembinaan."""
        return distribution(services.storage, actor, unit_id=unit_id, period=period)

    @get("/export/{dataset:str}", sync_to_thread=True, responses=_SCOPED)
    def export(
        self,
        dataset: FromPath[str],
        actor: NamedDependency[Actor],
        services: NamedDependency[Services],
        period: FromQuery[str],
        format: FromQuery[str] = "csv",
        opd_id: FromQuery[str | None] = None,
        unit_id: FromQuery[str | None] = None,
    ) -> Stream:
        """CSV or XLSX, streamed; ``X-Total-Rows`` gives the number of data rows."""
        if format not in ("csv", "xlsx"):
            raise BadRequestError("format harus csv atau xlsx.", field="format")
        plan = plan_export(
            services.storage, actor, dataset=dataset, period=period, opd_id=opd_id, unit_id=unit_id
        )
        log_act(
            services.storage,
            actor,
            AuditAction.REPORT_EXPORTED,
            services.clock(),
            dataset=dataset,
            format=format,
            period=plan.period.code,
            scope=plan.scope,
            rows=plan.total,
        )
        headers = {
            "X-Total-Rows": str(plan.total),
            "Content-Disposition": f'attachment; filename="{plan.filename(format)}"',
        }
        if format == "csv":
            return Stream(csv_chunks(plan), media_type="text/csv; charset=utf-8", headers=headers)
        directory = services.settings.data_dir / "exports"
        directory.mkdir(parents=True, exist_ok=True)

        def xlsx() -> Any:
            yield from file_chunks(write_xlsx(plan, str(directory)))

        return Stream(xlsx(), media_type=_XLSX, headers=headers)

    @get("/evaluation/{nip:str}", sync_to_thread=True, responses=_SCOPED)
    def evaluation(
        self,
        nip: FromPath[str],
        actor: NamedDependency[Actor],
        services: NamedDependency[Services],
        period: FromQuery[str],
        today: FromQuery[str | None] = None,
    ) -> Response[bytes]:
        """The printable "Dokumen Evaluasi Kinerja Pegawai" (PDF) of one employee and period."""
        now = services.clock()
        data = evaluation_data(
            services.storage, actor, nip=nip, period=period, today=parse_today(today, now)
        )
        body = render_evaluation(data)
        log_act(
            services.storage,
            actor,
            AuditAction.DOCUMENT_PRINTED,
            now,
            employee=nip,
            period=data.period.code,
        )
        name = f"dokumen-evaluasi-{nip}-{data.period.code}.pdf"
        return Response(
            body,
            media_type="application/pdf",
            headers={"Content-Disposition": f'inline; filename="{name}"'},
        )

    @get("/audit", sync_to_thread=True, responses=_HR)
    def audit(
        self,
        actor: NamedDependency[Actor],
        services: NamedDependency[Services],
        nip: FromQuery[str | None] = None,
        subject: FromQuery[str | None] = None,
        record_id: FromQuery[str | None] = None,
        before_id: FromQuery[int | None] = None,
        limit: FromQuery[int] = 50,
    ) -> AuditPage:
        """Audit entries newest first, by acting user (``nip``), employee (``subject``) or
        record; page on with ``before_id=next_before_id``."""
        return audit_page(
            services.storage,
            actor,
            nip=nip,
            subject=subject,
            record_id=record_id,
            before_id=before_id,
            limit=limit,
        )

    @get("/devices", sync_to_thread=True, responses=_SCOPED)
    def devices(
        self,
        actor: NamedDependency[Actor],
        services: NamedDependency[Services],
        opd_id: FromQuery[str | None] = None,
    ) -> DeviceList:
        """Registered devices with their last contact (revoke them with
        ``POST /api/v1/devices/{id}/revoke``)."""
        return device_list(services.storage, actor, opd_id=opd_id, now=services.clock())
