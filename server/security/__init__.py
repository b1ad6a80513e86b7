"""Security primitives: password hashing, device tokens, login throttling."""

from server.security.passwords import Passwords
from server.security.throttle import LoginThrottle, ThrottleRule
from server.security.tokens import hash_token, new_token, parse_bearer

__all__ = ["LoginThrottle", "Passwords", "ThrottleRule", "hash_token", "new_token", "parse_bearer"]
