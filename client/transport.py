"""HTTP to the sync server, through an injected httpx transport (a seam for tests).

Unit tests pass ``httpx.MockTransport``; integration tests and the app use the default
(real sockets). Every failure becomes one of a few exceptions the runner can act on:
:class:`NetworkError` (retry later), :class:`ServerAnswerError` (the server said no, with its code),
:class:`~client.errors.UpdateRequiredError`. :func:`answer_error` is the one mapping of an error
answer to them (HR's client, ``client.hr_api``, words its own errors from it). Answers are the
types of ``shared_models.wire``. Tokens are sent as a bearer header and never logged.
"""

from __future__ import annotations

import zlib
from typing import Any, Protocol

import httpx
import msgspec

from client.errors import UpdateRequiredError
from shared_models.wire import ErrorBody, RowError, SessionAnswer
from sync import protocol
from sync._errors import ProtocolDecodeError, ProtocolVersionError

__all__ = [
    "DownloadSink",
    "NetworkError",
    "ServerAnswerError",
    "SessionInfo",
    "Transport",
    "answer_error",
]

MSGPACK = "application/msgpack"
COMPRESS_MIN_BYTES = 1024
"""Sync bodies from this size on are sent gzip-compressed (``Content-Encoding: gzip``)."""
COMPRESS_LEVEL = 6
_UPDATE = "Versi aplikasi ini sudah tidak didukung server. Perbarui aplikasi; data Anda tetap aman."


class NetworkError(Exception):
    """The server could not be reached or answered 5xx/408/429: try again later.

    The message is a phrase (``server tidak dapat dihubungi``) that callers put in a sentence;
    ``status`` is the HTTP status of an answer (0 when the server was not reached)."""

    def __init__(self, message: str, *, status: int = 0) -> None:
        super().__init__(message)
        self.status = status


class ServerAnswerError(Exception):
    """An error answer: ``status``, the server's ``code`` and ``message`` (Indonesian).

    ``extra`` holds the body's other keys (``received``, ``wipe`` ...); ``field``, ``rows`` (an
    import's refused rows) and ``retry_with`` come from the typed ``body`` when it was one."""

    def __init__(
        self,
        status: int,
        code: str,
        message: str,
        extra: dict[str, Any],
        *,
        body: ErrorBody | None = None,
    ) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.extra = extra
        self.field = (body.field if body else None) or ""
        self.rows: list[RowError] = (body.errors if body else None) or []
        self.retry_with = (body.retry_with if body else None) or ""


class DownloadSink(Protocol):
    """Where a download goes (``client.evidence_files.EvidenceReceiver``: encrypted as it
    arrives): the bytes it already holds, then the rest, then the check of the whole."""

    def offset(self) -> int:
        """Bytes held from an earlier attempt (asked for with a ``Range`` header)."""
        ...

    def begin(self, *, resume: bool) -> None:
        """The answer starts: after the held bytes (206) or from the start (200)."""
        ...

    def write(self, data: bytes) -> None: ...

    def abort(self) -> None:
        """The connection broke: keep what can be resumed."""
        ...

    def finish(self) -> bool:
        """All bytes arrived: True when their sha256 is the file's (then it is in place)."""
        ...


SessionInfo = SessionAnswer
"""The login answer (token kept only in the device database), as the server sends it."""

_session_decoder = msgspec.json.Decoder(SessionAnswer)


