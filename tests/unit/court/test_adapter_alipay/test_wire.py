"""Requests to biz_content and nodes to outcomes: yuan strings and fen, Beijing days, statuses."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from court_node.adapters.alipay import wire
from court_node.adapters.types import FreezeState, Operation, OutcomeState, Subject
from tests.unit.court.test_adapter_alipay.support import (
    CASE,
    COMPANY,
    COURT,
    DOCUMENT,
    FREEZE_NO,
    USER_ID,
    account_entry,
    business,
    control_request,
    freeze_node,
    measure,
    ok,
    order_node,
    query_request,
)

COURT_FIELDS = {"out_request_no": "C1", "court_code": "京0101", "court_name": "北京市东城区人民法院",
                "judge_name": "王法官", "case_no": CASE, "document_no": DOCUMENT}
SUBJECT = {"name": "张三", "cert_type": "IDENTITY_CARD", "cert_no": "11010519491231002X"}


def test_a_query_names_the_court_and_the_subject() -> None:
    assert wire.query_biz(query_request("C1")) == {**COURT_FIELDS, "subject": SUBJECT}


def test_a_query_with_dates_asks_for_transactions() -> None:
    biz = wire.query_biz(query_request(transactions_from=date(2026, 3, 1), transactions_to=date(2026, 3, 2)))
    assert (biz["trans_start_date"], biz["trans_end_date"]) == ("2026-03-01", "2026-03-02")


def test_a_company_is_named_by_its_credit_code() -> None:
    assert wire.query_biz(query_request(subject=COMPANY))["subject"]["cert_type"] == "UNIFIED_SOCIAL_CREDIT_CODE"


def test_an_unknown_id_type_cannot_be_expressed() -> None:
    with pytest.raises(wire.WireError, match="ID type"):
        wire.query_biz(query_request(subject=Subject("张三", "passport", "E12345678")))


def test_an_amount_freeze_is_a_yuan_string_until_the_end_date() -> None:
    assert wire.control_biz(control_request()) == {
        **COURT_FIELDS, "subject": SUBJECT, "user_id": USER_ID, "freeze_type": "AMOUNT",
        "freeze_amount": "1500.00", "freeze_end_date": "2026-08-29"}


def test_a_whole_account_freeze_has_no_amount() -> None:
    biz = wire.control_biz(control_request(whole_account=True, amount=None))
    assert biz["freeze_type"] == "ACCOUNT" and "freeze_amount" not in biz


def test_a_renewal_names_the_freeze_and_the_new_end_date() -> None:
    biz = wire.control_biz(control_request(Operation.RENEW))
    assert (biz["freeze_no"], biz["new_end_date"]) == (FREEZE_NO, "2027-03-01")
    assert "subject" not in biz


def test_a_release_names_only_the_freeze() -> None:
    assert wire.control_biz(control_request(Operation.RELEASE)) == {**COURT_FIELDS, "freeze_no": FREEZE_NO}


def test_a_deduction_goes_to_the_courts_enforcement_account() -> None:
    biz = wire.control_biz(control_request(Operation.DEDUCT))
    assert (biz["amount"], biz["enforcement_account"]) == ("600.00", COURT.enforcement_account)


def test_a_missing_judge_is_left_out_for_the_gateway_to_name() -> None:
    assert "judge_name" not in wire.control_biz(control_request(judge=""))


@pytest.mark.parametrize(("operation", "changes", "message"), [
    (Operation.FREEZE, {"end_date": None}, "end_date"),
    (Operation.FREEZE, {"amount": None}, "amount"),
    (Operation.FREEZE, {"amount": 0}, "amount"),
    (Operation.RENEW, {"end_date": None}, "end_date"),
    (Operation.RENEW, {"provider_ref": ""}, "freeze_no"),
    (Operation.RELEASE, {"provider_ref": ""}, "freeze_no"),
    (Operation.DEDUCT, {"amount": -5}, "amount"),
])
def test_requests_the_dialect_cannot_express_are_refused(operation: Operation, changes: dict[str, Any],
                                                        message: str) -> None:
    with pytest.raises(wire.WireError, match=message):
        wire.control_biz(control_request(operation, **changes))


def test_accounts_carry_balances_measures_and_transactions_in_fen() -> None:
    (found,) = wire.accounts(ok(accounts=[account_entry()]))
    assert (found.account_no, found.balance, found.available, found.whole_account_frozen) == (USER_ID, 130_000, 0,
                                                                                              False)
    ours, waiting = found.measures
    assert (ours.status, ours.held, ours.unmet, ours.end_date) == (FreezeState.ACTIVE, 130_000, 20_000,
                                                                   date(2026, 8, 29))
    assert (ours.authority_code, ours.authority_name, ours.document_no, ours.mode) == (
        "京0101", "北京市东城区人民法院", DOCUMENT, "amount")
    assert waiting.authority_code == "京0105"
    assert (waiting.status, waiting.queue_position, waiting.start_date) == (FreezeState.WAITING, 1, None)
    credit, payment = found.transactions
    assert (credit.on, credit.kind, credit.amount, credit.balance_after) == (date(2026, 3, 2), "credit", 30_000,
                                                                             130_000)
    assert (payment.kind, payment.category, payment.counterparty) == ("payment", "grocery", "超市")


def test_a_measure_without_a_court_code_has_none() -> None:
    entry = account_entry(judicial_measures=[measure(court_code=None)])
    assert wire.accounts(ok(accounts=[entry]))[0].measures[0].authority_code == ""


def test_a_whole_account_freeze_shows_on_the_account() -> None:
    (found,) = wire.accounts(ok(accounts=[account_entry(freeze_status="ALL_FROZEN")]))
    assert found.whole_account_frozen


def test_an_account_without_transactions_lists_none() -> None:
    entry = account_entry()
    del entry["transactions"]
    assert wire.accounts(ok(accounts=[entry]))[0].transactions == []


@pytest.mark.parametrize(("status", "state"), [("FROZEN", FreezeState.ACTIVE), ("WAITING", FreezeState.WAITING),
                                               ("UNFROZEN", FreezeState.RELEASED), ("EXPIRED", FreezeState.EXPIRED),
                                               ("DEDUCTED", FreezeState.DEDUCTED)])
def test_each_freeze_status_has_its_state(status: str, state: FreezeState) -> None:
    assert wire.freeze_state({"status": status}) is state


def test_a_freeze_answer_is_a_completed_outcome() -> None:
    outcome = wire.control_outcome("C1", Operation.FREEZE, freeze_node())
    assert (outcome.state, outcome.succeeded, outcome.freeze_status) == (OutcomeState.COMPLETED, True,
                                                                         FreezeState.ACTIVE)
    assert (outcome.provider_ref, outcome.held, outcome.unmet, outcome.deducted) == (FREEZE_NO, 130_000, 20_000, 0)
    assert (outcome.start_date, outcome.end_date) == (date(2026, 3, 2), date(2026, 8, 29))
    assert (outcome.balance, outcome.available, outcome.queue_position) == (130_000, 0, None)


def test_a_waiting_freeze_has_its_place_in_line_and_no_dates() -> None:
    node = freeze_node(status="WAITING", frozen_amount="0.00", queue_position=2, start_date=None, end_date=None)
    outcome = wire.control_outcome("C1", Operation.FREEZE, node)
    assert (outcome.freeze_status, outcome.held, outcome.queue_position) == (FreezeState.WAITING, 0, 2)
    assert (outcome.start_date, outcome.end_date) == (None, None)


def test_a_deduction_reports_what_this_request_moved() -> None:
    node = freeze_node(amount="600.00", deducted_amount="900.00", frozen_amount="400.00")
    assert wire.control_outcome("D1", Operation.DEDUCT, node).deducted == 60_000


def test_a_freeze_read_reports_everything_deducted_so_far() -> None:
    node = freeze_node(deducted_amount="900.00", status="DEDUCTED", frozen_amount="0.00")
    outcome = wire.control_outcome("S1", None, node)
    assert (outcome.deducted, outcome.freeze_status) == (90_000, FreezeState.DEDUCTED)


@pytest.mark.parametrize("changes", [{"frozen_amount": 1300}, {"frozen_amount": "13.000"}, {"status": "GONE"},
                                     {"freeze_no": None}, {"end_date": "2026/08/29"}, {"queue_position": "1"},
                                     {"balance": None}])
def test_a_node_of_the_wrong_shape_is_refused(changes: dict[str, Any]) -> None:
    with pytest.raises(wire.WireError):
        wire.control_outcome("C1", Operation.FREEZE, freeze_node(**changes))


@pytest.mark.parametrize("entry", [[1], [{"user_id": USER_ID}], [account_entry(judicial_measures=[measure(
    freeze_type="SOME")])], [account_entry(transactions=[{"trans_time": "yesterday"}])]])
def test_accounts_of_the_wrong_shape_are_refused(entry: list[Any]) -> None:
    with pytest.raises(wire.WireError):
        wire.accounts(ok(accounts=entry))


def test_an_order_query_gives_the_first_answer_back() -> None:
    first = freeze_node("F1")
    assert wire.stored_answer(order_node("F1", "alipay.judicial.fund.freeze", first),
                              "alipay.judicial.fund.freeze") == first


def test_an_order_never_received_has_no_answer() -> None:
    assert wire.stored_answer(business("JUDICIAL.ORDER_NOT_EXIST"), "alipay.judicial.fund.freeze") is None


def test_a_number_used_for_another_method_is_a_conflict() -> None:
    answer = wire.stored_answer(order_node("F1", "alipay.judicial.fund.deduct", ok()), "alipay.judicial.fund.freeze")
    assert answer is not None and answer["sub_code"] == "JUDICIAL.REQUEST_NO_CONFLICT"


def test_a_refused_order_query_is_passed_on() -> None:
    node = {"code": "40002", "msg": "Invalid Arguments", "sub_code": "isv.invalid-parameter", "sub_msg": "x"}
    assert wire.stored_answer(node, "alipay.judicial.fund.freeze") == node
