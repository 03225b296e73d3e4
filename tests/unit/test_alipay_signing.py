"""Alipay's RSA2 sign string, and reading a node's exact bytes back out of a response body."""

from __future__ import annotations

import pytest

from payment_mocks.alipay.signing import BodyFormatError, raw_members, sign_content, sign_params, verify_params
from payment_mocks.signing import generate_rsa_key

KEY = generate_rsa_key()


def test_sign_content_sorts_by_name_and_keeps_sign_type() -> None:
    params = {"timestamp": "2026-01-01 10:00:00", "app_id": "2021", "sign_type": "RSA2", "method": "m",
              "sign": "xyz"}
    assert sign_content(params) == "app_id=2021&method=m&sign_type=RSA2&timestamp=2026-01-01 10:00:00"


def test_sign_content_drops_empty_values() -> None:
    assert sign_content({"a": "1", "notify_url": "", "b": "2"}) == "a=1&b=2"


def test_sign_content_keeps_raw_values() -> None:
    biz = '{"name":"张三","note":"a&b=c"}'
    assert sign_content({"biz_content": biz}) == "biz_content=" + biz


def test_sign_content_orders_by_ascii() -> None:
    assert sign_content({"b": "1", "B": "2", "a_b": "3", "ab": "4"}) == "B=2&a_b=3&ab=4&b=1"


def test_signature_round_trip() -> None:
    params = {"app_id": "2021", "biz_content": '{"x":"值"}', "sign_type": "RSA2"}
    params["sign"] = sign_params(params, KEY)
    assert verify_params(params, KEY.public_key())


def test_changed_value_does_not_verify() -> None:
    params = {"app_id": "2021", "biz_content": '{"x":"1"}', "sign_type": "RSA2"}
    params["sign"] = sign_params(params, KEY)
    assert not verify_params({**params, "biz_content": '{"x":"2"}'}, KEY.public_key())


def test_garbage_sign_does_not_verify() -> None:
    assert not verify_params({"a": "1", "sign": "not base64!"}, KEY.public_key())


def test_raw_members_keep_the_exact_text_of_each_value() -> None:
    body = '{ "x_response" : {"code": "10000","msg":"Success","a":[1, {"b":"\\u5f20"}]} ,"sign":"abc=" }'
    members = raw_members(body)
    assert members == {"x_response": '{"code": "10000","msg":"Success","a":[1, {"b":"\\u5f20"}]}', "sign": '"abc="'}


def test_raw_members_of_an_empty_object() -> None:
    assert raw_members("{}") == {}


def test_braces_inside_strings_do_not_confuse_the_reader() -> None:
    body = '{"n":{"sub_msg":"a } b { \\" c"},"sign":"s"}'
    assert raw_members(body)["n"] == '{"sub_msg":"a } b { \\" c"}'


@pytest.mark.parametrize("body", ['[{"a":1}]', '{"a":1', '{"a":1} x', '{"a" 1}', '{"a":1,"a":2}', "", '{a:1}'])
def test_malformed_bodies_are_refused(body: str) -> None:
    with pytest.raises(BodyFormatError):
        raw_members(body)
