"""The processing delay on the simulated clock: requests run exactly when due, in order with expiries."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest

from payment_mocks.bank import processing
from payment_mocks.bank.testing import (
    ACCOUNT_NO,
    OTHER_COURT,
    BankHarness,
    control_body,
    error_code,
    freeze_item,
    query_body,
)
from payment_mocks.ledger import Freeze, FreezeStatus


@pytest.fixture
def bank(tmp_path: Path) -> Iterator[BankHarness]:
    harness = BankHarness.create(tmp_path / "bank")
    harness.seed_debtor(balance_fen=1_000_000)
    yield harness
    harness.close()


def set_delay(bank: BankHarness, delay: str) -> None:
    assert bank.admin("PUT", "/_admin/bank/processing", {"delay": delay}).status_code == 200


def seconds_between(earlier: str, later: str) -> float:
    return (datetime.fromisoformat(later) - datetime.fromisoformat(earlier)).total_seconds()


def test_the_delay_defaults_to_zero(bank: BankHarness) -> None:
    assert bank.admin("GET", "/_admin/bank/processing").get_json() == {"delay": "0s", "delay_seconds": 0}


def test_the_delay_is_changed_by_an_admin_route(bank: BankHarness) -> None:
    answer = bank.admin("PUT", "/_admin/bank/processing", {"delay": "2h"})
    assert answer.get_json() == {"delay": "2h", "delay_seconds": 7200}
    assert bank.admin("GET", "/_admin/bank/processing").get_json()["delay"] == "2h"


def test_the_admin_route_needs_the_admin_token(bank: BankHarness) -> None:
    assert bank.client.put("/_admin/bank/processing", json={"delay": "2h"}).status_code == 401
    assert bank.admin("GET", "/_admin/bank/processing").get_json()["delay"] == "0s"


@pytest.mark.parametrize("delay", ["soon", "-1h", "366d", 1.5, None])
def test_a_bad_delay_is_refused(bank: BankHarness, delay: object) -> None:
    response = bank.admin("PUT", "/_admin/bank/processing", {"delay": delay})
    assert (response.status_code, error_code(response), response.get_json()["error"]["field"]) == (
        400, "FIELD_INVALID", "/delay")


def test_the_delay_may_come_from_the_configuration(tmp_path: Path) -> None:
    harness = BankHarness.create(tmp_path / "bank", processing_delay="45m")
    try:
        assert harness.admin("GET", "/_admin/bank/processing").get_json()["delay_seconds"] == 2700
    finally:
        harness.close()


def test_a_request_waits_for_its_delay_on_the_simulated_clock(bank: BankHarness) -> None:
    set_delay(bank, "2h")
    bank.submit("queries", query_body("Q1"))
    bank.advance("119m")
    assert bank.feedback("Q1")["status"] == "accepted"
    bank.advance("1m")
    answer = bank.feedback("Q1")
    assert answer["status"] == "completed"
    assert seconds_between(answer["accepted_at"], answer["completed_at"]) == 7200


def test_a_request_is_processed_at_its_due_instant_even_after_a_long_jump(bank: BankHarness) -> None:
    set_delay(bank, "1d")
    bank.submit("controls", control_body("C1", [freeze_item("5000.00", start="2026-01-01", end="2026-01-31")]))
    bank.advance("365d")
    answer = bank.feedback("C1")
    [item] = answer["items"]
    assert seconds_between(answer["accepted_at"], answer["completed_at"]) == 86_400
    assert item["controlled"] is True and item["amount_frozen"] == "5000.00"
    # The freeze it placed a year ago ran its 30 days and lapsed, in order, after the request was processed.
    [freeze] = all_freezes(bank)
    assert freeze.status is FreezeStatus.EXPIRED
    assert bank.account().available == 1_000_000


def all_freezes(bank: BankHarness) -> list[Freeze]:
    with bank.provider.ledger.transaction() as tx:
        return tx.freezes_on(ACCOUNT_NO, include_ended=True)


def test_a_change_of_delay_applies_to_requests_accepted_afterwards(bank: BankHarness) -> None:
    set_delay(bank, "2h")
    bank.submit("queries", query_body("Q1"))
    set_delay(bank, "0s")
    bank.submit("queries", query_body("Q2"))
    assert (bank.feedback("Q1")["status"], bank.feedback("Q2")["status"]) == ("accepted", "completed")


def test_requests_due_together_run_in_acceptance_order(bank: BankHarness) -> None:
    set_delay(bank, "1h")
    bank.submit("controls", control_body("C1", [freeze_item("8000.00")], court=OTHER_COURT))
    bank.submit("controls", control_body("C2", [freeze_item("8000.00")]))
    bank.advance("1h")
    assert bank.feedback("C1")["items"][0]["freeze_status"] == "active"
    second = bank.feedback("C2")["items"][0]
    assert (second["amount_frozen"], second["amount_unfrozen"]) == ("2000.00", "6000.00")


def test_a_renewal_falling_due_after_the_expiry_finds_the_freeze_expired(bank: BankHarness) -> None:
    first = bank.control("C1", [freeze_item("5000.00", start="2026-01-01", end="2026-01-02")])["items"][0]
    set_delay(bank, "1d")  # the renewal is accepted before expiry but processed at it
    new_end = "2099-01-01"  # judged only once the freeze's state is known
    bank.submit("controls", control_body("R1", [{"seq": 1, "operation": "02", "account_no": ACCOUNT_NO,
                                                  "original_request_no": "C1", "end_date": new_end}]))
    bank.advance("2d")
    item = bank.feedback("R1")["items"][0]
    assert (item["controlled"], item["reason_code"]) == (False, "FREEZE_EXPIRED")
    assert first["freeze_status"] == "active"


def test_an_accepted_request_is_processed_by_any_later_transaction(bank: BankHarness) -> None:
    set_delay(bank, "10m")
    bank.submit("controls", control_body("C1", [freeze_item("5000.00")]))
    bank.advance("10m")
    bank.settle()
    assert bank.account().available == 500_000


def test_a_request_that_cannot_be_processed_is_rejected_and_blocks_nothing(
    bank: BankHarness, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*args: object) -> processing.Outcome:
        raise RuntimeError("core banking system down")

    monkeypatch.setattr(processing, "process_query", broken)
    bank.submit("queries", query_body("Q1"))
    bank.submit("controls", control_body("C1", [freeze_item("5000.00")]))
    answer = bank.feedback("Q1")
    assert (answer["status"], answer["reason_code"]) == ("rejected", "SYSTEM_ERROR")
    assert bank.feedback("C1")["items"][0]["controlled"] is True
