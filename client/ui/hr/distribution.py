"""Cek sebaran: per unit and period, the spread of final predikat against the curve of the
organisation's predikat (SE MenPANRB 3/2023), each violation in words, the top performers
(penghargaan) and those who need pembinaan; HR sets the organisation predikat here too."""

from __future__ import annotations

from dataclasses import dataclass
from typing import cast

import flet as ft

from client.errors import DeviceError
from client.hr_api import Distribution, HrApi, PersonRow
from client.ui.common.app_state import AppState
from client.ui.common.fmt import number
from client.ui.common.i18n import tr
from client.ui.common.widgets import card, heading, labelled, muted
from client.ui.hr.common import error_box, hr_call, hr_page, named_dropdown, option_list, table
from client.ui.hr.dashboard import hbar
from client.ui.hr.view import period_words, spread_start
from client.ui.session import AppSession
from shared_models.curve import curve_shape
from shared_models.enums import OrgPredikat

__all__ = ["ALLOWED_BANDS", "HrDistribution"]

ORG_PREDIKAT = (
    ("istimewa", "Istimewa"),
    ("baik", "Baik"),
    ("butuh_perbaikan", "Butuh Perbaikan"),
    ("kurang", "Kurang"),
    ("sangat_kurang", "Sangat Kurang"),
)

# allowed share (percent, inclusive) of each employee predikat per organisation predikat, for
# the chart's bands (the clauses' own bounds, shared_models.curve); clauses on groups ("at least
# one BP or KM") stay in the server's words
ALLOWED_BANDS: dict[str, dict[str, tuple[float, float]]] = {
    org.value: {
        p.value: (float(low), float(high))
        for p, (low, high) in curve_shape(org).bands.items()
        if low > 0 or high < 100
    }
    for org in OrgPredikat
}


@dataclass(frozen=True)
class _View:
    opds: list[tuple[str, str]]
    units: list[tuple[str, str]]
    periods: list[str]
    opd: str
    unit: str
    period: str
    report: Distribution | None


def _gather(api: HrApi, opd: str, unit: str, period: str) -> _View:
    city = api.dashboard()
    opds = [(r.id, r.name) for r in city.rows]
    if not opd and not unit:  # opened from the tabs with nothing viewed yet: the busiest OPD
        unit = spread_start("", "", city.rows)
    ids = {i for i, _ in opds}
    the_opd = opd if opd in ids else (unit if unit in ids else (opds[0][0] if opds else ""))
    if unit and not opd and unit not in ids:  # opened for a unit (from the dashboard): its OPD
        the_opd = next(
            (o for o, _ in opds if unit in {r.id for r in api.dashboard(opd_id=o).rows}),
            the_opd,
        )
    units = [(r.id, r.name) for r in api.dashboard(opd_id=the_opd).rows] if the_opd else []
    the_unit = unit if unit in {i for i, _ in units} else the_opd
    periods = [p.code for p in api.periods()]
    the_period = period or city.period
    report = api.distribution(the_unit, the_period) if the_unit else None
    return _View(opds, units, periods, the_opd, the_unit, the_period, report)


def spread_chart(lang: str, report: Distribution) -> ft.Control:
    """Horizontal bars of the actual share per predikat (full labels), each over the green band
    of what the organisation's curve allows (no band: no curve applies, or the predikat is
    free); a bar outside its band is red."""
    bands = ALLOWED_BANDS.get(report.org_predikat or "", {})
    lines: list[ft.Control] = []
    for c in report.counts:
        band = bands.get(c.predikat)
        lo, hi = band or (0.0, 100.0)
        part = float(c.percent)  # a Decimal on the wire ("33.3")
        outside = report.org_predikat is not None and not lo <= part <= hi
        share = f"{number(lang, part)} %" if lang == "id" else f"{number(lang, part)}%"
        lines.append(
            ft.Row(
                [
                    ft.Text(c.label, width=190, weight=ft.FontWeight.W_500),
                    hbar(
                        part,
                        ft.Colors.RED_400 if outside else ft.Colors.TEAL_400,
                        tr(lang, "hrx.chart.count", count=c.count, share=share),
                        band=band,
                        height=18,
                    ),
                ]
            )
        )
    if bands:
        lines.append(muted(tr(lang, "hrx.chart.band")))
    return labelled("hr-spread-chart", ft.Column(lines, spacing=8))


def _people(lang: str, identifier: str, title: str, rows: list[PersonRow]) -> ft.Control:
    body: ft.Control = (
        table(
            [tr(lang, "hr.col.name"), "NIP", tr(lang, "hr.col.jabatan"), "Unit", "Predikat"],
            [[p.name, p.nip, p.jabatan, p.unit_name, p.predikat_label] for p in rows],
        )
        if rows
        else muted(tr(lang, "hr.dist.nobody"))
    )
    return labelled(identifier, card(heading(title), body))


