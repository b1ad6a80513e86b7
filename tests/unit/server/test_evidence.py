"""Evidence uploads: chunks, resumption, hash and type checks, size limit, who may download."""

from __future__ import annotations

import hashlib

import msgspec
import pytest

from server.actor import Actor
from server.errors import (
    BadRequestError,
    ConflictError,
    ForbiddenError,
    HashMismatchError,
    NotFoundError,
    PayloadTooLargeError,
    UnsupportedMediaTypeError,
)
from server.services import Services
from server.storage import StoredRecord
from tests.fixtures.files import JPEG, PDF
from tests.unit.server import dataset as ds

PHOTO = JPEG + bytes(range(256)) * 40  # 10 KiB of "photo"
SHA = hashlib.sha256(PHOTO).hexdigest()


def actor(services: Services, nip: str) -> Actor:
    session = services.auth.login(nip=nip, password=ds.PASSWORD, address="x")
    return session.actor


def test_whole_file_in_one_request(services: Services) -> None:
    nurse = actor(services, ds.NURSE)
    status, finished = services.evidence.put(nurse, SHA, offset=0, total=len(PHOTO), chunk=PHOTO)
    assert finished
    assert status.complete
    assert status.mime == "image/jpeg"
    path, row = services.evidence.open(nurse, SHA)
    assert path.read_bytes() == PHOTO
    assert path == services.settings.data_dir / "evidence" / SHA[:2] / SHA
    assert row.owner == ds.NURSE
    again, finished_again = services.evidence.put(
        nurse, SHA, offset=0, total=len(PHOTO), chunk=PHOTO
    )
    assert again == status
    assert not finished_again  # idempotent
    with services.storage.read() as reader:
        actions = [e.action for e in reader.audit_entries()]
    assert actions.count("evidence_uploaded") == 1


def test_chunked_upload_resumes_and_tolerates_retries(services: Services) -> None:
    nurse = actor(services, ds.NURSE)
    total = len(PHOTO)
    first, _ = services.evidence.put(nurse, SHA, offset=0, total=total, chunk=PHOTO[:4000])
    assert (first.received, first.complete) == (4000, False)
    assert services.evidence.status(nurse, SHA).received == 4000
    # a retried chunk that overlaps what arrived only adds the new bytes
    second, _ = services.evidence.put(nurse, SHA, offset=3000, total=total, chunk=PHOTO[3000:7000])
    assert second.received == 7000
    with pytest.raises(ConflictError) as gap:
        services.evidence.put(nurse, SHA, offset=8000, total=total, chunk=PHOTO[8000:])
    assert gap.value.extra == {"received": 7000}
    last, finished = services.evidence.put(nurse, SHA, offset=7000, total=total, chunk=PHOTO[7000:])
    assert finished
    assert last.complete
    assert last.received == total
    assert services.evidence.open(nurse, SHA)[0].read_bytes() == PHOTO


def test_wrong_hash_discards_the_upload(services: Services) -> None:
    nurse = actor(services, ds.NURSE)
    wrong = hashlib.sha256(b"something else").hexdigest()
    with pytest.raises(HashMismatchError) as err:
        services.evidence.put(nurse, wrong, offset=0, total=len(PHOTO), chunk=PHOTO)
    assert err.value.status_code == 422
    assert err.value.extra["actual"] == SHA
    with pytest.raises(NotFoundError):
        services.evidence.status(nurse, wrong)
    partial = services.settings.data_dir / "evidence" / "partial"
    assert list(partial.iterdir()) == []


def test_size_limit(services: Services) -> None:
    nurse = actor(services, ds.NURSE)
    too_big = services.settings.evidence_max_bytes + 1
    with pytest.raises(PayloadTooLargeError, match="terlalu besar"):
        services.evidence.put(nurse, SHA, offset=0, total=too_big, chunk=PHOTO[:100])


def test_disguised_file_is_refused(services: Services) -> None:
    nurse = actor(services, ds.NURSE)
    program = b"MZ\x90\x00" + b"\x00" * 100
    sha = hashlib.sha256(program).hexdigest()
    with pytest.raises(UnsupportedMediaTypeError, match="JPEG, PNG, WebP, atau PDF"):
        services.evidence.put(nurse, sha, offset=0, total=len(program), chunk=program)
    with pytest.raises(NotFoundError):
        services.evidence.status(nurse, sha)


@pytest.mark.parametrize(
    ("sha", "offset", "total", "chunk", "field"),
    [
        ("xyz", 0, 10, b"", "sha256"),
        (SHA, 0, 0, b"", "size"),
        (SHA, -1, 10, b"a", "offset"),
        (SHA, 5, 10, b"123456", "offset"),
        (SHA, 0, 100, PHOTO[:5], "offset"),  # first chunk too short to tell the type
    ],
)
def test_bad_parameters(
    services: Services, sha: str, offset: int, total: int, chunk: bytes, field: str
) -> None:
    with pytest.raises(BadRequestError) as err:
        services.evidence.put(
            actor(services, ds.NURSE), sha, offset=offset, total=total, chunk=chunk
        )
    assert err.value.field == field


