"""HR's online client: the server's admin and report endpoints with this device's token.

HR (admin_opd, admin_bkpp) works at a desk with a connection, so these calls go straight to
the server (nothing is queued offline). Every method is blocking: the app calls them off the
event loop (``asyncio.to_thread``). Answers are decoded into the server's own types
(``shared_models.wire``); an error answer is read by ``client.transport.answer_error`` (the one
mapping for the device and HR) and becomes :class:`HrError` with the server's Indonesian message
(an import's refused rows in ``rows``).

::

    api = HrApi.from_device(device)          # server URL, token and roles from the local store
    board = api.dashboard(opd_id=...)         # city -> OPD -> unit -> employee
    saved = api.export("appraisals", "xlsx", period="2026-T4", target_dir=..., progress=cb)
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import pathlib
import re
from collections.abc import Callable
from typing import Any, BinaryIO, Final, Literal, TypeVar

import httpx
import msgspec

from client.errors import DeviceError, NotSignedInError
from client.transport import NetworkError, ServerAnswerError, answer_error
from shared_models.wire import (
    AuditEntry,
    AuditPage,
    Dashboard,
    DashboardRow,
    DeviceList,
    DeviceRow,
    DistributionReport,
    ImportResult,
    PersonRow,
    PredikatCount,
    RowError,
    SkpCounts,
    ViolationRow,
)

__all__ = [
    "ADMIN_ROLES",
    "AuditEntry",
    "AuditPage",
    "Dashboard",
    "DashboardRow",
    "Dataset",
    "DeviceList",
    "DeviceRow",
    "Distribution",
    "ExportProgress",
    "Fetched",
    "Format",
    "HrApi",
    "HrError",
    "ImportKind",
    "ImportResult",
    "OrgPredikat",
    "PeriodRow",
    "PersonRow",
    "PredikatCount",
    "RowError",
    "SavedFile",
    "SkpCounts",
    "Violation",
]

ADMIN_ROLES: Final = frozenset({"admin_opd", "admin_bkpp"})
Dataset = Literal["appraisals", "progress-logs", "completion"]
Format = Literal["csv", "xlsx"]
ImportKind = Literal["units", "employees"]
T = TypeVar("T")

_UNREACHABLE = "Server tidak dapat dihubungi ({detail}). Menu HR memerlukan sambungan ke server."
_EXPIRED = "Sesi di perangkat ini sudah habis. Keluar lalu masuk lagi dengan sambungan ke server."


class HrError(DeviceError):
    """The server refused (or could not be reached). ``message`` is for the HR officer.

    Attributes:
        status: HTTP status (0 when the server was not reached).
        code: the server's error code (``bad_request``, ``forbidden`` ...).
        field: what the server blamed (``$.unit_id``, ``baris 3`` ...), or "".
        rows: an import's refused rows, each with its line number and reason.
        retry_with: an import refused for its bad rows: the parameter that imports the good
            rows only (``partial``); a screen words it as its own checkbox.
    """

    def __init__(
        self,
        message: str,
        *,
        status: int = 0,
        code: str = "",
        field: str = "",
        rows: list[RowError] | None = None,
        retry_with: str = "",
    ) -> None:
        super().__init__(message)
        self.retry_with = retry_with
        self.message = message
        self.status = status
        self.code = code
        self.field = field
        self.rows = rows or []


# --- answers (the shared ones are in shared_models.wire) --------------------------------------
Distribution = DistributionReport
"""The spread report, under the name the HR screens use."""
Violation = ViolationRow
"""A broken clause of the spread, under the name the HR screens use."""


class _Answer(msgspec.Struct, frozen=True, kw_only=True):
    """Base of the answers read only here: unknown fields are ignored (a newer server adds some)."""


class PeriodRow(_Answer, frozen=True, kw_only=True):
    code: str
    open: bool
    record_id: str = ""
    early_final: bool = False
    """BKPP opened annual finalization before the period's last working days."""


