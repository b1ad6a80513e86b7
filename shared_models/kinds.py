"""Names shared by every layer: the kinds of syncable records and the roles of users.

These are plain string enums so that data files, the wire format and the database read
naturally (``progress_log``, ``pejabat_penilai``).
"""

from __future__ import annotations

from enum import StrEnum

__all__ = ["RecordKind", "Role"]


class RecordKind(StrEnum):
    """Every kind of record that travels through sync."""

    # master data, written by HR only
    UNIT = "unit"
    EMPLOYEE = "employee"
    PERIOD = "period"
    ORG_PREDIKAT = "org_predikat"
    LEAVE = "leave"
    """Days an employee is on leave or in training (cuti, sakit, diklat), recorded by HR."""
    DISCIPLINE = "discipline"
    """A hukuman disiplin (PP 94/2021) of an employee, recorded by HR."""
    AWARD = "award"
    """A penghargaan HR decided for an employee (the follow-up of a top predikat)."""
    # the employee's own work
    SKP = "skp"
    PROGRESS_LOG = "progress_log"
    SELF_ASSESSMENT = "self_assessment"
    OBJECTION = "objection"
    # the supervisor's decisions
    FEEDBACK = "feedback"
    APPRAISAL = "appraisal"


class Role(StrEnum):
    """What a user may do. Derived by the server from master data, never taken from a device."""

    PEGAWAI = "pegawai"  # any ASN: own records
    PEJABAT_PENILAI = "pejabat_penilai"  # supervisor of record of at least one employee
    ATASAN_PEJABAT_PENILAI = "atasan_pejabat_penilai"  # supervisor's supervisor: objections
    ADMIN_OPD = "admin_opd"  # Pengelola Kinerja of one Perangkat Daerah
    ADMIN_BKPP = "admin_bkpp"  # central HR: the whole city
    PEMUTUS_KEBERATAN = "pemutus_keberatan"
    """Decides the keberatan against ratings given by a pejabat penilai who has no supervisor
    (the Sekda rating Kepala OPD and Camat): the Pejabat Pembina Kepegawaian (the Wali Kota) or
    the official BKPP configures in that role (granted, never claimed)."""
