"""Schemathesis against every operation of the server's OpenAPI, as each role and anonymously.

Checks on every response: no 5xx, the body matches the documented schema of its status (when
documented), and the content type is the documented one. Examples per operation and role: 6 in
the quick profile, 150 in the long one (``KINERJA_PROFILE=long``). The server's log must hold no
traceback at the end.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_schema_conformance,
)

from tests.faults import figures
from tests.fuzz.conftest import EXAMPLES, ROLES, FuzzServer

STATUSES: Counter[int] = Counter()
TOKENS: dict[str, str] = {}


def _operations(fuzz_server: FuzzServer) -> list[Any]:
    loaded = schemathesis.openapi.from_dict(fuzz_server.spec)
    return [result.ok() for result in loaded.get_all_operations()]


def _headers(fuzz_server: FuzzServer, role: str) -> dict[str, str]:
    nip = ROLES[role]
    if nip is None:
        return {}
    if role not in TOKENS:
        TOKENS[role] = fuzz_server.token(nip)
    return {"authorization": f"Bearer {TOKENS[role]}"}


def _send(fuzz_server: FuzzServer, case: Any) -> None:
    """One generated request, sent once per role (and once without a token)."""
    for role in ROLES:
        headers = _headers(fuzz_server, role)
        response = case.call(base_url=fuzz_server.server.url, headers=headers, timeout=30)
        STATUSES[response.status_code] += 1
        if response.status_code == 401 and role in TOKENS:
            TOKENS.pop(role)  # the fuzzer revoked or refreshed its own token: log in again
        case.validate_response(
            response,
            checks=[not_a_server_error, response_schema_conformance, content_type_conformance],
        )


def test_every_operation_as_every_role(fuzz_server: FuzzServer) -> None:
    # schemathesis's own pytest plugin does not run under pytest 9.2 (it reads a private
    # ``Function._nodeid``), so each operation's strategy is driven by hypothesis here
    operations = _operations(fuzz_server)
    assert len(operations) >= 11
    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(
            max_examples=EXAMPLES,
            deadline=None,
            suppress_health_check=list(HealthCheck),
            derandomize=True,
            database=None,
        )
        def fuzz(case: Any) -> None:
            _send(fuzz_server, case)

        fuzz()
    figures.add("fuzz", f"operations fuzzed: {len(operations)}, {EXAMPLES} examples each, 6 roles")


def test_the_server_logged_no_traceback(fuzz_server: FuzzServer) -> None:
    text = fuzz_server.log_text()
    assert "Traceback" not in text, text[-4000:]
    if STATUSES:
        total = sum(STATUSES.values())
        spread = ", ".join(f"{code}: {n}" for code, n in sorted(STATUSES.items()))
        figures.add("fuzz", f"schemathesis: {total} requests ({spread}); 5xx: 0")
