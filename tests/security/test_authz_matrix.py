"""The authorization matrix: every role against every endpoint and record kind, from ONE table.

Actors (roles derived by the server from master data, checked below):

==========================  ==============  ==============================================
role                        who             targets
==========================  ==============  ==============================================
pegawai                     nurse           own; colleague (same Puskesmas); other unit
pejabat_penilai             Kepala PKM      own; subordinate (nurse); colleague (OPD admin)
atasan_pejabat_penilai      Kepala Dinas    own; subordinate (Kapus); subordinate's (nurse)
admin_opd                   Dinkes admin    own; colleague (nurse, same OPD); other unit
admin_bkpp                  BKPP analyst    own; other unit (teacher: the city is theirs)
==========================  ==============  ==============================================

``other unit`` is always the teacher of Dinas Pendidikan. Each cell of :data:`ALLOW` names the
targets a role may act on; every other existing (role, target) pair must be refused, and a
refused write must leave the server's copy untouched. Each operation is a real HTTP request
against the app. :func:`test_every_route_is_in_the_matrix` fails when an endpoint appears that
no row covers.
"""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable

import msgspec
import pytest
from litestar.routes import HTTPRoute

from sync import EvidenceFile, EvidenceManifest, EvidenceStatus, Record
from tests.security.conftest import EVIDENCE, LOGS, City, Session
from tests.unit.server import dataset as ds

OWN, SUB, SUBSUB, COLLEAGUE, OTHER = "own", "subordinate", "subordinates_sub", "colleague", "other"

ACTORS: dict[str, str] = {
    "pegawai": ds.NURSE,
    "pejabat_penilai": ds.KAPUS,
    "atasan_pejabat_penilai": ds.KADINKES,
    "admin_opd": ds.ADMIN_DINKES,
    "admin_bkpp": ds.BKPP,
}

TARGETS: dict[str, dict[str, str]] = {
    "pegawai": {OWN: ds.NURSE, COLLEAGUE: ds.NURSE2, OTHER: ds.TEACHER},
    "pejabat_penilai": {
        OWN: ds.KAPUS,
        SUB: ds.NURSE,
        COLLEAGUE: ds.ADMIN_DINKES,
        OTHER: ds.TEACHER,
    },
    "atasan_pejabat_penilai": {
        OWN: ds.KADINKES,
        SUB: ds.KAPUS,
        SUBSUB: ds.NURSE,
        OTHER: ds.TEACHER,
    },
    "admin_opd": {OWN: ds.ADMIN_DINKES, COLLEAGUE: ds.NURSE, OTHER: ds.TEACHER},
    "admin_bkpp": {OWN: ds.BKPP, OTHER: ds.TEACHER},
}

_LINE = {OWN, SUB, SUBSUB}  # the employee and their supervisor chain
_SUPERVISES = {SUB}  # the current Pejabat Penilai only
_ALL = {OWN, SUB, SUBSUB, COLLEAGUE, OTHER}


def _per_role(
    pegawai: set[str],
    pejabat: set[str],
    atasan: set[str],
    admin_opd: set[str],
    admin_bkpp: set[str],
) -> dict[str, set[str]]:
    return {
        "pegawai": pegawai,
        "pejabat_penilai": pejabat,
        "atasan_pejabat_penilai": atasan,
        "admin_opd": admin_opd,
        "admin_bkpp": admin_bkpp,
    }


