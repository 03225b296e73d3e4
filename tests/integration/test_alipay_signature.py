"""RSA2 both ways: the gateway verifies requests, the client verifies the gateway's answers byte for byte."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import timedelta
from pathlib import Path

import pytest
import responses

from payment_mocks.alipay.client import AlipayClient, AlipaySignatureError
from payment_mocks.signing import private_pem, public_pem
from tests.integration.alipay_support import (
    APP_ID,
    APP_KEY,
    BASE_URL,
    DEBTOR,
    PLATFORM_KEY,
    STRANGER_KEY,
    Gateway,
    court,
    freeze_biz,
)

QUERY = "alipay.judicial.account.query"


@pytest.fixture
def gw(tmp_path: Path) -> Iterator[Gateway]:
    gateway = Gateway(tmp_path)
    yield gateway
    gateway.close()


def query_biz(request_no: str = "Q1") -> dict[str, object]:
    return court(request_no, subject=DEBTOR.subject())


def sub_code(gw: Gateway, params: dict[str, str]) -> str:
    reply = gw.send(params)
    assert reply.status == 200
    return str(reply.node["sub_code"])


# ---- requests -------------------------------------------------------------------------------------------
def test_valid_signature_is_accepted_and_the_answer_signed(gw: Gateway) -> None:
    reply = gw.call(QUERY, query_biz())
    assert reply.key == "alipay_judicial_account_query_response"
    assert reply.node["code"] == "10000"
    assert reply.signed_by(public_pem(PLATFORM_KEY))


def test_tampered_parameter_is_refused(gw: Gateway) -> None:
    before = gw.snapshot()
    params = gw.params("alipay.judicial.fund.freeze", freeze_biz(gw, "F1", "100.00"))
    params["biz_content"] = params["biz_content"].replace("100.00", "900.00")
    assert sub_code(gw, params) == "isv.invalid-signature"
    assert gw.snapshot() == before


def test_tampered_common_parameter_is_refused(gw: Gateway) -> None:
    params = gw.params(QUERY, query_biz())
    params["timestamp"] = gw.now().strftime("%Y-%m-%d 00:00:00")
    assert sub_code(gw, params) == "isv.invalid-signature"  # authenticity is checked before freshness
    params = gw.params(QUERY, query_biz())
    params["notify_url"] = "http://evil.example/notify"
    assert sub_code(gw, params) == "isv.invalid-signature"


def test_signature_by_another_key_is_refused(gw: Gateway) -> None:
    reply = gw.call(QUERY, query_biz(), key=STRANGER_KEY)
    assert (reply.node["code"], reply.node["sub_code"]) == ("40002", "isv.invalid-signature")
    assert "app_id=2021000000000001&biz_content=" in reply.node["sub_msg"]  # what the gateway verified
    assert reply.signed_by(public_pem(PLATFORM_KEY))  # an error for a known app is signed too


def test_sign_type_is_part_of_the_signed_content(gw: Gateway) -> None:
    params = gw.params(QUERY, query_biz(), sign_type=None)
    params["sign_type"] = "RSA2"  # added after signing
    assert sub_code(gw, params) == "isv.invalid-signature"


@pytest.mark.parametrize("minutes", [-16, 16])
def test_timestamp_more_than_fifteen_minutes_away_is_refused(gw: Gateway, minutes: int) -> None:
    reply = gw.call(QUERY, query_biz(), at=gw.now() + timedelta(minutes=minutes))
    assert (reply.node["code"], reply.node["sub_code"]) == ("40002", "isv.invalid-timestamp")


@pytest.mark.parametrize("minutes", [-14, 14])
def test_timestamp_within_fifteen_minutes_is_accepted(gw: Gateway, minutes: int) -> None:
    assert gw.call(QUERY, query_biz(), at=gw.now() + timedelta(minutes=minutes)).node["code"] == "10000"


def test_timestamp_follows_the_simulated_clock(gw: Gateway) -> None:
    real = gw.now()
    gw.advance(timedelta(days=40))
    assert gw.call(QUERY, query_biz(), at=real).node["sub_code"] == "isv.invalid-timestamp"
    assert gw.call(QUERY, query_biz("Q2")).node["code"] == "10000"


@pytest.mark.parametrize("stamp", ["2026-01-01T10:00:00", "2026-1-1 10:00:00", "2026-02-30 10:00:00", "1767225600"])
def test_malformed_timestamp_is_refused(gw: Gateway, stamp: str) -> None:
    assert sub_code(gw, gw.params(QUERY, query_biz(), timestamp=stamp)) == "isv.invalid-timestamp"


@pytest.mark.parametrize(("name", "expected"), [
    ("sign", "isv.missing-signature"),
    ("sign_type", "isv.missing-signature-type"),
    ("timestamp", "isv.missing-timestamp"),
    ("version", "isv.missing-version"),
    ("biz_content", "isv.missing-biz-content"),
])
def test_missing_common_parameter_is_named(gw: Gateway, name: str, expected: str) -> None:
    params = gw.params(QUERY, query_biz(), **{name: None}) if name != "sign" else gw.params(QUERY, query_biz())
    params.pop(name, None)
    reply = gw.send(params)
    assert (reply.node["code"], reply.node["sub_code"]) == ("40001", expected)


def test_missing_app_id_is_answered_unsigned(gw: Gateway) -> None:
    reply = gw.send(gw.params(QUERY, query_biz(), app_id=None))
    assert (reply.node["code"], reply.node["sub_code"]) == ("40001", "isv.missing-app-id")
    assert reply.sign is None


def test_unknown_app_id_is_answered_unsigned(gw: Gateway) -> None:
    reply = gw.send(gw.params(QUERY, query_biz(), app_id="2021999999999999"))
    assert reply.status == 200
    assert (reply.key, reply.node["code"], reply.node["sub_code"]) == (
        "alipay_judicial_account_query_response", "40002", "isv.invalid-app-id")
    assert reply.sign is None


@pytest.mark.parametrize(("name", "value", "expected"), [
    ("sign_type", "RSA", "isv.invalid-signature-type"),
    ("charset", "GBK", "isv.invalid-charset"),
    ("format", "XML", "isv.invalid-format"),
    ("version", "2.0", "isv.invalid-parameter"),
])
def test_unsupported_protocol_switch_is_refused(gw: Gateway, name: str, value: str, expected: str) -> None:
    reply = gw.send(gw.params(QUERY, query_biz(), **{name: value}))
    assert (reply.status, reply.node["code"], reply.node["sub_code"]) == (200, "40002", expected)


def test_charset_and_format_may_be_left_out(gw: Gateway) -> None:
    assert gw.call(QUERY, query_biz(), charset=None, format=None).node["code"] == "10000"


# ---- responses: the client verifies them ------------------------------------------------------------------
def wired(gw: Gateway, tamper: Callable[[bytes], bytes] | None = None) -> responses.RequestsMock:
    """The client's HTTP goes to the in-process app; ``tamper`` rewrites the answer on its way back."""
    mock = responses.RequestsMock(assert_all_requests_are_fired=False)

    def answer(request: object) -> tuple[int, dict[str, str], bytes]:
        status, headers, body = gw.forward(request)  # type: ignore[arg-type]
        return status, headers, tamper(body) if tamper else body

    mock.add_callback(responses.POST, BASE_URL + "/gateway.do", callback=answer)
    mock.add_callback(responses.GET, BASE_URL + "/gateway.do", callback=answer)
    return mock


