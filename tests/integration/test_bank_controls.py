"""Control requests: freeze (01), renew (02), unfreeze (04) and deduct (06), each item with its own result."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest

from payment_mocks.bank.testing import (
    ACCOUNT_NO,
    DEBTOR,
    OTHER_COURT,
    BankHarness,
    error_code,
    freeze_item,
)
from payment_mocks.ledger import FreezeStatus

STRANGER = {"name": "张三", "id_type": "resident_id", "id_number": "440524188001010014"}
STRANGER_ACCOUNT = "6222020200999988887"


@pytest.fixture
def bank(tmp_path: Path) -> Iterator[BankHarness]:
    harness = BankHarness.create(tmp_path / "bank")
    harness.seed_debtor(balance_fen=1_000_000)
    yield harness
    harness.close()


def op(operation: str, original: str, *, seq: int = 1, **fields: Any) -> dict[str, Any]:
    return {"seq": seq, "operation": operation, "account_no": ACCOUNT_NO, "original_request_no": original, **fields}


def deduct(original: str, amount: str, *, seq: int = 1) -> dict[str, Any]:
    return op("06", original, seq=seq, amount=amount, enforcement_account="EA-京0101-001")


def only_item(answer: dict[str, Any]) -> dict[str, Any]:
    assert answer["status"] == "completed", answer
    [item] = answer["items"]
    return dict(item)


def later(day: str, days: int) -> str:
    return (date.fromisoformat(day) + timedelta(days=days)).isoformat()


def test_an_amount_freeze_holds_the_amount(bank: BankHarness) -> None:
    item = only_item(bank.control("C1", [freeze_item("5000.00")]))
    assert item["controlled"] is True and item["freeze_status"] == "active"
    assert (item["amount_frozen"], item["amount_unfrozen"]) == ("5000.00", "0.00")
    assert (item["balance"], item["available_balance"]) == ("10000.00", "5000.00")
    assert bank.account().available == 500_000


def test_the_term_runs_from_when_the_freeze_takes_effect(bank: BankHarness) -> None:
    item = only_item(bank.control("C1", [freeze_item(start="2026-01-01", end="2026-01-31")]))
    assert item["end_date"] == later(item["start_date"], 30)


def test_a_whole_account_freeze_blocks_every_debit_but_not_credits(bank: BankHarness) -> None:
    item = only_item(bank.control("C1", [freeze_item(None)]))
    assert (item["available_balance"], item["amount_frozen"]) == ("0.00", "10000.00")
    debit = bank.call("POST", f"/retail/v1/accounts/{ACCOUNT_NO}/debits",
                      {"request_no": "P1", "amount": "1.00", "merchant": "shop", "category": "grocery"})
    credit = bank.call("POST", f"/retail/v1/accounts/{ACCOUNT_NO}/credits",
                       {"request_no": "S1", "amount": "1.00", "counterparty": "employer"})
    assert (debit.status_code, error_code(debit)) == (422, "ACCOUNT_FROZEN")
    assert credit.status_code == 201


def test_a_freeze_larger_than_the_balance_freezes_what_is_there(bank: BankHarness) -> None:
    item = only_item(bank.control("C1", [freeze_item("15000.00")]))
    assert (item["controlled"], item["amount_frozen"], item["amount_unfrozen"]) == (True, "10000.00", "5000.00")


def test_later_salary_is_captured_by_the_unmet_freeze(bank: BankHarness) -> None:
    bank.control("C1", [freeze_item("15000.00")])
    credit = bank.call("POST", f"/retail/v1/accounts/{ACCOUNT_NO}/credits",
                       {"request_no": "S1", "amount": "8000.00", "counterparty": "employer"})
    assert credit.get_json()["available_balance"] == "3000.00"
    [freeze] = bank.account().freezes
    assert (freeze.held, freeze.unmet) == (1_500_000, 0)


def test_a_second_court_waits_in_line_with_its_position(bank: BankHarness) -> None:
    bank.control("C1", [freeze_item(None)])
    item = only_item(bank.control("C2", [freeze_item("3000.00")], court=OTHER_COURT))
    assert (item["controlled"], item["freeze_status"], item["queue_position"]) == (True, "waiting", 1)
    assert (item["amount_frozen"], item["amount_unfrozen"], item["start_date"]) == ("0.00", "3000.00", None)
    [prior] = item["measures"]
    assert (prior["authority_code"], prior["mode"], prior["status"]) == ("京0101", "account", "active")


def test_the_waiting_freeze_takes_effect_when_the_first_is_released(bank: BankHarness) -> None:
    bank.control("C1", [freeze_item(None)])
    bank.control("C2", [freeze_item("3000.00")], court=OTHER_COURT)
    item = only_item(bank.control("U1", [op("04", "C1")]))
    assert (item["controlled"], item["freeze_status"]) == (True, "released")
    assert item["available_balance"] == "7000.00"
    [effective] = item["measures"]
    assert (effective["status"], effective["amount_frozen"], effective["queue_position"]) == ("active", "3000.00", None)


def test_a_renewal_before_expiry_moves_the_end_date(bank: BankHarness) -> None:
    first = only_item(bank.control("C1", [freeze_item(start="2026-01-01", end="2026-03-02")]))
    new_end = later(first["end_date"], 90)
    item = only_item(bank.control("R1", [op("02", "C1", end_date=new_end)]))
    assert (item["controlled"], item["end_date"], item["start_date"]) == (True, new_end, first["start_date"])


def test_a_renewal_after_expiry_is_refused(bank: BankHarness) -> None:
    first = only_item(bank.control("C1", [freeze_item(start="2026-01-01", end="2026-01-31")]))
    bank.advance("31d")
    item = only_item(bank.control("R1", [op("02", "C1", end_date=later(first["end_date"], 30))]))
    assert (item["controlled"], item["reason_code"]) == (False, "FREEZE_EXPIRED")
    assert item["available_balance"] == "10000.00"


def test_a_renewal_more_than_a_year_past_the_current_end_is_refused(bank: BankHarness) -> None:
    first = only_item(bank.control("C1", [freeze_item(start="2026-01-01", end="2026-01-31")]))
    item = only_item(bank.control("R1", [op("02", "C1", end_date=later(first["end_date"], 366))]))
    assert (item["controlled"], item["reason_code"]) == (False, "TERM_INVALID")


def test_a_deduction_moves_frozen_money_to_the_enforcement_account(bank: BankHarness) -> None:
    bank.control("C1", [freeze_item("5000.00")])
    item = only_item(bank.control("D1", [deduct("C1", "2000.00")]))
    assert (item["controlled"], item["amount_deducted"], item["amount_frozen"]) == (True, "2000.00", "3000.00")
    assert (item["balance"], item["available_balance"]) == ("8000.00", "5000.00")
    with bank.provider.ledger.transaction() as tx:
        [payout] = tx.payouts()
    assert (payout.amount, payout.enforcement_account, payout.document_no) == (
        200_000, "EA-京0101-001", "（2026）京0101执123号之一")


def test_deducting_everything_ends_the_freeze(bank: BankHarness) -> None:
    bank.control("C1", [freeze_item("5000.00")])
    item = only_item(bank.control("D1", [deduct("C1", "5000.00")]))
    assert (item["freeze_status"], item["balance"], item["available_balance"]) == ("deducted", "5000.00", "5000.00")


def test_a_deduction_over_what_the_freeze_holds_is_refused_and_moves_nothing(bank: BankHarness) -> None:
    bank.control("C1", [freeze_item("5000.00")])
    item = only_item(bank.control("D1", [deduct("C1", "5000.01")]))
    assert (item["controlled"], item["reason_code"], item["amount_deducted"]) == (False, "DEDUCT_EXCEED_FROZEN", "0.00")
    assert bank.account().balance == 1_000_000


def test_a_court_cannot_deduct_from_another_courts_freeze(bank: BankHarness) -> None:
    bank.control("C1", [freeze_item("5000.00")], court=OTHER_COURT)
    item = only_item(bank.control("D1", [deduct("C1", "100.00")]))
    assert (item["controlled"], item["reason_code"]) == (False, "NOT_FREEZE_OWNER")
    assert bank.account().balance == 1_000_000


def test_a_court_cannot_release_another_courts_freeze(bank: BankHarness) -> None:
    bank.control("C1", [freeze_item("5000.00")], court=OTHER_COURT)
    item = only_item(bank.control("U1", [op("04", "C1")]))
    assert item["reason_code"] == "NOT_FREEZE_OWNER"
    assert bank.account().freezes[0].status is FreezeStatus.ACTIVE


def test_an_unknown_original_request_is_freeze_not_exist(bank: BankHarness) -> None:
    item = only_item(bank.control("U1", [op("04", "NEVER")]))
    assert (item["controlled"], item["reason_code"]) == (False, "FREEZE_NOT_EXIST")


def test_releasing_twice_is_refused_the_second_time(bank: BankHarness) -> None:
    bank.control("C1", [freeze_item("5000.00")])
    bank.control("U1", [op("04", "C1")])
    assert only_item(bank.control("U2", [op("04", "C1")]))["reason_code"] == "FREEZE_ENDED"


def test_an_account_of_someone_else_fails_the_item_and_shows_no_balance(bank: BankHarness) -> None:
    bank.seed_debtor(balance_fen=500, account_no=STRANGER_ACCOUNT, subject=STRANGER)
    item = only_item(bank.control("C1", [freeze_item(account_no=STRANGER_ACCOUNT)]))
    assert (item["controlled"], item["reason_code"], item["balance"]) == (False, "IDENTITY_NOT_MATCH", None)
    with bank.provider.ledger.transaction() as tx:
        assert tx.freezes_on(STRANGER_ACCOUNT) == []


def test_an_unknown_account_fails_the_item(bank: BankHarness) -> None:
    item = only_item(bank.control("C1", [freeze_item(account_no="0000")]))
    assert (item["controlled"], item["reason_code"]) == (False, "ACCOUNT_NOT_EXIST")


def test_a_subject_that_does_not_match_rejects_the_whole_request(bank: BankHarness) -> None:
    answer = bank.control("C1", [freeze_item()], subject={**DEBTOR, "name": "王五"})
    assert (answer["status"], answer["reason_code"], answer["items"]) == ("rejected", "IDENTITY_NOT_MATCH", [])
    assert bank.account().freezes == []


def test_one_failing_item_leaves_the_others_done(bank: BankHarness) -> None:
    bank.seed_debtor(balance_fen=300_000, account_no="6222020200112233446")
    answer = bank.control("C1", [freeze_item("1000.00", seq=1), freeze_item(seq=2, account_no="0000"),
                                 freeze_item("2000.00", seq=3, account_no="6222020200112233446")])
    assert [i["controlled"] for i in answer["items"]] == [True, False, True]
    assert [i["seq"] for i in answer["items"]] == [1, 2, 3]
    assert (bank.account().available, bank.account("6222020200112233446").available) == (900_000, 100_000)


def test_a_second_freeze_on_the_same_account_in_one_request_is_a_duplicate(bank: BankHarness) -> None:
    answer = bank.control("C1", [freeze_item("1000.00", seq=1), freeze_item("2000.00", seq=2)])
    assert [i["reason_code"] for i in answer["items"]] == [None, "DUPLICATE"]
    assert bank.account().available == 900_000


def test_items_are_applied_in_order_within_a_request(bank: BankHarness) -> None:
    bank.control("C1", [freeze_item("5000.00")])
    answer = bank.control("D1", [deduct("C1", "1000.00", seq=1), op("04", "C1", seq=2)])
    assert [i["controlled"] for i in answer["items"]] == [True, True]
    assert (bank.account().balance, bank.account().available) == (900_000, 900_000)


def test_the_ledger_stays_consistent_after_a_busy_request(bank: BankHarness) -> None:
    bank.control("C1", [freeze_item("15000.00")])
    bank.control("C2", [freeze_item(None)], court=OTHER_COURT)
    bank.control("D1", [deduct("C1", "4000.00")])
    assert bank.provider.ledger.check_invariants() == []
