"""Sync bodies on the wire: gzip both ways, the inflate cap, and pages spliced from stored blobs."""

from __future__ import annotations

import gzip
import time
import zlib

import msgspec

from server.record_codec import WirePullPage, encode_wire, from_stored, wire_record
from sync import PullPage, PullRequest, PushBatch, PushResult, encode
from tests.integration.conftest import InProcess
from tests.integration.helpers import MSGPACK, bearer, login, new_log
from tests.unit.server import dataset as ds


def _logs(device: str, count: int) -> list:  # type: ignore[type-arg]
    now = int(time.time() * 1000)
    return [
        new_log(
            device, ds.NURSE, f"0190c000-0000-7000-8000-{i:012d}", counter=i + 1, now_ms=now + i
        )
        for i in range(count)
    ]


async def test_gzip_push_and_compressed_answers(api: InProcess) -> None:
    nurse = await login(api.client, ds.NURSE)
    batch = PushBatch(
        device_id=nurse["device_id"], batch_seq=1, changes=_logs(nurse["device_id"], 20)
    )
    body = encode(batch)
    headers = {**bearer(nurse), **MSGPACK, "accept-encoding": "gzip"}
    answer = await api.client.post(
        "/api/v1/sync/push",
        content=gzip.compress(body),
        headers={**headers, "content-encoding": "gzip"},
    )
    assert answer.status_code == 200, answer.text
    assert answer.headers["content-encoding"] == "gzip"
    result = msgspec.msgpack.decode(answer.content, type=PushResult)  # httpx inflated it
    assert [r.outcome for r in result.results] == ["applied"] * 20
    # deflate (zlib) is accepted too; the replay answers from memory
    again = await api.client.post(
        "/api/v1/sync/push",
        content=zlib.compress(body),
        headers={**headers, "content-encoding": "deflate"},
    )
    assert msgspec.msgpack.decode(again.content, type=PushResult).replayed
    # no Accept-Encoding: plain answer
    pull = PullRequest(device_id=nurse["device_id"], cursor=0, limit=1000)
    plain = await api.client.post(
        "/api/v1/sync/pull",
        content=encode(pull),
        headers={**bearer(nurse), **MSGPACK, "accept-encoding": "identity"},
    )
    assert "content-encoding" not in plain.headers
    page = msgspec.msgpack.decode(plain.content, type=PullPage)
    assert {r.id for r in page.records} >= {c.id for c in batch.changes}


async def test_inflated_body_is_capped(api: InProcess) -> None:
    nurse = await login(api.client, ds.NURSE)
    limit = api.services.settings.max_body_bytes
    bomb = gzip.compress(b"\0" * (limit + 1))
    assert len(bomb) < limit // 100
    answer = await api.client.post(
        "/api/v1/sync/push",
        content=bomb,
        headers={**bearer(nurse), **MSGPACK, "content-encoding": "gzip"},
    )
    assert answer.status_code == 413
    assert answer.json()["code"] == "payload_too_large"
    odd = await api.client.post(
        "/api/v1/sync/push",
        content=b"x",
        headers={**bearer(nurse), **MSGPACK, "content-encoding": "br"},
    )
    assert odd.status_code == 415
    broken = await api.client.post(
        "/api/v1/sync/push",
        content=b"not gzip at all",
        headers={**bearer(nurse), **MSGPACK, "content-encoding": "gzip"},
    )
    assert broken.status_code == 400


async def test_spliced_page_is_byte_identical(api: InProcess) -> None:
    nurse = await login(api.client, ds.NURSE)
    changes = _logs(nurse["device_id"], 5)
    batch = PushBatch(device_id=nurse["device_id"], batch_seq=1, changes=changes)
    answer = await api.client.post(
        "/api/v1/sync/push", content=encode(batch), headers={**bearer(nurse), **MSGPACK}
    )
    assert answer.status_code == 200
    with api.services.storage.read() as reader:
        rows = list(reader.records_by_id([c.id for c in changes]).values())
    spliced = encode_wire(WirePullPage(records=[wire_record(r) for r in rows], next_cursor=9))
    decoded = encode(PullPage(records=[from_stored(r) for r in rows], next_cursor=9))
    assert spliced == decoded
