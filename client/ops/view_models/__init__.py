"""The view data the operations compose for the screens and the command line: frozen,
keyword-only Structs (record content, the ``fields`` of a sync record, stays a dict: it is the
wire content shared_models validates). Their field names are the keys ``--json`` prints.
"""

from __future__ import annotations

from client.ops.view_models.conflicts import (
    ConflictView,
    Keep,
    Resolution,
)
from client.ops.view_models.device import (
    DeviceStatus,
)
from client.ops.view_models.followup import (
    AngkaKredit,
    AppraisalResult,
    ResultView,
)
from client.ops.view_models.logs import (
    EvidenceOwner,
    EvidenceState,
    LogEntry,
    LogEvidence,
    OwnEntry,
)
from client.ops.view_models.pegawai import (
    AssessmentView,
    BerandaView,
    PeriodIndicator,
    Reminder,
)
from client.ops.view_models.skp import (
    SkpIndicator,
    SkpRhk,
    SkpView,
)
from client.ops.view_models.supervision import (
    AppraisalState,
    CascadeMatrix,
    CascadeRow,
    Colleague,
    EvidenceFile,
    HeadExpectation,
    IndicatorProgress,
    ObjectionItem,
    PastAppraisal,
    PredikatCount,
    RatedAppraisal,
    RatedIndicator,
    RatingView,
    ReviewIndicator,
    ReviewRhk,
    SelfAssessmentState,
    SkpReview,
    SkpSaved,
    SpreadSource,
    SpreadViolation,
    Supporter,
    Team,
    TeamChanges,
    TeamMember,
    TeamSpread,
    ValueExpectation,
)

__all__ = [
    "AngkaKredit",
    "AppraisalResult",
    "AppraisalState",
    "AssessmentView",
    "BerandaView",
    "CascadeMatrix",
    "CascadeRow",
    "Colleague",
    "ConflictView",
    "DeviceStatus",
    "EvidenceFile",
    "EvidenceOwner",
    "EvidenceState",
    "HeadExpectation",
    "IndicatorProgress",
    "Keep",
    "LogEntry",
    "LogEvidence",
    "ObjectionItem",
    "OwnEntry",
    "PastAppraisal",
    "PeriodIndicator",
    "PredikatCount",
    "RatedAppraisal",
    "RatedIndicator",
    "RatingView",
    "Reminder",
    "Resolution",
    "ResultView",
    "ReviewIndicator",
    "ReviewRhk",
    "SelfAssessmentState",
    "SkpIndicator",
    "SkpReview",
    "SkpRhk",
    "SkpSaved",
    "SkpView",
    "SpreadSource",
    "SpreadViolation",
    "Supporter",
    "Team",
    "TeamChanges",
    "TeamMember",
    "TeamSpread",
    "ValueExpectation",
]
