"""The court node's own WECHATPAY2-SHA256-RSA2048: requests the provider accepts, responses it really sent."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import responses
from requests.structures import CaseInsensitiveDict

from court_node.adapters.base import AdapterError
from court_node.adapters.types import Operation
from court_node.adapters.wechat.signing import (
    MerchantKey,
    PlatformKey,
    ResponseNotAuthentic,
    authorization,
    request_message,
    verify_response,
)
from payment_mocks.signing import generate_rsa_key
from payment_mocks.wechat import signing as provider_signing
from tests.unit.court.wechat_fake import (
    BASE_URL,
    MCHID,
    MERCHANT_SERIAL,
    NOW,
    PLATFORM_SERIAL,
    adapter,
    freeze_answer,
    freeze_request,
    merchant_key,
    on_freeze,
    platform_key,
    signed,
)

FREEZES = BASE_URL + "/v3/judicial/freezes"
BY_NO = FREEZES + "/out-freeze-no/FRZ-000001"


@pytest.fixture
def rsps() -> Iterator[responses.RequestsMock]:
    with responses.RequestsMock() as mock:
        yield mock


def platform() -> PlatformKey:
    return PlatformKey(PLATFORM_SERIAL, platform_key().public_key())


def headers_for(body: bytes, **changes: Any) -> CaseInsensitiveDict[str]:
    _, headers = signed(200, body, **changes)
    return CaseInsensitiveDict(headers)


def test_the_request_message_is_the_documented_five_lines() -> None:
    message = request_message("GET", "/v3/judicial/freezes/out-freeze-no/FRZ-000001?court_code=%E4%BA%AC0101",
                              "1772416800", "593BEC0C930BF1AFEB40B4A08C8FB242", b"")
    assert message == (b"GET\n/v3/judicial/freezes/out-freeze-no/FRZ-000001?court_code=%E4%BA%AC0101\n"
                       b"1772416800\n593BEC0C930BF1AFEB40B4A08C8FB242\n\n")


def test_our_authorization_header_verifies_with_the_providers_own_checks() -> None:
    body = '{"out_release_no":"REL-000001","court_code":"京0101","document_no":"d"}'.encode()
    url = "/v3/judicial/freezes/out-freeze-no/FRZ-000001/release"
    header = authorization(MerchantKey(MCHID, MERCHANT_SERIAL, merchant_key()), "POST", url, body, timestamp=NOW,
                           nonce="593BEC0C930BF1AFEB40B4A08C8FB242")
    parsed = provider_signing.parse_authorization(header)
    assert (parsed.mchid, parsed.serial_no, parsed.timestamp, parsed.nonce_str) == (
        MCHID, MERCHANT_SERIAL, str(NOW), "593BEC0C930BF1AFEB40B4A08C8FB242")
    assert provider_signing.verify_request_signature(merchant_key().public_key(), parsed, "POST", url, body)


def test_every_request_gets_a_fresh_32_hex_nonce() -> None:
    key = MerchantKey(MCHID, MERCHANT_SERIAL, merchant_key())
    nonces = {provider_signing.parse_authorization(authorization(key, "GET", "/v3/x", b"", timestamp=NOW)).nonce_str
              for _ in range(5)}
    assert len(nonces) == 5 and all(len(n) == 32 and int(n, 16) >= 0 for n in nonces)


def test_a_response_the_platform_signed_is_accepted() -> None:
    body = b'{"status":"FROZEN"}'
    verify_response(headers_for(body), body, platform(), NOW + 299)


def test_an_empty_204_is_verified_over_the_empty_body() -> None:
    verify_response(headers_for(b""), b"", platform(), NOW)
    with pytest.raises(ResponseNotAuthentic, match="does not verify"):
        verify_response(headers_for(b""), b"{}", platform(), NOW)


@pytest.mark.parametrize(("change", "reason"), [
    (lambda h: h.pop("Wechatpay-Signature-Type"), "lacks Wechatpay-Signature-Type"),
    (lambda h: h.update({"Wechatpay-Signature-Type": "WECHATPAY2-SHA256-HMAC"}), "not WECHATPAY2-SHA256-RSA2048"),
    (lambda h: h.pop("Wechatpay-Signature"), "lacks Wechatpay-Signature"),
    (lambda h: h.pop("Wechatpay-Nonce"), "lacks Wechatpay-Nonce"),
    (lambda h: h.pop("Wechatpay-Timestamp"), "lacks Wechatpay-Timestamp"),
    (lambda h: h.update({"Wechatpay-Serial": "PUB_KEY_ID_0000000000000000000000000000"}), "is not the platform key"),
    (lambda h: h.update({"Wechatpay-Timestamp": "17724168OO"}), "not Unix seconds"),
    (lambda h: h.update({"Wechatpay-Signature": "not base64!"}), "does not verify"),
    (lambda h: h.update({"Wechatpay-Nonce": "0" * 32}), "does not verify"),
])
def test_a_response_with_wrong_signature_headers_is_refused(change: Any, reason: str) -> None:
    body = b'{"status":"FROZEN"}'
    headers = headers_for(body)
    change(headers)
    with pytest.raises(ResponseNotAuthentic, match=reason):
        verify_response(headers, body, platform(), NOW)


@pytest.mark.parametrize("skew", [300, -300, 3600])
def test_a_response_300_seconds_or_more_away_from_the_simulated_clock_is_refused(skew: int) -> None:
    body = b"{}"
    with pytest.raises(ResponseNotAuthentic, match="300 s or more"):
        verify_response(headers_for(body, timestamp=NOW + skew), body, platform(), NOW)


def test_a_response_signed_by_another_key_under_the_right_serial_is_refused() -> None:
    body = b"{}"
    with pytest.raises(ResponseNotAuthentic, match="does not verify"):
        verify_response(headers_for(body, key=generate_rsa_key()), body, platform(), NOW)


def test_a_tampered_body_is_a_signature_failure_with_the_outcome_unknown(rsps: responses.RequestsMock) -> None:
    body, headers = signed(200, freeze_answer())
    rsps.add("POST", FREEZES, body=body.replace(b"70000", b"99999"), status=200, headers=headers)
    with pytest.raises(AdapterError) as raised:
        adapter().control(freeze_request())
    assert raised.value.code == "PROVIDER_SIGNATURE_INVALID" and raised.value.outcome_unknown
    assert "does not verify" in str(raised.value)


def test_a_tampered_refusal_is_not_trusted_either(rsps: responses.RequestsMock) -> None:
    body, headers = signed(403, {"code": "NO_AUTH", "message": "no", "detail": {"issue": "CAPABILITY_NOT_SUPPORTED"}})
    rsps.add("POST", FREEZES, body=body + b" ", status=403, headers=headers)
    with pytest.raises(AdapterError) as raised:
        adapter().control(freeze_request())
    assert raised.value.code == "PROVIDER_SIGNATURE_INVALID"


def test_a_response_under_the_wrong_serial_is_refused(rsps: responses.RequestsMock) -> None:
    body, headers = signed(200, freeze_answer(), serial="PUB_KEY_ID_0000000000000000000000000000")
    rsps.add("POST", FREEZES, body=body, status=200, headers=headers)
    with pytest.raises(AdapterError, match="is not the platform key") as raised:
        adapter().control(freeze_request())
    assert raised.value.code == "PROVIDER_SIGNATURE_INVALID"


def test_a_stale_response_is_refused(rsps: responses.RequestsMock) -> None:
    body, headers = signed(200, freeze_answer(), timestamp=NOW - 600)
    rsps.add("POST", FREEZES, body=body, status=200, headers=headers)
    with pytest.raises(AdapterError, match="300 s or more") as raised:
        adapter().control(freeze_request())
    assert raised.value.code == "PROVIDER_SIGNATURE_INVALID"


def test_the_simulated_clock_decides_what_is_stale(rsps: responses.RequestsMock) -> None:
    later = NOW + 30 * 86400
    body, headers = signed(200, freeze_answer(), timestamp=later)
    rsps.add("POST", FREEZES, body=body, status=200, headers=headers)
    assert adapter(now=later).control(freeze_request()).succeeded


def test_a_response_without_a_signature_type_is_refused(rsps: responses.RequestsMock) -> None:
    body, headers = signed(204, None)
    del headers["Wechatpay-Signature-Type"]
    rsps.add("POST", BY_NO + "/release", body=body, status=204, headers=headers)
    with pytest.raises(AdapterError, match="Wechatpay-Signature-Type") as raised:
        adapter().control(on_freeze(Operation.RELEASE, "REL-000001"))
    assert raised.value.code == "PROVIDER_SIGNATURE_INVALID"


def test_an_unsigned_read_is_refused_without_an_unknown_outcome(rsps: responses.RequestsMock) -> None:
    rsps.add("GET", BY_NO, json=freeze_answer(), status=200)
    with pytest.raises(AdapterError) as raised:
        adapter().freeze_status(on_freeze(Operation.RENEW, "STS-000001"))
    assert raised.value.code == "PROVIDER_SIGNATURE_INVALID" and not raised.value.outcome_unknown


def test_requests_are_signed_with_the_simulated_clock(rsps: responses.RequestsMock) -> None:
    later = NOW + 86400
    body, headers = signed(200, freeze_answer(), timestamp=later)
    rsps.add("POST", FREEZES, body=body, status=200, headers=headers)
    adapter(now=later + 0.9).control(freeze_request())
    auth = provider_signing.parse_authorization(rsps.calls[0].request.headers["Authorization"])
    assert auth.timestamp == str(later)
