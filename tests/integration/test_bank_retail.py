"""The debtor's side: balances, payments refused by freezes and restriction orders, salary in."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from payment_mocks.bank.testing import (
    ACCOUNT_NO,
    COURT,
    DEBTOR,
    OTHER_COURT,
    BankHarness,
    error_code,
)
from payment_mocks.ledger import FreezeMode

ACCOUNT = f"/retail/v1/accounts/{ACCOUNT_NO}"


@pytest.fixture
def bank(tmp_path: Path) -> Iterator[BankHarness]:
    harness = BankHarness.create(tmp_path / "bank")
    harness.seed_debtor(balance_fen=1_000_000)
    yield harness
    harness.close()


def pay(bank: BankHarness, request_no: str, amount: str, category: str = "grocery") -> Any:
    return bank.call("POST", f"{ACCOUNT}/debits", {"request_no": request_no, "amount": amount,
                                                    "merchant": "商户", "category": category})


def restriction(request_no: str, court: dict[str, str] = COURT, **extra: Any) -> dict[str, Any]:
    return {"request_no": request_no, "court": court, "case_no": "（2026）京0101执123号",
            "document_no": "（2026）京0101执123号限消", "subject": DEBTOR, **extra}


def test_an_account_shows_balance_and_available_balance(bank: BankHarness) -> None:
    assert bank.call("GET", ACCOUNT).get_json() == {
        "account_no": ACCOUNT_NO, "currency": "156", "balance": "10000.00", "available_balance": "10000.00",
        "whole_account_frozen": False}


def test_an_unknown_account_is_404(bank: BankHarness) -> None:
    response = bank.call("GET", "/retail/v1/accounts/0000")
    assert (response.status_code, error_code(response)) == (404, "ACCOUNT_NOT_EXIST")


def test_a_debit_pays_the_merchant_and_answers_the_movement(bank: BankHarness) -> None:
    response = pay(bank, "P1", "25.50")
    data = response.get_json()
    assert response.status_code == 201
    assert (data["movement"]["kind"], data["movement"]["amount"], data["movement"]["category"]) == (
        "payment", "25.50", "grocery")
    assert (data["balance"], data["available_balance"]) == ("9974.50", "9974.50")


def test_a_debit_over_the_available_balance_is_refused(bank: BankHarness) -> None:
    with bank.provider.ledger.transaction() as tx:
        tx.place_freeze(account_no=ACCOUNT_NO, authority_code="京0101", authority_name="东城", request_no="F1",
                        document_no="D", mode=FreezeMode.AMOUNT, amount=900_000, term_days=30)
    response = pay(bank, "P1", "1000.01")
    assert (response.status_code, error_code(response)) == (422, "BALANCE_NOT_ENOUGH")
    assert pay(bank, "P2", "1000.00").status_code == 201


def test_a_credit_comes_in_and_is_reported(bank: BankHarness) -> None:
    response = bank.call("POST", f"{ACCOUNT}/credits", {"request_no": "S1", "amount": "8000.00",
                                                         "counterparty": "employer"})
    assert response.status_code == 201
    assert response.get_json()["balance"] == "18000.00"


def test_a_restriction_placed_in_the_ledger_refuses_restricted_categories(bank: BankHarness) -> None:
    with bank.provider.ledger.transaction() as tx:
        subject = tx.subject_by_number(DEBTOR["id_number"])
        tx.restrict(subject, authority_code="京0101", authority_name="东城", document_no="限消1")
    response = pay(bank, "P1", "1200.00", "air_travel")
    assert (response.status_code, error_code(response)) == (422, "CONSUMPTION_RESTRICTED")
    assert pay(bank, "P2", "12.00", "grocery").status_code == 201


def test_a_court_publishes_a_restriction_order_through_the_gateway(bank: BankHarness) -> None:
    response = bank.call("POST", "/judicial/v1/restrictions", restriction("L1", categories=["air_travel", "g_train"]))
    data = response.get_json()
    assert response.status_code == 201
    assert (data["status"], data["categories"], data["request_no"]) == ("in_force", ["air_travel", "g_train"], "L1")
    assert error_code(pay(bank, "P1", "553.00", "g_train")) == "CONSUMPTION_RESTRICTED"
    assert pay(bank, "P2", "300.00", "bullet_train_second_class").status_code == 201


def test_a_restriction_without_categories_covers_every_restricted_one(bank: BankHarness) -> None:
    data = bank.call("POST", "/judicial/v1/restrictions", restriction("L1")).get_json()
    assert "star_hotel" in data["categories"] and "grocery" not in data["categories"]


def test_lifting_the_order_allows_payments_again(bank: BankHarness) -> None:
    order = bank.call("POST", "/judicial/v1/restrictions", restriction("L1")).get_json()
    lifted = bank.call("POST", f"/judicial/v1/restrictions/{order['restriction_id']}/lift", {"court": COURT})
    assert (lifted.status_code, lifted.get_json()["status"]) == (200, "lifted")
    assert pay(bank, "P1", "800.00", "star_hotel").status_code == 201


def test_only_the_issuing_court_may_lift_an_order(bank: BankHarness) -> None:
    order = bank.call("POST", "/judicial/v1/restrictions", restriction("L1")).get_json()
    response = bank.call("POST", f"/judicial/v1/restrictions/{order['restriction_id']}/lift", {"court": OTHER_COURT})
    assert (response.status_code, error_code(response)) == (403, "NOT_RESTRICTION_OWNER")


def test_lifting_an_unknown_order_is_404(bank: BankHarness) -> None:
    response = bank.call("POST", "/judicial/v1/restrictions/999/lift", {"court": COURT})
    assert (response.status_code, error_code(response)) == (404, "RESTRICTION_NOT_FOUND")


def test_a_restriction_for_a_mismatched_identity_is_refused_and_replayed(bank: BankHarness) -> None:
    body = restriction("L1", subject={**DEBTOR, "name": "王五"})
    first = bank.call("POST", "/judicial/v1/restrictions", body)
    again = bank.call("POST", "/judicial/v1/restrictions", body)
    assert (first.status_code, error_code(first)) == (422, "IDENTITY_NOT_MATCH")
    assert again.get_data() == first.get_data()
    assert pay(bank, "P1", "800.00", "star_hotel").status_code == 201


def test_a_restriction_order_is_idempotent_by_request_number(bank: BankHarness) -> None:
    first = bank.call("POST", "/judicial/v1/restrictions", restriction("L1"))
    again = bank.call("POST", "/judicial/v1/restrictions", restriction("L1"))
    assert again.get_data() == first.get_data()
    with bank.provider.ledger.transaction() as tx:
        assert len(tx.restrictions_of(tx.subject_by_number(DEBTOR["id_number"]))) == 1


def test_an_unknown_restriction_category_is_refused(bank: BankHarness) -> None:
    response = bank.call("POST", "/judicial/v1/restrictions", restriction("L1", categories=["grocery"]))
    assert (response.status_code, response.get_json()["error"]["field"]) == (400, "/categories/0")
