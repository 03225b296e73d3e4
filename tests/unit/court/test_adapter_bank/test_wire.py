"""The court node's requests as bank JSON, and the bank's feedback as outcomes."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from court_node.adapters.bank import wire
from court_node.adapters.errors import RefusalCode
from court_node.adapters.types import FreezeState, Operation, OutcomeState
from tests.unit.court.test_adapter_bank.support import (
    ACCOUNT,
    COURT,
    TODAY,
    account,
    control_request,
    feedback,
    item,
    measure,
    query_request,
)


def test_a_query_names_court_case_document_and_subject() -> None:
    body = wire.query_body(query_request("Q1"), TODAY)
    assert body == {"request_no": "Q1", "court": {"code": "京0101", "name": "北京市东城区人民法院"}, "judge": "王法官",
                    "case_no": "（2026）京0101执123号", "document_no": "（2026）京0101执123号之一",
                    "subject": {"name": "李明", "id_type": "resident_id", "id_number": "11010519491231002X"}}


def test_a_query_asks_for_transactions_in_a_date_window() -> None:
    request = query_request(transactions_from=date(2026, 2, 1), transactions_to=date(2026, 3, 1))
    assert wire.query_body(request, TODAY)["transactions"] == {"from": "2026-02-01", "to": "2026-03-01"}


def test_a_window_open_at_the_end_closes_today() -> None:
    request = query_request(transactions_from=date(2026, 2, 1))
    assert wire.query_body(request, TODAY)["transactions"] == {"from": "2026-02-01", "to": "2026-03-01"}


def test_an_amount_freeze_is_operation_01_content_1_in_yuan() -> None:
    assert wire.control_item(control_request(Operation.FREEZE), TODAY) == {
        "seq": 1, "operation": "01", "account_no": ACCOUNT, "content": "1", "amount": "5000.00",
        "start_date": "2026-03-01", "end_date": "2026-09-01"}


def test_a_whole_account_freeze_is_content_2_without_an_amount() -> None:
    request = control_request(Operation.FREEZE, whole_account=True, amount=None, start_date=None)
    assert wire.control_item(request, TODAY) == {"seq": 1, "operation": "01", "account_no": ACCOUNT, "content": "2",
                                                 "start_date": "2026-03-01", "end_date": "2026-09-01"}


def test_a_renewal_is_operation_02_with_the_original_request_and_new_end() -> None:
    assert wire.control_item(control_request(Operation.RENEW), TODAY) == {
        "seq": 1, "operation": "02", "account_no": ACCOUNT, "original_request_no": "C0", "end_date": "2027-03-01"}


def test_a_release_is_operation_04_with_the_original_request() -> None:
    assert wire.control_item(control_request(Operation.RELEASE), TODAY) == {
        "seq": 1, "operation": "04", "account_no": ACCOUNT, "original_request_no": "C0"}


def test_a_deduction_is_operation_06_into_the_courts_enforcement_account() -> None:
    assert wire.control_item(control_request(Operation.DEDUCT), TODAY) == {
        "seq": 1, "operation": "06", "account_no": ACCOUNT, "original_request_no": "C0", "amount": "1000.00",
        "enforcement_account": COURT.enforcement_account}


def test_the_provider_ref_names_the_freeze_when_the_original_number_is_absent() -> None:
    request = control_request(Operation.RELEASE, original_request_no="", provider_ref="C9")
    assert wire.control_item(request, TODAY)["original_request_no"] == "C9"


@pytest.mark.parametrize(("operation", "missing"), [
    (Operation.FREEZE, {"amount": None}), (Operation.FREEZE, {"end_date": None}),
    (Operation.RENEW, {"end_date": None}), (Operation.DEDUCT, {"amount": None}),
    (Operation.RELEASE, {"original_request_no": "", "provider_ref": ""}),
])
def test_a_request_missing_what_its_operation_needs_is_a_programming_error(
        operation: Operation, missing: dict[str, Any]) -> None:
    with pytest.raises(ValueError, match="needs"):
        wire.control_item(control_request(operation, **missing), TODAY)


def test_a_completed_query_lists_accounts_in_fen_with_measures() -> None:
    outcome = wire.query_outcome("Q1", feedback("Q1", "query", results=[account()]))
    assert outcome.state is OutcomeState.COMPLETED
    [found] = outcome.accounts
    assert (found.account_no, found.balance, found.available, found.currency) == (ACCOUNT, 1_970_000, 1_770_000, "CNY")
    [prior] = found.measures
    assert (prior.authority_code, prior.held, prior.unmet, prior.status) == ("京0105", 200_000, 0, FreezeState.ACTIVE)
    assert (prior.start_date, prior.end_date, prior.mode) == (date(2026, 3, 1), date(2026, 8, 28), "amount")


def test_a_waiting_measure_has_a_queue_position_and_no_dates() -> None:
    waiting = measure(status="waiting", queue_position=1, start_date=None, end_date=None, amount_frozen="0.00",
                      amount_unfrozen="2000.00")
    outcome = wire.query_outcome("Q1", feedback("Q1", "query", results=[account(measures=[waiting])]))
    [prior] = outcome.accounts[0].measures
    assert (prior.status, prior.queue_position, prior.start_date, prior.unmet) == (FreezeState.WAITING, 1, None,
                                                                                  200_000)


def test_transactions_are_records_in_fen() -> None:
    record = {"date": "2026-03-01", "time": "2026-03-01T10:00:00+08:00", "kind": "payment", "direction": "out",
              "amount": "300.00", "balance_after": "19700.00", "counterparty": "超市", "category": "grocery"}
    outcome = wire.query_outcome("Q1", feedback("Q1", "query", results=[account(transactions=[record])]))
    [found] = outcome.accounts[0].transactions
    assert (found.on, found.kind, found.amount, found.balance_after, found.category) == (
        date(2026, 3, 1), "payment", 30_000, 1_970_000, "grocery")


def test_an_accepted_query_is_pending() -> None:
    assert wire.query_outcome("Q1", feedback("Q1", "query", "accepted")).state is OutcomeState.PENDING


def test_an_identity_mismatch_rejects_the_query() -> None:
    outcome = wire.query_outcome("Q1", feedback("Q1", "query", "rejected", reason_code="IDENTITY_NOT_MATCH"))
    assert (outcome.state, outcome.error_code, outcome.accounts) == (OutcomeState.REJECTED,
                                                                     RefusalCode.IDENTITY_NOT_MATCH, [])


def test_a_subject_unknown_to_the_bank_has_no_accounts() -> None:
    outcome = wire.query_outcome("Q1", feedback("Q1", "query", results=[]))
    assert (outcome.state, outcome.accounts) == (OutcomeState.COMPLETED, [])


def test_a_control_number_read_as_a_query_is_a_conflict() -> None:
    outcome = wire.query_outcome("C1", feedback("C1", "control", results=[item()]))
    assert (outcome.state, outcome.error_code) == (OutcomeState.REJECTED, RefusalCode.REQUEST_CONFLICT)


def test_an_unknown_feedback_status_is_an_error() -> None:
    with pytest.raises(ValueError, match="status"):
        wire.query_outcome("Q1", feedback("Q1", "query", "lost"))


def test_a_controlled_freeze_item_is_a_succeeded_outcome_named_by_its_request_number() -> None:
    outcome = wire.control_outcome(control_request(Operation.FREEZE), feedback("C1", "control", results=[item()]))
    assert (outcome.state, outcome.succeeded, outcome.freeze_status, outcome.provider_ref) == (
        OutcomeState.COMPLETED, True, FreezeState.ACTIVE, "C1")
    assert (outcome.held, outcome.unmet, outcome.deducted, outcome.balance, outcome.available) == (
        1_770_000, 730_000, 0, 1_970_000, 0)
    assert (outcome.start_date, outcome.end_date, outcome.error_code) == (date(2026, 3, 1), date(2026, 9, 1), "")


def test_a_waiting_freeze_has_its_queue_position() -> None:
    waiting = item(freeze_status="waiting", queue_position=1, start_date=None, end_date=None, amount_frozen="0.00")
    outcome = wire.control_outcome(control_request(Operation.FREEZE), feedback("C1", "control", results=[waiting]))
    assert (outcome.freeze_status, outcome.queue_position, outcome.start_date, outcome.held) == (
        FreezeState.WAITING, 1, None, 0)


def test_a_deduction_reports_what_it_moved_and_names_the_original_freeze() -> None:
    deducted = item(operation="06", amount_deducted="1000.00", amount_frozen="16700.00", balance="18700.00")
    outcome = wire.control_outcome(control_request(Operation.DEDUCT), feedback("C1", "control", results=[deducted]))
    assert (outcome.deducted, outcome.held, outcome.balance, outcome.provider_ref) == (100_000, 1_670_000, 1_870_000,
                                                                                       "C0")


@pytest.mark.parametrize(("reason", "expected"), [
    ("NOT_FREEZE_OWNER", RefusalCode.NOT_FREEZE_OWNER), ("FREEZE_EXPIRED", RefusalCode.FREEZE_EXPIRED),
    ("DEDUCT_EXCEED_FROZEN", RefusalCode.DEDUCT_EXCEEDS_HELD), ("FREEZE_NOT_EXIST", RefusalCode.FREEZE_NOT_FOUND),
    ("ACCOUNT_NOT_EXIST", RefusalCode.ACCOUNT_NOT_FOUND),
])
def test_a_failed_item_is_completed_not_succeeded_with_the_mapped_code(reason: str, expected: RefusalCode) -> None:
    failed = item(operation="06", controlled=False, reason_code=reason, reason="no", freeze_no=None,
                  freeze_status=None, amount_frozen="0.00", amount_unfrozen="0.00")
    outcome = wire.control_outcome(control_request(Operation.DEDUCT), feedback("C1", "control", results=[failed]))
    assert (outcome.state, outcome.succeeded, outcome.error_code, outcome.error_message) == (
        OutcomeState.COMPLETED, False, expected, "no")
    assert outcome.freeze_status is None


def test_an_item_on_another_account_than_the_request_is_a_conflict() -> None:
    other = item(account_no="6222000000000000000")
    outcome = wire.control_outcome(control_request(Operation.FREEZE), feedback("C1", "control", results=[other]))
    assert (outcome.state, outcome.error_code) == (OutcomeState.REJECTED, RefusalCode.REQUEST_CONFLICT)


def test_a_rejected_control_request_carries_its_reason() -> None:
    rejected = feedback("C1", "control", "rejected", reason_code="IDENTITY_NOT_MATCH")
    outcome = wire.control_outcome(control_request(), rejected)
    assert (outcome.state, outcome.error_code, outcome.succeeded) == (OutcomeState.REJECTED,
                                                                      RefusalCode.IDENTITY_NOT_MATCH, False)


def test_an_accepted_control_request_is_pending() -> None:
    outcome = wire.control_outcome(control_request(), feedback("C1", "control", "accepted"))
    assert outcome.state is OutcomeState.PENDING


def test_the_freeze_status_is_found_among_the_measures_by_court_and_request_number() -> None:
    own = measure(authority_code=COURT.code, request_no="C0", status="waiting", queue_position=2,
                  amount_frozen="0.00", amount_unfrozen="5000.00", start_date=None, end_date=None)
    answer = feedback("S1", "query", results=[account(measures=[measure(), own])])
    outcome = wire.status_outcome(control_request(Operation.RENEW, "S1"), answer)
    assert (outcome.state, outcome.succeeded, outcome.freeze_status, outcome.queue_position, outcome.unmet) == (
        OutcomeState.COMPLETED, True, FreezeState.WAITING, 2, 500_000)
    assert (outcome.provider_ref, outcome.balance, outcome.available) == ("C0", 1_970_000, 1_770_000)


def test_an_ended_freeze_is_found_among_the_courts_ended_measures() -> None:
    ended = measure(authority_code=COURT.code, request_no="C0", status="expired", amount_frozen="0.00",
                    ended_date="2026-08-28")
    answer = feedback("S1", "query", results=[account(ended_measures=[ended])])
    outcome = wire.status_outcome(control_request(Operation.RENEW, "S1"), answer)
    assert (outcome.succeeded, outcome.freeze_status, outcome.end_date) == (True, FreezeState.EXPIRED,
                                                                            date(2026, 8, 28))


def test_another_courts_measure_under_the_same_number_is_not_ours() -> None:
    theirs = measure(request_no="C0")
    answer = feedback("S1", "query", results=[account(measures=[theirs])])
    outcome = wire.status_outcome(control_request(Operation.RENEW, "S1"), answer)
    assert (outcome.state, outcome.succeeded, outcome.error_code) == (OutcomeState.COMPLETED, False,
                                                                      RefusalCode.FREEZE_NOT_FOUND)


def test_a_freeze_status_on_an_account_not_listed_is_account_not_found() -> None:
    answer = feedback("S1", "query", results=[])
    outcome = wire.status_outcome(control_request(Operation.RENEW, "S1"), answer)
    assert (outcome.succeeded, outcome.error_code) == (False, RefusalCode.ACCOUNT_NOT_FOUND)


def test_a_freeze_status_whose_query_waits_is_pending() -> None:
    outcome = wire.status_outcome(control_request(Operation.RENEW, "S1"), feedback("S1", "query", "accepted"))
    assert outcome.state is OutcomeState.PENDING
