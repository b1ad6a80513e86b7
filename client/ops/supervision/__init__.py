"""The supervisor's work on the device (Pejabat Penilai and Atasan Pejabat Penilai), by task.

Team overview (:mod:`.team_overview`), SKP review: cascade check, matriks peran hasil, approve or
return, Ekspektasi Khusus Pimpinan (:mod:`.skp_approval`), reading and answering progress logs and
evidence on demand (:mod:`.log_review`), the appraisal view and the predikat spread against the
curve (:mod:`.rating`), and objections (:mod:`.objection_review`); what they share about the team
is in :mod:`.subordinates`, the messages a person reads in :mod:`.messages`. Every write goes
through ``Context.save`` (validated, saved with its outbox entry in one transaction) and only
touches the fields the sync policy gives a supervisor; the server remains the judge. An action
that writes two records (a comment and its feedback note) writes them in one ``Context.action``.
"""

from __future__ import annotations

from client.ops.supervision.log_review import acknowledge_log, comment_log, fetch_evidence
from client.ops.supervision.messages import COMMENT_EMPTY, DECISION_REASON_EMPTY, RETURN_NOTE_EMPTY
from client.ops.supervision.objection_review import decide_objection, objections
from client.ops.supervision.rating import appraisal_view, distribution
from client.ops.supervision.skp_approval import (
    approve_skp,
    matrix,
    return_skp,
    set_expectations,
    skp_review,
)
from client.ops.supervision.team_overview import ATTENTION, mark_visited, team, team_changes

__all__ = [
    "ATTENTION",
    "COMMENT_EMPTY",
    "DECISION_REASON_EMPTY",
    "RETURN_NOTE_EMPTY",
    "acknowledge_log",
    "appraisal_view",
    "approve_skp",
    "comment_log",
    "decide_objection",
    "distribution",
    "fetch_evidence",
    "mark_visited",
    "matrix",
    "objections",
    "return_skp",
    "set_expectations",
    "skp_review",
    "team",
    "team_changes",
]