def _result(lang: str, report: Distribution) -> list[ft.Control]:
    summary = tr(
        lang,
        "hr.dist.summary",
        unit=report.unit_name,
        period=report.period,
        n=report.total,
        org=report.org_predikat_label or tr(lang, "hr.dist.org_unset"),
    )
    counts = table(
        ["Predikat", tr(lang, "hr.col.employees"), "%"],
        [[c.label, str(c.count), number(lang, float(c.percent))] for c in report.counts],
    )
    verdict: list[ft.Control] = []
    if report.note:
        verdict.append(labelled("hr-dist-note", ft.Text(report.note, italic=True)))
    if report.violations and not report.note:
        verdict.append(
            ft.Text(
                tr(lang, "hr.dist.violations", n=len(report.violations)),
                weight=ft.FontWeight.W_600,
                color=ft.Colors.ERROR,
            )
        )
    if report.violations:
        verdict += [
            labelled(
                f"hr-violation-{i}",
                ft.Row(
                    [
                        ft.Icon(ft.Icons.WARNING_AMBER, color=ft.Colors.ERROR),
                        ft.Text(v.message, expand=True),
                    ]
                ),
            )
            for i, v in enumerate(report.violations)
        ]
    elif report.judged and report.total:
        verdict.append(
            labelled(
                "hr-dist-ok",
                ft.Row(
                    [
                        ft.Icon(ft.Icons.CHECK_CIRCLE, color=ft.Colors.GREEN_700),
                        ft.Text(tr(lang, "hr.dist.ok")),
                    ]
                ),
            )
        )
    verdict.append(muted(tr(lang, "hr.dist.warns")))
    return [
        labelled("hr-dist-summary", ft.Text(summary, weight=ft.FontWeight.W_600)),
        ft.Row(
            [
                ft.Container(spread_chart(lang, report), expand=3),
                ft.Container(counts, expand=2),
            ],
            vertical_alignment=ft.CrossAxisAlignment.START,
        ),
        labelled("hr-dist-verdict", card(*verdict)),
        ft.Row(
            [
                ft.Container(
                    _people(lang, "hr-top", tr(lang, "hr.dist.top"), report.top_performers),
                    expand=1,
                ),
                ft.Container(
                    _people(lang, "hr-pembinaan", tr(lang, "hr.dist.pembinaan"), report.pembinaan),
                    expand=1,
                ),
            ],
            vertical_alignment=ft.CrossAxisAlignment.START,
        ),
    ]


@ft.component
def HrDistribution(  # noqa: N802
    session: AppSession, state: AppState, route: str, unit_id: str = ""
) -> ft.Control:
    lang = state.lang
    view, set_view = ft.use_state(cast(_View | None, None))
    wanted, set_wanted = ft.use_state(("", unit_id, ""))  # opd, unit, period
    predikat, set_predikat = ft.use_state("")
    error, set_error = ft.use_state("")
    saved, set_saved = ft.use_state("")
    version, set_version = ft.use_state(0)

    async def load() -> None:
        opd, unit, period = wanted
        try:
            found = await hr_call(session, lambda api: _gather(api, opd, unit, period))
        except DeviceError as err:
            set_error(str(err))
            return
        set_error("")
        set_view(found)
        set_predikat((found.report.org_predikat if found.report else None) or "")

    ft.use_effect(load, [wanted, version, state.data_version])

    title = tr(lang, "hr.dist.title")
    if view is None:
        body: ft.Control = error_box("hr-error", error) if error else ft.ProgressRing()
        return hr_page(lang, route, title, body)

    def choose_opd(e: ft.Event[ft.Dropdown]) -> None:
        set_saved("")
        set_wanted((e.control.value or "", "", view.period))

    def choose_unit(e: ft.Event[ft.Dropdown]) -> None:
        set_saved("")
        set_wanted((view.opd, e.control.value or "", view.period))

    def choose_period(e: ft.Event[ft.Dropdown]) -> None:
        set_saved("")
        set_wanted((view.opd, view.unit, e.control.value or ""))

    async def set_org(_e: ft.Event[ft.Button]) -> None:
        if not predikat:
            set_error(tr(lang, "hr.dist.pick_predikat"))
            return
        unit, period = view.unit, view.period
        try:
            await hr_call(session, lambda api: api.set_org_predikat(unit, period, predikat))
        except DeviceError as err:
            set_error(str(err))
            return
        set_error("")
        set_saved(tr(lang, "hr.dist.org_saved"))
        set_version(version + 1)

    pickers = ft.Row(
        [
            named_dropdown(
                "hr-dist-opd",
                tr(lang, "hr.dist.opd"),
                view.opd,
                option_list(view.opds),
                choose_opd,
                330,
            ),
            named_dropdown(
                "hr-dist-unit",
                tr(lang, "hrx.dist.unit"),
                view.unit,
                option_list(view.units),
                choose_unit,
                330,
            ),
            named_dropdown(
                "hr-dist-period",
                tr(lang, "hr.period"),
                view.period,
                option_list([(p, period_words(lang, p)) for p in view.periods]),
                choose_period,
                200,
            ),
        ],
        wrap=True,
    )
    org = ft.Row(
        [
            labelled(
                "hr-org-predikat",
                ft.Dropdown(
                    label=tr(lang, "hr.dist.org_predikat"),
                    value=predikat or None,
                    options=option_list(ORG_PREDIKAT),
                    on_select=lambda e: set_predikat(e.control.value or ""),
                    width=260,
                ),
            ),
            ft.FilledTonalButton(
                tr(lang, "hr.dist.set_org"), icon=ft.Icons.GAVEL, on_click=set_org
            ),
            labelled("hr-dist-saved", ft.Text(saved, color=ft.Colors.GREEN_800)),
        ],
        wrap=True,
    )
    parts: list[ft.Control] = [pickers, org]
    if error:
        parts.append(error_box("hr-error", error))
    if view.report is not None:
        parts += _result(lang, view.report)
    return hr_page(lang, route, title, *parts)
