"""The debtor helpers: credit an account and pay a merchant through the control API."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from flask import Flask

from payment_mocks.ledger import FreezeMode
from tests.integration.control_generic import (
    ACCOUNT,
    DEBTOR_ID,
    admin_headers,
    close_app,
    make_app,
    provider_of,
    seed_debtor,
)


@pytest.fixture
def app(tmp_path: Path) -> Iterator[Flask]:
    app = make_app(tmp_path / "generic")
    seed_debtor(app)
    yield app
    close_app(app)


def post(app: Flask, path: str, body: Any) -> Any:
    response = app.test_client().post(path, json=body, headers=admin_headers())
    return response.status_code, response.json


def balance(app: Flask) -> int:
    with provider_of(app).ledger.transaction() as tx:
        return tx.account_view(ACCOUNT).balance


def test_a_credit_adds_money_and_returns_the_movement(app: Flask) -> None:
    status, body = post(app, f"/_admin/accounts/{ACCOUNT}/credit",
                        {"amount": "3500.00", "counterparty": "某科技公司", "memo": "工资"})
    assert status == 201
    assert body["movement"]["kind"] == "credit" and body["movement"]["amount_fen"] == 350_000
    assert body["account"]["balance"] == "13500.00"


def test_a_payment_takes_money_out(app: Flask) -> None:
    status, body = post(app, f"/_admin/accounts/{ACCOUNT}/pay",
                        {"amount": "45.50", "merchant": "超市", "category": "grocery"})
    assert status == 201
    assert body["movement"]["kind"] == "payment" and body["account"]["balance_fen"] == 995_450


def test_a_payment_beyond_the_available_balance_is_refused_with_422(app: Flask) -> None:
    with provider_of(app).ledger.transaction() as tx:
        tx.place_freeze(account_no=ACCOUNT, authority_code="京0101", authority_name="北京市东城区人民法院",
                        request_no="Q-1", document_no="（2026）京0101执1号", mode=FreezeMode.AMOUNT,
                        amount=900_000, term_days=30)
    status, body = post(app, f"/_admin/accounts/{ACCOUNT}/pay",
                        {"amount": "1000.01", "merchant": "超市", "category": "grocery"})
    assert status == 422 and body["error"]["code"] == "BALANCE_NOT_ENOUGH"
    assert balance(app) == 1_000_000


def test_a_restricted_category_is_refused_with_422(app: Flask) -> None:
    with provider_of(app).ledger.transaction() as tx:
        tx.restrict(tx.subject_by_number(DEBTOR_ID), authority_code="京0101", authority_name="北京市东城区人民法院",
                    document_no="限消令1号")
    status, body = post(app, f"/_admin/accounts/{ACCOUNT}/pay",
                        {"amount": "1200.00", "merchant": "航空公司", "category": "air_travel"})
    assert status == 422 and body["error"]["code"] == "CONSUMPTION_RESTRICTED"


def test_an_unknown_account_is_a_404(app: Flask) -> None:
    status, body = post(app, "/_admin/accounts/0000/credit", {"amount": "1.00"})
    assert status == 404 and body["error"]["code"] == "ACCOUNT_NOT_EXIST"


def test_an_unknown_category_is_a_400_from_the_ledger(app: Flask) -> None:
    status, body = post(app, f"/_admin/accounts/{ACCOUNT}/pay",
                        {"amount": "1.00", "merchant": "某店", "category": "lottery"})
    assert status == 400 and body["error"]["code"] == "INVALID_REQUEST" and body["error"]["field"] == "category"


@pytest.mark.parametrize(("path", "body", "field"), [
    ("credit", {"amount": 100.0}, "/amount"),
    ("credit", {"amount": 100}, "/amount"),
    ("credit", {"amount": "0.00"}, "/amount"),
    ("credit", {"amount": "1.001"}, "/amount"),
    ("credit", {}, "/amount"),
    ("credit", {"amount": "1.00", "source": "x"}, "/source"),
    ("pay", {"amount": "1.00", "category": "grocery"}, "/merchant"),
    ("pay", {"amount": "1.00", "merchant": "x", "category": 3}, "/category"),
])
def test_bad_debtor_input_is_a_400_and_moves_no_money(app: Flask, path: str, body: Any, field: str) -> None:
    status, reply = post(app, f"/_admin/accounts/{ACCOUNT}/{path}", body)
    assert status == 400 and reply["error"]["field"] == field
    assert balance(app) == 1_000_000


def test_a_string_that_is_not_valid_unicode_is_a_400(app: Flask) -> None:
    body = b'{"amount": "1.00", "memo": "\\udfff"}'  # a lone surrogate: valid JSON, not storable text
    response = app.test_client().post(f"/_admin/accounts/{ACCOUNT}/credit", data=body, headers=admin_headers(),
                                      content_type="application/json")
    assert response.status_code == 400
    assert balance(app) == 1_000_000