class OrgPredikat(_Answer, frozen=True, kw_only=True):
    unit_id: str
    unit_name: str = ""
    period: str
    predikat: str


class _Periods(_Answer, frozen=True, kw_only=True):
    periods: list[PeriodRow] = []


class _OrgPredikats(_Answer, frozen=True, kw_only=True):
    org_predikat: list[OrgPredikat] = []


class ExportProgress(msgspec.Struct, frozen=True, kw_only=True):
    """How far a download is: ``rows`` written of ``total_rows`` (``X-Total-Rows``); an XLSX
    cannot be counted while it streams, so it reports ``bytes`` and its rows at the end."""

    rows: int
    total_rows: int
    bytes: int
    done: bool = False

    @property
    def share(self) -> float | None:
        if self.done:
            return 1.0
        if self.total_rows <= 0 or self.rows <= 0:
            return None
        return min(1.0, self.rows / self.total_rows)


class Fetched(msgspec.Struct, frozen=True, kw_only=True):
    """A file HR fetched into memory, for the browser to download (never written on the app
    host): the server's file name, the bytes and the data rows."""

    name: str
    data: bytes
    rows: int


class SavedFile(msgspec.Struct, frozen=True, kw_only=True):
    """A file HR downloaded into the data folder."""

    path: str
    rows: int
    bytes: int


