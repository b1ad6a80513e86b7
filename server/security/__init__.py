"""Security primitives: password hashing, device tokens, login throttling, client addresses."""

from server.security.passwords import Passwords
from server.security.proxies import TrustedProxies
from server.security.throttle import Backoff, LoginThrottle
from server.security.tokens import hash_token, new_token, parse_bearer

__all__ = [
    "Backoff",
    "LoginThrottle",
    "Passwords",
    "TrustedProxies",
    "hash_token",
    "new_token",
    "parse_bearer",
]