def test_first_chunk_must_start_at_zero(services: Services) -> None:
    with pytest.raises(ConflictError):
        services.evidence.put(
            actor(services, ds.NURSE), SHA, offset=10, total=len(PHOTO), chunk=PHOTO[10:20]
        )


def test_partial_upload_belongs_to_its_uploader(services: Services) -> None:
    nurse, other = actor(services, ds.NURSE), actor(services, ds.NURSE2)
    services.evidence.put(nurse, SHA, offset=0, total=len(PHOTO), chunk=PHOTO[:100])
    with pytest.raises(NotFoundError):
        services.evidence.status(other, SHA)
    with pytest.raises(ConflictError, match="pengguna lain") as refused:
        services.evidence.put(other, SHA, offset=100, total=len(PHOTO), chunk=PHOTO[100:])
    assert refused.value.extra["received"] == 0
    with pytest.raises(ConflictError, match="Ukuran berkas berbeda"):
        services.evidence.put(nurse, SHA, offset=100, total=len(PHOTO) + 1, chunk=PHOTO[100:])


def test_another_user_may_restart_an_unfinished_upload(services: Services) -> None:
    nurse, other = actor(services, ds.NURSE), actor(services, ds.NURSE2)
    services.evidence.put(nurse, SHA, offset=0, total=len(PHOTO) + 5, chunk=PHOTO[:100])
    status, finished = services.evidence.put(other, SHA, offset=0, total=len(PHOTO), chunk=PHOTO)
    assert finished
    assert status.complete
    assert status.size == len(PHOTO)
    assert services.evidence.open(other, SHA)[0].read_bytes() == PHOTO
    # the first uploader now holds nothing: her next chunk is told to prove the file from 0
    with pytest.raises(ConflictError) as restart:
        services.evidence.put(nurse, SHA, offset=100, total=len(PHOTO), chunk=PHOTO[100:])
    assert restart.value.extra["received"] == 0
    first, _ = services.evidence.put(nurse, SHA, offset=0, total=len(PHOTO), chunk=PHOTO[:100])
    assert (first.received, first.complete) == (100, False)
    again, _ = services.evidence.put(nurse, SHA, offset=100, total=len(PHOTO), chunk=PHOTO[100:])
    assert again.complete
    assert services.evidence.open(nurse, SHA)[0].read_bytes() == PHOTO  # a holder now


def _name_in_log(services: Services, owner: str, sha: str, record_id: str = "r-log") -> None:
    fields = msgspec.msgpack.encode(ds.log_fields(owner, evidence=[sha]))
    record = StoredRecord(
        id=record_id,
        kind="progress_log",
        owner=owner,
        fields=fields,
        vv=b"",
        hlc=0,
        field_clocks=b"",
        author=owner,
    )
    with services.storage.write() as tx:
        tx.put_records([record])


def test_who_may_download(services: Services) -> None:
    nurse = actor(services, ds.NURSE)
    sha = hashlib.sha256(PDF).hexdigest()
    services.evidence.put(nurse, sha, offset=0, total=len(PDF), chunk=PDF)
    with pytest.raises(ForbiddenError):  # nobody but the uploader before a record names it
        services.evidence.open(actor(services, ds.KAPUS), sha)
    _name_in_log(services, ds.NURSE, sha)
    for nip in (ds.NURSE, ds.KAPUS, ds.KADINKES, ds.ADMIN_DINKES, ds.BKPP):
        assert services.evidence.open(actor(services, nip), sha)[1].mime == "application/pdf"
    for nip in (ds.NURSE2, ds.TEACHER):
        password = ds.OTHER_PASSWORD if nip == ds.TEACHER else ds.PASSWORD
        someone = services.auth.login(nip=nip, password=password, address="x").actor
        with pytest.raises(ForbiddenError):
            services.evidence.open(someone, sha)
        status = services.evidence.status(someone, sha)  # existence is not secret, but the
        # status is their own: nothing of the file proven by them yet
        assert (status.size, status.received, status.complete) == (len(PDF), 0, False)


def test_extra_rules_widen_access(services: Services) -> None:
    nurse = actor(services, ds.NURSE)
    services.evidence.put(nurse, SHA, offset=0, total=len(PHOTO), chunk=PHOTO)
    colleague = actor(services, ds.NURSE2)
    services.evidence.rules.append(lambda reader, who, row: who.nip == ds.NURSE2)
    assert services.evidence.open(colleague, SHA)[1].sha256 == SHA


def test_unknown_file(services: Services) -> None:
    with pytest.raises(NotFoundError, match="belum terunggah"):
        services.evidence.open(actor(services, ds.NURSE), SHA)