class Transport:
    """One server connection. ``token`` is set after login (and read from the store later)."""

    def __init__(
        self,
        base_url: str,
        *,
        token: str | None = None,
        transport: httpx.BaseTransport | None = None,
        timeout: float = 30.0,
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self.token = token
        self._client = httpx.Client(
            base_url=self.base_url, transport=transport, timeout=timeout, follow_redirects=False
        )

    def close(self) -> None:
        self._client.close()

    def __enter__(self) -> Transport:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # plumbing ---------------------------------------------------------------------------------

    def _headers(self, extra: dict[str, str] | None = None) -> dict[str, str]:
        headers = {"Accept": MSGPACK}
        if self.token:
            headers["Authorization"] = f"Bearer {self.token}"
        if extra:
            headers.update(extra)
        return headers

    def _send(self, method: str, path: str, **kwargs: Any) -> httpx.Response:
        headers = self._headers(kwargs.pop("headers", None))
        try:
            response = self._client.request(method, path, headers=headers, **kwargs)
        except httpx.TransportError as err:
            raise NetworkError(_describe(err)) from None
        if response.status_code >= 400:
            raise answer_error(response)
        return response

    def _message(self, path: str, msg: protocol.Message) -> protocol.Response:
        response = self._post_sync(path, protocol.encode(msg))
        return _decode(response)

    def _post_sync(self, path: str, body: bytes) -> httpx.Response:
        """POST a sync message, gzip-compressed when it is large enough to gain from it.

        Answers come compressed too: httpx asks for gzip and inflates what it receives."""
        headers = {"Content-Type": MSGPACK}
        if len(body) >= COMPRESS_MIN_BYTES:
            body = gzip_body(body)
            headers["Content-Encoding"] = "gzip"
        return self._send("POST", path, content=body, headers=headers)

    # endpoints --------------------------------------------------------------------------------

    def login(
        self,
        nip: str,
        password: str,
        *,
        device_id: str | None,
        device_name: str,
        device_key: str | None = None,
    ) -> SessionInfo:
        body: dict[str, Any] = {"nip": nip, "password": password, "device_name": device_name}
        if device_id:
            body["device_id"] = device_id
            if device_key:
                body["device_key"] = device_key
        response = self._send(
            "POST", "/api/v1/auth/login", json=body, headers={"Accept": "application/json"}
        )
        return _session_decoder.decode(response.content)

    def refresh(self) -> SessionInfo:
        response = self._send(
            "POST", "/api/v1/auth/refresh", headers={"Accept": "application/json"}
        )
        return _session_decoder.decode(response.content)

    def logout(self) -> None:
        """End this device's session on the server: its token stops working at once."""
        self._send("POST", "/api/v1/auth/logout", headers={"Accept": "application/json"})

    def change_password(self, current: str, new: str) -> dict[str, Any]:
        """Change the signed-in user's password; the answer says how many other sessions ended."""
        response = self._send(
            "POST",
            "/api/v1/auth/password",
            json={"current_password": current, "new_password": new},
            headers={"Accept": "application/json"},
        )
        data: dict[str, Any] = msgspec.json.decode(response.content)
        return data

    def me(self) -> dict[str, Any]:
        response = self._send("GET", "/api/v1/me", headers={"Accept": "application/json"})
        data: dict[str, Any] = msgspec.json.decode(response.content)
        return data

    def push_raw(self, body: bytes) -> protocol.PushResult:
        """Send an encoded :class:`~sync.protocol.PushBatch` (replayed byte for byte)."""
        response = self._post_sync("/api/v1/sync/push", body)
        answer = _decode(response)
        if not isinstance(answer, protocol.PushResult):
            raise NetworkError(f"jawaban server tidak terduga: {type(answer).__name__}")
        return answer

    def pull(self, request: protocol.PullRequest) -> tuple[protocol.PullPage, int]:
        """One pull page and its size in bytes."""
        response = self._post_sync("/api/v1/sync/pull", protocol.encode(request))
        answer = _decode(response)
        if not isinstance(answer, protocol.PullPage):
            raise NetworkError(f"jawaban server tidak terduga: {type(answer).__name__}")
        return answer, len(response.content)

    def evidence_manifest(self, manifest: protocol.EvidenceManifest) -> protocol.EvidenceStatus:
        """Which of the device's files the server still needs, and where to resume each."""
        answer = _decode(self._post_sync("/api/v1/evidence/manifest", protocol.encode(manifest)))
        if not isinstance(answer, protocol.EvidenceStatus):
            raise NetworkError(f"jawaban server tidak terduga: {type(answer).__name__}")
        return answer

    def upload_batch(self, batch: protocol.EvidenceBatch) -> protocol.EvidenceBatchResult:
        """Several small whole files in one request; one result per file, in order."""
        answer = _decode(self._post_sync("/api/v1/evidence/batch", protocol.encode(batch)))
        if not isinstance(answer, protocol.EvidenceBatchResult):
            raise NetworkError(f"jawaban server tidak terduga: {type(answer).__name__}")
        return answer

    def evidence_offset(self, sha256: str) -> int:
        """How many bytes of this file the server already has (0 when none)."""
        try:
            response = self._send("HEAD", f"/api/v1/evidence/{sha256}")
        except ServerAnswerError as err:
            if err.status == 404:
                return 0
            raise
        return int(response.headers.get("Upload-Offset", "0"))

    def upload_chunk(self, sha256: str, offset: int, total: int, data: bytes) -> int:
        """Send bytes ``offset..`` of a ``total``-byte file; return the bytes received so far."""
        end = offset + len(data) - 1
        response = self._send(
            "PUT",
            f"/api/v1/evidence/{sha256}",
            content=data,
            headers={
                "Content-Type": "application/octet-stream",
                "Content-Range": f"bytes {offset}-{end}/{total}",
            },
        )
        return int(response.headers.get("Upload-Offset", str(offset + len(data))))

    def download(self, sha256: str, sink: DownloadSink) -> int:
        """Fetch a file into ``sink`` (resuming what it holds), check the hash; return bytes."""
        have = sink.offset()
        headers = self._headers({"Range": f"bytes={have}-"} if have else None)
        try:
            with self._client.stream(
                "GET", f"/api/v1/evidence/{sha256}", headers=headers
            ) as response:
                if response.status_code >= 400:
                    response.read()
                    raise answer_error(response)
                sink.begin(resume=response.status_code == 206)
                received = 0
                try:
                    for chunk in response.iter_bytes(1 << 16):
                        sink.write(chunk)
                        received += len(chunk)
                except BaseException:
                    sink.abort()
                    raise
        except httpx.TransportError as err:
            raise NetworkError(_describe(err)) from None
        if not sink.finish():
            raise NetworkError(f"berkas bukti {sha256[:12]} rusak saat diunduh; diunduh ulang")
        return received


def gzip_body(body: bytes) -> bytes:
    """``body`` as a gzip stream (what ``Content-Encoding: gzip`` announces)."""
    deflater = zlib.compressobj(COMPRESS_LEVEL, zlib.DEFLATED, 31)
    return deflater.compress(body) + deflater.flush()


def _describe(err: httpx.TransportError) -> str:
    if isinstance(err, httpx.TimeoutException):
        return "server tidak menjawab (waktu habis)"
    if isinstance(err, httpx.ConnectError):
        return "server tidak dapat dihubungi"
    return "sambungan ke server terputus"


def _decode(response: httpx.Response) -> protocol.Response:
    fmt: protocol.Format = (
        "json" if "json" in response.headers.get("content-type", "") else "msgpack"
    )
    try:
        answer = protocol.decode_response(response.content, fmt)
    except ProtocolVersionError:
        raise UpdateRequiredError(_UPDATE) from None
    except ProtocolDecodeError as err:
        raise NetworkError(f"jawaban server tidak dapat dibaca: {err}") from None
    if isinstance(answer, protocol.ProtocolMismatch):
        raise UpdateRequiredError(_UPDATE)
    if isinstance(answer, protocol.ErrorAnswer):
        raise ServerAnswerError(response.status_code, answer.code, answer.message, {})
    return answer


def answer_error(
    response: httpx.Response,
) -> NetworkError | ServerAnswerError | UpdateRequiredError:
    """The client's exception for an error answer (HTTP 4xx/5xx), in one wording.

    5xx, 408 and 429: :class:`NetworkError` (try again later); an outdated protocol:
    :class:`~client.errors.UpdateRequiredError`; any other: :class:`ServerAnswerError` with the
    server's code and message (``http_<status>`` and a sentence of ours when the body has none).
    """
    status = response.status_code
    if status >= 500:
        return NetworkError(f"server sedang bermasalah (HTTP {status})", status=status)
    if status in (408, 429):
        return NetworkError(f"server sedang sibuk (HTTP {status})", status=status)
    data: Any = {}
    try:
        ctype = response.headers.get("content-type", "")
        data = (
            msgspec.msgpack.decode(response.content)
            if "msgpack" in ctype
            else msgspec.json.decode(response.content)
        )
    except (msgspec.DecodeError, ValueError):
        data = {}
    if not isinstance(data, dict):
        data = {}
    code = str(data.get("code", "")) or f"http_{status}"
    message = str(data.get("message", "")) or f"Server menolak permintaan (HTTP {status})."
    if status == 426 or code in ("protocol_outdated", "protocol_mismatch"):
        return UpdateRequiredError(_UPDATE)
    extra = {k: v for k, v in data.items() if k not in ("code", "message")}
    try:
        body: ErrorBody | None = msgspec.convert(data, ErrorBody)
    except msgspec.ValidationError:
        body = None  # not the server's error body (a proxy's page): its status speaks
    return ServerAnswerError(status, code, message, extra, body=body)
