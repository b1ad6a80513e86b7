"""The locks that keep two uploads of one evidence file apart come from a fixed pool."""

from __future__ import annotations

import hashlib
import threading

from server.evidence.blobs import LOCK_STRIPES
from server.services import Services
from sync import EvidenceBlob, EvidenceUploadResult
from tests.unit.server import dataset as ds

JPEG_HEAD = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00"


def test_locks_stay_a_fixed_pool_however_many_files(services: Services) -> None:
    """Each file's lock comes from a fixed pool (a lock per name grew without end). A batch
    larger than the pool, whose names share locks, stores every file and releases them all."""
    nurse = services.auth.login(nip=ds.NURSE, password=ds.PASSWORD, address="x").actor
    pool = services.evidence.blobs.locks
    photos = [JPEG_HEAD + i.to_bytes(4, "big") * 64 for i in range(3 * LOCK_STRIPES)]
    blobs = [EvidenceBlob(sha256=hashlib.sha256(p).hexdigest(), data=p) for p in photos]
    results: list[EvidenceUploadResult] = []
    batch = threading.Thread(
        target=lambda: results.extend(services.evidence.put_many(nurse, blobs)), daemon=True
    )
    batch.start()
    batch.join(timeout=30)
    assert not batch.is_alive(), "a batch whose names share a lock must not wait for itself"
    assert [r.outcome for r in results] == ["stored"] * len(blobs)
    for i in range(LOCK_STRIPES):  # and as many single uploads, one chunk each
        photo = JPEG_HEAD + b"single" + i.to_bytes(4, "big") * 64
        sha = hashlib.sha256(photo).hexdigest()
        _, finished = services.evidence.put(nurse, sha, offset=0, total=len(photo), chunk=photo)
        assert finished
    assert services.evidence.blobs.locks is pool
    assert len(pool) == LOCK_STRIPES
    assert {id(services.evidence.blobs.lock(b.sha256)) for b in blobs} <= {id(k) for k in pool}
    assert not any(lock.locked() for lock in pool)
