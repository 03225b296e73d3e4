"""One schemathesis case against a provider: the control API with and without the admin token, the dialect's
routes unsigned and signed; no 5xx, every refusal in the right shape, and a refused request leaves the books."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from flask import Flask
from schemathesis import Case
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import content_type_conformance, response_schema_conformance

from tests.fuzz.provider_state import books, steady
from tests.fuzz.shapes import assert_bank_refusal
from tests.fuzz.signing import Signed

CHECKS = [not_a_server_error, response_schema_conformance, content_type_conformance]
#: the control API's own shape is the bank's: {"error": {"code", "message", "field"}}
assert_control_refusal = assert_bank_refusal
#: generated seeds are fuzzed up to this many subjects: a million is a benchmark's job, not one example's
GENERATE_PATH, MAX_FUZZED_SUBJECTS = "/_admin/seed/generate", 200


@dataclass
class FuzzedProvider:
    """A provider app, the same app behind its dialect's signer, and the shape of its dialect's refusals."""

    app: Flask
    signed: Signed
    admin_token: str
    #: checks an answer's shape; True when it is a refusal (HTTP 4xx, or Alipay's 200 with an error code)
    refusal: Callable[[int, bytes], bool]
    register: Callable[[], None]

    def assert_unchanged(self, before: dict[str, object], status: int, body: bytes) -> None:
        assert books(self.app) == before, (status, body[:300])


def run_case(case: Case, fuzzed: FuzzedProvider) -> None:
    """Send ``case`` the ways a caller may, and check every answer."""
    if case.method.upper() in ("HEAD", "OPTIONS"):  # answered by Flask itself, with an empty body
        assert case.call(app=fuzzed.app).status_code < 500
        return
    path = case.operation.path
    if path.startswith("/_admin"):
        _control_case(case, fuzzed)
    elif path in ("/health", "/openapi.json"):
        case.validate_response(case.call(app=fuzzed.app), checks=CHECKS)
    else:
        _dialect_case(case, fuzzed)


def _control_case(case: Case, fuzzed: FuzzedProvider) -> None:
    before = books(fuzzed.app)
    refused = case.call(app=fuzzed.app, headers={"Authorization": "Bearer not-the-admin-token"})
    assert 400 <= refused.status_code < 500, refused.content[:300]
    _assert_control_or_dialect(fuzzed, refused.status_code, refused.content)
    fuzzed.assert_unchanged(before, refused.status_code, refused.content)
    if _big_generation(case):
        return
    answer = case.call(app=fuzzed.app, headers={"Authorization": f"Bearer {fuzzed.admin_token}"})
    try:
        case.validate_response(answer, checks=CHECKS)
        if answer.status_code >= 400:
            _assert_control_or_dialect(fuzzed, answer.status_code, answer.content)
            fuzzed.assert_unchanged(before, answer.status_code, answer.content)
    finally:
        steady(fuzzed.app, fuzzed.admin_token, fuzzed.register)


def _big_generation(case: Case) -> bool:
    body = case.body
    subjects = body.get("subjects") if isinstance(body, dict) else None
    return (case.operation.path == GENERATE_PATH and isinstance(subjects, int)
            and not isinstance(subjects, bool) and subjects > MAX_FUZZED_SUBJECTS)


def _assert_control_or_dialect(fuzzed: FuzzedProvider, status: int, body: bytes) -> None:
    """The control API answers in its own shape; a method or route Flask refuses goes through the dialect."""
    if status in (404, 405):
        try:
            assert_control_refusal(body)
        except AssertionError:
            assert fuzzed.refusal(status, body)
    else:
        assert_control_refusal(body)


def _dialect_case(case: Case, fuzzed: FuzzedProvider) -> None:
    before = books(fuzzed.app)
    unsigned = case.call(app=fuzzed.app)
    assert unsigned.status_code < 500, unsigned.content[:300]
    assert fuzzed.refusal(unsigned.status_code, unsigned.content), unsigned.content[:300]
    fuzzed.assert_unchanged(before, unsigned.status_code, unsigned.content)
    answer = case.call(app=fuzzed.signed)
    case.validate_response(answer, checks=CHECKS)
    if fuzzed.refusal(answer.status_code, answer.content):
        fuzzed.assert_unchanged(before, answer.status_code, answer.content)
