"""The client's reading of answers: the sign over the node's own bytes, or an exception."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from payment_mocks.alipay.client import (
    AlipayClient,
    AlipayError,
    AlipayProtocolError,
    AlipaySignatureError,
    beijing_timestamp,
    check,
    is_success,
)
from payment_mocks.alipay.envelope import envelope
from payment_mocks.alipay.signing import verify_params
from payment_mocks.signing import generate_rsa_key, private_pem, public_pem, rsa_sign

APP = generate_rsa_key()
PLATFORM = generate_rsa_key()
METHOD = "alipay.judicial.order.query"
KEY = "alipay_judicial_order_query_response"


def client() -> AlipayClient:
    return AlipayClient("http://alipay.test/", "2021000000000001", private_pem(APP), public_pem(PLATFORM),
                        now=lambda: datetime(2026, 1, 1, 2, 0, tzinfo=UTC))


def signed(node: bytes, key: str = KEY) -> bytes:
    return envelope(key, node, rsa_sign(PLATFORM, node))


def test_signed_params_are_the_sdk_common_parameters() -> None:
    params = client().signed_params(METHOD, {"out_request_no": "R1", "note": "张三"})
    assert params["timestamp"] == "2026-01-01 10:00:00"  # Beijing time
    assert params["biz_content"] == '{"out_request_no":"R1","note":"张三"}'
    assert (params["sign_type"], params["version"], params["charset"]) == ("RSA2", "1.0", "utf-8")
    assert verify_params(params, APP.public_key())


def test_gateway_url_is_built_from_the_base_url() -> None:
    assert client().gateway_url == "http://alipay.test/gateway.do"


def test_node_is_returned_when_the_sign_verifies_over_its_exact_bytes() -> None:
    node = b'{"code":"10000", "msg":"Success","x":"\\u5f20"}'
    assert client().read_response(METHOD, 200, signed(node)) == {"code": "10000", "msg": "Success", "x": "张"}


def test_error_response_node_is_read_too() -> None:
    body = signed(b'{"code":"40002","sub_code":"isv.invalid-method"}', "error_response")
    assert client().read_response(METHOD, 200, body)["sub_code"] == "isv.invalid-method"


def test_reserialised_node_does_not_verify() -> None:
    body = signed(b'{"code":"10000","msg":"Success"}').replace(b'"msg":', b'"msg": ')
    with pytest.raises(AlipaySignatureError):
        client().read_response(METHOD, 200, body)


def test_unsigned_answer_is_not_trusted_but_shown() -> None:
    body = envelope(KEY, b'{"code":"40002","sub_code":"isv.invalid-app-id"}', None)
    with pytest.raises(AlipaySignatureError) as caught:
        client().read_response(METHOD, 200, body)
    assert caught.value.node == {"code": "40002", "sub_code": "isv.invalid-app-id"}


@pytest.mark.parametrize(("status", "body"), [
    (500, b"oops"), (200, b"<html></html>"), (200, b'{"other_response":{}}'), (200, b"\xff\xfe"),
    (200, b'{"alipay_judicial_order_query_response":[1]}'),
])
def test_answers_that_are_not_the_envelope_are_protocol_errors(status: int, body: bytes) -> None:
    with pytest.raises(AlipayProtocolError):
        client().read_response(METHOD, status, body)


def test_check_raises_for_business_codes() -> None:
    node = {"code": "40004", "msg": "Business Failed", "sub_code": "JUDICIAL.FREEZE_EXPIRED", "sub_msg": "late"}
    assert not is_success(node)
    with pytest.raises(AlipayError) as caught:
        check(node)
    assert (caught.value.sub_code, caught.value.retryable) == ("JUDICIAL.FREEZE_EXPIRED", False)
    assert check({"code": "10000"}) == {"code": "10000"}


def test_unavailable_is_retryable() -> None:
    assert AlipayError({"code": "20000"}).retryable


def test_beijing_timestamp_converts_from_any_zone() -> None:
    assert beijing_timestamp(datetime(2026, 6, 30, 16, 30, 5, tzinfo=UTC)) == "2026-07-01 00:30:05"