# THE table: operation -> role -> targets allowed. Everything else is denied.
ALLOW: dict[str, dict[str, set[str]]] = {
    # read
    "pull_progress_log": _per_role(_LINE, _LINE, _LINE, {OWN, COLLEAGUE}, _ALL),
    "download_evidence": _per_role(_LINE, _LINE, _LINE, {OWN, COLLEAGUE}, _ALL),
    "evidence_status": _per_role(_ALL, _ALL, _ALL, _ALL, _ALL),  # existence of a complete file
    # the manifest answers "held" only for files the caller itself proved holding
    "evidence_manifest": _per_role({OWN}, {OWN}, {OWN}, {OWN}, {OWN}),
    # write progress logs
    "create_progress_log": _per_role({OWN}, {OWN}, {OWN}, {OWN}, {OWN}),
    "edit_progress_log": _per_role({OWN}, {OWN}, {OWN}, {OWN}, {OWN}),
    "comment_progress_log": _per_role(set(), _SUPERVISES, _SUPERVISES, set(), set()),
    "delete_progress_log": _per_role({OWN}, {OWN}, {OWN}, {OWN}, {OWN}),
    # the supervisor's records
    "create_feedback": _per_role(set(), _SUPERVISES, _SUPERVISES, set(), set()),
    "create_appraisal": _per_role(set(), _SUPERVISES, _SUPERVISES, set(), set()),
    # devices
    "revoke_device": _per_role(set(), set(), set(), {OWN, COLLEAGUE}, _ALL),
    # accounts: never one's own (that is a password change); admin_opd not an admin's
    "reset_password": _per_role(set(), set(), set(), {COLLEAGUE}, {OTHER}),
    # HR's follow-up of the appraisal (hukuman disiplin, penghargaan): HR of the employee's
    # OPD or BKPP, never about themselves; it reaches the employee and their supervisor chain
    "record_discipline": _per_role(set(), set(), set(), {COLLEAGUE}, {OTHER}),
    "list_discipline": _per_role(set(), set(), set(), {OWN, COLLEAGUE}, {OWN, OTHER}),
    "delete_discipline": _per_role(set(), set(), set(), {COLLEAGUE}, {OTHER}),
    "push_discipline": _per_role(set(), set(), set(), {COLLEAGUE}, {OTHER}),
    "pull_discipline": _per_role(_LINE, _LINE, _LINE, {OWN, COLLEAGUE}, _ALL),
    "record_award": _per_role(set(), set(), set(), {COLLEAGUE}, {OTHER}),
    "list_awards": _per_role(set(), set(), set(), {OWN, COLLEAGUE}, {OWN, OTHER}),
    "delete_award": _per_role(set(), set(), set(), {COLLEAGUE}, {OTHER}),
    "push_award": _per_role(set(), set(), set(), {COLLEAGUE}, {OTHER}),
    "pull_award": _per_role(_LINE, _LINE, _LINE, {OWN, COLLEAGUE}, _ALL),
}

# Which operations exercise which route (method, path template); see the completeness test.
ROUTES: dict[tuple[str, str], str] = {
    ("POST", "/api/v1/sync/pull"): "pull_progress_log",
    ("POST", "/api/v1/sync/push"): "create_progress_log and the other writes",
    ("GET", "/api/v1/evidence/{sha256:str}"): "download_evidence",
    ("GET", "/api/v1/evidence/{sha256:str}/status"): "evidence_status",
    ("HEAD", "/api/v1/evidence/{sha256:str}"): "evidence_status",
    ("PUT", "/api/v1/evidence/{sha256:str}"): "test_scope_tampering (upload is own by nature)",
    ("POST", "/api/v1/evidence/manifest"): "evidence_manifest",
    ("POST", "/api/v1/evidence/batch"): "upload is own by nature; foreign device_id: "
    "test_api_evidence_batch",
    ("POST", "/api/v1/devices/{device_id:str}/revoke"): "revoke_device",
    ("POST", "/api/v1/auth/login"): "self only: test_tokens_and_passwords",
    ("POST", "/api/v1/auth/refresh"): "self only: test_scope_tampering",
    ("POST", "/api/v1/auth/logout"): "self only (the calling token): test_accounts",
    ("POST", "/api/v1/auth/password"): "self only (the calling token): test_accounts",
    ("POST", "/api/v1/accounts/{nip:str}/reset-password"): "reset_password",
    ("GET", "/api/v1/me"): "self only: test_scope_tampering",
    ("GET", "/health"): "public",
    # under the delegated /api/v1/admin prefix, covered here all the same
    ("PUT", "/api/v1/admin/discipline"): "record_discipline",
    ("GET", "/api/v1/admin/discipline"): "list_discipline",
    ("DELETE", "/api/v1/admin/discipline/{record_id:str}"): "delete_discipline",
    ("PUT", "/api/v1/admin/awards"): "record_award",
    ("GET", "/api/v1/admin/awards"): "list_awards",
    ("DELETE", "/api/v1/admin/awards/{record_id:str}"): "delete_award",
}
# Routes of the HR reports area are guarded by that area's own tests; the revocation test
# still checks them generically (no token, revoked token).
DELEGATED_PREFIXES = ("/api/v1/reports", "/api/v1/admin", "/schema")


