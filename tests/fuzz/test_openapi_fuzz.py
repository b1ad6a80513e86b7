"""Schemathesis against every operation of the server's OpenAPI, as each role and anonymously.

Checks on every response: no 5xx, the status is one the operation documents, the body matches the
documented schema of its status and the content type is the documented one. Every error answer
(4xx) is also checked directly against the served ``ErrorBody`` schema, so an error the document
forgot cannot slip through unchecked. Examples per operation and role: 6 in the quick profile,
150 in the long one (``KINERJA_PROFILE=long``, which also prints the cases per operation). The
server's log must hold no traceback at the end.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

import jsonschema_rs
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
)

from tests.faults import figures
from tests.fuzz.conftest import EXAMPLES, LONG, ROLES, FuzzServer

STATUSES: Counter[int] = Counter()
ERROR_BODIES: Counter[int] = Counter()
CASES: Counter[str] = Counter()
"""Generated cases per operation (each is sent once per role)."""
TOKENS: dict[str, str] = {}
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    response_schema_conformance,
    content_type_conformance,
]


def _error_body_validator(spec: dict[str, Any]) -> jsonschema_rs.Draft202012Validator:
    """The served ``ErrorBody`` (its ``$ref``s resolved inside the served components; the
    validator is jsonschema-rs, the one schemathesis itself uses)."""
    assert "ErrorBody" in spec["components"]["schemas"]
    schema = {"$ref": "#/components/schemas/ErrorBody", "components": spec["components"]}
    return jsonschema_rs.Draft202012Validator(schema)


def _check_error_body(
    validator: jsonschema_rs.Draft202012Validator, case: Any, response: Any
) -> None:
    if response.status_code < 400 or case.method.upper() == "HEAD":
        return
    media = response.headers.get("content-type", [""])[0].split(";")[0].strip()
    assert media == "application/json", (case.method, case.path, response.status_code, media)
    body = response.json()
    errors = [e.message for e in validator.iter_errors(body)]
    assert not errors, (case.method, case.path, response.status_code, body, errors)
    ERROR_BODIES[response.status_code] += 1


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


def _send(
    fuzz_server: FuzzServer, validator: jsonschema_rs.Draft202012Validator, case: Any
) -> None:
    """One generated request, sent once per role (and once without a token)."""
    label = f"{case.method.upper()} {case.path}"
    CASES[label] += 1
    for role in ROLES:
        headers = _headers(fuzz_server, role)
        response = case.call(base_url=fuzz_server.server.url, headers=headers, timeout=30)
        STATUSES[response.status_code] += 1
        if response.status_code == 401 and role in TOKENS:
            TOKENS.pop(role)  # the fuzzer revoked or refreshed its own token: log in again
        case.validate_response(response, checks=CHECKS)
        _check_error_body(validator, case, response)


def test_every_operation_as_every_role(fuzz_server: FuzzServer) -> None:
    # schemathesis's own pytest plugin does not run under pytest 9.2 (it reads a private
    # ``Function._nodeid``), so each operation's strategy is driven by hypothesis here
    logged_before = len(fuzz_server.log_text())
    operations = _operations(fuzz_server)
    assert len(operations) >= 11
    validator = _error_body_validator(fuzz_server.spec)
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
            _send(fuzz_server, validator, case)

        fuzz()
    _report(len(operations))
    # the server logged no traceback while it was fuzzed (checked here, not by a test that
    # would depend on running after this one)
    logged = fuzz_server.log_text()[logged_before:]
    assert "Traceback" not in logged, logged[-4000:]


def _report(operations: int) -> None:
    """Figures of a run that passed (so every count below had zero 5xx and zero schema breaks)."""
    total = sum(STATUSES.values())
    spread = ", ".join(f"{code}: {n}" for code, n in sorted(STATUSES.items()))
    cases = sorted(CASES.values())
    figures.add(
        "fuzz",
        f"operations fuzzed: {operations}, up to {EXAMPLES} examples each "
        f"(generated: {cases[0]} to {cases[-1]} per operation), {len(ROLES)} roles",
    )
    figures.add("fuzz", f"schemathesis: {total} requests ({spread}); 5xx: 0; schema breaks: 0")
    checked = ", ".join(f"{code}: {n}" for code, n in sorted(ERROR_BODIES.items()))
    figures.add("fuzz", f"error bodies checked against the served ErrorBody: {checked}")
    if LONG:
        for label, n in sorted(CASES.items()):
            figures.add("fuzz", f"  {label}: {n} cases x {len(ROLES)} roles = {n * len(ROLES)}")
