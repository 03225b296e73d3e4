"""The bank's error shape and the one mapping of ledger refusals to HTTP statuses."""

from __future__ import annotations

import json

import pytest
from flask import Flask

from payment_mocks.bank.dialect import BankDialect, from_ledger, pointer
from payment_mocks.ledger.errors import (
    AccountNotFound,
    DeductExceedsHeld,
    InvalidRequest,
    NotFreezeOwner,
    ReplyConflict,
)


@pytest.mark.parametrize(("error", "status"), [
    (InvalidRequest("bad", field="amount"), 400),
    (AccountNotFound("missing"), 404),
    (NotFreezeOwner("not yours"), 403),
    (ReplyConflict("again", field="request_no"), 409),
    (DeductExceedsHeld("too much"), 422),
])
def test_ledger_refusals_map_to_a_status_by_kind_and_keep_their_code(error: InvalidRequest, status: int) -> None:
    refusal = from_ledger(error)
    assert (refusal.status, refusal.code) == (status, error.code)


def test_ledger_field_names_become_json_pointers() -> None:
    assert from_ledger(InvalidRequest("bad", field="amount")).field == "/amount"
    assert pointer("/items/0/amount") == "/items/0/amount"
    assert pointer(None) is None


def test_error_response_has_the_bank_shape() -> None:
    with Flask(__name__).app_context():
        response = BankDialect().error_response(400, "FIELD_INVALID", "bad", "/subject/id_number")
    assert response.status_code == 400
    assert json.loads(response.get_data()) == {
        "error": {"code": "FIELD_INVALID", "message": "bad", "field": "/subject/id_number"}}


def test_an_injected_fault_is_a_503_service_unavailable() -> None:
    with Flask(__name__).app_context():
        response = BankDialect().fault_response()
    assert response.status_code == 503
    assert json.loads(response.get_data())["error"]["code"] == "SERVICE_UNAVAILABLE"
