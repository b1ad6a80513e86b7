"""Record identifiers: UUIDv7 strings built from a time and random bytes given by the caller.

Nothing here reads a clock or a random source, so the same inputs always give the same id; the
device and the server pass ``time.time_ns() // 1_000_000`` and ``os.urandom(10)``, the demo-data
generator passes values from its seeded generator.
"""

from __future__ import annotations

__all__ = ["uuid7"]

_MAX_MS = (1 << 48) - 1


def uuid7(ms: int, rand: bytes) -> str:
    """A UUIDv7 (RFC 9562) for unix time ``ms`` (milliseconds) and 10 bytes of randomness.

    Ids made later sort after ids made earlier (to the millisecond), which keeps SQLite's
    primary-key index append-mostly.
    """
    if not 0 <= ms <= _MAX_MS:
        raise ValueError(f"uuid7: time {ms} ms is outside 0..2^48-1")
    if len(rand) != 10:
        raise ValueError(f"uuid7: expected 10 random bytes, got {len(rand)}")
    rand_a = int.from_bytes(rand[:2], "big") & 0x0FFF
    rand_b = int.from_bytes(rand[2:], "big") & ((1 << 62) - 1)
    value = (ms << 80) | (0x7 << 76) | (rand_a << 64) | (0b10 << 62) | rand_b
    h = f"{value:032x}"
    return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"
