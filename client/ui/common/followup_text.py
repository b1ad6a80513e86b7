"""The strings of the appraisal's follow-up (angka kredit, hukuman disiplin, penghargaan) on
the employee's and the rater's screens (Bahasa Indonesia first, then English); merged into
``client.ui.common.i18n.STRINGS``. The sentences about each record come from
``shared_models.followup``, as the document and the exports word them."""

from __future__ import annotations

from typing import Final

__all__ = ["FOLLOWUP_STRINGS"]

FOLLOWUP_STRINGS: Final[dict[str, tuple[str, str]]] = {
    "fb.angka_kredit": ("Angka kredit: {text}", "Credit points (angka kredit): {text}"),
    "fb.awards": ("Penghargaan", "Awards (penghargaan)"),
    "rate.discipline": ("Hukuman disiplin (PP 94/2021)", "Disciplinary sanctions (PP 94/2021)"),
    "rate.discipline_none": (
        "Tidak ada hukuman disiplin yang tercatat untuk periode ini.",
        "No disciplinary sanction is recorded for this period.",
    ),
    "rate.discipline_hint": (
        "Pertimbangkan saat menilai Perilaku Kerja: hukuman disiplin tidak mengubah rating"
        " secara otomatis, penilaian tetap keputusan Anda.",
        "Weigh it when rating work behaviour: a sanction does not change the rating by itself;"
        " the rating stays your decision.",
    ),
}
