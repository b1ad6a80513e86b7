"""The public surface of shared_models is pinned: changing it is a deliberate act."""

from __future__ import annotations

import shared_models

EXPECTED = {
    "ANGKA_KREDIT_SHARE", "BERAKHLAK_GUIDES", "CONTENT_TYPES", "KOEFISIEN", "OBJECTION_DAYS",
    "Appraisal", "AppraisalKind", "AppraisalStatus", "Aspect", "BerakhlakValue", "Code",
    "Content", "ContentError", "Description", "Employee", "EmployeeKind", "Feedback",
    "FeedbackKind", "Gender", "Golongan", "HhMm", "Indicator", "IsoDateStr", "JabatanKind",
    "Jenjang", "LabeledEnum", "Lampiran", "Leave", "LeaveKind", "Latitude", "LongText",
    "Longitude", "Nip",
    "NipError", "NipStr", "NonNegative", "Objection", "ObjectionStatus", "OrgPredikat",
    "OrgPredikatDecision", "PerilakuExpectation", "PerilakuSelfRating", "Period",
    "PeriodCode", "PeriodError", "PeriodKind", "PeriodRecord", "Predikat", "ProgressLog",
    "Rating", "RecordId", "RecordKind", "RencanaAksi", "Rhk", "RhkKind", "Role",
    "SelfAssessment", "Sha256Hex", "ShortText", "Skp", "SkpApproach", "SkpStatus", "Unit",
    "UnitKind", "UuidStr", "Violation", "Year", "angka_kredit", "check_distribution",
    "encode_content", "hasil_kerja_guidance", "make_nip", "month_of", "objection_deadline",
    "parse_ni_pppk", "parse_nip", "parse_period_code", "period_of", "periods_of_year",
    "predikat", "triwulan_of", "validate_content",
}  # fmt: skip


def test_all_is_pinned() -> None:
    assert set(shared_models.__all__) == EXPECTED
    assert len(shared_models.__all__) == len(EXPECTED)


def test_every_name_exists() -> None:
    for name in shared_models.__all__:
        assert getattr(shared_models, name) is not None
