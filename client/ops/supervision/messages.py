"""Messages a person reads on the device (words about the field they see; the CLI adds the
option to use where it catches them: client/cli.py)."""

from __future__ import annotations

__all__ = ["COMMENT_EMPTY", "DECISION_REASON_EMPTY", "RETURN_NOTE_EMPTY"]

COMMENT_EMPTY = "Komentar masih kosong. Tulis umpan balik untuk catatan ini."
RETURN_NOTE_EMPTY = "Catatan pengembalian masih kosong. Tulis apa yang perlu diperbaiki."
DECISION_REASON_EMPTY = "Alasan keputusan masih kosong. Tulis mengapa keberatan diputus begini."