def test_client_returns_a_verified_node(gw: Gateway) -> None:
    with wired(gw):
        node = gw.sdk().execute(QUERY, query_biz())
    assert node["accounts"][0]["balance"] == "1000.00"


def test_client_can_send_everything_as_a_get_query(gw: Gateway) -> None:
    with wired(gw):
        node = gw.sdk().execute(QUERY, query_biz(), http_method="GET")
    assert node["code"] == "10000"


def test_client_returns_business_refusals_as_nodes(gw: Gateway) -> None:
    with wired(gw):
        node = gw.sdk().execute(QUERY, court("Q1", subject={**DEBTOR.subject(), "name": "错"}))
    assert node["sub_code"] == "JUDICIAL.IDENTITY_NOT_MATCH"


def test_client_refuses_a_tampered_node(gw: Gateway) -> None:
    with wired(gw, lambda body: body.replace(b'"balance":"1000.00"', b'"balance":"9000.00"')), \
            pytest.raises(AlipaySignatureError):
        gw.sdk().execute(QUERY, query_biz())


def test_client_refuses_a_node_whose_spacing_changed(gw: Gateway) -> None:
    with wired(gw, lambda body: body.replace(b'"code":"10000"', b'"code": "10000"')), \
            pytest.raises(AlipaySignatureError):
        gw.sdk().execute(QUERY, query_biz())


def test_client_refuses_a_tampered_sign(gw: Gateway) -> None:
    def flip(body: bytes) -> bytes:
        at = body.index(b'"sign":"') + 9
        return body[:at] + (b"A" if body[at:at + 1] != b"A" else b"B") + body[at + 1:]

    with wired(gw, flip), pytest.raises(AlipaySignatureError):
        gw.sdk().execute(QUERY, query_biz())


def test_client_refuses_an_answer_without_sign(gw: Gateway) -> None:
    def strip(body: bytes) -> bytes:
        return body[:body.index(b',"sign":"')] + b"}"

    with wired(gw, strip), pytest.raises(AlipaySignatureError, match="unsigned"):
        gw.sdk().execute(QUERY, query_biz())


def test_client_refuses_an_answer_signed_by_another_platform_key(gw: Gateway) -> None:
    with wired(gw), pytest.raises(AlipaySignatureError):
        gw.sdk(platform=STRANGER_KEY).execute(QUERY, query_biz())


def test_client_with_an_unknown_app_id_gets_an_untrusted_refusal(gw: Gateway) -> None:
    with wired(gw), pytest.raises(AlipaySignatureError) as caught:
        gw.sdk(app_id="2021999999999999").execute(QUERY, query_biz())
    assert caught.value.node is not None and caught.value.node["sub_code"] == "isv.invalid-app-id"


def test_client_signed_with_the_wrong_key_gets_a_signed_refusal(gw: Gateway) -> None:
    with wired(gw):
        node = gw.sdk(key=STRANGER_KEY).execute(QUERY, query_biz())
    assert node["sub_code"] == "isv.invalid-signature"


def test_client_without_a_clock_uses_real_beijing_time(gw: Gateway) -> None:
    client = AlipayClient(BASE_URL, APP_ID, private_pem(APP_KEY), public_pem(PLATFORM_KEY))
    with wired(gw):
        assert client.execute(QUERY, query_biz())["code"] == "10000"
