"""The v3 error shape and the one mapping from ledger refusals to v3 codes."""

from __future__ import annotations

import json

import pytest

from payment_mocks.ledger.errors import (
    AccountFrozen,
    AccountNotFound,
    CapabilityMissing,
    DeductExceedsHeld,
    DuplicateEntry,
    FreezeEnded,
    FreezeExpired,
    FreezeNotActive,
    FreezeNotFound,
    IdentityNotMatch,
    InsufficientAvailable,
    InvalidRequest,
    LedgerError,
    NotFreezeOwner,
    PaymentRestricted,
    ReplyConflict,
    TermInvalid,
)
from payment_mocks.wechat.dialect import V3Error, WechatDialect, from_ledger


@pytest.mark.parametrize(("error", "status", "code"), [
    (InvalidRequest("x"), 400, "PARAM_ERROR"),
    (TermInvalid("x"), 400, "PARAM_ERROR"),
    (AccountNotFound("x"), 404, "RESOURCE_NOT_EXISTS"),
    (FreezeNotFound("x"), 404, "RESOURCE_NOT_EXISTS"),
    (NotFreezeOwner("x"), 403, "NO_AUTH"),
    (CapabilityMissing("x"), 403, "NO_AUTH"),
    (InsufficientAvailable("x"), 403, "NOT_ENOUGH"),
    (DeductExceedsHeld("x"), 403, "NOT_ENOUGH"),
    (AccountFrozen("x"), 403, "RULE_LIMIT"),
    (PaymentRestricted("x"), 403, "RULE_LIMIT"),
    (IdentityNotMatch("x"), 403, "RULE_LIMIT"),
    (FreezeExpired("x"), 400, "INVALID_REQUEST"),
    (FreezeEnded("x"), 400, "INVALID_REQUEST"),
    (FreezeNotActive("x"), 400, "INVALID_REQUEST"),
    (ReplyConflict("x"), 400, "INVALID_REQUEST"),
    (DuplicateEntry("x"), 400, "INVALID_REQUEST"),
])
def test_ledger_refusals_map_to_v3_codes(error: LedgerError, status: int, code: str) -> None:
    mapped = from_ledger(error)
    assert (mapped.status, mapped.code) == (status, code)


def test_mapped_refusal_keeps_the_ledger_reason_in_detail_issue() -> None:
    body = from_ledger(DeductExceedsHeld("the freeze holds 5 fen", field="amount"), {"amount": "/amount/total"}).body()
    assert body == {"code": "NOT_ENOUGH", "message": "the freeze holds 5 fen",
                    "detail": {"field": "/amount/total", "issue": "DEDUCT_EXCEED_FROZEN", "location": "body"}}


def test_conflict_names_the_key_field() -> None:
    body = from_ledger(ReplyConflict("request number X used", field="request_no"), key_field="out_freeze_no").body()
    assert body["code"] == "INVALID_REQUEST"
    assert "out_freeze_no was already used with different parameters" in body["message"]
    assert body["detail"]["field"] == "/out_freeze_no"


def test_error_body_carries_value_when_given() -> None:
    body = V3Error(400, "PARAM_ERROR", "bad", field="/amount/currency", value="USD", issue="must be CNY").body()
    assert body["detail"] == {"field": "/amount/currency", "value": "USD", "issue": "must be CNY", "location": "body"}


def test_error_without_field_has_no_detail() -> None:
    assert V3Error(401, "SIGN_ERROR", "no").body() == {"code": "SIGN_ERROR", "message": "no"}


@pytest.mark.parametrize(("status", "generic", "code"), [
    (404, "NOT_FOUND", "RESOURCE_NOT_EXISTS"),
    (405, "METHOD_NOT_ALLOWED", "INVALID_REQUEST"),
    (413, "BODY_TOO_LARGE", "PARAM_ERROR"),
    (415, "UNSUPPORTED_MEDIA_TYPE", "PARAM_ERROR"),
    (500, "SYSTEM_ERROR", "SYSTEM_ERROR"),
])
def test_runtime_errors_speak_v3(status: int, generic: str, code: str) -> None:
    response = WechatDialect().error_response(status, generic, "message")
    assert response.status_code == status
    assert json.loads(response.get_data())["code"] == code


def test_fault_response_is_a_retryable_system_error() -> None:
    response = WechatDialect().fault_response()
    assert response.status_code == 500
    body = json.loads(response.get_data())
    assert body["code"] == "SYSTEM_ERROR"
    assert "same parameters" in body["message"]


def test_refusal_without_a_field_has_only_the_reason() -> None:
    assert from_ledger(CapabilityMissing("no deductions online")).body() == {
        "code": "NO_AUTH", "message": "no deductions online", "detail": {"issue": "CAPABILITY_NOT_SUPPORTED"}}
