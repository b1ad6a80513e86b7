from __future__ import annotations

import msgspec
import pytest

import sync
from sync import protocol

from .helpers import edit


def _batch() -> sync.PushBatch:
    _, change = edit(None, {"desc": "kunjungan", "val": 3})
    return sync.PushBatch(device_id="d1", batch_seq=1, changes=[change])


@pytest.mark.parametrize("fmt", ["msgpack", "json"])
def test_requests_round_trip(fmt: protocol.Format) -> None:
    messages: list[sync.Request] = [
        sync.RegisterRequest(device_name="HP Ani", platform="android", app_version="1.0"),
        _batch(),
        sync.PullRequest(device_id="d1", cursor=10, limit=100),
        sync.EvidenceManifest(
            device_id="d1",
            files=[
                sync.EvidenceFile(sha256="ab" * 32, size=10, media_type="image/jpeg", record_id="r")
            ],
        ),
    ]
    for msg in messages:
        back = sync.decode_request(sync.encode(msg, fmt), fmt)
        assert back == msg
        assert back.protocol == sync.PROTOCOL_VERSION


@pytest.mark.parametrize("fmt", ["msgpack", "json"])
def test_responses_round_trip(fmt: protocol.Format) -> None:
    messages: list[sync.Response] = [
        sync.RegisterResponse(device_id="d1", server_replica="S", server_time_ms=1, max_skew_ms=2),
        sync.PushResult(batch_seq=1, results=[sync.ChangeResult(id="r", outcome="applied")]),
        sync.PullPage(records=[], next_cursor=5, more=True),
        sync.EvidenceStatus(missing=["ab"]),
        sync.ProtocolMismatch(client_protocol=0),
        sync.ErrorAnswer(code="bad_request", message="x"),
    ]
    for msg in messages:
        assert sync.decode_response(sync.encode(msg, fmt), fmt) == msg


def test_json_is_tagged_and_readable() -> None:
    data = sync.encode(sync.PullRequest(device_id="d1", cursor=0), "json")
    assert data.startswith(b'{"type":"pull","protocol":1')


def test_other_protocol_version_gets_update_the_app() -> None:
    data = msgspec.json.encode({"type": "pull", "protocol": 99, "device_id": "d", "cursor": 0})
    with pytest.raises(sync.ProtocolVersionError) as info:
        sync.decode_request(data, "json")
    answer = sync.mismatch_answer(info.value)
    assert answer.client_protocol == 99
    assert "perbarui aplikasi" in answer.message


def test_bad_input_names_the_path() -> None:
    bad = msgspec.json.encode(
        {
            "type": "push",
            "protocol": 1,
            "device_id": "d",
            "batch_seq": 1,
            "changes": [{"kind": "x", "vv": "oops"}],
        }
    )
    with pytest.raises(sync.ProtocolDecodeError, match=r"\$\.changes\[0\]"):
        sync.decode_request(bad, "json")
    with pytest.raises(sync.ProtocolDecodeError, match="tidak dapat dibaca"):
        sync.decode_request(b"\xc1", "msgpack")


def test_result_of_every_decision() -> None:
    _, change = edit(None, {"desc": "a"})
    decision = sync.reconcile(
        None, change, relation=sync.Relation.OWNER, server_replica="S", now_hlc=change.hlc
    )
    assert sync.result_of("r1", decision).outcome == "applied"
    refused = sync.reconcile(
        None, change, relation=sync.Relation.NONE, server_replica="S", now_hlc=change.hlc
    )
    result = sync.result_of("r1", refused)
    assert result.outcome == "rejected"
    assert result.reason is sync.RejectReason.FORBIDDEN
    assert result.message == "Anda tidak berhak membuat progres harian ini."
