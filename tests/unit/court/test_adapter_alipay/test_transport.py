"""Signs both ways, retries that reuse the request number, and what no answer or an untrusted one becomes."""

from __future__ import annotations

import pytest
import requests

from court_node.adapters.alipay.gateway import RetryPolicy, beijing_timestamp
from court_node.adapters.base import AdapterError
from court_node.adapters.types import Operation, OutcomeState
from payment_mocks.signing import rsa_sign
from tests.unit.court.test_adapter_alipay.support import (
    NOW,
    PLATFORM_KEY,
    STRANGER_KEY,
    UNAVAILABLE,
    FakeAlipay,
    Raw,
    adapter,
    business,
    control_request,
    freeze_node,
    ok,
    query_request,
    signed_body,
    tampered_body,
    unsigned_body,
)

FREEZE = "alipay.judicial.fund.freeze"
QUERY = "alipay.judicial.account.query"


def test_requests_go_the_sdk_way_signed_at_beijing_time(alipay: FakeAlipay) -> None:
    alipay.on(FREEZE, freeze_node())
    adapter().control(control_request())
    (sent,) = alipay.seen
    assert sent.params["timestamp"] == "2026-03-02 10:00:00" == beijing_timestamp(NOW)
    assert (sent.params["app_id"], sent.params["sign_type"], sent.params["version"]) == ("2021000000000001", "RSA2",
                                                                                        "1.0")
    assert sent.biz["out_request_no"] == "C1"


def test_a_tampered_answer_is_not_trusted(alipay: FakeAlipay) -> None:
    alipay.on(FREEZE, Raw(200, tampered_body(FREEZE, freeze_node())))
    with pytest.raises(AdapterError) as caught:
        adapter().control(control_request())
    assert (caught.value.code, caught.value.outcome_unknown) == ("PROVIDER_SIGNATURE_INVALID", True)


def test_an_unsigned_answer_is_not_trusted(alipay: FakeAlipay) -> None:
    alipay.on(FREEZE, Raw(200, unsigned_body(FREEZE, freeze_node())))
    with pytest.raises(AdapterError) as caught:
        adapter().control(control_request())
    assert caught.value.code == "PROVIDER_SIGNATURE_INVALID"


def test_an_unsigned_refusal_is_not_trusted_either(alipay: FakeAlipay) -> None:
    node = {"code": "40002", "msg": "Invalid Arguments", "sub_code": "isv.invalid-app-id", "sub_msg": "unknown app"}
    alipay.on(FREEZE, Raw(200, unsigned_body(FREEZE, node)))
    with pytest.raises(AdapterError, match="unsigned") as caught:
        adapter().control(control_request())
    assert caught.value.code == "PROVIDER_SIGNATURE_INVALID"


def test_an_answer_signed_by_another_key_is_not_trusted(alipay: FakeAlipay) -> None:
    alipay.on(FREEZE, Raw(200, signed_body(FREEZE, freeze_node(), STRANGER_KEY)))
    with pytest.raises(AdapterError) as caught:
        adapter().control(control_request())
    assert caught.value.code == "PROVIDER_SIGNATURE_INVALID"


def test_an_untrusted_answer_to_a_query_leaves_nothing_in_doubt(alipay: FakeAlipay) -> None:
    alipay.on(QUERY, Raw(200, tampered_body(QUERY, ok(accounts=[], balance="1300.00"))))
    with pytest.raises(AdapterError) as caught:
        adapter().query(query_request())
    assert (caught.value.code, caught.value.outcome_unknown) == ("PROVIDER_SIGNATURE_INVALID", False)


def test_the_sign_covers_the_node_bytes_as_received(alipay: FakeAlipay) -> None:
    raw = b'{"code":"10000", "msg":"Success","out_request_no":"C1","freeze_no":"20260000000001",' \
          b'"user_id":"2088000000000001","freeze_type":"AMOUNT","status":"FROZEN","frozen_amount":"1.00",' \
          b'"unfrozen_amount":"0.00","deducted_amount":"0.00","balance":"1.00","available_amount":"0.00"}'
    body = b'{"alipay_judicial_fund_freeze_response":' + raw + b',"sign":"' + rsa_sign(PLATFORM_KEY, raw).encode() \
        + b'"}'
    alipay.on(FREEZE, Raw(200, body))
    assert adapter().control(control_request()).held == 100


@pytest.mark.parametrize("body", [b"<html>busy</html>", b'{"other_response":{"code":"10000"},"sign":"x"}',
                                  b'{"alipay_judicial_fund_freeze_response":{"code":"10000"}'])
def test_a_body_that_is_not_the_envelope_is_a_protocol_error(alipay: FakeAlipay, body: bytes) -> None:
    alipay.on(FREEZE, Raw(200, body))
    with pytest.raises(AdapterError) as caught:
        adapter().control(control_request())
    assert (caught.value.code, caught.value.outcome_unknown) == ("PROVIDER_PROTOCOL_ERROR", True)


