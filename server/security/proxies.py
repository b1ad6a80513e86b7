"""The client's address: the socket peer, unless that peer is a reverse proxy we were told to
trust (``KINERJA_TRUSTED_PROXIES``).

The server is started with uvicorn's own proxy handling off (``proxy_headers=False``), so the
ASGI ``client`` is the peer of the TCP connection. Only when that peer is in the configured
networks is ``X-Forwarded-For`` read, from the right: every hop that is itself a trusted proxy
is skipped, and the first one that is not is the client. Whatever a client writes into the
header itself stands to the left of what its proxy appended, so it is never reached.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from ipaddress import IPv4Address, IPv4Network, IPv6Address, IPv6Network, ip_address

__all__ = ["TrustedProxies"]

_Network = IPv4Network | IPv6Network
_Address = IPv4Address | IPv6Address


def _parse(text: str) -> _Address | None:
    text = text.strip()
    if text.startswith("[") and "]" in text:  # [2001:db8::1]:443
        text = text[1 : text.index("]")]
    elif text.count(":") == 1:  # 10.0.0.7:5123
        text = text.split(":", 1)[0]
    try:
        return ip_address(text)
    except ValueError:
        return None


class TrustedProxies:
    """Resolves the client address of a request from its peer and its forwarding headers."""

    def __init__(self, networks: Sequence[_Network] = ()) -> None:
        self._networks = tuple(networks)

    def __bool__(self) -> bool:
        return bool(self._networks)

    def trusts(self, address: str) -> bool:
        """True when ``address`` is one of the configured proxies."""
        parsed = _parse(address)
        return parsed is not None and self._trusted(parsed)

    def _trusted(self, address: _Address) -> bool:
        return any(address.version == n.version and address in n for n in self._networks)

    def client(self, peer: str | None, forwarded_for: Iterable[str]) -> str:
        """The client's address: ``peer`` unless it is a trusted proxy (see the module)."""
        if not peer:
            return "unknown"
        if not self._networks or not self.trusts(peer):
            return peer
        hops = [h for value in forwarded_for for h in value.split(",") if h.strip()]
        current = peer
        for hop in reversed(hops):
            address = _parse(hop)
            if address is None:
                return current  # a hop we cannot read: the last one we could is the client
            current = str(address)
            if not self._trusted(address):
                return current
        return current
