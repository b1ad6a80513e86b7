"""The HTTP answers of the non-sync endpoints, written once: the server encodes them, the device
and HR's client decode them (sync messages live in ``sync.protocol``).

Field names and defaults are the wire format: a field without a default is one the server always
sends. Unknown fields are ignored when decoding (a newer server may add some).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated, Any

import msgspec

__all__ = [
    "AuditEntry",
    "AuditPage",
    "Dashboard",
    "DashboardRow",
    "DeviceList",
    "DeviceRow",
    "DistributionReport",
    "ErrorBody",
    "ImportResult",
    "PersonRow",
    "PredikatCount",
    "RowError",
    "SessionAnswer",
    "SkpCounts",
    "ViolationRow",
]


# --- the login answer ---------------------------------------------------------------------------


class SessionAnswer(msgspec.Struct, frozen=True, kw_only=True):
    """A device's token (shown once), its replica id and the roles the server derived."""

    token: str
    device_id: str
    expires: float
    expires_at: str
    nip: str
    roles: list[str]
    server_replica_id: str
    device_key: str = ""
    """Keep it with the device id and send both with the next login (not a bearer token)."""
    must_change_password: bool = False
    """True: every request but changing the password and logging out answers 403
    ``password_change_required`` until the password is changed."""


# --- the completion dashboard -------------------------------------------------------------------


class SkpCounts(msgspec.Struct, frozen=True, kw_only=True):
    """SKP of the year by status; ``belum_ada``: active employees without an SKP."""

    disetujui: int = 0
    diajukan: int = 0
    draft: int = 0
    dikembalikan: int = 0
    belum_ada: int = 0


class DashboardRow(msgspec.Struct, frozen=True, kw_only=True):
    id: str
    name: str
    level: str
    """``city``, ``opd``, ``unit`` or ``employee``."""
    employees: int
    skp: SkpCounts
    logs_this_week: int
    employees_logging_this_week: int
    self_assessments_submitted: int
    appraisals_final: int
    devices_stale: int


class Dashboard(msgspec.Struct, frozen=True, kw_only=True):
    level: str
    id: str | None
    name: str
    today: str
    week_from: str
    week_to: str
    period: str
    year: int
    stale_days: int
    totals: DashboardRow
    rows: list[DashboardRow]


# --- the predikat spread ------------------------------------------------------------------------


class PersonRow(msgspec.Struct, frozen=True, kw_only=True):
    """An employee of the spread's lists (top performers, pembinaan)."""

    nip: str
    name: str
    jabatan: str
    unit_id: str
    unit_name: str
    predikat: str
    predikat_label: str
    awards: list[str] = msgspec.field(default_factory=list)
    """The penghargaan HR recorded for this employee for a period overlapping the report's
    (the top performers list is what HR decides them from)."""


class PredikatCount(msgspec.Struct, frozen=True, kw_only=True):
    """How many employees of the spread have one predikat."""

    predikat: str
    label: str
    count: int
    percent: Decimal
    """Share of the total, one decimal, sent as a decimal string ("33.3")."""


class ViolationRow(msgspec.Struct, frozen=True, kw_only=True):
    """One broken clause of the curve (``shared_models.distribution.Violation`` as sent)."""

    clause: str
    message: str
    count: int
    total: int
    actual_percent: Decimal
    """Sent as a decimal string ("80.0"), like every percentage of the spread."""
    bound_percent: Decimal | None
    difference: int


class DistributionReport(msgspec.Struct, frozen=True, kw_only=True):
    """The spread of final predikat of a unit (and below) for a period against its curve."""

    unit_id: str
    unit_name: str
    period: str
    org_predikat: str | None
    org_predikat_label: str | None
    total: int
    counts: list[PredikatCount]
    violations: list[ViolationRow]
    note: str
    top_performers: list[PersonRow]
    pembinaan: list[PersonRow]
    staff: int = 0
    """Everyone the spread counts: the active employees of the unit and below (and anyone
    with a final predikat of the period who has left since)."""
    judged: bool = False
    """The curve was checked: an organisation predikat is set and enough are rated
    (``shared_models.distribution.spread_readiness``); until then nothing is "sesuai kurva"."""


