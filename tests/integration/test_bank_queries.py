"""Query requests: accepted first, answered with accounts, balances, measures and transaction records."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from payment_mocks.bank.testing import (
    ACCOUNT_NO,
    COURT,
    DEBTOR,
    OTHER_COURT,
    BankHarness,
    error_code,
    feedback_of,
    query_body,
)
from payment_mocks.control.callers import Caller, CallerKind
from payment_mocks.ledger import FreezeMode
from payment_mocks.terms import beijing_date


@pytest.fixture
def bank(tmp_path: Path) -> Iterator[BankHarness]:
    harness = BankHarness.create(tmp_path / "bank")
    harness.seed_debtor(balance_fen=1_000_000)
    yield harness
    harness.close()


def other_court_freeze(bank: BankHarness, amount: int | None, request_no: str = "X1") -> None:
    with bank.provider.ledger.transaction() as tx:
        tx.place_freeze(account_no=ACCOUNT_NO, authority_code=OTHER_COURT["code"],
                        authority_name=OTHER_COURT["name"], request_no=request_no, document_no="（2026）京0105执9号",
                        mode=FreezeMode.AMOUNT if amount else FreezeMode.ACCOUNT, amount=amount, term_days=30)


def test_a_query_is_accepted_with_202(bank: BankHarness) -> None:
    response = bank.submit("queries", query_body("Q1"))
    assert response.status_code == 202
    assert feedback_of(response)["status"] == "accepted"
    assert feedback_of(response)["request_no"] == "Q1"


def test_feedback_says_accepted_until_the_request_is_processed(bank: BankHarness) -> None:
    bank.admin("PUT", "/_admin/bank/processing", {"delay": "1h"})
    bank.submit("queries", query_body("Q1"))
    answer = bank.feedback("Q1")
    assert (answer["status"], answer["completed_at"], answer["accounts"]) == ("accepted", None, [])


def test_without_a_delay_the_query_is_answered_at_the_next_settlement(bank: BankHarness) -> None:
    bank.submit("queries", query_body("Q1"))
    answer = bank.feedback("Q1")
    assert answer["status"] == "completed" and answer["completed_at"] == answer["accepted_at"]


def test_the_answer_lists_the_subjects_accounts_with_balances(bank: BankHarness) -> None:
    bank.submit("queries", query_body("Q1"))
    [account] = bank.feedback("Q1")["accounts"]
    assert account == {
        "account_no": ACCOUNT_NO, "name": DEBTOR["name"], "currency": "156", "balance": "10000.00",
        "available_balance": "10000.00", "whole_account_frozen": False, "measures": [], "ended_measures": [],
    }


def test_the_answer_shows_every_measure_with_its_queue_position(bank: BankHarness) -> None:
    other_court_freeze(bank, 400_000, "X1")
    other_court_freeze(bank, 900_000, "X2")
    bank.submit("queries", query_body("Q1"))
    [account] = bank.feedback("Q1")["accounts"]
    first, second = account["measures"]
    assert (first["status"], first["amount_frozen"], first["queue_position"]) == ("active", "4000.00", None)
    assert (second["status"], second["amount_frozen"], second["amount_unfrozen"]) == ("active", "6000.00", "3000.00")
    assert account["available_balance"] == "0.00"
    assert first["authority_code"] == OTHER_COURT["code"] and first["document_no"] == "（2026）京0105执9号"
    assert "request_no" not in first  # another court's request numbers are not shown


def test_a_waiting_measure_has_a_position_and_no_dates_yet(bank: BankHarness) -> None:
    other_court_freeze(bank, None, "X1")
    other_court_freeze(bank, 100_000, "X2")
    bank.submit("queries", query_body("Q1"))
    [account] = bank.feedback("Q1")["accounts"]
    waiting = account["measures"][1]
    assert (waiting["status"], waiting["queue_position"], waiting["start_date"]) == ("waiting", 1, None)
    assert account["whole_account_frozen"] is True


def test_measure_dates_are_beijing_dates_of_the_freeze_term(bank: BankHarness) -> None:
    other_court_freeze(bank, 100_000)
    now = bank.provider.clock.now_us()
    bank.submit("queries", query_body("Q1"))
    measure = bank.feedback("Q1")["accounts"][0]["measures"][0]
    assert measure["start_date"] == beijing_date(now).isoformat()
    assert measure["end_date"] == beijing_date(now + 30 * 86_400_000_000).isoformat()


def test_transactions_are_listed_only_when_asked_and_only_in_the_window(bank: BankHarness) -> None:
    start = bank.provider.clock.now_us()
    bank.advance("10d")
    with bank.provider.ledger.transaction() as tx:
        tx.credit(ACCOUNT_NO, 50_000, counterparty="employer")
    window = {"from": beijing_date(start + 5 * 86_400_000_000).isoformat(),
              "to": beijing_date(start + 10 * 86_400_000_000).isoformat()}
    bank.submit("queries", query_body("Q1", transactions=window))
    bank.submit("queries", query_body("Q2"))
    [listed] = bank.feedback("Q1")["accounts"][0]["transactions"]
    assert (listed["kind"], listed["amount"], listed["balance_after"]) == ("credit", "500.00", "10500.00")
    assert listed["counterparty"] == "employer" and listed["direction"] == "in"
    assert "transactions" not in bank.feedback("Q2")["accounts"][0]


def test_a_name_that_does_not_match_the_id_rejects_the_request(bank: BankHarness) -> None:
    bank.submit("queries", query_body("Q1", subject={**DEBTOR, "name": "李明明"}))
    answer = bank.feedback("Q1")
    assert (answer["status"], answer["reason_code"], answer["accounts"]) == ("rejected", "IDENTITY_NOT_MATCH", [])
    assert answer["reason"]


def test_someone_with_no_account_here_gets_an_empty_answer(bank: BankHarness) -> None:
    stranger = {"name": "张三", "id_type": "resident_id", "id_number": "440524188001010014"}
    bank.submit("queries", query_body("Q1", subject=stranger))
    answer = bank.feedback("Q1")
    assert (answer["status"], answer["accounts"]) == ("completed", [])


def test_an_unknown_request_number_is_404(bank: BankHarness) -> None:
    response = bank.call("GET", "/judicial/v1/requests/NOPE/feedback")
    assert (response.status_code, error_code(response)) == (404, "REQUEST_NOT_FOUND")


def test_a_node_sees_only_its_own_requests(bank: BankHarness) -> None:
    bank.provider.callers.register(Caller(CallerKind.BANK_NODE, "COURT-NODE-2", secret="court-node-2-secret-xyz"))
    bank.submit("queries", query_body("Q1"))
    response = bank.call("GET", "/judicial/v1/requests/Q1/feedback", node_id="COURT-NODE-2",
                         secret="court-node-2-secret-xyz")
    assert error_code(response) == "REQUEST_NOT_FOUND"


def test_two_nodes_may_use_the_same_request_number(bank: BankHarness) -> None:
    bank.provider.callers.register(Caller(CallerKind.BANK_NODE, "COURT-NODE-2", secret="court-node-2-secret-xyz"))
    bank.submit("queries", query_body("Q1"))
    other = bank.call("POST", "/judicial/v1/queries", query_body("Q1", court=OTHER_COURT), node_id="COURT-NODE-2",
                      secret="court-node-2-secret-xyz")
    assert other.status_code == 202


def test_the_asking_court_sees_its_own_request_number_on_its_measures(bank: BankHarness) -> None:
    bank.control("C1", [{"seq": 1, "operation": "01", "account_no": ACCOUNT_NO, "content": "1",
                         "amount": "100.00", "start_date": "2026-03-01", "end_date": "2026-09-01"}])
    bank.submit("queries", query_body("Q1", court=COURT))
    measure = bank.feedback("Q1")["accounts"][0]["measures"][0]
    assert measure["request_no"] == "C1"


def test_the_asking_court_sees_how_its_own_freezes_ended(bank: BankHarness) -> None:
    bank.control("C1", [{"seq": 1, "operation": "01", "account_no": ACCOUNT_NO, "content": "1",
                         "amount": "100.00", "start_date": "2026-03-01", "end_date": "2026-03-02"}])
    bank.advance("2d")
    bank.submit("queries", query_body("Q1", court=COURT))
    [account] = bank.feedback("Q1")["accounts"]
    [ended] = account["ended_measures"]
    assert (ended["request_no"], ended["status"], account["measures"]) == ("C1", "expired", [])
    assert ended["ended_date"] == ended["end_date"]


def test_other_courts_do_not_see_ended_measures(bank: BankHarness) -> None:
    bank.control("C1", [{"seq": 1, "operation": "01", "account_no": ACCOUNT_NO, "content": "1",
                         "amount": "100.00", "start_date": "2026-03-01", "end_date": "2026-03-02"}])
    bank.advance("2d")
    bank.submit("queries", query_body("Q1", court=OTHER_COURT))
    assert bank.feedback("Q1")["accounts"][0]["ended_measures"] == []
