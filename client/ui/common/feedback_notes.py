"""The supervisor's feedback about one employee, grouped by what it is about (an RHK, a
BerAKHLAK value, a progress entry, or the period in general), read from the device for the
screens that show it where it belongs: the employee's SKP (under each RHK and value), the entry
cards, and the supervisor's own SKP-review and rating screens.

Plain data in, plain data out (run in the worker thread like ``client.ui.pegawai.reads``).
"""

from __future__ import annotations

from typing import Any

from client.service import Device
from client.ui.common.i18n import tr
from shared_models import PeriodError, RecordKind, parse_period_code
from sync.records import Record

__all__ = ["Notes", "log_notes", "note_line", "notes_about"]

Notes = dict[str, Any]
"""``{"rhk": {rhk_id: [note]}, "value": {value: [note]}, "log": {log_id: [note]},
"general": [note]}``; a note is ``{"id", "text", "period", "label", "kind"}``."""


def _label(code: Any) -> str:
    try:
        return parse_period_code(str(code)).label
    except PeriodError:
        return ""


def _year(record: Record, logs: dict[str, str]) -> int | None:
    code = record.fields.get("period_code")
    if code:
        try:
            return parse_period_code(str(code)).year
        except PeriodError:
            return None
    day = logs.get(str(record.fields.get("related_log_id")), "")
    return int(day[:4]) if day[:4].isdigit() else None


def notes_about(device: Device, nip: str, year: int | None = None) -> Notes:
    """Feedback about ``nip`` held on this device (of ``year`` when given: its period's year, or
    its entry's), oldest first, grouped by what it is about. A note about an entry also shows
    on that entry; one about an RHK or value under it; the rest is general."""
    store = device.ctx.store.records
    logs = {
        r.id: str(r.fields.get("date", ""))
        for r in store.of_kind(RecordKind.PROGRESS_LOG, owner=nip)
    }
    out: Notes = {"rhk": {}, "value": {}, "log": {}, "general": []}
    found = sorted(store.of_kind(RecordKind.FEEDBACK, owner=nip), key=lambda r: r.hlc)
    for record in found:
        if year is not None and _year(record, logs) not in (year, None):
            continue
        f = record.fields
        note = {
            "id": record.id,
            "text": str(f.get("text", "")),
            "period": f.get("period_code"),
            "label": _label(f.get("period_code")),
            "kind": f.get("kind", "umpan_balik"),
            "log_date": logs.get(str(f.get("related_log_id")), ""),
        }
        if f.get("related_log_id"):
            out["log"].setdefault(str(f["related_log_id"]), []).append(note)
        if f.get("about_rhk_id"):
            out["rhk"].setdefault(str(f["about_rhk_id"]), []).append(note)
        elif f.get("about_value"):
            out["value"].setdefault(str(f["about_value"]), []).append(note)
        elif not f.get("related_log_id"):
            out["general"].append(note)
    return out


def log_notes(device: Device) -> dict[str, list[str]]:
    """Entry id -> the texts of the feedback about that entry of the user."""
    notes = notes_about(device, device.ctx.nip)["log"]
    return {log_id: [n["text"] for n in items] for log_id, items in notes.items()}


def note_line(lang: str, note: dict[str, Any], *, about: str = "") -> str:
    """One note in words: ``Triwulan IV 2026: <text>`` (with what it is about when given)."""
    head = ", ".join(part for part in (note.get("label") or "", about) if part)
    if note.get("kind") == "dialog_kinerja":
        head = ", ".join(part for part in (head, tr(lang, "fbx.dialog")) if part)
    return f"{head}: {note['text']}" if head else str(note["text"])