Op = Callable[[City, Session, str], Awaitable[bool]]


def _outcome(record_id: str, result: object) -> bool:
    outcome = result.results[0].outcome  # type: ignore[attr-defined]
    assert outcome in {"applied", "merged", "rejected"}, (record_id, outcome)
    return bool(outcome != "rejected")


async def pull_progress_log(city: City, me: Session, target: str) -> bool:
    return LOGS[target] in {r.id for r in await city.pull_all(me)}


async def download_evidence(city: City, me: Session, target: str) -> bool:
    answer = await city.client.get(f"/api/v1/evidence/{EVIDENCE[target]}", headers=me.headers)
    assert answer.status_code in {200, 403}, answer.text
    if answer.status_code == 403:
        assert answer.json()["code"] == "forbidden"
    return answer.status_code == 200


async def evidence_status(city: City, me: Session, target: str) -> bool:
    answer = await city.client.get(
        f"/api/v1/evidence/{EVIDENCE[target]}/status", headers=me.headers
    )
    assert answer.status_code in {200, 403, 404}, answer.text
    return answer.status_code == 200


async def evidence_manifest(city: City, me: Session, target: str) -> bool:
    sha = EVIDENCE[target]
    manifest = EvidenceManifest(
        device_id=me.device_id,
        files=[EvidenceFile(sha256=sha, size=1, media_type="image/png", record_id="")],
    )
    answer = await city.client.post(
        "/api/v1/evidence/manifest",
        content=msgspec.msgpack.encode(manifest),
        headers={**me.headers, "content-type": "application/msgpack"},
    )
    assert answer.status_code == 200, answer.text
    status = msgspec.msgpack.decode(answer.content, type=EvidenceStatus)
    assert status.received == {}  # never another user's upload progress
    return sha not in status.missing


async def _write(
    city: City, me: Session, record_id: str, before: Record | None, **kw: object
) -> bool:
    change = city.change(me, record_id=record_id, base=before, **kw)  # type: ignore[arg-type]
    allowed = _outcome(record_id, await city.push(me, change))
    after = city.stored(record_id)
    if not allowed:
        assert after == before, "a refused change altered the server's copy"
    else:
        assert after is not None
        assert after != before
    return allowed


async def create_progress_log(city: City, me: Session, target: str) -> bool:
    fields = ds.log_fields(target)
    return await _write(
        city, me, str(uuid.uuid4()), None, kind="progress_log", owner=target, patch=fields
    )


async def edit_progress_log(city: City, me: Session, target: str) -> bool:
    base = city.stored(LOGS[target])
    patch = {"description": f"diubah oleh {me.nip}"}
    return await _write(
        city, me, LOGS[target], base, kind="progress_log", owner=target, patch=patch
    )


async def comment_progress_log(city: City, me: Session, target: str) -> bool:
    base = city.stored(LOGS[target])
    patch = {"supervisor_comment": "Sudah sesuai", "acknowledged_by": me.nip}
    return await _write(
        city, me, LOGS[target], base, kind="progress_log", owner=target, patch=patch
    )


async def delete_progress_log(city: City, me: Session, target: str) -> bool:
    base = city.stored(LOGS[target])
    return await _write(
        city, me, LOGS[target], base, kind="progress_log", owner=target, patch={}, delete=True
    )


async def create_feedback(city: City, me: Session, target: str) -> bool:
    fields = {"employee_nip": target, "author_nip": me.nip, "text": "Pertahankan kinerja"}
    return await _write(
        city, me, str(uuid.uuid4()), None, kind="feedback", owner=target, patch=fields
    )


