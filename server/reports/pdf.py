"""Render the "Dokumen Evaluasi Kinerja Pegawai" as PDF (fpdf2, core font Helvetica).

The layout follows the e-Kinerja printout civil servants know: title and period, the employee and
the Pejabat Penilai Kinerja, the organisation's predikat, Hasil Kerja (RHK, indicators, targets,
realisation, feedback) with its rating, Perilaku Kerja (the seven BerAKHLAK values with their
guides, ekspektasi khusus and feedback) with its rating, the predikat, and the signatures.
Core fonts are latin-1: Bahasa Indonesia fits; other characters are replaced.
"""

from __future__ import annotations

import datetime as dt
import math
from typing import Any

from fpdf import FPDF
from fpdf.fonts import FontFace

from server.reports.document import EvaluationData, Person
from shared_models.berakhlak import BERAKHLAK_GUIDES
from shared_models.calendar_words import month_long
from shared_models.curve import CURVE_ORDER, CurveShape, curve_shape
from shared_models.enums import (
    Aspect,
    BerakhlakValue,
    Golongan,
    OrgPredikat,
    PeriodKind,
    Predikat,
    Rating,
    SkpApproach,
)
from shared_models.followup import discipline_text, number_id
from shared_models.periods import Period

__all__ = [
    "HASIL_KERJA_COLUMNS",
    "PERILAKU_COLUMNS",
    "approach_heading",
    "format_date",
    "period_heading",
    "render_evaluation",
]

_REPLACE = str.maketrans({"–": "-", "—": "-", "‘": "'", "’": "'", "“": '"', "”": '"', "…": "..."})
_HEAD = FontFace(emphasis="BOLD", fill_color=(225, 225, 225))
_FEEDBACK_COLUMN = "UMPAN BALIK BERKELANJUTAN BERDASARKAN BUKTI DUKUNG"
HASIL_KERJA_COLUMNS = (
    "NO",
    "RENCANA HASIL KERJA PIMPINAN YANG DIINTERVENSI",
    "RENCANA HASIL KERJA",
    "ASPEK",
    "INDIKATOR KINERJA INDIVIDU",
    "TARGET",
    "REALISASI BERDASARKAN BUKTI DUKUNG",
    _FEEDBACK_COLUMN,
)
"""The column names of the Hasil Kerja table of the official form (PermenPANRB 6/2022)."""
PERILAKU_COLUMNS = ("NO", "PERILAKU KERJA", "EKSPEKTASI KHUSUS PIMPINAN", _FEEDBACK_COLUMN)
"""The column names of the Perilaku Kerja table of the official form."""


def format_date(day: dt.date) -> str:
    """``27 November 2026``."""
    return f"{day.day} {month_long(day.month)} {day.year}"


def _t(value: Any) -> str:
    text = "" if value is None else str(value)
    return text.translate(_REPLACE).encode("latin-1", "replace").decode("latin-1")


def _label(enum: Any, value: Any) -> str:
    try:
        return str(enum(value).label)
    except ValueError:
        return "-" if value in (None, "") else str(value)


def _num(value: float) -> str:
    return f"{value:g}".replace(".", ",")


class _Doc(FPDF):
    def footer(self) -> None:
        self.set_y(-12)
        self.set_font("Helvetica", "I", 7)
        self.cell(0, 5, f"Halaman {self.page_no()}/{{nb}}", align="C")


def _identity(
    pdf: FPDF, employee: Person, penilai: Person | None, atasan: Person | None = None
) -> None:
    rows = [("NAMA", "name"), ("NIP", "nip"), ("PANGKAT/GOL. RUANG", "golongan")]
    rows += [("JABATAN", "jabatan"), ("UNIT KERJA", "unit")]
    with pdf.table(col_widths=(8, 42, 90), text_align="LEFT", line_height=5) as table:
        for title, person in (
            ("PEGAWAI YANG DINILAI", employee),
            ("PEJABAT PENILAI KINERJA", penilai),
            ("ATASAN PEJABAT PENILAI KINERJA", atasan),
        ):
            head = table.row(style=_HEAD)
            head.cell("NO")
            head.cell(title, colspan=2)
            for n, (label, attr) in enumerate(rows, 1):
                row = table.row()
                row.cell(str(n))
                row.cell(label)
                value = getattr(person, attr) if person is not None else "-"
                if attr == "golongan" and person is not None:
                    value = _label(Golongan, value)
                row.cell(_t(value))