# --- CSV imports --------------------------------------------------------------------------------


class RowError(msgspec.Struct, frozen=True, kw_only=True):
    """Why one row of an import cannot be imported."""

    line: int
    """Line number in the file (the header is line 1)."""
    column: str | None
    message: str

    def __str__(self) -> str:
        where = f"baris {self.line}" + (f", kolom {self.column}" if self.column else "")
        return f"{where}: {self.message}"


class ImportResult(msgspec.Struct, frozen=True, kw_only=True):
    """What an import did: rows written (created/updated) and the rows refused."""

    imported: int
    created: int
    updated: int
    errors: list[RowError]


# --- the audit log and devices ------------------------------------------------------------------


class AuditEntry(msgspec.Struct, frozen=True, kw_only=True):
    """One audit entry as HR reads it. ``id`` is its row's: the changes one push made to one
    employee's records are stored as one row, so they share it."""

    id: int
    at: str
    nip: str
    device_id: str | None
    action: str
    record_kind: str | None
    record_id: str | None
    subject: str | None
    detail: dict[str, Any]


class AuditPage(msgspec.Struct, frozen=True, kw_only=True):
    """Entries newest first, from at most ``limit`` rows; ``next_before_id`` pages on (None:
    the last page)."""

    entries: list[AuditEntry]
    next_before_id: int | None


class DeviceRow(msgspec.Struct, frozen=True, kw_only=True):
    """A device of an OPD with its owner and last contact."""

    id: str
    nip: str
    name: str
    """The owner's name (``device_name`` is the device's)."""
    device_name: str
    unit_id: str
    unit_name: str
    opd_id: str | None
    created_at: str
    last_seen_at: str
    days_since_contact: int
    revoked: bool


class DeviceList(msgspec.Struct, frozen=True, kw_only=True):
    """The devices of the OPDs in scope, least recently seen first."""

    devices: list[DeviceRow]


# --- the error body -----------------------------------------------------------------------------


class ErrorBody(msgspec.Struct, kw_only=True, omit_defaults=True):
    """The body of every error answer: ``code``, ``message`` and ``field``, plus the data some
    errors carry (the server leaves out what an error does not have)."""

    code: Annotated[
        str,
        msgspec.Meta(
            pattern="^[a-z_]+$",
            description="Stable snake_case code a client can branch on (unauthenticated, ...).",
        ),
    ]
    message: Annotated[
        str, msgspec.Meta(min_length=1, description="What went wrong, in Bahasa Indonesia.")
    ]
    field: Annotated[
        str | None,
        msgspec.Meta(description="The offending field: msgspec path ($.changes[2].owner) or name."),
    ] = None
    received: Annotated[
        int | None, msgspec.Meta(description="Evidence upload: bytes the server holds.")
    ] = None
    size: Annotated[int | None, msgspec.Meta(description="Evidence upload: announced size.")] = None
    max_bytes: Annotated[int | None, msgspec.Meta(description="413: the limit in bytes.")] = None
    wipe: Annotated[
        bool | None, msgspec.Meta(description="device_revoked: the app must wipe local data.")
    ] = None
    client_protocol: Annotated[
        int | None, msgspec.Meta(description="protocol_outdated: the version the client sent.")
    ] = None
    protocol: Annotated[
        int | None, msgspec.Meta(description="protocol_outdated: the version the server speaks.")
    ] = None
    expected: Annotated[
        str | None, msgspec.Meta(description="hash_mismatch: the sha256 the file was named by.")
    ] = None
    actual: Annotated[
        str | None, msgspec.Meta(description="hash_mismatch: the sha256 of the bytes received.")
    ] = None
    errors: Annotated[
        list[RowError] | None, msgspec.Meta(description="CSV import: every bad row.")
    ] = None
    retry_with: Annotated[
        str | None,
        msgspec.Meta(
            description="CSV import refused: the query parameter (partial) that imports the "
            "good rows only."
        ),
    ] = None
    issues: Annotated[
        list[str] | None,
        msgspec.Meta(description="weak_password: every rule the new password breaks."),
    ] = None