async def create_appraisal(city: City, me: Session, target: str) -> bool:
    fields = {
        "employee_nip": target,
        "supervisor_nip": me.nip if me.nip != target else ds.KADINKES,
        "period_code": "2026-T1",
        "kind": "periodik",
        "status": "draft",
    }
    return await _write(
        city, me, str(uuid.uuid4()), None, kind="appraisal", owner=target, patch=fields
    )


async def revoke_device(city: City, me: Session, target: str) -> bool:
    victim = me if target == me.nip else await city.login(target)
    answer = await city.client.post(
        f"/api/v1/devices/{victim.device_id}/revoke", headers=me.headers
    )
    assert answer.status_code in {200, 403}, answer.text
    still = await city.client.get("/api/v1/me", headers=victim.headers)
    assert still.status_code == (401 if answer.status_code == 200 else 200)
    return answer.status_code == 200


async def reset_password(city: City, me: Session, target: str) -> bool:
    victim = await city.login(target)
    answer = await city.client.post(f"/api/v1/accounts/{target}/reset-password", headers=me.headers)
    assert answer.status_code in {200, 403}, answer.text
    if answer.status_code == 403:
        assert answer.json()["code"] == "forbidden"
        # nothing changed: the victim's session and password still work
        assert (await city.client.get("/api/v1/me", headers=victim.headers)).status_code == 200
        assert (await city.login(target)).token
        return False
    assert (await city.client.get("/api/v1/me", headers=victim.headers)).status_code == 401
    temporary = answer.json()["temporary_password"]
    first = await city.client.post(
        "/api/v1/auth/login", json={"nip": target, "password": temporary}
    )
    assert first.status_code == 200, first.text
    assert first.json()["must_change_password"] is True
    return True


def _followup_fields(kind: str, target: str, decider: str) -> dict[str, object]:
    if kind == "discipline":
        return {
            "employee_nip": target,
            "level": "ringan",
            "kind": "teguran_tertulis",
            "decided_on": "2025-06-10",
            "decree_number": "800/71/2025",
            "period_code": "2025",
        }
    return {
        "employee_nip": target,
        "period_code": "2025",
        "kind": "piagam",
        "basis": "Predikat Sangat Baik 2025",
        "decided_on": "2026-01-20",
        "decided_by": decider,
    }


_FOLLOWUP_PATH = {"discipline": "discipline", "award": "awards"}


def _seed_followup(city: City, kind: str, target: str) -> str:
    """A follow-up record of ``target`` written by the server (whoever acts on it next)."""
    from server.reports.writes import new_record_id, write_server_version
    from shared_models.kinds import RecordKind

    now = city.clock()
    with city.services.storage.write() as tx:
        record = write_server_version(
            tx,
            kind=RecordKind(kind),
            record_id=new_record_id(now),
            owner=target,
            patch=_followup_fields(kind, target, ds.BKPP if target != ds.BKPP else ds.KADINKES),
            replica="s0",
            now=now,
        )
    return record.id


def _live(city: City, kind: str, owner: str) -> list[str]:
    from server.storage.rows import FactQuery

    with city.services.storage.read() as reader:
        return [f.record_id for f in reader.facts(FactQuery(kind=kind, owners=frozenset({owner})))]


async def _record_followup(city: City, me: Session, target: str, kind: str) -> bool:
    body = _followup_fields(kind, target, me.nip)
    body.pop("decided_by", None)
    body.pop("level", None)
    answer = await city.client.put(
        f"/api/v1/admin/{_FOLLOWUP_PATH[kind]}", json=body, headers=me.headers
    )
    assert answer.status_code in {200, 403}, answer.text
    if answer.status_code == 403:
        assert answer.json()["code"] == "forbidden"
        assert _live(city, kind, target) == [], "a refused act stored a record"
        return False
    assert _live(city, kind, target) == [answer.json()["id"]]
    return True


async def _list_followup(city: City, me: Session, target: str, kind: str) -> bool:
    record_id = _seed_followup(city, kind, target)
    answer = await city.client.get(
        f"/api/v1/admin/{_FOLLOWUP_PATH[kind]}",
        params={"employee_nip": target},
        headers=me.headers,
    )
    assert answer.status_code in {200, 403}, answer.text
    if answer.status_code == 403:
        return False
    (listed,) = next(iter(answer.json().values()))
    assert listed["record_id"] == record_id
    return True


