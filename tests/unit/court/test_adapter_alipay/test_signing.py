"""The court node's own RSA2 recipe agrees with the dialect's definition, both ways."""

from __future__ import annotations

import base64

import pytest

from court_node.adapters.alipay.signing import (
    EnvelopeError,
    load_private_key,
    load_public_key,
    raw_members,
    sign_content,
    sign_params,
    verify,
)
from payment_mocks.alipay import signing as mock_signing
from payment_mocks.signing import private_pem, public_pem, rsa_sign, rsa_verify
from tests.unit.court.test_adapter_alipay.support import APP_KEY, PLATFORM_KEY, STRANGER_KEY

PARAMS = {"app_id": "2021000000000001", "method": "alipay.judicial.order.query", "format": "JSON",
          "charset": "utf-8", "sign_type": "RSA2", "timestamp": "2026-03-02 10:00:00", "version": "1.0",
          "biz_content": '{"out_request_no":"F20260302001"}'}


def test_sign_content_is_the_documented_string() -> None:
    assert sign_content(PARAMS) == (
        'app_id=2021000000000001&biz_content={"out_request_no":"F20260302001"}&charset=utf-8&format=JSON'
        "&method=alipay.judicial.order.query&sign_type=RSA2&timestamp=2026-03-02 10:00:00&version=1.0")


def test_sign_content_leaves_out_sign_and_empty_values() -> None:
    assert sign_content({"b": "2", "a": "1", "sign": "x", "notify_url": ""}) == "a=1&b=2"


def test_sign_content_matches_the_gateways_own() -> None:
    params = {**PARAMS, "biz_content": '{"subject":{"name":"张三"},"amount":"1.50"}', "app_auth_token": ""}
    assert sign_content(params) == mock_signing.sign_content(params)


def test_a_request_sign_verifies_with_the_apps_public_key() -> None:
    key = load_private_key(private_pem(APP_KEY))
    sign = sign_params(PARAMS, key)
    assert len(sign) == 344
    assert mock_signing.verify_params({**PARAMS, "sign": sign}, APP_KEY.public_key())


def test_a_response_sign_over_the_node_bytes_verifies() -> None:
    node = '{"code":"10000","msg":"Success","court_name":"北京市东城区人民法院"}'.encode()
    assert verify(load_public_key(public_pem(PLATFORM_KEY)), node, rsa_sign(PLATFORM_KEY, node))


def test_a_response_signed_by_another_key_does_not_verify() -> None:
    node = b'{"code":"10000"}'
    assert not verify(PLATFORM_KEY.public_key(), node, rsa_sign(STRANGER_KEY, node))


def test_a_changed_node_does_not_verify() -> None:
    sign = rsa_sign(PLATFORM_KEY, b'{"amount":"1.00"}')
    assert not verify(PLATFORM_KEY.public_key(), b'{"amount":"9.00"}', sign)


@pytest.mark.parametrize("sign", ["", "not base64!", base64.b64encode(b"short").decode()])
def test_a_malformed_sign_does_not_verify(sign: str) -> None:
    assert not verify(PLATFORM_KEY.public_key(), b"{}", sign)


def test_our_sign_is_what_the_platform_library_verifies() -> None:
    message = "你好".encode()
    signature = sign_params({"a": "你好"}, APP_KEY)
    assert rsa_verify(APP_KEY.public_key(), b"a=" + message, signature)


def test_raw_members_keep_the_exact_text_of_each_member() -> None:
    body = '{ "x_response" : {"b": 1,  "a":"\\u5f20"} , "sign":"abc" }'
    assert raw_members(body) == {"x_response": '{"b": 1,  "a":"\\u5f20"}', "sign": '"abc"'}


@pytest.mark.parametrize("body", ["", "[]", '{"a":1', '{"a":1}x', '{"a":1,"a":2}', '{a:1}', '{"a" 1}',
                                  '{"a":1 "b":2}'])
def test_raw_members_refuse_what_is_not_one_object(body: str) -> None:
    with pytest.raises(EnvelopeError):
        raw_members(body)


def test_raw_members_agree_with_the_gateways_reader() -> None:
    body = '{"alipay_judicial_order_query_response":{"code":"10000","msg":"Success"},"sign":"Yk3x=="}'
    assert raw_members(body) == mock_signing.raw_members(body)


def test_keys_of_the_wrong_kind_are_refused() -> None:
    with pytest.raises(ValueError, match="private key"):
        load_private_key(public_pem(APP_KEY))
