"""Request numbers as idempotency keys: the same body replays the first answer, another body is a conflict."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from payment_mocks.bank.testing import (
    ACCOUNT_NO,
    BankHarness,
    control_body,
    error_code,
    freeze_item,
    query_body,
)

DEBITS = f"/retail/v1/accounts/{ACCOUNT_NO}/debits"


@pytest.fixture
def bank(tmp_path: Path) -> Iterator[BankHarness]:
    harness = BankHarness.create(tmp_path / "bank")
    harness.seed_debtor(balance_fen=1_000_000)
    yield harness
    harness.close()


def deduction(request_no: str) -> dict[str, object]:
    return control_body(request_no, [{"seq": 1, "operation": "06", "account_no": ACCOUNT_NO, "amount": "1000.00",
                                      "original_request_no": "C1", "enforcement_account": "EA-1"}])


def test_the_same_body_gets_the_same_202_again(bank: BankHarness) -> None:
    first = bank.submit("queries", query_body("Q1"))
    bank.advance("1h")
    again = bank.submit("queries", query_body("Q1"))
    assert (again.status_code, again.get_data()) == (202, first.get_data())


def test_a_replayed_answer_is_signed_afresh(bank: BankHarness) -> None:
    first = bank.submit("queries", query_body("Q1"))
    again = bank.submit("queries", query_body("Q1"))
    assert first.headers["X-Nonce"] != again.headers["X-Nonce"]
    assert bank.verify(again, "POST", "/judicial/v1/queries")


def test_another_body_under_the_same_number_is_a_409(bank: BankHarness) -> None:
    bank.submit("queries", query_body("Q1"))
    response = bank.submit("queries", query_body("Q1", transactions={"from": "2026-01-01", "to": "2026-01-31"}))
    assert (response.status_code, error_code(response)) == (409, "REQUEST_NO_CONFLICT")
    assert response.get_json()["error"]["field"] == "/request_no"


def test_a_query_number_cannot_be_reused_for_a_control_request(bank: BankHarness) -> None:
    bank.submit("queries", query_body("R1"))
    assert bank.submit("controls", control_body("R1", [freeze_item()])).status_code == 409


def test_the_same_amount_written_differently_is_the_same_body(bank: BankHarness) -> None:
    bank.submit("controls", control_body("C1", [freeze_item("5000.00")]))
    assert bank.submit("controls", control_body("C1", [freeze_item("5000")])).status_code == 202


def test_another_callback_url_is_still_the_same_request(bank: BankHarness) -> None:
    bank.submit("queries", query_body("Q1", callback_url="http://127.0.0.1:9/a"))
    assert bank.submit("queries", query_body("Q1", callback_url="http://127.0.0.1:9/b")).status_code == 202


def test_a_retried_control_request_moves_money_once(bank: BankHarness) -> None:
    bank.control("C1", [freeze_item("5000.00")])
    for _ in range(3):
        assert bank.submit("controls", deduction("D1")).status_code == 202
        bank.settle()
    with bank.provider.ledger.transaction() as tx:
        assert [p.amount for p in tx.payouts()] == [100_000]
    assert bank.account().balance == 900_000


def test_a_retried_debit_pays_once(bank: BankHarness) -> None:
    body = {"request_no": "P1", "amount": "100.00", "merchant": "shop", "category": "grocery"}
    first = bank.call("POST", DEBITS, body)
    again = bank.call("POST", DEBITS, body)
    assert (first.status_code, again.get_data()) == (201, first.get_data())
    assert bank.account().balance == 990_000


def test_a_refused_debit_is_replayed_as_refused(bank: BankHarness) -> None:
    body = {"request_no": "P1", "amount": "20000.00", "merchant": "shop", "category": "grocery"}
    assert error_code(bank.call("POST", DEBITS, body)) == "BALANCE_NOT_ENOUGH"
    with bank.provider.ledger.transaction() as tx:
        tx.credit(ACCOUNT_NO, 2_000_000)
    again = bank.call("POST", DEBITS, body)
    assert (again.status_code, error_code(again)) == (422, "BALANCE_NOT_ENOUGH")


def test_a_debit_number_reused_for_another_amount_is_a_409(bank: BankHarness) -> None:
    bank.call("POST", DEBITS, {"request_no": "P1", "amount": "1.00", "merchant": "shop", "category": "grocery"})
    response = bank.call("POST", DEBITS, {"request_no": "P1", "amount": "2.00", "merchant": "shop",
                                          "category": "grocery"})
    assert (response.status_code, error_code(response)) == (409, "REQUEST_NO_CONFLICT")


def test_after_a_reset_a_request_number_starts_afresh(bank: BankHarness) -> None:
    bank.submit("queries", query_body("Q1"))
    bank.provider.ledger.reset()
    response = bank.submit("controls", control_body("Q1", [freeze_item()]))
    assert response.status_code == 202
    assert bank.feedback("Q1")["kind"] == "control"


def test_an_optional_field_sent_as_null_is_the_same_as_leaving_it_out(bank: BankHarness) -> None:
    bank.submit("queries", query_body("Q1"))
    assert bank.submit("queries", query_body("Q1", transactions=None, callback_url=None)).status_code == 202