async def _delete_followup(city: City, me: Session, target: str, kind: str) -> bool:
    record_id = _seed_followup(city, kind, target)
    answer = await city.client.delete(
        f"/api/v1/admin/{_FOLLOWUP_PATH[kind]}/{record_id}", headers=me.headers
    )
    assert answer.status_code in {200, 403}, answer.text
    if answer.status_code == 403:
        assert _live(city, kind, target) == [record_id], "a refused delete removed the record"
        return False
    assert _live(city, kind, target) == []
    return True


async def _push_followup(city: City, me: Session, target: str, kind: str) -> bool:
    fields = _followup_fields(kind, target, me.nip)
    return await _write(city, me, str(uuid.uuid4()), None, kind=kind, owner=target, patch=fields)


async def _pull_followup(city: City, me: Session, target: str, kind: str) -> bool:
    record_id = _seed_followup(city, kind, target)
    return record_id in {r.id for r in await city.pull_all(me)}


def _followup_op(act: Callable[[City, Session, str, str], Awaitable[bool]], kind: str) -> Op:
    async def op(city: City, me: Session, target: str) -> bool:
        return await act(city, me, target, kind)

    return op


OPS: dict[str, Op] = {
    "pull_progress_log": pull_progress_log,
    "download_evidence": download_evidence,
    "evidence_status": evidence_status,
    "evidence_manifest": evidence_manifest,
    "create_progress_log": create_progress_log,
    "edit_progress_log": edit_progress_log,
    "comment_progress_log": comment_progress_log,
    "delete_progress_log": delete_progress_log,
    "create_feedback": create_feedback,
    "create_appraisal": create_appraisal,
    "revoke_device": revoke_device,
    "reset_password": reset_password,
    "record_discipline": _followup_op(_record_followup, "discipline"),
    "list_discipline": _followup_op(_list_followup, "discipline"),
    "delete_discipline": _followup_op(_delete_followup, "discipline"),
    "push_discipline": _followup_op(_push_followup, "discipline"),
    "pull_discipline": _followup_op(_pull_followup, "discipline"),
    "record_award": _followup_op(_record_followup, "award"),
    "list_awards": _followup_op(_list_followup, "award"),
    "delete_award": _followup_op(_delete_followup, "award"),
    "push_award": _followup_op(_push_followup, "award"),
    "pull_award": _followup_op(_pull_followup, "award"),
}

CELLS = [
    pytest.param(op, role, target, target in ALLOW[op][role], id=f"{op}-{role}-{target}")
    for op in ALLOW
    for role, targets in TARGETS.items()
    for target in targets
]


@pytest.mark.parametrize(("op", "role", "target", "expected"), CELLS)
async def test_matrix(city: City, op: str, role: str, target: str, expected: bool) -> None:
    me = await city.login(ACTORS[role])
    assert role in me.roles, f"the server derived {me.roles} for {role}"
    allowed = await OPS[op](city, me, TARGETS[role][target])
    assert allowed is expected, (
        f"{role} {op} on {target}'s: expected {'allow' if expected else 'deny'}"
    )


def test_table_is_complete() -> None:
    assert set(ALLOW) == set(OPS)
    for op, per_role in ALLOW.items():
        assert set(per_role) == set(ACTORS), op
        for role, targets in per_role.items():
            assert targets <= _ALL, (op, role)


async def test_every_route_is_in_the_matrix(city: City) -> None:
    app = city.client._transport.app  # type: ignore[attr-defined]
    seen = set()
    for route in app.routes:
        if not isinstance(route, HTTPRoute) or route.path.startswith(DELEGATED_PREFIXES):
            continue
        for method in route.methods:
            if method == "OPTIONS":
                continue
            seen.add((method, route.path))
    missing = {key for key in seen if key not in ROUTES}
    assert not missing, f"endpoints without a row in the authorization matrix: {sorted(missing)}"
