"""Small helpers shared by the integration tests: login, bearer headers, sync messages."""

from __future__ import annotations

from typing import Any

import httpx
import msgspec

from sync import Change, PullRequest, PushBatch, hlc, local_edit
from tests.unit.server import dataset as ds

MSGPACK = {"content-type": "application/msgpack", "accept": "application/msgpack"}


def password_of(nip: str) -> str:
    return ds.OTHER_PASSWORD if nip == ds.TEACHER else ds.PASSWORD


async def login(client: httpx.AsyncClient, nip: str, **extra: Any) -> dict[str, Any]:
    """Log in and return the answer (token, device_id, roles ...)."""
    answer = await client.post(
        "/api/v1/auth/login", json={"nip": nip, "password": password_of(nip), **extra}
    )
    assert answer.status_code == 200, answer.text
    body: dict[str, Any] = answer.json()
    return body


def bearer(session: dict[str, Any]) -> dict[str, str]:
    return {"authorization": f"Bearer {session['token']}"}


def new_log(
    device: str, owner: str, record_id: str, *, counter: int = 1, now_ms: int, **fields: Any
) -> Change:
    """A device's creating change of a progress log."""
    _, change = local_edit(
        None,
        None,
        kind="progress_log",
        id=record_id,
        owner=owner,
        patch={**ds.log_fields(owner), **fields},
        replica=device,
        counter=counter,
        hlc=hlc.pack(now_ms),
    )
    return change


async def push(
    client: httpx.AsyncClient, session: dict[str, Any], seq: int, changes: list[Change]
) -> httpx.Response:
    batch = PushBatch(device_id=session["device_id"], batch_seq=seq, changes=changes)
    headers = {**bearer(session), **MSGPACK}
    return await client.post(
        "/api/v1/sync/push", content=msgspec.msgpack.encode(batch), headers=headers
    )


async def pull(
    client: httpx.AsyncClient, session: dict[str, Any], cursor: int = 0, limit: int = 500
) -> dict[str, Any]:
    req = PullRequest(device_id=session["device_id"], cursor=cursor, limit=limit)
    answer = await client.post(
        "/api/v1/sync/pull", content=msgspec.json.encode(req), headers=bearer(session)
    )
    assert answer.status_code == 200, answer.text
    body: dict[str, Any] = answer.json()
    return body
