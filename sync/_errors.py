"""The exception tree of the sync core. Each error carries its data as attributes."""

from __future__ import annotations

__all__ = [
    "ClockSkewError",
    "EditError",
    "ProtocolDecodeError",
    "ProtocolVersionError",
    "SyncError",
    "VectorRegression",
]


class SyncError(Exception):
    """Base of every error raised by the sync core."""


class VectorRegression(SyncError):  # noqa: N818 (name fixed by the contract)
    """A replica's counter went backwards.

    Attributes:
        replica: the replica whose counter regressed.
        before: the counter already known.
        after: the smaller counter that was offered.
    """

    def __init__(self, replica: str, before: int, after: int) -> None:
        self.replica = replica
        self.before = before
        self.after = after
        super().__init__(
            f"penghitung versi replika {replica} mundur dari {before} ke {after}"
            f" (version counter of replica {replica} went back from {before} to {after})"
        )


class ClockSkewError(SyncError):
    """A remote clock runs further ahead than the accepted skew.

    Attributes:
        ahead_ms: how far the remote timestamp is ahead of the local clock.
        max_skew_ms: the largest accepted difference.
    """

    def __init__(self, ahead_ms: int, max_skew_ms: int) -> None:
        self.ahead_ms = ahead_ms
        self.max_skew_ms = max_skew_ms
        seconds = ahead_ms // 1000
        super().__init__(
            f"Jam perangkat {seconds} detik lebih cepat dari jam server "
            f"(batas {max_skew_ms // 1000} detik). Setel tanggal dan jam perangkat ke otomatis, "
            "lalu sinkronkan lagi."
        )


class EditError(SyncError):
    """A local edit that the device must not make (for example editing a deleted record)."""


class ProtocolDecodeError(SyncError):
    """A message could not be decoded; the text names msgspec's path (``$.changes[0].vv``)."""


class ProtocolVersionError(SyncError):
    """The peer speaks another protocol version; answer with ``ProtocolMismatch``.

    Attributes:
        client_protocol: the version the peer sent (0 when it sent none).
    """

    def __init__(self, client_protocol: int) -> None:
        self.client_protocol = client_protocol
        super().__init__(f"protocol version {client_protocol} is not supported; perbarui aplikasi")
