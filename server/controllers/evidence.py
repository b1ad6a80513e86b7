"""``/api/v1/evidence/{sha256}``: resumable, idempotent upload and guarded download.

Upload: ``PUT`` the bytes. A file in one request needs no other header. In chunks, each request
says where its bytes go, either ``Content-Range: bytes START-END/TOTAL`` or ``?offset=START&size=
TOTAL``. ``HEAD`` (headers ``Upload-Offset`` / ``Upload-Length``) or ``GET .../status`` tell how
many bytes arrived, so an interrupted upload resumes where it stopped.

Many files at once (what the device's sync does): ``POST /api/v1/evidence/manifest`` with an
``EvidenceManifest`` answers which files the server still needs and where to resume each;
``POST /api/v1/evidence/batch`` with an ``EvidenceBatch`` stores several small whole files in one
request (one result per file). Both are sync messages (MessagePack or JSON, gzip accepted).
"""

from __future__ import annotations

import re
from typing import Any

from litestar import Controller, Request, Response, get, head, post, put
from litestar.di import NamedDependency
from litestar.params import FromPath, FromQuery, RawBody
from litestar.response import File

from server.actor import Actor
from server.controllers.sync import decode_sync, sync_answer, sync_response
from server.errors import (
    BadRequestError,
    ConflictError,
    ForbiddenError,
    HashMismatchError,
    NotFoundError,
    UnsupportedMediaTypeError,
)
from server.evidence import EvidenceStatus
from server.http_errors import error_responses
from server.services import Services
from server.wire import inflate_body
from sync import EvidenceBatch, EvidenceBatchResult, EvidenceManifest
from sync import EvidenceStatus as ManifestAnswer

__all__ = ["EvidenceController", "parse_content_range"]

_RANGE = re.compile(r"^bytes (?P<start>\d+)-(?P<end>\d+)/(?P<total>\d+)$")


def parse_content_range(header: str, length: int) -> tuple[int, int]:
    """(offset, total) from ``bytes START-END/TOTAL``; END is inclusive and must fit the body."""
    match = _RANGE.match(header.strip())
    if match is None:
        raise BadRequestError(
            "Header Content-Range harus berbentuk 'bytes AWAL-AKHIR/TOTAL'.",
            field="content-range",
        )
    start, end, total = int(match["start"]), int(match["end"]), int(match["total"])
    if end < start or end - start + 1 != length:
        raise BadRequestError(
            f"Content-Range menyebut {end - start + 1} byte, tetapi isi permintaan {length} byte.",
            field="content-range",
        )
    return start, total


def _headers(status: EvidenceStatus) -> dict[str, str]:
    return {
        "Upload-Offset": str(status.received),
        "Upload-Length": str(status.size),
        "Upload-Complete": "1" if status.complete else "0",
    }


class EvidenceController(Controller):
    path = "/api/v1/evidence"
    tags = ("evidence",)

    @put(
        "/{sha256:str}",
        sync_to_thread=True,
        status_code=200,
        responses=error_responses(ConflictError, UnsupportedMediaTypeError, HashMismatchError),
    )
    def upload(
        self,
        request: Request[Any, Any, Any],
        sha256: FromPath[str],
        body: RawBody,
        actor: NamedDependency[Actor],
        services: NamedDependency[Services],
        offset: FromQuery[int | None] = None,
        size: FromQuery[int | None] = None,
    ) -> Response[EvidenceStatus]:
        """Store (a chunk of) an evidence file named by its sha256.

        201 when this request completed the file, 200 otherwise (also when it was already
        complete). 409 with ``received`` when the offset skips bytes; 413 beyond the size limit;
        415 when the content is not JPEG, PNG, WebP or PDF; 422 when the finished file does not
        hash to its name (the partial upload is then discarded).
        """
        content_range = request.headers.get("content-range")
        if content_range is not None:
            start, total = parse_content_range(content_range, len(body))
        else:
            start = offset or 0
            total = size if size is not None else start + len(body)
        status, finished = services.evidence.put(
            actor, sha256, offset=start, total=total, chunk=body
        )
        return Response(status, status_code=201 if finished else 200, headers=_headers(status))

    @post(
        "/manifest",
        sync_to_thread=True,
        status_code=200,
        responses=sync_answer(ManifestAnswer, "EvidenceStatus: the files still needed"),
    )
    def manifest(
        self,
        request: Request[Any, Any, Any],
        body: RawBody,
        actor: NamedDependency[Actor],
        services: NamedDependency[Services],
    ) -> Response[bytes]:
        """An ``EvidenceManifest`` (the files a device holds); answered with ``EvidenceStatus``:
        ``missing`` (the ones the server still needs) and ``received`` (bytes already held of
        those the caller had begun uploading)."""
        data = inflate_body(request, body, services.settings.max_body_bytes)
        message = decode_sync(request, data, EvidenceManifest)
        actor.require_device(message.device_id)
        missing, received = services.evidence.manifest(actor, [f.sha256 for f in message.files])
        return sync_response(request, ManifestAnswer(missing=missing, received=received))

    @post(
        "/batch",
        sync_to_thread=True,
        status_code=200,
        responses=sync_answer(EvidenceBatchResult, "EvidenceBatchResult: one result per file"),
    )
    def batch(
        self,
        request: Request[Any, Any, Any],
        body: RawBody,
        actor: NamedDependency[Actor],
        services: NamedDependency[Services],
    ) -> Response[bytes]:
        """An ``EvidenceBatch`` of whole small files; answered with ``EvidenceBatchResult``, one
        result per file in order: ``stored``, ``present`` or ``rejected`` with the ``code`` and
        ``message`` the single-file upload would answer (a bad file does not fail the others).
        The whole body counts against the upload size limit of one request (a chunk's,
        ``evidence_chunk_max_bytes``); larger files go in chunks."""
        data = inflate_body(request, body, services.settings.evidence_chunk_max_bytes)
        message = decode_sync(request, data, EvidenceBatch)
        actor.require_device(message.device_id)
        results = services.evidence.put_many(actor, message.files)
        return sync_response(request, EvidenceBatchResult(results=results))

    @head("/{sha256:str}", sync_to_thread=True, responses=error_responses(NotFoundError))
    def probe(
        self,
        sha256: FromPath[str],
        actor: NamedDependency[Actor],
        services: NamedDependency[Services],
    ) -> Response[None]:
        """How many bytes arrived, in headers (``Upload-Offset``, ``Upload-Length``)."""
        status = services.evidence.status(actor, sha256)
        return Response(None, headers=_headers(status))

    @get("/{sha256:str}/status", sync_to_thread=True, responses=error_responses(NotFoundError))
    def status(
        self,
        sha256: FromPath[str],
        actor: NamedDependency[Actor],
        services: NamedDependency[Services],
    ) -> EvidenceStatus:
        """How many bytes arrived, as JSON (404 with ``received: 0`` before the first chunk)."""
        return services.evidence.status(actor, sha256)

    @get(
        "/{sha256:str}",
        sync_to_thread=True,
        responses=error_responses(ForbiddenError, NotFoundError),
    )
    def download(
        self,
        sha256: FromPath[str],
        actor: NamedDependency[Actor],
        services: NamedDependency[Services],
    ) -> File:
        """The file, to its uploader, their supervisor chain, HR of their OPD (and whoever the
        sync layer allows: a record naming the file that the caller may see)."""
        path, row = services.evidence.open(actor, sha256)
        return File(
            path,
            media_type=row.mime,
            filename=row.sha256,
            content_disposition_type="inline",
            headers={"ETag": f'"{row.sha256}"', "Cache-Control": "private, max-age=31536000"},
        )
