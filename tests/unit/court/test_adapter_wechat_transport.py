"""Retries under the same out_*_no, unknown outcomes after sending, and the pooled session's timeouts."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import requests
import responses

from court_node.adapters.base import AdapterError, ProviderConfig
from court_node.adapters.types import Operation, OutcomeState
from court_node.adapters.wechat import WechatAdapter
from court_node.adapters.wechat.signing import MerchantKey, PlatformKey
from court_node.adapters.wechat.transport import MAX_PAUSE_S, Transport
from tests.unit.court.wechat_fake import (
    BASE_URL,
    COURT,
    MCHID,
    MERCHANT_SERIAL,
    NOW,
    PLATFORM_SERIAL,
    adapter,
    answer,
    config,
    dropped,
    error,
    freeze_answer,
    freeze_request,
    merchant_key,
    nonce,
    on_freeze,
    platform_key,
    query_request,
    refused,
    sent,
    signed,
)

FREEZES = "/v3/judicial/freezes"
BY_NO = FREEZES + "/out-freeze-no/FRZ-000001"
SYSTEM_ERROR = error(500, "SYSTEM_ERROR", "system error; retry with the same parameters")


@pytest.fixture
def rsps() -> Iterator[responses.RequestsMock]:
    with responses.RequestsMock() as mock:
        yield mock


def test_a_system_error_is_retried_with_the_same_out_freeze_no(rsps: responses.RequestsMock) -> None:
    answer(rsps, "POST", FREEZES, 500, SYSTEM_ERROR)
    answer(rsps, "POST", FREEZES, 200, freeze_answer())
    outcome = adapter().control(freeze_request())
    assert outcome.succeeded and len(rsps.calls) == 2
    assert sent(rsps, 0) == sent(rsps, 1) and sent(rsps, 1)["out_freeze_no"] == "FRZ-000001"
    assert nonce(rsps, 0) != nonce(rsps, 1)


def test_frequency_limited_is_retried(rsps: responses.RequestsMock) -> None:
    answer(rsps, "POST", "/v3/judicial/deductions", 429, error(429, "FREQUENCY_LIMITED", "slow down"))
    answer(rsps, "POST", "/v3/judicial/deductions", 200, {
        "out_deduction_no": "DED-000001", "out_freeze_no": "FRZ-000001", "amount": {"total": 100},
        "remaining_frozen": {"total": 0}, "status": "SUCCESS"})
    answer(rsps, "GET", BY_NO, 200, freeze_answer())
    outcome = adapter().control(on_freeze(Operation.DEDUCT, "DED-000001", amount=100))
    assert outcome.deducted == 100 and sent(rsps, 0) == sent(rsps, 1)


def test_a_refused_connection_is_retried(rsps: responses.RequestsMock) -> None:
    rsps.add("POST", BASE_URL + FREEZES, body=refused())
    answer(rsps, "POST", FREEZES, 200, freeze_answer())
    assert adapter().control(freeze_request()).succeeded and len(rsps.calls) == 2


def test_a_provider_that_never_accepts_the_connection_is_unavailable_not_unknown(
        rsps: responses.RequestsMock) -> None:
    rsps.add("POST", BASE_URL + FREEZES, body=refused())
    with pytest.raises(AdapterError) as raised:
        adapter(retry_attempts=3).control(freeze_request())
    assert raised.value.code == "PROVIDER_UNAVAILABLE" and not raised.value.outcome_unknown
    assert len(rsps.calls) == 3 and "after 3 attempts" in str(raised.value)


def test_system_errors_on_every_attempt_leave_the_outcome_unknown(rsps: responses.RequestsMock) -> None:
    answer(rsps, "POST", FREEZES, 500, SYSTEM_ERROR)
    outcome = adapter(retry_attempts=4).control(freeze_request())
    assert outcome.state is OutcomeState.UNKNOWN and not outcome.succeeded
    assert len(rsps.calls) == 4 and "500" in outcome.error_message


def test_a_read_timeout_after_sending_is_unknown_and_not_resent(rsps: responses.RequestsMock) -> None:
    rsps.add("POST", BASE_URL + FREEZES, body=requests.ReadTimeout("read timed out"))
    outcome = adapter().control(freeze_request())
    assert (outcome.state, outcome.request_no) == (OutcomeState.UNKNOWN, "FRZ-000001")
    assert len(rsps.calls) == 1 and "may have taken effect" in outcome.error_message


def test_a_dropped_connection_after_sending_is_unknown(rsps: responses.RequestsMock) -> None:
    rsps.add("POST", BASE_URL + BY_NO + "/release", body=dropped())
    outcome = adapter().control(on_freeze(Operation.RELEASE, "REL-000001"))
    assert outcome.state is OutcomeState.UNKNOWN and len(rsps.calls) == 1


def test_a_query_that_timed_out_is_unknown(rsps: responses.RequestsMock) -> None:
    rsps.add("POST", BASE_URL + "/v3/judicial/account-queries", body=requests.ReadTimeout("read timed out"))
    assert adapter().query(query_request()).state is OutcomeState.UNKNOWN


def test_a_restriction_order_that_timed_out_raises_with_the_outcome_unknown(rsps: responses.RequestsMock) -> None:
    rsps.add("POST", BASE_URL + "/v3/judicial/restrictions", body=requests.ReadTimeout("read timed out"))
    with pytest.raises(AdapterError) as raised:
        adapter().restrict("RST-000001", COURT, "c", "d", freeze_request().subject)
    assert raised.value.outcome_unknown


def test_a_read_is_retried_after_any_failure(rsps: responses.RequestsMock) -> None:
    rsps.add("GET", BASE_URL + BY_NO, body=requests.ReadTimeout("read timed out"))
    rsps.add("GET", BASE_URL + BY_NO, body=dropped())
    answer(rsps, "GET", BY_NO, 200, freeze_answer())
    assert adapter().freeze_status(on_freeze(Operation.RENEW, "STS-000001")).succeeded and len(rsps.calls) == 3


def test_a_read_that_keeps_failing_raises_unavailable(rsps: responses.RequestsMock) -> None:
    rsps.add("GET", BASE_URL + BY_NO, body=requests.ReadTimeout("read timed out"))
    with pytest.raises(AdapterError) as raised:
        adapter(retry_attempts=2).freeze_status(on_freeze(Operation.RENEW, "STS-000001"))
    assert raised.value.code == "PROVIDER_UNAVAILABLE" and not raised.value.outcome_unknown


def test_a_refused_signature_is_an_authentication_failure_not_a_refusal(rsps: responses.RequestsMock) -> None:
    answer(rsps, "POST", FREEZES, 401, error(401, "SIGN_ERROR", "timestamp 1772416800 is 300 s or more away"))
    with pytest.raises(AdapterError, match="300 s or more away") as raised:
        adapter().control(freeze_request())
    assert raised.value.code == "PROVIDER_AUTH_FAILED" and not raised.value.outcome_unknown
    assert len(rsps.calls) == 1


def test_every_call_carries_the_configured_timeout(monkeypatch: pytest.MonkeyPatch,
                                                   rsps: responses.RequestsMock) -> None:
    answer(rsps, "POST", FREEZES, 200, freeze_answer())
    seen: list[Any] = []
    original = requests.Session.request

    def spy(self: requests.Session, method: str, url: str, **kwargs: Any) -> requests.Response:
        seen.append(kwargs.get("timeout"))
        return original(self, method, url, **kwargs)

    monkeypatch.setattr(requests.Session, "request", spy)
    adapter().control(freeze_request())
    assert seen == [2.0]


def test_pauses_between_attempts_grow_with_jitter_and_stay_bounded() -> None:
    pauses: list[float] = []
    transport = Transport(BASE_URL, MerchantKey(MCHID, MERCHANT_SERIAL, merchant_key()),
                          PlatformKey(PLATFORM_SERIAL, platform_key().public_key()), timeout_s=1, now=lambda: NOW,
                          attempts=12, backoff_s=0.1, sleep=pauses.append)
    with responses.RequestsMock() as mock:
        mock.add("GET", BASE_URL + "/health", body=refused())
        with pytest.raises(AdapterError):
            transport.get("/health")
    assert len(pauses) == 11
    assert 0.05 <= pauses[0] <= 0.15 and 0.1 <= pauses[1] <= 0.3 and 0.2 <= pauses[2] <= 0.6
    assert max(pauses) <= MAX_PAUSE_S * 1.5 and len(set(pauses)) == len(pauses)


def test_a_base_url_with_a_path_signs_the_full_path(rsps: responses.RequestsMock) -> None:
    base = config()
    prefixed = ProviderConfig(base.name, base.adapter, BASE_URL + "/wx/", base.credentials, base.timeout_s,
                              base.options)
    body, headers = signed(200, freeze_answer())
    rsps.add("POST", BASE_URL + "/wx" + FREEZES, body=body, status=200, headers=headers)
    assert WechatAdapter(prefixed, now=lambda: NOW).control(freeze_request()).succeeded
    assert rsps.calls[0].request.path_url == "/wx" + FREEZES
    sent(rsps)
