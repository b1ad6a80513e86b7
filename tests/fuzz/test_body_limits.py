"""Bodies over the size limit are refused before they are read whole.

Raw sockets against the real server process (limit 256 KiB for messages, 2 MiB for an evidence
chunk): a declared ``Content-Length`` far over the limit is answered 413 after only a part of
the body was sent; a chunked body with no length is cut off with 413 soon after the limit; and
the server's peak memory does not grow by the size that was announced.
"""

from __future__ import annotations

import socket
import time

import pytest

from tests.fixtures.server import peak_rss_kib
from tests.fuzz.conftest import FuzzServer
from tests.unit.server import dataset as ds

LIMIT = 256 * 1024
CHUNK_LIMIT = 2 * 1024 * 1024
ANNOUNCED = 200 * 1024 * 1024
SHA = "ab" * 32


def _connect(fuzz_server: FuzzServer) -> socket.socket:
    sock = socket.create_connection(("127.0.0.1", fuzz_server.server.port), timeout=10)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_SNDBUF, 64 * 1024)
    return sock


def _send_until_answer(
    sock: socket.socket, block: bytes, cap: int, chunked: bool
) -> tuple[int, bytes]:
    """Send ``block`` repeatedly until the server answers or ``cap`` bytes went out."""
    sent = 0
    pending = b""
    sock.setblocking(False)
    answer = b""
    deadline = time.monotonic() + 30
    while sent < cap and time.monotonic() < deadline:
        try:
            answer += sock.recv(65536)
            if answer:
                break
        except BlockingIOError:
            pass
        except OSError:
            break
        if not pending:
            pending = (f"{len(block):x}\r\n".encode() + block + b"\r\n") if chunked else block
        try:
            n = sock.send(pending)
            pending = pending[n:]
            sent += n
        except BlockingIOError:
            time.sleep(0.005)
        except OSError:
            break
    sock.setblocking(True)
    sock.settimeout(10)
    try:
        while b"\r\n\r\n" not in answer:
            more = sock.recv(65536)
            if not more:
                break
            answer += more
    except OSError:
        pass
    return sent, answer


def _request(path: str, token: str, headers: str) -> bytes:
    return (
        f"{path} HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer {token}\r\n"
        f"Content-Type: application/msgpack\r\n{headers}\r\n"
    ).encode()


@pytest.mark.parametrize(
    ("path", "limit"),
    [
        ("POST /api/v1/sync/push", LIMIT),
        ("POST /api/v1/auth/login", LIMIT),
        (f"PUT /api/v1/evidence/{SHA}", CHUNK_LIMIT),
    ],
    ids=["push", "login", "evidence"],
)
def test_an_announced_oversized_body_is_refused_early(
    fuzz_server: FuzzServer, path: str, limit: int
) -> None:
    token = fuzz_server.token(ds.NURSE)
    before = peak_rss_kib(fuzz_server.server.process.pid)  # type: ignore[union-attr]
    with _connect(fuzz_server) as sock:
        sock.sendall(_request(path, token, f"Content-Length: {ANNOUNCED}\r\n"))
        sent, answer = _send_until_answer(sock, b"\x00" * 65536, ANNOUNCED, chunked=False)
    assert answer.startswith(b"HTTP/1.1 413"), answer[:200]
    assert sent < ANNOUNCED // 4, f"the server read {sent} bytes before refusing"
    after = peak_rss_kib(fuzz_server.server.process.pid)  # type: ignore[union-attr]
    assert after - before < 32 * 1024, f"peak memory grew by {after - before} KiB"


@pytest.mark.parametrize("path", ["POST /api/v1/sync/push", "POST /api/v1/sync/pull"])
def test_a_chunked_body_is_cut_off_soon_after_the_limit(fuzz_server: FuzzServer, path: str) -> None:
    token = fuzz_server.token(ds.NURSE)
    with _connect(fuzz_server) as sock:
        sock.sendall(_request(path, token, "Transfer-Encoding: chunked\r\n"))
        sent, answer = _send_until_answer(sock, b"\x00" * 16384, 64 * LIMIT, chunked=True)
    assert answer.startswith(b"HTTP/1.1 413"), answer[:200]
    # what was sent but not read sits in socket buffers; the server stopped near the limit
    assert sent < 16 * LIMIT, f"{sent} bytes went out before the 413"
