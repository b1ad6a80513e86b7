"""Audit (HR): browse the audit log by employee, acting user or record, newest first; and the
device list with each device's last contact, where a lost device is revoked."""

from __future__ import annotations

from typing import Any, cast

import flet as ft

from client.errors import DeviceError
from client.hr_api import AuditEntry, DeviceRow
from client.ui.common.app_state import AppState
from client.ui.common.fmt import format_datetime_wib
from client.ui.common.i18n import tr
from client.ui.common.widgets import card, labelled, muted, text_input
from client.ui.hr.common import error_box, hr_call, hr_page, option_list, table
from client.ui.session import AppSession

__all__ = ["HrAudit", "HrDevices"]

FILTERS = (
    ("subject", "hr.aud.by_subject"),
    ("nip", "hr.aud.by_user"),
    ("record", "hr.aud.by_record"),
)


def _detail(entry: AuditEntry) -> str:
    parts = [f"{k}={v}" for k, v in entry.detail.items() if v not in (None, "", [], {})]
    if entry.record_kind:
        parts.insert(0, f"{entry.record_kind} {(entry.record_id or '')[:13]}")
    text = ", ".join(parts)
    return text if len(text) <= 110 else text[:109] + "…"


@ft.component
def HrAudit(session: AppSession, state: AppState, route: str, nip: str = "") -> ft.Control:  # noqa: N802
    lang = state.lang
    by, set_by = ft.use_state("subject")
    query: list[str] = ft.use_memo(lambda: [nip], [])  # what was typed (no re-render per key)
    entries, set_entries = ft.use_state(cast(list[AuditEntry] | None, None))
    more, set_more = ft.use_state(cast(int | None, None))
    error, set_error = ft.use_state("")

    async def fetch(before: int | None) -> None:
        value = query[0].strip() or None
        try:
            page = await hr_call(
                session,
                lambda api: api.audit(
                    subject=value if by == "subject" else None,
                    nip=value if by == "nip" else None,
                    record_id=value if by == "record" else None,
                    before_id=before,
                ),
            )
        except DeviceError as err:
            set_error(str(err))
            return
        set_error("")
        set_entries([*(entries or []), *page.entries] if before else page.entries)
        set_more(page.next_before_id)

    async def first() -> None:
        if query[0]:
            await fetch(None)

    ft.use_effect(first, [])

    def put(text: str) -> None:
        query[0] = text

    async def search(_e: Any) -> None:
        await fetch(None)

    async def older(_e: ft.Event[ft.TextButton]) -> None:
        await fetch(more)

    form = ft.Row(
        [
            ft.Dropdown(
                label=tr(lang, "hr.aud.by"),
                value=by,
                options=option_list([(k, tr(lang, key)) for k, key in FILTERS]),
                on_select=lambda e: set_by(e.control.value or "subject"),
                width=220,
            ),
            text_input(
                query[0],
                put,
                label=tr(lang, "hr.aud.value"),
                on_submit=search,
                width=380,
            ),
            ft.FilledButton(tr(lang, "hr.aud.search"), icon=ft.Icons.SEARCH, on_click=search),
        ],
        wrap=True,
    )
    parts: list[ft.Control] = [form, muted(tr(lang, "hr.aud.intro"))]
    if error:
        parts.append(error_box("hr-error", error))
    if entries is not None:
        if not entries:
            parts.append(muted(tr(lang, "hr.aud.none")))
        else:
            parts.append(
                labelled(
                    "hr-audit-table",
                    table(
                        [
                            tr(lang, "hr.aud.when"),
                            tr(lang, "hr.aud.who"),
                            tr(lang, "hr.aud.what"),
                            tr(lang, "hr.aud.about"),
                            tr(lang, "hr.aud.detail"),
                        ],
                        [
                            [
                                format_datetime_wib(e.at, lang),
                                e.nip,
                                e.action,
                                e.subject or "",
                                _detail(e),
                            ]
                            for e in entries
                        ],
                    ),
                )
            )
        if more:
            parts.append(ft.TextButton(tr(lang, "hr.aud.older"), on_click=older))
    return hr_page(lang, route, tr(lang, "hr.aud.title"), *parts)


@ft.component
def HrDevices(session: AppSession, state: AppState, route: str) -> ft.Control:  # noqa: N802
    lang = state.lang
    devices, set_devices = ft.use_state(cast(list[DeviceRow] | None, None))
    error, set_error = ft.use_state("")
    notice, set_notice = ft.use_state("")
    version, set_version = ft.use_state(0)

    async def load() -> None:
        try:
            set_devices(await hr_call(session, lambda api: api.devices()))
        except DeviceError as err:
            set_error(str(err))

    ft.use_effect(load, [version])

    def ask_revoke(device: DeviceRow) -> Any:
        async def confirm(_e: Any) -> None:
            ft.context.page.pop_dialog()
            try:
                await hr_call(session, lambda api: api.revoke(device.id))
            except DeviceError as err:
                set_error(str(err))
                return
            set_notice(tr(lang, "hr.dev.revoked", name=device.name, id=device.id))
            set_version(version + 1)

        def cancel(_e: Any) -> None:
            ft.context.page.pop_dialog()

        def handler(_e: Any) -> None:
            ft.context.page.show_dialog(
                ft.AlertDialog(
                    title=ft.Text(tr(lang, "hr.dev.confirm_title")),
                    content=ft.Text(
                        tr(lang, "hr.dev.confirm", name=device.name, dev=device.device_name)
                    ),
                    actions=[
                        ft.TextButton(tr(lang, "hr.dev.cancel"), on_click=cancel),
                        ft.FilledButton(tr(lang, "hr.dev.revoke"), on_click=confirm),
                    ],
                )
            )

        return handler

    parts: list[ft.Control] = [muted(tr(lang, "hr.dev.intro"))]
    if error:
        parts.append(error_box("hr-error", error))
    if notice:
        parts.append(labelled("hr-device-notice", ft.Text(notice, color=ft.Colors.GREEN_800)))
    if devices is None:
        parts.append(ft.ProgressRing())
    else:
        rows: list[list[ft.Control | str]] = []
        for d in devices:
            since = (
                tr(lang, "hr.dev.days", n=d.days_since_contact)
                if d.days_since_contact is not None
                else "—"
            )
            action: ft.Control = (
                ft.Text(tr(lang, "hr.dev.is_revoked"), color=ft.Colors.ERROR)
                if d.revoked
                else ft.OutlinedButton(tr(lang, "hr.dev.revoke"), on_click=ask_revoke(d))
            )
            rows.append(
                [
                    d.id,
                    f"{d.name}\n{d.nip}",
                    d.unit_name,
                    d.device_name,
                    format_datetime_wib(d.last_seen_at, lang),
                    since,
                    action,
                ]
            )
        parts.append(
            labelled(
                "hr-devices-table",
                card(
                    table(
                        [
                            "ID",
                            tr(lang, "hr.col.name"),
                            "Unit",
                            tr(lang, "hr.dev.device"),
                            tr(lang, "hr.dev.last"),
                            tr(lang, "hr.dev.since"),
                            "",
                        ],
                        rows,
                    )
                ),
            )
        )
    return hr_page(lang, route, tr(lang, "hr.dev.title"), *parts)
