"""Render the "Dokumen Evaluasi Kinerja Pegawai" as PDF (fpdf2, core font Helvetica).

The layout follows the e-Kinerja printout civil servants know: title and period, the employee and
the Pejabat Penilai Kinerja, the organisation's predikat, Hasil Kerja (RHK, indicators, targets,
realisation, feedback) with its rating, Perilaku Kerja (the seven BerAKHLAK values with their
guides, ekspektasi khusus and feedback) with its rating, the predikat, and the signatures.
Core fonts are latin-1: Bahasa Indonesia fits; other characters are replaced.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from fpdf import FPDF
from fpdf.fonts import FontFace

from server.reports.document import EvaluationData, Person
from shared_models.berakhlak import BERAKHLAK_GUIDES
from shared_models.enums import Aspect, BerakhlakValue, Golongan, OrgPredikat, Predikat, Rating

__all__ = ["format_date", "render_evaluation"]

_MONTHS = (
    "Januari",
    "Februari",
    "Maret",
    "April",
    "Mei",
    "Juni",
    "Juli",
    "Agustus",
    "September",
    "Oktober",
    "November",
    "Desember",
)
_REPLACE = str.maketrans({"–": "-", "—": "-", "‘": "'", "’": "'", "“": '"', "”": '"', "…": "..."})
_HEAD = FontFace(emphasis="BOLD", fill_color=(225, 225, 225))


def format_date(day: dt.date) -> str:
    """``27 November 2026``."""
    return f"{day.day} {_MONTHS[day.month - 1]} {day.year}"


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


def _identity(pdf: FPDF, employee: Person, penilai: Person | None) -> None:
    rows = [("NAMA", "name"), ("NIP", "nip"), ("PANGKAT/GOL. RUANG", "golongan")]
    rows += [("JABATAN", "jabatan"), ("UNIT KERJA", "unit")]
    with pdf.table(col_widths=(8, 42, 90), text_align="LEFT", line_height=5) as table:
        for title, person in (
            ("PEGAWAI YANG DINILAI", employee),
            ("PEJABAT PENILAI KINERJA", penilai),
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
    notes = {f.get("about_rhk_id"): f.get("text") for f in data.feedback if f.get("about_rhk_id")}
    widths = (8, 44, 18, 42, 20, 20, 38)
    with pdf.table(col_widths=widths, text_align="LEFT", line_height=4.5) as table:
        head = table.row(style=_HEAD)
        for title in (
            "NO",
            "RENCANA HASIL KERJA",
            "ASPEK",
            "INDIKATOR KINERJA INDIVIDU",
            "TARGET",
            "REALISASI",
            "UMPAN BALIK",
        ):
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
                        row.cell(_t(rhk.get("text")), rowspan=len(indicators))
                    row.cell(_label(Aspect, ind.get("aspect")))
                    row.cell(_t(ind.get("text", "-")))
                    target = (
                        f"{_num(float(ind.get('target_value', 0)))} {ind.get('target_unit', '')}"
                    )
                    row.cell(_t(target) if ind else "-")
                    done = data.realisation.get(str(ind.get("id")), 0.0)
                    row.cell(_t(f"{_num(done)} {ind.get('target_unit', '')}") if ind else "-")
                    if i == 0:
                        row.cell(_t(notes.get(rhk.get("id"), "")), rowspan=len(indicators))


def _perilaku(pdf: FPDF, data: EvaluationData) -> None:
    expected = {
        p.get("value"): p.get("ekspektasi_khusus", "")
        for p in (data.skp or {}).get("perilaku") or []
    }
    notes = {f.get("about_value"): f.get("text") for f in data.feedback if f.get("about_value")}
    with pdf.table(col_widths=(8, 82, 50, 50), text_align="LEFT", line_height=4.5) as table:
        head = table.row(style=_HEAD)
        for title in ("NO", "PERILAKU KERJA", "EKSPEKTASI KHUSUS PIMPINAN", "UMPAN BALIK"):
            head.cell(title)
        for n, value in enumerate(BerakhlakValue, 1):
            guides = "\n".join(f"- {g}" for g in BERAKHLAK_GUIDES[value])
            row = table.row()
            row.cell(str(n))
            row.cell(_t(f"{value.label}\n{guides}"))
            row.cell(_t(expected.get(value.value) or "-"))
            row.cell(_t(notes.get(value.value) or ""))


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
    pdf.set_font("Helvetica", "B", 12)
    pdf.cell(0, 6, "DOKUMEN EVALUASI KINERJA PEGAWAI", align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", "B", 9)
    pdf.cell(
        0, 5, _t(f"PERIODE: {data.period.label.upper()}"), align="C", new_x="LMARGIN", new_y="NEXT"
    )
    period_text = f"{format_date(data.period.first_day)} s.d. {format_date(data.period.last_day)}"
    pdf.set_font("Helvetica", "", 9)
    pdf.cell(95, 5, "PEMERINTAH KOTA SEMARANG")
    pdf.cell(
        95,
        5,
        _t(f"PERIODE PENILAIAN: {period_text.upper()}"),
        align="R",
        new_x="LMARGIN",
        new_y="NEXT",
    )
    pdf.ln(2)
    pdf.set_font("Helvetica", "", 8)
    _identity(pdf, data.employee, data.penilai)
    pdf.ln(3)
    _rating_line(pdf, "CAPAIAN KINERJA ORGANISASI", _label(OrgPredikat, data.org_predikat).upper())
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
    if appraisal.get("feedback"):
        pdf.ln(2)
        pdf.multi_cell(0, 4.5, _t(f"Umpan balik Pejabat Penilai: {appraisal['feedback']}"))
    _signatures(pdf, data)
    return bytes(pdf.output())
