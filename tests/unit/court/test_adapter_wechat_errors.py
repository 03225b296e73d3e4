"""Every v3 error answer the judicial endpoints give, read as the court node's refusal codes."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Any

import pytest
import responses

from court_node.adapters.errors import RefusalCode
from court_node.adapters.types import Operation, OutcomeState
from court_node.adapters.wechat.errors import ErrorAnswer, refusal, refusal_code
from tests.unit.court.wechat_fake import adapter, answer, error, freeze_answer, freeze_request, on_freeze

COMPLETED, REJECTED = OutcomeState.COMPLETED, OutcomeState.REJECTED


@pytest.fixture
def rsps() -> Iterator[responses.RequestsMock]:
    with responses.RequestsMock() as mock:
        yield mock


# (status, v3 code, detail) -> (court node code, outcome state); the answers the mock gives, by ledger reason
CASES: list[tuple[int, str, dict[str, Any], RefusalCode, OutcomeState]] = [
    (403, "RULE_LIMIT", {"issue": "IDENTITY_NOT_MATCH"}, RefusalCode.IDENTITY_NOT_MATCH, REJECTED),
    (403, "RULE_LIMIT", {"field": "/openid", "issue": "IDENTITY_NOT_MATCH", "location": "body"},
     RefusalCode.IDENTITY_NOT_MATCH, REJECTED),
    (404, "RESOURCE_NOT_EXISTS", {"field": "/openid", "issue": "ACCOUNT_NOT_EXIST", "location": "body"},
     RefusalCode.ACCOUNT_NOT_FOUND, COMPLETED),
    (404, "RESOURCE_NOT_EXISTS", {"issue": "FREEZE_NOT_EXIST"}, RefusalCode.FREEZE_NOT_FOUND, COMPLETED),
    (403, "NO_AUTH", {"issue": "NOT_FREEZE_OWNER"}, RefusalCode.NOT_FREEZE_OWNER, COMPLETED),
    (400, "INVALID_REQUEST", {"issue": "FREEZE_EXPIRED"}, RefusalCode.FREEZE_EXPIRED, COMPLETED),
    (400, "INVALID_REQUEST", {"issue": "FREEZE_ENDED"}, RefusalCode.FREEZE_ENDED, COMPLETED),
    (400, "INVALID_REQUEST", {"issue": "FREEZE_NOT_ACTIVE"}, RefusalCode.FREEZE_NOT_ACTIVE, COMPLETED),
    (403, "NOT_ENOUGH", {"field": "/amount/total", "issue": "DEDUCT_EXCEED_FROZEN", "location": "body"},
     RefusalCode.DEDUCT_EXCEEDS_HELD, COMPLETED),
    (403, "NO_AUTH", {"issue": "CAPABILITY_NOT_SUPPORTED"}, RefusalCode.CAPABILITY_NOT_SUPPORTED, COMPLETED),
    (400, "INVALID_REQUEST", {"field": "/out_freeze_no", "issue": "REQUEST_NO_CONFLICT", "location": "body"},
     RefusalCode.REQUEST_CONFLICT, REJECTED),
    (400, "INVALID_REQUEST", {"field": "/request_no", "issue": "DUPLICATE", "location": "body"},
     RefusalCode.REQUEST_CONFLICT, REJECTED),
    (400, "PARAM_ERROR", {"field": "/end_date", "value": "2028-01-01", "issue": "a freeze lasts 1 to 365 days",
                          "location": "body"}, RefusalCode.TERM_INVALID, COMPLETED),
    (400, "PARAM_ERROR", {"field": "/end_date", "issue": "TERM_INVALID", "location": "body"},
     RefusalCode.TERM_INVALID, COMPLETED),
    (400, "PARAM_ERROR", {"field": "/amount/total", "value": 12.5, "issue": "must be an integer number of fen",
                          "location": "body"}, RefusalCode.INVALID_REQUEST, REJECTED),
    (400, "PARAM_ERROR", {"field": "/subject/id_number", "issue": "INVALID_REQUEST", "location": "body"},
     RefusalCode.INVALID_REQUEST, REJECTED),
    (400, "INVALID_REQUEST", {}, RefusalCode.INVALID_REQUEST, REJECTED),  # a wrong HTTP method (405)
    (413, "PARAM_ERROR", {}, RefusalCode.INVALID_REQUEST, REJECTED),
    (415, "PARAM_ERROR", {"field": "Content-Type", "issue": "unsupported media type", "location": "header"},
     RefusalCode.INVALID_REQUEST, REJECTED),
    (404, "RESOURCE_NOT_EXISTS", {"field": "openid", "location": "path"}, RefusalCode.ACCOUNT_NOT_FOUND, COMPLETED),
    (404, "RESOURCE_NOT_EXISTS", {"field": "out_freeze_no", "location": "path"},
     RefusalCode.FREEZE_NOT_FOUND, COMPLETED),
    (404, "RESOURCE_NOT_EXISTS", {}, RefusalCode.PROVIDER_ERROR, COMPLETED),
    (404, "RESOURCE_NOT_EXISTS", {"issue": "SUBJECT_NOT_FOUND"}, RefusalCode.PROVIDER_ERROR, COMPLETED),
    (403, "NO_AUTH", {}, RefusalCode.PROVIDER_ERROR, COMPLETED),
    (403, "RULE_LIMIT", {"issue": "ACCOUNT_FROZEN"}, RefusalCode.PROVIDER_ERROR, COMPLETED),
    (403, "NOT_ENOUGH", {"issue": "BALANCE_NOT_ENOUGH"}, RefusalCode.PROVIDER_ERROR, COMPLETED),
    (418, "", {}, RefusalCode.PROVIDER_ERROR, COMPLETED),
]


@pytest.mark.parametrize(("status", "code", "detail", "expected", "state"), CASES)
def test_each_error_answer_maps_to_one_refusal_code(status: int, code: str, detail: dict[str, Any],
                                                    expected: RefusalCode, state: OutcomeState) -> None:
    read = refusal(ErrorAnswer(status, code, "refused", detail))
    assert (read.code, read.state) == (expected, state)


@pytest.mark.parametrize(("status", "code", "detail", "expected", "state"), CASES)
def test_a_refused_freeze_comes_back_with_the_mapped_code(rsps: responses.RequestsMock, status: int, code: str,
                                                          detail: dict[str, Any], expected: RefusalCode,
                                                          state: OutcomeState) -> None:
    answer(rsps, "POST", "/v3/judicial/freezes", status, error(status, code, "refused by the provider", **detail))
    outcome = adapter().control(freeze_request())
    assert (outcome.state, outcome.succeeded, outcome.error_code) == (state, False, expected)
    assert "refused by the provider" in outcome.error_message and outcome.provider_ref == ""


def test_a_param_error_is_reported_with_its_field_value_and_issue() -> None:
    read = refusal(ErrorAnswer(400, "PARAM_ERROR", "invalid /amount/total: must be an integer", {
        "field": "/amount/total", "value": 12.5, "issue": "must be an integer", "location": "body"}))
    assert read.code == RefusalCode.INVALID_REQUEST
    assert "400 PARAM_ERROR" in read.message and "/amount/total" in read.message and "12.5" in read.message


def test_a_deduction_the_provider_does_not_offer_is_not_supported(rsps: responses.RequestsMock) -> None:
    answer(rsps, "POST", "/v3/judicial/deductions", 403,
           error(403, "NO_AUTH", "this provider does not accept deductions online", issue="CAPABILITY_NOT_SUPPORTED"))
    outcome = adapter().control(on_freeze(Operation.DEDUCT, "DED-000001", amount=100))
    assert (outcome.state, outcome.succeeded, outcome.error_code) == (
        COMPLETED, False, RefusalCode.CAPABILITY_NOT_SUPPORTED)


def test_under_the_2019_profile_a_deduction_is_refused_unsent(rsps: responses.RequestsMock) -> None:
    outcome = adapter(profile="2019").control(on_freeze(Operation.DEDUCT, "DED-000001", amount=100))
    assert (outcome.state, outcome.succeeded, outcome.error_code) == (
        COMPLETED, False, RefusalCode.CAPABILITY_NOT_SUPPORTED)
    assert "2019" in outcome.error_message and len(rsps.calls) == 0


def test_under_the_2019_profile_a_whole_account_freeze_is_refused_unsent(rsps: responses.RequestsMock) -> None:
    outcome = adapter(profile="2019").control(freeze_request(amount=None, whole_account=True))
    assert outcome.error_code == RefusalCode.CAPABILITY_NOT_SUPPORTED and len(rsps.calls) == 0


def test_under_the_2019_profile_an_amount_freeze_is_sent(rsps: responses.RequestsMock) -> None:
    answer(rsps, "POST", "/v3/judicial/freezes", 200, freeze_answer(captures_credits=False))
    assert adapter(profile="2019").control(freeze_request()).succeeded


def test_renewing_a_lapsed_freeze_is_freeze_expired(rsps: responses.RequestsMock) -> None:
    answer(rsps, "POST", "/v3/judicial/freezes/out-freeze-no/FRZ-000001/renew", 400,
           error(400, "INVALID_REQUEST", "the freeze has expired", issue="FREEZE_EXPIRED"))
    outcome = adapter().control(on_freeze(Operation.RENEW, "RNW-000001", end_date=date(2027, 1, 1)))
    assert (outcome.state, outcome.succeeded, outcome.error_code) == (COMPLETED, False, RefusalCode.FREEZE_EXPIRED)


def test_the_issue_decides_before_the_status() -> None:
    assert refusal_code(ErrorAnswer(404, "RESOURCE_NOT_EXISTS", "", {"field": "/openid",
                                                                      "issue": "FREEZE_NOT_EXIST"})) == (
        RefusalCode.FREEZE_NOT_FOUND)
