"""The WeChat adapter's mapping between the court node's types and v3 JSON, against a signed fake provider."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pytest
import requests
import responses

from court_node.adapters.base import AdapterError, ProviderConfig
from court_node.adapters.errors import RefusalCode
from court_node.adapters.registry import build, registered
from court_node.adapters.types import FreezeState, Operation, OutcomeState, Subject
from court_node.adapters.wechat import WechatAdapter
from tests.unit.court.wechat_fake import (
    BASE_URL,
    COURT,
    OPENID,
    SUBJECT,
    adapter,
    answer,
    config,
    control_request,
    deduction_answer,
    error,
    freeze_answer,
    freeze_request,
    money,
    nonce,
    on_freeze,
    query_request,
    refused,
    sent,
)

FREEZES = "/v3/judicial/freezes"
BY_NO = FREEZES + "/out-freeze-no/FRZ-000001"


@pytest.fixture
def rsps() -> Iterator[responses.RequestsMock]:
    with responses.RequestsMock() as mock:
        yield mock


def account_answer() -> dict[str, object]:
    return {"out_query_no": "QRY-000001", "restrictions": [], "accounts": [{
        "openid": OPENID, "balance": money(170_000), "available": money(0), "freeze_state": "ACCOUNT_FROZEN",
        "holder_name": "李明",
        "measures": [
            {"freeze_id": "WXF0000000001", "court": {"code": "京0105", "name": "北京市朝阳区人民法院"},
             "document_no": "（2026）京0105执123号之一", "mode": "AMOUNT", "status": "FROZEN",
             "amount": money(50_000), "frozen_amount": money(30_000),
             "start_date": "2026-03-02", "end_date": "2026-09-01"},
            {"freeze_id": "WXF0000000002", "court": {"code": "京0101", "name": "北京市东城区人民法院"},
             "document_no": "（2026）京0101执9号之一", "mode": "ACCOUNT", "status": "WAITING",
             "frozen_amount": money(0), "queue_position": 1}],
        "transactions": [
            {"time": "2026-03-01T23:30:00+08:00", "type": "SEED", "direction": "IN", "amount": money(100_000),
             "balance_after": money(100_000), "memo": "opening balance"},
            {"time": "2026-03-01T16:30:00Z", "type": "PAYMENT", "direction": "OUT", "amount": money(800),
             "balance_after": money(99_200), "counterparty": "1900000109", "merchant_category": "grocery"}]}]}


def test_the_adapter_registers_as_wechat_speaking_wechatpay_v3() -> None:
    built = build(config())
    assert isinstance(built, WechatAdapter) and registered()["wechat"] is WechatAdapter
    assert (built.adapter_name, built.dialect, built.name) == ("wechat", "wechatpay-v3", "wechat")


def test_a_missing_credential_fails_at_construction() -> None:
    full = config()
    credentials = {k: v for k, v in full.credentials.items() if k != "platform_serial"}
    with pytest.raises(ValueError, match="platform_serial"):
        WechatAdapter(ProviderConfig("wechat", "wechat", BASE_URL, credentials))


def test_an_unknown_profile_fails_at_construction() -> None:
    with pytest.raises(ValueError, match="'2018'"):
        adapter(profile="2018")


def test_capabilities_follow_the_configured_profile() -> None:
    current, old = adapter().capabilities(), adapter(profile="2019").capabilities()
    assert (current.capture_credits, current.online_deduction, current.whole_account_freeze) == (True, True, True)
    assert (old.capture_credits, old.online_deduction, old.whole_account_freeze) == (False, False, False)
    assert not current.asynchronous and current.restrictions and old.restrictions


def test_health_reads_the_providers_own_profile(rsps: responses.RequestsMock) -> None:
    answer(rsps, "GET", "/health", 200, {"status": "ok", "provider": "wechat", "profile": "2019"})
    wechat = adapter()
    health = wechat.health()
    assert health.reachable and "2019" in health.detail and health.latency_ms is not None
    assert wechat.profile == "2019" and not wechat.capabilities().online_deduction
    assert "Authorization" not in rsps.calls[0].request.headers


def test_health_of_an_unreachable_provider_is_not_reachable() -> None:
    with responses.RequestsMock() as mock:
        mock.add("GET", BASE_URL + "/health", body=refused())
        health = adapter(retry_attempts=1).health()
    assert not health.reachable and "health" in health.detail


def test_a_query_sends_the_court_the_subject_and_the_dates(rsps: responses.RequestsMock) -> None:
    answer(rsps, "POST", "/v3/judicial/account-queries", 200, account_answer())
    adapter().query(query_request(transactions_from=date(2026, 3, 1), transactions_to=date(2026, 3, 2)))
    assert sent(rsps) == {
        "out_query_no": "QRY-000001", "court": {"code": "京0101", "name": "北京市东城区人民法院"}, "judge": "王法官",
        "case_no": "（2026）京0101执123号", "document_no": "（2026）京0101执123号之一",
        "subject": {"name": "李明", "id_type": "IDCARD", "id_number": "11010519491231002X"},
        "transactions": {"start_date": "2026-03-01", "end_date": "2026-03-02"}}


def test_a_query_with_one_date_asks_for_that_day(rsps: responses.RequestsMock) -> None:
    answer(rsps, "POST", "/v3/judicial/account-queries", 200, account_answer())
    adapter().query(query_request(transactions_to=date(2026, 3, 2)))
    assert sent(rsps)["transactions"] == {"start_date": "2026-03-02", "end_date": "2026-03-02"}


def test_a_query_names_a_company_by_its_uscc(rsps: responses.RequestsMock) -> None:
    answer(rsps, "POST", "/v3/judicial/account-queries", 200, {"accounts": [], "restrictions": []})
    outcome = adapter().query(query_request(subject=Subject("北京星河网络科技有限公司", "uscc", "91110000600037341L")))
    assert sent(rsps)["subject"]["id_type"] == "USCC" and "transactions" not in sent(rsps)
    assert (outcome.state, outcome.accounts) == (OutcomeState.COMPLETED, [])


def test_a_query_answer_becomes_accounts_in_fen(rsps: responses.RequestsMock) -> None:
    answer(rsps, "POST", "/v3/judicial/account-queries", 200, account_answer())
    outcome = adapter().query(query_request())
    assert outcome.state is OutcomeState.COMPLETED and outcome.request_no == "QRY-000001"
    [found] = outcome.accounts
    assert (found.account_no, found.balance, found.available, found.currency) == (OPENID, 170_000, 0, "CNY")
    assert found.whole_account_frozen


def test_measures_carry_court_holding_and_place_in_line(rsps: responses.RequestsMock) -> None:
    answer(rsps, "POST", "/v3/judicial/account-queries", 200, account_answer())
    first, second = adapter().query(query_request()).accounts[0].measures
    assert (first.authority_code, first.authority_name, first.mode) == ("京0105", "北京市朝阳区人民法院", "amount")
    assert (first.held, first.unmet, first.status) == (30_000, 20_000, FreezeState.ACTIVE)
    assert (first.start_date, first.end_date, first.queue_position) == (date(2026, 3, 2), date(2026, 9, 1), None)
    assert (second.mode, second.status, second.queue_position, second.held) == ("account", FreezeState.WAITING, 1, 0)
    assert (second.start_date, second.end_date) == (None, None)


def test_transactions_are_dated_in_beijing(rsps: responses.RequestsMock) -> None:
    answer(rsps, "POST", "/v3/judicial/account-queries", 200, account_answer())
    seed, payment = adapter().query(query_request()).accounts[0].transactions
    assert (seed.on, seed.kind, seed.amount, seed.balance_after) == (date(2026, 3, 1), "seed", 100_000, 100_000)
    assert (payment.on, payment.kind, payment.amount) == (date(2026, 3, 2), "payment", 800)
    assert (payment.counterparty, payment.category, payment.balance_after) == ("1900000109", "grocery", 99_200)


def test_a_refused_query_is_rejected_with_the_reason(rsps: responses.RequestsMock) -> None:
    answer(rsps, "POST", "/v3/judicial/account-queries", 403,
           error(403, "RULE_LIMIT", "the name or the ID number does not match any account holder",
                 issue="IDENTITY_NOT_MATCH"))
    outcome = adapter().query(query_request())
    assert (outcome.state, outcome.error_code) == (OutcomeState.REJECTED, RefusalCode.IDENTITY_NOT_MATCH)
    assert "does not match" in outcome.error_message and outcome.accounts == []


def test_query_result_replays_the_same_query_under_the_same_number(rsps: responses.RequestsMock) -> None:
    answer(rsps, "POST", "/v3/judicial/account-queries", 200, account_answer())
    answer(rsps, "POST", "/v3/judicial/account-queries", 200, account_answer())
    wechat = adapter()
    first = wechat.query(query_request())
    again = wechat.query_result("QRY-000001")
    assert again == first
    assert rsps.calls[0].request.body == rsps.calls[1].request.body and nonce(rsps, 0) != nonce(rsps, 1)


def test_query_result_of_a_query_this_adapter_never_sent_asks_for_it_again(rsps: responses.RequestsMock) -> None:
    outcome = adapter().query_result("QRY-999999")
    assert outcome.state is OutcomeState.NOT_FOUND and "same number" in outcome.error_message
    assert len(rsps.calls) == 0


def test_a_query_number_the_dialect_cannot_carry_is_rejected_unsent(rsps: responses.RequestsMock) -> None:
    outcome = adapter().query(query_request("Q1"))
    assert (outcome.state, outcome.error_code) == (OutcomeState.REJECTED, RefusalCode.INVALID_REQUEST)
    assert "out_query_no" in outcome.error_message and len(rsps.calls) == 0


def test_a_freeze_sends_an_amount_in_fen_until_the_end_date(rsps: responses.RequestsMock) -> None:
    answer(rsps, "POST", FREEZES, 200, freeze_answer())
    adapter().control(freeze_request(start_date=date(2026, 3, 5)))
    assert sent(rsps) == {
        "out_freeze_no": "FRZ-000001", "court": {"code": "京0101", "name": "北京市东城区人民法院"},
        "judge": "王法官", "case_no": "（2026）京0101执123号", "document_no": "（2026）京0101执123号之一",
        "subject": {"name": "李明", "id_type": "IDCARD", "id_number": "11010519491231002X"}, "openid": OPENID,
        "mode": "AMOUNT", "end_date": "2026-12-31", "amount": {"total": 150_000, "currency": "CNY"}}


def test_a_freeze_outcome_names_the_freeze_by_its_out_freeze_no(rsps: responses.RequestsMock) -> None:
    answer(rsps, "POST", FREEZES, 200, freeze_answer())
    outcome = adapter().control(freeze_request())
    assert (outcome.state, outcome.succeeded, outcome.provider_ref) == (OutcomeState.COMPLETED, True, "FRZ-000001")
    assert (outcome.freeze_status, outcome.held, outcome.unmet, outcome.deducted) == (
        FreezeState.ACTIVE, 70_000, 80_000, 0)
    assert (outcome.start_date, outcome.end_date, outcome.queue_position) == (
        date(2026, 3, 2), date(2026, 12, 31), None)
    assert outcome.error_code == "" and outcome.request_no == "FRZ-000001"


def test_a_whole_account_freeze_sends_no_amount(rsps: responses.RequestsMock) -> None:
    answer(rsps, "POST", FREEZES, 200, freeze_answer(mode="ACCOUNT", amount=None, unfrozen_amount=money(0)))
    outcome = adapter().control(freeze_request(amount=None, whole_account=True))
    body = sent(rsps)
    assert body["mode"] == "ACCOUNT" and "amount" not in body and outcome.succeeded


def test_a_waiting_freeze_has_a_place_in_line_and_no_term_yet(rsps: responses.RequestsMock) -> None:
    answer(rsps, "POST", FREEZES, 200, freeze_answer(status="WAITING", frozen_amount=money(0),
                                                     unfrozen_amount=money(150_000), queue_position=2,
                                                     start_date=None, end_date=None, term_days=None))
    outcome = adapter().control(freeze_request())
    assert (outcome.succeeded, outcome.freeze_status, outcome.queue_position) == (True, FreezeState.WAITING, 2)
    assert (outcome.held, outcome.unmet, outcome.start_date, outcome.end_date) == (0, 150_000, None, None)


def test_a_freeze_without_an_end_date_is_rejected_unsent(rsps: responses.RequestsMock) -> None:
    outcome = adapter().control(freeze_request(end_date=None))
    assert (outcome.state, outcome.error_code) == (OutcomeState.REJECTED, RefusalCode.INVALID_REQUEST)
    assert not outcome.succeeded and len(rsps.calls) == 0


def test_an_amount_freeze_without_an_amount_is_rejected_unsent(rsps: responses.RequestsMock) -> None:
    outcome = adapter().control(freeze_request(amount=None))
    assert outcome.error_code == RefusalCode.INVALID_REQUEST and len(rsps.calls) == 0


def test_a_renewal_goes_to_the_freeze_by_its_number(rsps: responses.RequestsMock) -> None:
    answer(rsps, "POST", BY_NO + "/renew", 200, freeze_answer(end_date="2027-06-30", renewals=1))
    outcome = adapter().control(on_freeze(Operation.RENEW, "RNW-000001", end_date=date(2027, 6, 30),
                                          document_no="（2026）京0101执123号之四"))
    assert sent(rsps) == {"out_renew_no": "RNW-000001", "court_code": "京0101", "end_date": "2027-06-30",
                          "document_no": "（2026）京0101执123号之四", "judge": "王法官"}
    assert (outcome.succeeded, outcome.end_date, outcome.provider_ref) == (True, date(2027, 6, 30), "FRZ-000001")
    assert outcome.request_no == "RNW-000001"


def test_a_freeze_is_named_by_the_original_request_number_without_a_provider_ref(
        rsps: responses.RequestsMock) -> None:
    answer(rsps, "POST", FREEZES + "/out-freeze-no/FRZ-000007/renew", 200, freeze_answer(out_freeze_no="FRZ-000007"))
    request = control_request(Operation.RENEW, "RNW-000002", original_request_no="FRZ-000007",
                              end_date=date(2027, 1, 1))
    assert adapter().control(request).provider_ref == "FRZ-000007"


def test_a_release_answers_no_content_and_ends_the_freeze(rsps: responses.RequestsMock) -> None:
    answer(rsps, "POST", BY_NO + "/release", 204)
    outcome = adapter().control(on_freeze(Operation.RELEASE, "REL-000001", document_no="（2026）京0101执123号之五"))
    assert sent(rsps) == {"out_release_no": "REL-000001", "court_code": "京0101",
                          "document_no": "（2026）京0101执123号之五", "judge": "王法官"}
    assert (outcome.state, outcome.succeeded, outcome.freeze_status) == (
        OutcomeState.COMPLETED, True, FreezeState.RELEASED)
    assert outcome.provider_ref == "FRZ-000001"


def test_a_deduction_sends_the_amount_to_the_courts_enforcement_account(rsps: responses.RequestsMock) -> None:
    answer(rsps, "POST", "/v3/judicial/deductions", 200, deduction_answer())
    answer(rsps, "GET", BY_NO, 200, freeze_answer(frozen_amount=money(20_000), deducted_amount=money(50_000)))
    outcome = adapter().control(on_freeze(Operation.DEDUCT, "DED-000001", amount=50_000))
    assert sent(rsps, 0) == {"out_deduction_no": "DED-000001", "court_code": "京0101", "out_freeze_no": "FRZ-000001",
                          "amount": {"total": 50_000, "currency": "CNY"}, "judge": "王法官",
                          "document_no": "（2026）京0101执123号之一", "enforcement_account": "EA-京0101-001"}
    assert (outcome.succeeded, outcome.deducted, outcome.held, outcome.provider_ref) == (
        True, 50_000, 20_000, "FRZ-000001")
    assert (outcome.freeze_status, outcome.unmet, outcome.end_date) == (FreezeState.ACTIVE, 80_000, date(2026, 12, 31))


def test_a_deduction_of_everything_reports_the_freeze_deducted(rsps: responses.RequestsMock) -> None:
    answer(rsps, "POST", "/v3/judicial/deductions", 200, deduction_answer(amount=money(150_000),
                                                                          remaining_frozen=money(0)))
    answer(rsps, "GET", BY_NO, 200, freeze_answer(status="DEDUCTED", frozen_amount=money(0),
                                                  unfrozen_amount=money(0), deducted_amount=money(150_000)))
    outcome = adapter().control(on_freeze(Operation.DEDUCT, "DED-000001", amount=150_000))
    assert (outcome.succeeded, outcome.deducted, outcome.held, outcome.freeze_status) == (
        True, 150_000, 0, FreezeState.DEDUCTED)
    assert rsps.calls[1].request.path_url == BY_NO + "?court_code=%E4%BA%AC0101"


def test_a_deduction_stands_when_the_freeze_cannot_be_read_after_it(rsps: responses.RequestsMock) -> None:
    answer(rsps, "POST", "/v3/judicial/deductions", 200, deduction_answer())
    rsps.add("GET", BASE_URL + BY_NO, body=requests.ReadTimeout("read timed out"))
    outcome = adapter(retry_attempts=1).control(on_freeze(Operation.DEDUCT, "DED-000001", amount=50_000))
    assert (outcome.state, outcome.succeeded, outcome.deducted, outcome.freeze_status) == (
        OutcomeState.COMPLETED, True, 50_000, None)


def test_a_deduction_without_an_amount_is_rejected_unsent(rsps: responses.RequestsMock) -> None:
    outcome = adapter().control(on_freeze(Operation.DEDUCT, "DED-000001"))
    assert outcome.error_code == RefusalCode.INVALID_REQUEST and len(rsps.calls) == 0


def test_control_result_of_a_freeze_reads_it_by_out_freeze_no(rsps: responses.RequestsMock) -> None:
    answer(rsps, "GET", BY_NO, 200, freeze_answer(frozen_amount=money(150_000), unfrozen_amount=money(0)))
    outcome = adapter().control_result(freeze_request())
    assert rsps.calls[0].request.path_url == BY_NO + "?court_code=%E4%BA%AC0101"
    sent(rsps)
    assert (outcome.state, outcome.succeeded, outcome.held, outcome.unmet) == (
        OutcomeState.COMPLETED, True, 150_000, 0)


def test_control_result_of_a_freeze_the_provider_never_saw_is_not_found(rsps: responses.RequestsMock) -> None:
    answer(rsps, "GET", BY_NO, 404, error(404, "RESOURCE_NOT_EXISTS", "no freeze", issue="FREEZE_NOT_EXIST"))
    outcome = adapter().control_result(freeze_request())
    assert outcome.state is OutcomeState.NOT_FOUND and not outcome.succeeded


def test_control_result_of_a_deduction_reads_it_by_out_deduction_no(rsps: responses.RequestsMock) -> None:
    answer(rsps, "GET", "/v3/judicial/deductions/out-deduction-no/DED-000001", 200, deduction_answer())
    answer(rsps, "GET", BY_NO, 200, freeze_answer(frozen_amount=money(20_000)))
    outcome = adapter().control_result(on_freeze(Operation.DEDUCT, "DED-000001", amount=50_000))
    sent(rsps, 0)
    assert (outcome.succeeded, outcome.deducted, outcome.held, outcome.freeze_status) == (
        True, 50_000, 20_000, FreezeState.ACTIVE)


def test_control_result_of_a_deduction_the_provider_never_saw_is_not_found(rsps: responses.RequestsMock) -> None:
    answer(rsps, "GET", "/v3/judicial/deductions/out-deduction-no/DED-000001", 404,
           error(404, "RESOURCE_NOT_EXISTS", "court 京0101 has no deduction", field="out_deduction_no",
                 location="path"))
    outcome = adapter().control_result(on_freeze(Operation.DEDUCT, "DED-000001", amount=50_000))
    assert outcome.state is OutcomeState.NOT_FOUND


@pytest.mark.parametrize(("operation", "action", "status", "body"), [
    (Operation.RENEW, "renew", 200, freeze_answer(end_date="2027-06-30")),
    (Operation.RELEASE, "release", 204, None),
])
def test_control_result_of_a_renewal_or_release_sends_it_again_unchanged(
        rsps: responses.RequestsMock, operation: Operation, action: str, status: int,
        body: dict[str, object] | None) -> None:
    answer(rsps, "POST", f"{BY_NO}/{action}", status, body)
    answer(rsps, "POST", f"{BY_NO}/{action}", status, body)
    request = on_freeze(operation, "OUT-000001", end_date=date(2027, 6, 30))
    wechat = adapter()
    assert wechat.control(request) == wechat.control_result(request)
    assert sent(rsps, 0) == sent(rsps, 1) and nonce(rsps, 0) != nonce(rsps, 1)


def test_control_result_while_the_provider_is_unreachable_stays_unknown() -> None:
    with responses.RequestsMock() as mock:
        mock.add("GET", BASE_URL + BY_NO, body=refused())
        outcome = adapter(retry_attempts=1).control_result(freeze_request())
    assert outcome.state is OutcomeState.UNKNOWN and "ConnectionError" in outcome.error_message


def test_freeze_status_reads_the_freeze_as_it_is_now(rsps: responses.RequestsMock) -> None:
    answer(rsps, "GET", BY_NO, 200, freeze_answer(status="EXPIRED", frozen_amount=money(0)))
    outcome = adapter().freeze_status(on_freeze(Operation.RENEW, "STS-000001"))
    assert rsps.calls[0].request.path_url == BY_NO + "?court_code=%E4%BA%AC0101"
    assert (outcome.freeze_status, outcome.held, outcome.request_no) == (FreezeState.EXPIRED, 0, "STS-000001")


def test_freeze_status_of_a_freeze_the_provider_does_not_have_is_not_found(rsps: responses.RequestsMock) -> None:
    answer(rsps, "GET", BY_NO, 404, error(404, "RESOURCE_NOT_EXISTS", "no freeze", issue="FREEZE_NOT_EXIST"))
    outcome = adapter().freeze_status(on_freeze(Operation.RENEW, "STS-000001"))
    assert (outcome.state, outcome.error_code) == (OutcomeState.NOT_FOUND, RefusalCode.FREEZE_NOT_FOUND)


def test_a_restriction_order_returns_the_providers_reference(rsps: responses.RequestsMock) -> None:
    answer(rsps, "POST", "/v3/judicial/restrictions", 200, {
        "out_restriction_no": "RST-000001", "restriction_id": "WXR0000000001", "status": "ACTIVE",
        "court": {"code": "京0101", "name": "北京市东城区人民法院"}, "categories": ["air_travel"],
        "document_no": "d", "issued_time": "2026-03-02T10:00:00+08:00"})
    reference = adapter(judge="张法官").restrict("RST-000001", COURT, "（2026）京0101执123号",
                                                 "（2026）京0101执123号之三", SUBJECT)
    assert reference == "WXR0000000001"
    assert sent(rsps) == {"out_restriction_no": "RST-000001",
                          "court": {"code": "京0101", "name": "北京市东城区人民法院"}, "judge": "张法官",
                          "case_no": "（2026）京0101执123号", "document_no": "（2026）京0101执123号之三",
                          "subject": {"name": "李明", "id_type": "IDCARD", "id_number": "11010519491231002X"}}


def test_a_refused_restriction_order_raises_the_refusal(rsps: responses.RequestsMock) -> None:
    answer(rsps, "POST", "/v3/judicial/restrictions", 403,
           error(403, "RULE_LIMIT", "no match", issue="IDENTITY_NOT_MATCH"))
    with pytest.raises(AdapterError) as raised:
        adapter().restrict("RST-000001", COURT, "c", "d", SUBJECT)
    assert raised.value.code == RefusalCode.IDENTITY_NOT_MATCH and not raised.value.outcome_unknown


def test_lifting_an_order_posts_to_its_reference(rsps: responses.RequestsMock) -> None:
    answer(rsps, "POST", "/v3/judicial/restrictions/WXR0000000001/lift", 200, {
        "restriction_id": "WXR0000000001", "status": "LIFTED", "court": {"code": "京0101", "name": "n"},
        "document_no": "d", "categories": [], "issued_time": "2026-03-02T10:00:00+08:00"})
    adapter().lift_restriction("LFT-000001", COURT, "WXR0000000001")
    assert sent(rsps) == {"out_lift_no": "LFT-000001", "court_code": "京0101"}


def test_lifting_another_courts_order_raises_not_freeze_owner(rsps: responses.RequestsMock) -> None:
    answer(rsps, "POST", "/v3/judicial/restrictions/WXR0000000001/lift", 403,
           error(403, "NO_AUTH", "this restriction was issued by another authority", issue="NOT_FREEZE_OWNER"))
    with pytest.raises(AdapterError) as raised:
        adapter().lift_restriction("LFT-000001", COURT, "WXR0000000001")
    assert raised.value.code == RefusalCode.NOT_FREEZE_OWNER


@pytest.mark.parametrize("body", [
    b"not json",
    b"[]",
    b'{"out_freeze_no": "FRZ-000001", "status": "FROZEN", "frozen_amount": {"total": 700.0}}',
    b'{"out_freeze_no": "FRZ-000001", "status": "MELTED"}',
    b'{"out_freeze_no": "FRZ-000001", "status": "FROZEN", "frozen_amount": {"total": 1, "currency": "USD"}}',
])
def test_a_signed_answer_of_the_wrong_shape_is_a_protocol_error(rsps: responses.RequestsMock, body: bytes) -> None:
    answer(rsps, "POST", FREEZES, 200, body)
    with pytest.raises(AdapterError) as raised:
        adapter().control(freeze_request())
    assert raised.value.code == "PROVIDER_PROTOCOL_ERROR" and raised.value.outcome_unknown
