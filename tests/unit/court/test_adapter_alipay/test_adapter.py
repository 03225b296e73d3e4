"""Each adapter method against a scripted gateway: what it sends and what the answers become."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest
import requests
import responses

from court_node.adapters.alipay import AlipayAdapter
from court_node.adapters.base import AdapterError
from court_node.adapters.errors import RefusalCode
from court_node.adapters.registry import adapter_class, build
from court_node.adapters.types import FreezeState, Operation, OutcomeState
from tests.unit.court.test_adapter_alipay.support import (
    BASE,
    COURT,
    DEBTOR,
    FREEZE_NO,
    UNAVAILABLE,
    FakeAlipay,
    account_entry,
    adapter,
    business,
    config,
    control_request,
    freeze_node,
    ok,
    order_node,
    query_request,
    refused,
)

QUERY = "alipay.judicial.account.query"
ORDER = "alipay.judicial.order.query"
FREEZE = "alipay.judicial.fund.freeze"
RENEW = "alipay.judicial.fund.freeze.renew"
UNFREEZE = "alipay.judicial.fund.unfreeze"
DEDUCT = "alipay.judicial.fund.deduct"
FREEZE_QUERY = "alipay.judicial.fund.freeze.query"
CREATE = "alipay.judicial.restriction.create"
CANCEL = "alipay.judicial.restriction.cancel"


# ---- registration, configuration, capabilities, health -------------------------------------------------------
def test_the_adapter_registers_as_alipay() -> None:
    assert adapter_class("alipay") is AlipayAdapter
    built = build(config())
    assert isinstance(built, AlipayAdapter) and built.dialect == "alipay-gateway-rsa2"


def test_every_credential_is_required() -> None:
    with pytest.raises(ValueError, match="alipay_public_key_pem"):
        AlipayAdapter(replace(config(), credentials={"app_id": "1", "private_key_pem": "x"}))


def test_an_unusable_key_is_refused_at_construction() -> None:
    with pytest.raises(ValueError, match="unusable key"):
        AlipayAdapter(replace(config(), credentials={**config().credentials, "private_key_pem": "not a key"}))


@pytest.mark.parametrize("options", [{"retries": -1}, {"backoff_s": "fast"}, {"retries": True}])
def test_bad_retry_options_are_refused(options: dict[str, object]) -> None:
    with pytest.raises(ValueError, match="alipay option"):
        adapter(**options)


def test_capabilities_are_those_of_the_alipay_profile() -> None:
    caps = adapter().capabilities()
    assert (caps.asynchronous, caps.capture_credits, caps.online_deduction, caps.whole_account_freeze,
            caps.restrictions) == (False, False, True, True, True)


def test_health_reads_the_providers_health() -> None:
    with responses.RequestsMock() as rsps:
        rsps.get(BASE + "/health", json={"status": "ok", "provider": "alipay", "profile": "current"})
        health = adapter().health()
    assert health.reachable and "current" in health.detail and health.latency_ms is not None


def test_health_of_a_provider_that_answers_badly() -> None:
    with responses.RequestsMock() as rsps:
        rsps.get(BASE + "/health", status=503, body="down")
        assert not adapter().health().reachable


def test_health_of_a_provider_that_is_not_there() -> None:
    with responses.RequestsMock() as rsps:
        rsps.get(BASE + "/health", body=requests.ConnectionError("refused"))
        health = adapter().health()
    assert not health.reachable and "unreachable" in health.detail


# ---- queries --------------------------------------------------------------------------------------------------
def test_query_finds_the_accounts(alipay: FakeAlipay) -> None:
    alipay.on(QUERY, ok(out_request_no="Q1", accounts=[account_entry()], restrictions=[]))
    outcome = adapter().query(query_request(transactions_from=date(2026, 3, 1)))
    assert outcome.state is OutcomeState.COMPLETED
    (found,) = outcome.accounts
    assert (found.balance, len(found.measures), len(found.transactions)) == (130_000, 2, 2)
    assert alipay.seen[0].biz["trans_start_date"] == "2026-03-01"


def test_query_of_someone_with_no_account_finds_none(alipay: FakeAlipay) -> None:
    alipay.on(QUERY, ok(out_request_no="Q1", accounts=[], restrictions=[]))
    outcome = adapter().query(query_request())
    assert (outcome.state, outcome.accounts) == (OutcomeState.COMPLETED, [])


def test_query_with_a_wrong_name_is_an_identity_mismatch(alipay: FakeAlipay) -> None:
    alipay.on(QUERY, business("JUDICIAL.IDENTITY_NOT_MATCH", "the name does not match"))
    outcome = adapter().query(query_request())
    assert (outcome.state, outcome.error_code) == (OutcomeState.REJECTED, RefusalCode.IDENTITY_NOT_MATCH)


def test_query_the_gateway_finds_malformed_is_invalid_with_its_reason(alipay: FakeAlipay) -> None:
    alipay.on(QUERY, refused("40002", "isv.invalid-parameter", "subject.cert_no: has a wrong check character"))
    outcome = adapter().query(query_request())
    assert (outcome.state, outcome.error_code) == (OutcomeState.REJECTED, RefusalCode.INVALID_REQUEST)
    assert "subject.cert_no: has a wrong check character" in outcome.error_message


def test_query_result_gives_the_first_answer(alipay: FakeAlipay) -> None:
    alipay.on(ORDER, order_node("Q1", QUERY, ok(out_request_no="Q1", accounts=[account_entry()])))
    outcome = adapter().query_result("Q1")
    assert (outcome.state, outcome.accounts[0].balance) == (OutcomeState.COMPLETED, 130_000)
    assert alipay.seen[0].biz == {"out_request_no": "Q1"}


def test_query_result_of_a_stored_refusal_is_that_refusal(alipay: FakeAlipay) -> None:
    alipay.on(ORDER, order_node("Q1", QUERY, business("JUDICIAL.IDENTITY_NOT_MATCH")))
    assert adapter().query_result("Q1").error_code == RefusalCode.IDENTITY_NOT_MATCH


def test_query_result_of_a_query_never_received_is_not_found(alipay: FakeAlipay) -> None:
    alipay.on(ORDER, business("JUDICIAL.ORDER_NOT_EXIST"))
    assert adapter().query_result("Q9").state is OutcomeState.NOT_FOUND


def test_query_result_of_a_number_used_for_a_freeze_is_a_conflict(alipay: FakeAlipay) -> None:
    alipay.on(ORDER, order_node("F1", FREEZE, freeze_node("F1")))
    outcome = adapter().query_result("F1")
    assert (outcome.state, outcome.error_code) == (OutcomeState.REJECTED, RefusalCode.REQUEST_CONFLICT)


def test_query_result_without_an_answer_stays_unknown(alipay: FakeAlipay) -> None:
    alipay.on(ORDER, UNAVAILABLE)
    assert adapter().query_result("Q1").state is OutcomeState.UNKNOWN


# ---- control --------------------------------------------------------------------------------------------------
def test_freeze_succeeds_with_what_it_holds(alipay: FakeAlipay) -> None:
    alipay.on(FREEZE, freeze_node("C1"))
    outcome = adapter().control(control_request())
    assert (outcome.succeeded, outcome.freeze_status, outcome.provider_ref) == (True, FreezeState.ACTIVE, FREEZE_NO)
    assert (outcome.held, outcome.unmet) == (130_000, 20_000)
    assert alipay.methods() == [FREEZE]


def test_a_second_court_waits_in_line(alipay: FakeAlipay) -> None:
    alipay.on(FREEZE, freeze_node("C1", status="WAITING", frozen_amount="0.00", unfrozen_amount="200.00",
                                  queue_position=1, start_date=None, end_date=None))
    outcome = adapter().control(control_request(amount=20_000))
    assert (outcome.succeeded, outcome.freeze_status, outcome.queue_position) == (True, FreezeState.WAITING, 1)


def test_renew_moves_the_end_date(alipay: FakeAlipay) -> None:
    alipay.on(RENEW, freeze_node("C1", end_date="2027-03-01"))
    outcome = adapter().control(control_request(Operation.RENEW))
    assert (outcome.succeeded, outcome.end_date) == (True, date(2027, 3, 1))
    assert alipay.seen[0].biz["new_end_date"] == "2027-03-01"


def test_release_ends_the_freeze(alipay: FakeAlipay) -> None:
    alipay.on(UNFREEZE, freeze_node("C1", status="UNFROZEN", frozen_amount="0.00", unfrozen_amount="0.00",
                                    released_amount="1300.00", available_amount="1300.00"))
    outcome = adapter().control(control_request(Operation.RELEASE))
    assert (outcome.freeze_status, outcome.held, outcome.available) == (FreezeState.RELEASED, 0, 130_000)


def test_deduct_reports_the_amount_moved(alipay: FakeAlipay) -> None:
    alipay.on(DEDUCT, freeze_node("C1", deduct_no="2026030231000000000000000001", amount="600.00",
                                  frozen_amount="700.00", deducted_amount="600.00", balance="700.00"))
    outcome = adapter().control(control_request(Operation.DEDUCT))
    assert (outcome.deducted, outcome.held, outcome.balance) == (60_000, 70_000, 70_000)
    assert alipay.seen[0].biz["amount"] == "600.00"


@pytest.mark.parametrize(("operation", "method", "sub_code", "expected"), [
    (Operation.FREEZE, FREEZE, "JUDICIAL.ACCOUNT_NOT_EXIST", RefusalCode.ACCOUNT_NOT_FOUND),
    (Operation.FREEZE, FREEZE, "JUDICIAL.TERM_INVALID", RefusalCode.TERM_INVALID),
    (Operation.RENEW, RENEW, "JUDICIAL.FREEZE_EXPIRED", RefusalCode.FREEZE_EXPIRED),
    (Operation.RENEW, RENEW, "JUDICIAL.NOT_FREEZE_OWNER", RefusalCode.NOT_FREEZE_OWNER),
    (Operation.RELEASE, UNFREEZE, "JUDICIAL.FREEZE_ENDED", RefusalCode.FREEZE_ENDED),
    (Operation.RELEASE, UNFREEZE, "JUDICIAL.FREEZE_NOT_EXIST", RefusalCode.FREEZE_NOT_FOUND),
    (Operation.DEDUCT, DEDUCT, "JUDICIAL.DEDUCT_EXCEED_FROZEN", RefusalCode.DEDUCT_EXCEEDS_HELD),
    (Operation.DEDUCT, DEDUCT, "JUDICIAL.FREEZE_NOT_ACTIVE", RefusalCode.FREEZE_NOT_ACTIVE),
])
def test_a_business_refusal_completes_without_effect(alipay: FakeAlipay, operation: Operation, method: str,
                                                     sub_code: str, expected: RefusalCode) -> None:
    alipay.on(method, business(sub_code, "because"))
    outcome = adapter().control(control_request(operation))
    assert (outcome.state, outcome.succeeded, outcome.error_code) == (OutcomeState.COMPLETED, False, expected)
    assert "because" in outcome.error_message


def test_a_reused_request_number_is_rejected(alipay: FakeAlipay) -> None:
    alipay.on(FREEZE, business("JUDICIAL.REQUEST_NO_CONFLICT"))
    outcome = adapter().control(control_request())
    assert (outcome.state, outcome.error_code) == (OutcomeState.REJECTED, RefusalCode.REQUEST_CONFLICT)


def test_an_operation_the_profile_lacks_is_not_supported(alipay: FakeAlipay) -> None:
    alipay.on(RENEW, refused("40006", "isv.insufficient-isv-permissions", "no renewal"))
    outcome = adapter().control(control_request(Operation.RENEW))
    assert (outcome.state, outcome.error_code) == (OutcomeState.REJECTED, RefusalCode.CAPABILITY_NOT_SUPPORTED)


def test_a_missing_argument_is_invalid_with_the_gateways_reason(alipay: FakeAlipay) -> None:
    alipay.on(FREEZE, refused("40001", "isv.missing-judge-name", "missing required argument judge_name"))
    outcome = adapter().control(control_request(judge=""))
    assert (outcome.state, outcome.error_code) == (OutcomeState.REJECTED, RefusalCode.INVALID_REQUEST)
    assert "missing required argument judge_name" in outcome.error_message


def test_a_request_the_dialect_cannot_express_is_never_sent(alipay: FakeAlipay) -> None:
    outcome = adapter().control(control_request(Operation.DEDUCT, provider_ref=""))
    assert (outcome.state, outcome.error_code) == (OutcomeState.REJECTED, RefusalCode.INVALID_REQUEST)
    assert alipay.seen == []


def test_a_signed_answer_in_a_strange_shape_leaves_the_outcome_unknown(alipay: FakeAlipay) -> None:
    alipay.on(FREEZE, freeze_node("C1", status="MELTED"))
    with pytest.raises(AdapterError) as caught:
        adapter().control(control_request())
    assert (caught.value.code, caught.value.outcome_unknown) == ("PROVIDER_PROTOCOL_ERROR", True)


# ---- resolving an unknown outcome -----------------------------------------------------------------------------
def test_control_result_gives_the_stored_outcome(alipay: FakeAlipay) -> None:
    alipay.on(ORDER, order_node("C1", DEDUCT, freeze_node("C1", amount="600.00", frozen_amount="700.00")))
    outcome = adapter().control_result(control_request(Operation.DEDUCT))
    assert (outcome.state, outcome.succeeded, outcome.deducted) == (OutcomeState.COMPLETED, True, 60_000)
    assert (alipay.methods(), alipay.seen[0].biz) == ([ORDER], {"out_request_no": "C1"})


def test_control_result_of_a_stored_refusal_is_that_refusal(alipay: FakeAlipay) -> None:
    alipay.on(ORDER, order_node("C1", FREEZE, business("JUDICIAL.ACCOUNT_NOT_EXIST")))
    outcome = adapter().control_result(control_request())
    assert (outcome.state, outcome.error_code) == (OutcomeState.COMPLETED, RefusalCode.ACCOUNT_NOT_FOUND)


def test_control_result_of_a_request_never_received_is_not_found(alipay: FakeAlipay) -> None:
    alipay.on(ORDER, business("JUDICIAL.ORDER_NOT_EXIST", "it may be sent again"))
    assert adapter().control_result(control_request()).state is OutcomeState.NOT_FOUND


def test_control_result_of_a_number_used_for_another_operation_is_a_conflict(alipay: FakeAlipay) -> None:
    alipay.on(ORDER, order_node("C1", FREEZE, freeze_node("C1")))
    outcome = adapter().control_result(control_request(Operation.RELEASE))
    assert (outcome.state, outcome.error_code) == (OutcomeState.REJECTED, RefusalCode.REQUEST_CONFLICT)


def test_control_result_without_an_answer_stays_unknown(alipay: FakeAlipay) -> None:
    alipay.on(ORDER, requests.ReadTimeout("slow"))
    assert adapter().control_result(control_request()).state is OutcomeState.UNKNOWN


# ---- freeze status --------------------------------------------------------------------------------------------
def test_freeze_status_reads_the_freeze_now(alipay: FakeAlipay) -> None:
    alipay.on(FREEZE_QUERY, freeze_node(None, status="EXPIRED", frozen_amount="0.00", deducted_amount="0.00"))
    outcome = adapter().freeze_status(control_request(Operation.RENEW, request_no="S1"))
    assert (outcome.state, outcome.freeze_status, outcome.held) == (OutcomeState.COMPLETED, FreezeState.EXPIRED, 0)
    assert alipay.seen[0].biz == {"court_code": COURT.code, "freeze_no": FREEZE_NO}


def test_freeze_status_of_a_waiting_freeze_has_its_place(alipay: FakeAlipay) -> None:
    alipay.on(FREEZE_QUERY, freeze_node(None, status="WAITING", frozen_amount="0.00", queue_position=2,
                                        start_date=None, end_date=None))
    outcome = adapter().freeze_status(control_request(Operation.RENEW, request_no="S1"))
    assert (outcome.freeze_status, outcome.queue_position) == (FreezeState.WAITING, 2)


def test_freeze_status_of_another_courts_freeze_is_refused(alipay: FakeAlipay) -> None:
    alipay.on(FREEZE_QUERY, business("JUDICIAL.NOT_FREEZE_OWNER"))
    outcome = adapter().freeze_status(control_request(Operation.RENEW, request_no="S1"))
    assert (outcome.succeeded, outcome.error_code) == (False, RefusalCode.NOT_FREEZE_OWNER)


def test_freeze_status_needs_the_freeze_number(alipay: FakeAlipay) -> None:
    outcome = adapter().freeze_status(control_request(Operation.RENEW, provider_ref=""))
    assert outcome.error_code == RefusalCode.INVALID_REQUEST and alipay.seen == []


def test_freeze_status_with_a_tampered_answer_is_untrusted_but_changes_nothing(alipay: FakeAlipay) -> None:
    alipay.on(FREEZE_QUERY, freeze_node(None, status="SOMETHING"))
    with pytest.raises(AdapterError) as caught:
        adapter().freeze_status(control_request(Operation.RENEW))
    assert caught.value.outcome_unknown is False


# ---- restriction orders ---------------------------------------------------------------------------------------
def test_restrict_publishes_an_order_and_returns_its_number(alipay: FakeAlipay) -> None:
    alipay.on(CREATE, ok(out_request_no="X1", restriction_no="2026030241000000000000000001", status="EFFECTIVE"))
    reference = adapter().restrict("X1", COURT, "（2026）京0101执123号", "（2026）京0101执123号之二", DEBTOR)
    assert reference == "2026030241000000000000000001"
    biz = alipay.seen[0].biz
    assert (biz["out_request_no"], biz["subject"]["cert_no"], biz["document_no"]) == (
        "X1", DEBTOR.id_number, "（2026）京0101执123号之二")
    assert "judge_name" not in biz and "categories" not in biz


def test_restrict_refused_raises_with_the_mapped_code(alipay: FakeAlipay) -> None:
    alipay.on(CREATE, business("JUDICIAL.IDENTITY_NOT_MATCH"))
    with pytest.raises(AdapterError) as caught:
        adapter().restrict("X1", COURT, "（2026）京0101执123号", "（2026）京0101执123号之二", DEBTOR)
    assert (caught.value.code, caught.value.outcome_unknown) == (RefusalCode.IDENTITY_NOT_MATCH, False)


def test_restrict_without_an_answer_is_unknown(alipay: FakeAlipay) -> None:
    alipay.on(CREATE, UNAVAILABLE)
    with pytest.raises(AdapterError) as caught:
        adapter().restrict("X1", COURT, "（2026）京0101执123号", "（2026）京0101执123号之二", DEBTOR)
    assert caught.value.outcome_unknown and len(alipay.seen) == 3


def test_lift_restriction_names_the_court_and_the_order(alipay: FakeAlipay) -> None:
    alipay.on(CANCEL, ok(out_request_no="X2", restriction_no="2026030241000000000000000001", status="CANCELLED"))
    adapter().lift_restriction("X2", COURT, "2026030241000000000000000001")
    assert alipay.seen[0].biz == {"out_request_no": "X2", "court_code": COURT.code, "court_name": COURT.name,
                                  "restriction_no": "2026030241000000000000000001"}


@pytest.mark.parametrize(("sub_code", "expected"), [("JUDICIAL.NOT_RESTRICTION_OWNER", RefusalCode.NOT_FREEZE_OWNER),
                                                    ("JUDICIAL.RESTRICTION_NOT_EXIST", RefusalCode.PROVIDER_ERROR)])
def test_lift_restriction_refused_raises(alipay: FakeAlipay, sub_code: str, expected: RefusalCode) -> None:
    alipay.on(CANCEL, business(sub_code, "no"))
    with pytest.raises(AdapterError) as caught:
        adapter().lift_restriction("X2", COURT, "2026030241000000000000000009")
    assert caught.value.code == expected and sub_code in str(caught.value)
