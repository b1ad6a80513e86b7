"""The strings of feedback tied to what it is about (client/ui/supervisor/feedback_box.py and
the screens that show notes under an RHK, a value or an entry), Bahasa Indonesia first, then
English; merged into ``client.ui.common.i18n.STRINGS``."""

from __future__ import annotations

from typing import Final

__all__ = ["FEEDBACK_STRINGS"]

FEEDBACK_STRINGS: Final[dict[str, tuple[str, str]]] = {
    "fbx.rhk_label": ("Umpan balik untuk RHK {n}", "Feedback on RHK {n}"),
    "fbx.values_title": ("Umpan balik per nilai BerAKHLAK", "Feedback per BerAKHLAK value"),
    "fbx.value_label": ("Umpan balik untuk nilai yang dipilih", "Feedback on the chosen value"),
    "fbx.send": ("Kirim", "Send"),
    "fbx.sent": (
        "Umpan balik tersimpan di perangkat; terkirim saat sinkron.",
        "Feedback saved on this device; it is sent with the next sync.",
    ),
    "fbx.empty": ("Tulis umpan baliknya dulu.", "Write the feedback first."),
    "fbx.pick_value": ("Pilih nilai BerAKHLAK-nya dulu.", "Choose the BerAKHLAK value first."),
    "fbx.none": ("Belum ada umpan balik untuk RHK ini.", "No feedback on this RHK yet."),
    "fbx.dialog": ("dialog kinerja", "performance dialogue"),
    "fbx.from_boss": ("Umpan balik atasan", "Supervisor's feedback"),
    "fbx.about_entry": ("tentang catatan {date}", "about the entry of {date}"),
}