# --- the client -------------------------------------------------------------------------------
class HrApi:
    """HR endpoints of one server with one bearer token (blocking; call off the event loop)."""

    def __init__(
        self,
        base_url: str,
        token: str,
        *,
        roles: frozenset[str] | None = None,
        download_dir: pathlib.Path | None = None,
        transport: httpx.BaseTransport | None = None,
        timeout: float = 60.0,
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self.token = token
        self.roles = roles or frozenset()
        self.download_dir = download_dir or pathlib.Path.cwd()
        self._transport = transport
        self._timeout = timeout

    @classmethod
    def from_device(cls, device: Any) -> HrApi:
        """The server URL, token and roles the device stored at login (call on the thread that
        owns the device's store). Refuses anyone without an admin role."""
        ctx = device.ctx
        meta = ctx.store.meta
        url, token = meta.get("server_url"), meta.get("token")
        if not url or not token:
            raise NotSignedInError(
                "Perangkat ini belum terdaftar di server; masuk dengan sambungan ke server dulu."
            )
        roles = frozenset(str(r) for r in meta.get("roles") or ())
        if not roles & ADMIN_ROLES:
            raise HrError("Menu ini hanya untuk admin kepegawaian.", status=403, code="forbidden")
        return cls(
            str(url),
            str(token),
            roles=roles,
            download_dir=device.home.user_dir(ctx.nip) / "unduhan",
            transport=device.http_transport,
        )

    @property
    def city_wide(self) -> bool:
        """BKPP sees and manages the whole city; an OPD admin only their OPD."""
        return "admin_bkpp" in self.roles

    # plumbing ---------------------------------------------------------------------------------
    def _client(self) -> httpx.Client:
        return httpx.Client(
            base_url=self.base_url,
            transport=self._transport,
            timeout=self._timeout,
            headers={"Authorization": f"Bearer {self.token}", "Accept": "application/json"},
        )

    def _request(self, method: str, path: str, **kwargs: Any) -> httpx.Response:
        try:
            with self._client() as client:
                response = client.request(method, path, **kwargs)
        except httpx.TransportError as err:
            raise HrError(_UNREACHABLE.format(detail=_describe(err))) from None
        _check(response)
        return response

    def _get(self, path: str, kind: type[T], **params: Any) -> T:
        response = self._request("GET", path, params=_params(params))
        return msgspec.json.decode(response.content, type=kind)

    def _send_json(self, method: str, path: str, body: dict[str, Any]) -> dict[str, Any]:
        response = self._request(
            method,
            path,
            content=msgspec.json.encode(body),
            headers={"Content-Type": "application/json"},
        )
        answer: dict[str, Any] = msgspec.json.decode(response.content)
        return answer

    # reports ----------------------------------------------------------------------------------
    def dashboard(
        self,
        *,
        opd_id: str | None = None,
        unit_id: str | None = None,
        period: str | None = None,
        stale_days: int = 7,
    ) -> Dashboard:
        """The city (rows per OPD), an OPD (per unit) or a unit (per employee)."""
        return self._get(
            "/api/v1/reports/dashboard",
            Dashboard,
            opd_id=opd_id,
            unit_id=unit_id,
            period=period,
            stale_days=stale_days,
        )

    def distribution(self, unit_id: str, period: str) -> Distribution:
        """Spread of final predikat against the organisation's curve, with every violation."""
        return self._get(
            "/api/v1/reports/distribution", Distribution, unit_id=unit_id, period=period
        )

    def audit(
        self,
        *,
        nip: str | None = None,
        subject: str | None = None,
        record_id: str | None = None,
        before_id: int | None = None,
        limit: int = 50,
    ) -> AuditPage:
        """Audit entries newest first: by the acting user, about an employee, or one record."""
        return self._get(
            "/api/v1/reports/audit",
            AuditPage,
            nip=_nip(nip),
            subject=_nip(subject),
            record_id=(record_id or "").strip() or None,
            before_id=before_id,
            limit=limit,
        )

    def devices(self, *, opd_id: str | None = None) -> list[DeviceRow]:
        return self._get("/api/v1/reports/devices", DeviceList, opd_id=opd_id).devices

    def revoke(self, device_id: str) -> None:
        """Revoke a lost device: its token stops at once; it wipes its data at next contact."""
        self._request("POST", f"/api/v1/devices/{device_id}/revoke")

    # master data ------------------------------------------------------------------------------
    def import_csv(self, kind: ImportKind, data: bytes, *, partial: bool = False) -> ImportResult:
        """Import units or employees. Any bad row: :class:`HrError` whose ``rows`` name each
        line and reason, and nothing was imported (unless ``partial``)."""
        response = self._request(
            "POST",
            f"/api/v1/admin/import/{kind}",
            params={"partial": "true"} if partial else None,
            content=data,
            headers={"Content-Type": "text/csv"},
        )
        return msgspec.json.decode(response.content, type=ImportResult)

    def edit_employee(self, nip: str, **changes: Any) -> dict[str, Any]:
        """Change ``name``, ``kind``, ``golongan``, ``jabatan_name``, ``jabatan_kind``,
        ``jenjang`` or ``active`` (empty values are left out)."""
        body = {k: v for k, v in changes.items() if v not in (None, "")}
        if not body:
            raise HrError("Tidak ada perubahan untuk disimpan.", status=400, code="bad_request")
        return self._send_json("PATCH", f"/api/v1/admin/employees/{_nip(nip)}", body)

    def mutasi(
        self,
        nip: str,
        *,
        unit_id: str | None = None,
        supervisor_nip: str | None = None,
        note: str = "",
    ) -> dict[str, Any]:
        """Move an employee to another unit and/or Pejabat Penilai (reaches devices at sync)."""
        body: dict[str, Any] = {"note": note}
        if unit_id:
            body["unit_id"] = unit_id
        if supervisor_nip:
            body["supervisor_nip"] = _nip(supervisor_nip)
        if len(body) == 1:
            raise HrError(
                "Pilih unit tujuan atau isi NIP Pejabat Penilai yang baru.",
                status=400,
                code="bad_request",
            )
        return self._send_json("POST", f"/api/v1/admin/employees/{_nip(nip)}/mutasi", body)

    def periods(self) -> list[PeriodRow]:
        return self._get("/api/v1/admin/periods", _Periods).periods

    def set_period(
        self, code: str, *, open_: bool, early_final: bool | None = None
    ) -> dict[str, Any]:
        body: dict[str, Any] = {"code": code, "open": open_}
        if early_final is not None:
            body["early_final"] = early_final
        return self._send_json("POST", "/api/v1/admin/periods", body)

    def org_predikat(self, period: str) -> list[OrgPredikat]:
        return self._get("/api/v1/admin/org-predikat", _OrgPredikats, period=period).org_predikat

    def set_org_predikat(self, unit_id: str, period: str, predikat: str) -> dict[str, Any]:
        body = {"unit_id": unit_id, "period_code": period, "predikat": predikat}
        return self._send_json("PUT", "/api/v1/admin/org-predikat", body)

    # files ------------------------------------------------------------------------------------
    def export(
        self,
        dataset: Dataset,
        fmt: Format,
        *,
        period: str,
        opd_id: str | None = None,
        unit_id: str | None = None,
        target_dir: pathlib.Path | None = None,
        progress: Callable[[ExportProgress], None] | None = None,
    ) -> SavedFile:
        """Stream an export into ``target_dir`` (default: the data folder's ``unduhan``),
        reporting rows written against ``X-Total-Rows``. A broken download leaves no file."""
        params = _params({"period": period, "format": fmt, "opd_id": opd_id, "unit_id": unit_id})
        return self._download(
            f"/api/v1/reports/export/{dataset}",
            params,
            target_dir,
            f"{dataset}-{period}.{fmt}",
            count_lines=fmt == "csv",
            progress=progress,
        )

    def evaluation_pdf(
        self, nip: str, period: str, *, target_dir: pathlib.Path | None = None
    ) -> SavedFile:
        """Save the "Dokumen Evaluasi Kinerja Pegawai" (PDF) of one employee and period."""
        nip = _nip(nip) or ""
        return self._download(
            f"/api/v1/reports/evaluation/{nip}",
            {"period": period},
            target_dir,
            f"dokumen-evaluasi-{nip}-{period}.pdf",
            count_lines=False,
            progress=None,
        )

    def fetch_export(
        self,
        dataset: Dataset,
        fmt: Format,
        *,
        period: str,
        opd_id: str | None = None,
        unit_id: str | None = None,
        progress: Callable[[ExportProgress], None] | None = None,
    ) -> Fetched:
        """An export in memory (for the browser to download), with the same progress reports
        as :meth:`export`."""
        params = _params({"period": period, "format": fmt, "opd_id": opd_id, "unit_id": unit_id})
        sink = io.BytesIO()
        name, rows, _size = self._stream(
            f"/api/v1/reports/export/{dataset}",
            params,
            sink,
            f"{dataset}-{period}.{fmt}",
            count_lines=fmt == "csv",
            progress=progress,
        )
        return Fetched(name=name, data=sink.getvalue(), rows=rows)

    def fetch_evaluation(self, nip: str, period: str) -> Fetched:
        """The "Dokumen Evaluasi Kinerja Pegawai" (PDF) in memory."""
        nip = _nip(nip) or ""
        sink = io.BytesIO()
        name, rows, _size = self._stream(
            f"/api/v1/reports/evaluation/{nip}",
            {"period": period},
            sink,
            f"dokumen-evaluasi-{nip}-{period}.pdf",
            count_lines=False,
            progress=None,
        )
        return Fetched(name=name, data=sink.getvalue(), rows=rows)

    def table(
        self,
        dataset: Literal["appraisals", "progress-logs", "completion", "discipline", "awards"],
        *,
        period: str,
        opd_id: str | None = None,
        unit_id: str | None = None,
        nip: str | None = None,
    ) -> list[dict[str, str]]:
        """An export's CSV rows as dicts keyed by its column names (only ``nip``'s rows when
        given): what the employee profile reads."""
        params = _params({"period": period, "format": "csv", "opd_id": opd_id, "unit_id": unit_id})
        response = self._request("GET", f"/api/v1/reports/export/{dataset}", params=params)
        reader = csv.DictReader(io.StringIO(response.content.decode("utf-8-sig")))
        wanted = _nip(nip)
        return [dict(row) for row in reader if wanted is None or row.get("NIP") == wanted]

    def _download(
        self,
        path: str,
        params: dict[str, Any],
        target_dir: pathlib.Path | None,
        fallback_name: str,
        *,
        count_lines: bool,
        progress: Callable[[ExportProgress], None] | None,
    ) -> SavedFile:
        folder = target_dir or self.download_dir
        folder.mkdir(parents=True, exist_ok=True)
        sink = io.BytesIO()
        name, rows, size = self._stream(
            path, params, sink, fallback_name, count_lines=count_lines, progress=progress
        )
        target = _unique(folder / name)
        part = target.with_name(target.name + ".part")
        try:
            part.write_bytes(sink.getvalue())
            part.replace(target)
        except BaseException:
            part.unlink(missing_ok=True)
            raise
        return SavedFile(path=str(target), rows=rows, bytes=size)

    def _stream(
        self,
        path: str,
        params: dict[str, Any],
        sink: BinaryIO,
        fallback_name: str,
        *,
        count_lines: bool,
        progress: Callable[[ExportProgress], None] | None,
    ) -> tuple[str, int, int]:
        """GET ``path`` into ``sink`` reporting progress; the file name the server gave, the
        data rows and the size."""
        try:
            with self._client() as client, client.stream("GET", path, params=params) as response:
                if response.status_code >= 400:
                    response.read()
                    _check(response)
                name = _filename(response.headers.get("content-disposition", ""), fallback_name)
                total = int(response.headers.get("x-total-rows", "0") or 0)
                lines = size = 0
                for chunk in response.iter_bytes(1 << 16):
                    sink.write(chunk)
                    size += len(chunk)
                    if count_lines:
                        lines += chunk.count(b"\n")
                    if progress is not None:
                        rows = max(0, lines - 1) if count_lines else 0
                        progress(ExportProgress(rows=rows, total_rows=total, bytes=size))
        except httpx.TransportError as err:
            raise HrError(_UNREACHABLE.format(detail=_describe(err))) from None
        rows = max(0, lines - 1) if count_lines else total
        if progress is not None:
            progress(ExportProgress(rows=rows, total_rows=total, bytes=size, done=True))
        return name, rows, size


# --- helpers ----------------------------------------------------------------------------------
def _params(values: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in values.items() if v is not None and v != ""}


def _nip(value: str | None) -> str | None:
    """A NIP as people type it (spaces, dots) reduced to its digits."""
    if value is None:
        return None
    digits = re.sub(r"[\s.]", "", value)
    return digits or None


def _describe(err: httpx.TransportError) -> str:
    if isinstance(err, httpx.TimeoutException):
        return "waktu habis"
    if isinstance(err, httpx.ConnectError):
        return "tidak tersambung"
    return "sambungan terputus"


def _check(response: httpx.Response) -> None:
    """Raise :class:`HrError` for an error answer, in the server's words."""
    if response.status_code < 400:
        return
    err = answer_error(response)
    status = response.status_code
    if isinstance(err, ServerAnswerError):
        expired = status == 401 and err.code != "device_revoked"
        raise HrError(
            _EXPIRED if expired else err.message,
            status=status,
            code=err.code,
            field=err.field,
            rows=err.rows,
            retry_with=err.retry_with,
        )
    message = str(err)
    if isinstance(err, NetworkError):  # a phrase: HR reads it as a sentence
        message = f"{message[:1].upper()}{message[1:]}; coba lagi sebentar lagi."
    raise HrError(message, status=status, code=f"http_{status}")


_DISPOSITION = re.compile(r'filename="?([^";]+)"?')


def _filename(disposition: str, fallback: str) -> str:
    found = _DISPOSITION.search(disposition)
    name = found.group(1) if found else fallback
    return pathlib.PurePath(name).name or fallback  # never a path from the server


def _unique(target: pathlib.Path) -> pathlib.Path:
    """``name.xlsx``, else ``name (2).xlsx`` ...: never overwrite an earlier download."""
    if not target.exists():
        return target
    for n in range(2, 1000):
        candidate = target.with_name(f"{target.stem} ({n}){target.suffix}")
        if not candidate.exists():
            return candidate
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    return target.with_name(f"{target.stem}-{stamp}{target.suffix}")