def _hasil_kerja(pdf: FPDF, data: EvaluationData) -> None:
    rhk_list = (data.skp or {}).get("rhk") or []
    widths = (7, 27, 28, 15, 30, 18, 28, 37)
    with pdf.table(col_widths=widths, text_align="LEFT", line_height=4.5) as table:
        head = table.row(style=_HEAD)
        for title in HASIL_KERJA_COLUMNS:
            head.cell(title)
        for group, kind in (("A. UTAMA", "utama"), ("B. TAMBAHAN", "tambahan")):
            table.row(style=_HEAD).cell(group, colspan=len(widths))
            items = [r for r in rhk_list if r.get("kind") == kind]
            if not items:
                table.row().cell("-", colspan=len(widths))
            for n, rhk in enumerate(items, 1):
                indicators = rhk.get("indicators") or [{}]
                for i, ind in enumerate(indicators):
                    row = table.row()
                    if i == 0:
                        row.cell(str(n), rowspan=len(indicators))
                        row.cell(_t(_leader_rhk(data, rhk)), rowspan=len(indicators))
                        row.cell(_t(rhk.get("text")), rowspan=len(indicators))
                    row.cell(_label(Aspect, ind.get("aspect")))
                    row.cell(_t(ind.get("text", "-")))
                    ind_id = str(ind.get("id"))
                    aim = data.targets.get(ind_id, float(ind.get("target_value", 0)))
                    target = f"{_num(aim)} {ind.get('target_unit', '')}"
                    row.cell(_t(target) if ind else "-")
                    done = f"{_num(data.realisation.get(ind_id, 0.0))} {ind.get('target_unit', '')}"
                    if ind_id in data.confirmed:
                        done += " (dikonfirmasi pejabat penilai)"
                    row.cell(_t(done) if ind else "-")
                    if i == 0:
                        notes = data.notes.by_rhk.get(str(rhk.get("id")), [])
                        row.cell(_t(_bullets(notes)), rowspan=len(indicators))


def _perilaku(pdf: FPDF, data: EvaluationData) -> None:
    expected = {
        p.get("value"): p.get("ekspektasi_khusus", "")
        for p in (data.skp or {}).get("perilaku") or []
    }
    with pdf.table(col_widths=(8, 82, 50, 50), text_align="LEFT", line_height=4.5) as table:
        head = table.row(style=_HEAD)
        for title in PERILAKU_COLUMNS:
            head.cell(title)
        for n, value in enumerate(BerakhlakValue, 1):
            guides = "\n".join(f"- {g}" for g in BERAKHLAK_GUIDES[value])
            row = table.row()
            row.cell(str(n))
            row.cell(_t(f"{value.label}\n{guides}"))
            row.cell(_t(expected.get(value.value) or "-"))
            row.cell(_t(_bullets(data.notes.by_value.get(value.value, []))))


def _leader_rhk(data: EvaluationData, rhk: dict[str, Any]) -> str:
    """The leader's RHK an RHK supports; a unit head's RHK come from the Perjanjian Kinerja."""
    parent = rhk.get("parent_rhk_id")
    if not parent:
        return "-"
    return data.leader_rhk.get(str(parent)) or "-"


def _bullets(notes: list[str]) -> str:
    if len(notes) == 1:
        return notes[0]
    return "\n".join(f"- {n}" for n in notes)


def period_heading(period: Period) -> tuple[str, str]:
    """The official form's two period lines: ``PERIODE: TRIWULAN IV`` (``AKHIR`` for the
    annual evaluation, ``BULAN OKTOBER`` for a month) and ``1 OKTOBER S.D. 31 DESEMBER 2026``
    (the year once when both days share it)."""
    if period.kind is PeriodKind.TAHUNAN:
        name = "AKHIR"
    elif period.kind is PeriodKind.TRIWULAN:
        name = period.label.rsplit(" ", 1)[0].upper()
    else:
        name = f"BULAN {month_long(period.first_day.month).upper()}"
    first, last = period.first_day, period.last_day
    start = f"{first.day} {month_long(first.month)}"
    if first.year != last.year:
        start += f" {first.year}"
    return f"PERIODE: {name}", f"{start} s.d. {format_date(last)}".upper()


def approach_heading(skp: dict[str, Any] | None) -> str:
    """``PENDEKATAN HASIL KERJA KUANTITATIF`` (or ``KUALITATIF``), from the SKP's approach."""
    try:
        approach = SkpApproach((skp or {}).get("approach") or SkpApproach.KUANTITATIF)
    except ValueError:
        approach = SkpApproach.KUANTITATIF
    return f"PENDEKATAN HASIL KERJA {approach.value.upper()}"