def test_an_unavailable_answer_is_retried_with_the_same_request_number(alipay: FakeAlipay) -> None:
    alipay.on(FREEZE, UNAVAILABLE, UNAVAILABLE, freeze_node())
    outcome = adapter().control(control_request())
    assert outcome.succeeded
    assert alipay.request_nos() == ["C1", "C1", "C1"]
    assert len({s.params["biz_content"] for s in alipay.seen}) == 1


def test_unavailable_on_every_attempt_leaves_the_outcome_unknown(alipay: FakeAlipay) -> None:
    alipay.on(FREEZE, UNAVAILABLE)
    outcome = adapter().control(control_request())
    assert outcome.state is OutcomeState.UNKNOWN and not outcome.succeeded
    assert "isp.unknow-error" in outcome.error_message
    assert len(alipay.seen) == 3


def test_the_number_of_retries_is_an_option(alipay: FakeAlipay) -> None:
    alipay.on(FREEZE, UNAVAILABLE)
    assert adapter(retries=0).control(control_request()).state is OutcomeState.UNKNOWN
    assert len(alipay.seen) == 1


def test_a_server_error_is_retried(alipay: FakeAlipay) -> None:
    alipay.on(FREEZE, Raw(502, b"bad gateway"), freeze_node())
    assert adapter().control(control_request()).succeeded
    assert alipay.request_nos() == ["C1", "C1"]


def test_server_errors_on_every_attempt_leave_the_outcome_unknown(alipay: FakeAlipay) -> None:
    alipay.on(FREEZE, Raw(503, b""))
    assert adapter().control(control_request()).state is OutcomeState.UNKNOWN


def test_a_dropped_connection_is_retried_with_the_same_request_number(alipay: FakeAlipay) -> None:
    alipay.on(FREEZE, requests.ConnectionError("Connection aborted."), freeze_node())
    assert adapter().control(control_request()).succeeded
    assert alipay.request_nos() == ["C1", "C1"]


def test_a_connection_dropped_on_every_attempt_leaves_the_outcome_unknown(alipay: FakeAlipay) -> None:
    alipay.on("alipay.judicial.fund.deduct", requests.ConnectionError("Connection aborted."))
    outcome = adapter().control(control_request(Operation.DEDUCT))
    assert (outcome.state, outcome.error_code) == (OutcomeState.UNKNOWN, "PROVIDER_UNAVAILABLE")


def test_a_read_timeout_leaves_the_outcome_unknown_without_piling_on(alipay: FakeAlipay) -> None:
    alipay.on(FREEZE, requests.ReadTimeout("read timed out"))
    outcome = adapter().control(control_request())
    assert (outcome.state, outcome.error_code) == (OutcomeState.UNKNOWN, "PROVIDER_TIMEOUT")
    assert len(alipay.seen) == 1


def test_a_query_that_timed_out_is_unknown(alipay: FakeAlipay) -> None:
    alipay.on(QUERY, requests.ReadTimeout("read timed out"))
    assert adapter().query(query_request()).state is OutcomeState.UNKNOWN


def test_a_connection_never_made_is_unavailable_not_unknown(alipay: FakeAlipay) -> None:
    alipay.on(FREEZE, requests.ConnectTimeout("connect timed out"))
    with pytest.raises(AdapterError) as caught:
        adapter().control(control_request())
    assert (caught.value.code, caught.value.outcome_unknown) == ("PROVIDER_UNAVAILABLE", False)
    assert len(alipay.seen) == 3


def test_a_refusal_after_a_lost_answer_counts_as_the_answer(alipay: FakeAlipay) -> None:
    alipay.on(FREEZE, requests.ConnectionError("reset"), business("JUDICIAL.ACCOUNT_NOT_EXIST"))
    outcome = adapter().control(control_request())
    assert (outcome.state, outcome.error_code) == (OutcomeState.COMPLETED, "ACCOUNT_NOT_FOUND")


def test_an_http_status_the_gateway_never_gives_is_a_protocol_error(alipay: FakeAlipay) -> None:
    alipay.on(FREEZE, Raw(404, b"not found"))
    with pytest.raises(AdapterError) as caught:
        adapter().control(control_request())
    assert (caught.value.code, caught.value.outcome_unknown) == ("PROVIDER_PROTOCOL_ERROR", False)
    assert len(alipay.seen) == 1


def test_backoff_grows_with_jitter() -> None:
    policy = RetryPolicy(retries=3, backoff_s=0.2)
    assert 0.1 <= policy.pause(1) <= 0.3
    assert 0.2 <= policy.pause(2) <= 0.6
    assert len({policy.pause(1) for _ in range(20)}) > 1