def _heading(pdf: FPDF, data: EvaluationData) -> None:
    period_line, range_line = period_heading(data.period)
    pdf.set_font("Helvetica", "B", 12)
    pdf.cell(0, 6, "DOKUMEN EVALUASI KINERJA PEGAWAI", align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", "B", 9)
    pdf.cell(0, 5, period_line, align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.cell(0, 5, approach_heading(data.skp), align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", "", 9)
    pdf.cell(95, 5, "PEMERINTAH KOTA SEMARANG")
    pdf.cell(
        95, 5, _t(f"PERIODE PENILAIAN: {range_line}"), align="R", new_x="LMARGIN", new_y="NEXT"
    )


_CHART_H = 42.0  # mm, the plot area of the Pola Distribusi
_BAND = (214, 234, 214)
_BAR = (52, 92, 150)
_CURVE = (170, 40, 40)


def _band_words(low: float, high: float) -> str:
    if high == 0:
        return "tidak boleh ada"
    if (low, high) == (0, 100):
        return "bebas"
    parts = ([f"min. {low:g} %"] if low > 0 else []) + ([f"maks. {high:g} %"] if high < 100 else [])
    return ", ".join(parts)


def _org_of(data: EvaluationData) -> OrgPredikat | None:
    try:
        return OrgPredikat(data.org.predikat) if data.org is not None else None
    except ValueError:
        return None


def _chart_title(pdf: FPDF, data: EvaluationData, org: OrgPredikat | None) -> None:
    pdf.set_font("Helvetica", "B", 9)
    pdf.cell(0, 6, "POLA DISTRIBUSI", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", "", 7.5)
    bars = (
        f"batang: {sum(data.spread.values())} predikat final pegawai {data.spread_unit} "
        f"periode {data.period.code}."
    )
    if org is not None and data.org is not None:
        head = (
            f"Kurva predikat organisasi {org.label} ({data.org.unit_name}, periode "
            f"{data.org.period_code}); {bars}"
        )
    else:
        head = "Predikat kinerja organisasi periode ini belum ditetapkan: kurva tidak digambar; "
        head += bars
    pdf.multi_cell(0, 4, _t(head), new_x="LMARGIN", new_y="NEXT")


class _Plot:
    """The plot area of the chart: one column per employee predikat, shares 0-100 % up."""

    def __init__(self, pdf: FPDF) -> None:
        self.pdf = pdf
        self.left = pdf.l_margin + 12
        self.top = pdf.get_y() + 3
        self.column = (pdf.w - pdf.r_margin - self.left) / len(CURVE_ORDER)

    def y(self, percent: float) -> float:
        return self.top + _CHART_H * (1 - percent / 100)

    def x(self, index: float) -> float:
        return self.left + index * self.column

    def grid(self) -> None:
        pdf = self.pdf
        pdf.set_draw_color(190, 190, 190)
        pdf.set_line_width(0.1)
        for tick in (0, 25, 50, 75, 100):
            pdf.line(self.left, self.y(tick), self.x(len(CURVE_ORDER)), self.y(tick))
            pdf.set_xy(self.left - 12, self.y(tick) - 2)
            pdf.cell(11, 4, f"{tick} %", align="R")

    def band(self, index: int, low: float, high: float) -> None:
        if high > low and (low, high) != (0, 100):
            self.pdf.set_fill_color(*_BAND)
            x = self.x(index) + 1
            self.pdf.rect(x, self.y(high), self.column - 2, self.y(low) - self.y(high), style="F")

    def bar(self, index: int, count: int, share: float) -> None:
        pdf, width = self.pdf, self.column * 0.36
        pdf.set_fill_color(*_BAR)
        if share > 0:
            x = self.x(index) + (self.column - width) / 2
            pdf.rect(x, self.y(share), width, self.y(0) - self.y(share), style="F")
        pdf.set_xy(self.x(index), self.y(share) - 4.5)
        pdf.cell(self.column, 4, _t(f"{count} ({_num(round(share, 1))} %)"), align="C")

    def label(self, index: int, text: str, rule: str) -> None:
        pdf = self.pdf
        pdf.set_xy(self.x(index), self.y(0) + 1)
        pdf.set_font("Helvetica", "B", 7.5)
        pdf.cell(self.column, 4, _t(text), align="C")
        pdf.set_font("Helvetica", "", 7)
        pdf.set_xy(self.x(index), self.y(0) + 4.5)
        pdf.cell(self.column, 4, _t(rule), align="C")
        pdf.set_font("Helvetica", "", 7.5)

    def curve(self, peak: int) -> None:
        """The curve's shape (a bell on the predikat it favours), not a quantity."""
        points = []
        for step in range(61):
            at = step / 60 * (len(CURVE_ORDER) - 1)
            points.append((self.x(at + 0.5), self.y(80 * math.exp(-((at - peak) ** 2) / 1.6))))
        self.pdf.set_draw_color(*_CURVE)
        self.pdf.set_line_width(0.5)
        self.pdf.polyline(points)


def _pola_distribusi(pdf: FPDF, data: EvaluationData) -> None:
    """POLA DISTRIBUSI: the allowed band of each employee predikat under the organisation's
    predikat (SE MenPANRB 3/2023) as green areas, the curve's shape peaking on the predikat it
    favours, and the actual spread of final predikat of the period as bars with their counts."""
    if pdf.will_page_break(_CHART_H + 32):
        pdf.add_page()
    org = _org_of(data)
    shape = curve_shape(org) if org is not None else None
    with pdf.local_context():
        _chart_title(pdf, data, org)
        _chart(pdf, data, shape)


def _chart(pdf: FPDF, data: EvaluationData, shape: CurveShape | None) -> None:
    plot = _Plot(pdf)
    plot.grid()
    total = sum(data.spread.values())
    for i, predikat in enumerate(CURVE_ORDER):
        low, high = (float(b) for b in shape.bands[predikat]) if shape else (0.0, 0.0)
        plot.band(i, low, high)
        count = data.spread.get(predikat.value, 0)
        plot.bar(i, count, 100 * count / total if total else 0.0)
        rule = _band_words(low, high) if shape else ""
        if shape is not None and predikat is shape.peak and low == 0:
            rule = "terbanyak" if (low, high) == (0, 100) else f"{rule}, terbanyak"
        plot.label(i, predikat.label, rule)
    if shape is not None:
        plot.curve(CURVE_ORDER.index(shape.peak))
    pdf.set_y(plot.y(0) + 10)
    legend = "Hijau: batas sebaran menurut kurva (bebas: tanpa batas sendiri); garis merah:"
    legend += " bentuk kurva; batang biru: sebaran predikat final."
    if shape is not None and shape.joint:
        legend += " Ketentuan bersama: " + "; ".join(shape.joint) + "."
    pdf.multi_cell(0, 4, _t(legend), new_x="LMARGIN", new_y="NEXT")


def _general_feedback(pdf: FPDF, data: EvaluationData) -> None:
    """The period's continuous feedback about no single RHK or value."""
    if not data.notes.general:
        return
    pdf.ln(2)
    pdf.set_font("Helvetica", "B", 9)
    pdf.cell(0, 6, "UMPAN BALIK BERKELANJUTAN (UMUM)", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", "", 8)
    pdf.multi_cell(
        0, 4.5, _t(_bullets(data.notes.general)), border=1, new_x="LMARGIN", new_y="NEXT"
    )


def _catatan(pdf: FPDF, data: EvaluationData) -> None:
    """CATATAN/REKOMENDASI: the Pejabat Penilai's note with the rating ("-" without one)."""
    pdf.ln(2)
    if pdf.will_page_break(16):
        pdf.add_page()
    pdf.set_font("Helvetica", "B", 9)
    pdf.cell(0, 6, "CATATAN/REKOMENDASI", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", "", 8)
    note = str((data.appraisal or {}).get("feedback") or "").strip() or "-"
    pdf.multi_cell(0, 4.5, _t(note), border=1, new_x="LMARGIN", new_y="NEXT")


def _discipline(pdf: FPDF, data: EvaluationData) -> None:
    """HUKUMAN DISIPLIN (PP 94/2021) recorded against a period overlapping this one, beside
    Perilaku Kerja (what the rater weighed; it sets no rating by itself)."""
    pdf.set_font("Helvetica", "B", 8)
    pdf.cell(0, 6, "HUKUMAN DISIPLIN (PP 94/2021)", border=1, new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", "", 8)
    items = [f"- {discipline_text(d)}" for d in data.discipline]
    text = "\n".join(items) or "Tidak ada hukuman disiplin yang tercatat untuk periode ini."
    pdf.multi_cell(0, 4.5, _t(text), border=1, new_x="LMARGIN", new_y="NEXT")


def _angka_kredit(pdf: FPDF, data: EvaluationData) -> None:
    """ANGKA KREDIT of the (decided) final annual predikat of a functional position
    (PermenPANRB 1/2023); nothing for other positions and periods."""
    credit = data.angka_kredit
    if credit is None:
        return
    _rating_line(pdf, "ANGKA KREDIT (PERMENPANRB 1/2023)", number_id(credit.value, 3))
    pdf.set_font("Helvetica", "I", 8)
    pdf.multi_cell(
        0,
        4.5,
        _t(f"Konversi predikat {credit.predikat.label} tahun {credit.year}: {credit.text()}."),
        new_x="LMARGIN",
        new_y="NEXT",
    )
    pdf.set_font("Helvetica", "", 8)


def _rating_line(pdf: FPDF, label: str, value: str) -> None:
    pdf.set_font("Helvetica", "B", 8)
    pdf.cell(120, 6, label, border=1)
    pdf.cell(70, 6, _t(value), border=1, new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", "", 8)


def _signatures(pdf: FPDF, data: EvaluationData) -> None:
    pdf.ln(6)
    if pdf.will_page_break(45):
        pdf.add_page()
    pdf.set_font("Helvetica", "", 9)
    pdf.set_x(120)
    pdf.cell(
        80,
        5,
        _t(f"Semarang, {format_date(data.signed_on)}"),
        align="C",
        new_x="LMARGIN",
        new_y="NEXT",
    )
    top = pdf.get_y()
    people = (
        (10, "Pegawai yang Dinilai", data.employee),
        (120, "Pejabat Penilai Kinerja", data.penilai),
    )
    for x, title, person in people:
        pdf.set_xy(x, top)
        pdf.cell(80, 5, title, align="C")
        pdf.set_xy(x, top + 25)
        pdf.set_font("Helvetica", "BU", 9)
        pdf.cell(80, 5, _t(person.name if person else "-"), align="C")
        pdf.set_font("Helvetica", "", 9)
        pdf.set_xy(x, top + 30)
        pdf.cell(80, 5, _t(f"NIP. {person.nip if person else '-'}"), align="C")


def render_evaluation(data: EvaluationData) -> bytes:
    """The PDF bytes of the document."""
    pdf = _Doc(orientation="P", unit="mm", format="A4")
    pdf.set_title(
        _t(f"Dokumen Evaluasi Kinerja Pegawai - {data.employee.name} - {data.period.code}")
    )
    pdf.set_author("Pemerintah Kota Semarang")
    pdf.alias_nb_pages()
    pdf.set_margins(10, 10, 10)
    pdf.set_auto_page_break(True, margin=15)
    pdf.add_page()
    _heading(pdf, data)
    pdf.ln(2)
    pdf.set_font("Helvetica", "", 8)
    _identity(pdf, data.employee, data.penilai, data.atasan)
    pdf.ln(3)
    _rating_line(pdf, "CAPAIAN KINERJA ORGANISASI", _label(OrgPredikat, data.org_predikat).upper())
    _pola_distribusi(pdf, data)
    pdf.ln(3)
    pdf.set_font("Helvetica", "B", 9)
    pdf.cell(0, 6, "HASIL KERJA", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", "", 8)
    _hasil_kerja(pdf, data)
    appraisal = data.appraisal or {}
    _rating_line(pdf, "RATING HASIL KERJA", _label(Rating, appraisal.get("hasil_kerja")).upper())
    pdf.ln(3)
    pdf.set_font("Helvetica", "B", 9)
    pdf.cell(0, 6, "PERILAKU KERJA", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", "", 8)
    _perilaku(pdf, data)
    _discipline(pdf, data)
    _rating_line(
        pdf, "RATING PERILAKU KERJA", _label(Rating, appraisal.get("perilaku_kerja")).upper()
    )
    _rating_line(
        pdf, "PREDIKAT KINERJA PEGAWAI", _label(Predikat, appraisal.get("predikat")).upper()
    )
    if appraisal.get("objection_id"):
        before = _label(Predikat, appraisal.get("original_predikat"))
        pdf.set_font("Helvetica", "I", 8)
        pdf.multi_cell(
            0,
            4.5,
            _t(
                "Ditetapkan oleh keputusan keberatan Atasan Pejabat Penilai Kinerja "
                f"(PP 30/2019 Pasal 59); predikat semula: {before}."
            ),
        )
        pdf.set_font("Helvetica", "", 8)
    _angka_kredit(pdf, data)
    _general_feedback(pdf, data)
    _catatan(pdf, data)
    _signatures(pdf, data)
    return bytes(pdf.output())
